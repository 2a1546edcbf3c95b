// vp ISS floating-point library: the ARMv8.0-A floating-point pseudocode functions (ARM ARM
// "Library pseudocode for shared/functions/float/...") over raw bit patterns.
//
// T is the storage type of the format: uint16_t (half), uint32_t (single), uint64_t (double).
// Every function takes the FPCR value and ORs the cumulative exception flags it raises into
// `fpsr` (FPSR bits 0..4 and 7). Floating-point exception traps are not implemented (ARMv8.0
// FPCR.{IOE..IDE} are RAZ/WI on cores without trapping), so flags are always accumulated.
// Half precision is a storage format only (no FEAT_FP16): FPCR.FZ never flushes half values and
// FPCR.FZ16 is ignored; FPCR.AHP selects the alternative half-precision format.
#pragma once

#include <cstdint>

namespace vp::iss::fp {

// FPCR fields.
inline constexpr uint32_t kFpcrAhp = 1u << 26;   // alternative half-precision
inline constexpr uint32_t kFpcrDn = 1u << 25;    // default NaN
inline constexpr uint32_t kFpcrFz = 1u << 24;    // flush-to-zero (single/double)
inline constexpr unsigned kFpcrRModeShift = 22;  // RMode, bits 23:22
inline constexpr uint32_t kFpcrRModeMask = 3u << 22;

// FPSR cumulative exception flags.
inline constexpr uint32_t kIoc = 1u << 0;  // invalid operation
inline constexpr uint32_t kDzc = 1u << 1;  // divide by zero
inline constexpr uint32_t kOfc = 1u << 2;  // overflow
inline constexpr uint32_t kUfc = 1u << 3;  // underflow
inline constexpr uint32_t kIxc = 1u << 4;  // inexact
inline constexpr uint32_t kIdc = 1u << 7;  // input denormal
inline constexpr uint32_t kFpsrCumulative = kIoc | kDzc | kOfc | kUfc | kIxc | kIdc;

// FPRounding. The first four values are the FPCR.RMode encodings.
enum class Rounding : uint8_t { TieEven = 0, PosInf = 1, NegInf = 2, Zero = 3, TieAway = 4, Odd = 5 };

// FPRoundingMode(fpcr).
constexpr Rounding fpcr_rounding(uint32_t fpcr) {
    return Rounding((fpcr >> kFpcrRModeShift) & 3);
}

// Bit-pattern constants.
template <class T>
T default_nan();  // FPDefaultNaN
template <class T>
T infinity(bool negative);  // FPInfinity
template <class T>
T max_normal(bool negative);  // FPMaxNormal

// ---- Arithmetic (rounding mode from FPCR) -------------------------------------------------
template <class T>
T add(T op1, T op2, uint32_t fpcr, uint32_t& fpsr);  // FPAdd   (FADD)
template <class T>
T sub(T op1, T op2, uint32_t fpcr, uint32_t& fpsr);  // FPSub   (FSUB)
template <class T>
T mul(T op1, T op2, uint32_t fpcr, uint32_t& fpsr);  // FPMul   (FMUL, FNMUL negates after)
template <class T>
T mulx(T op1, T op2, uint32_t fpcr, uint32_t& fpsr);  // FPMulX  (FMULX: inf*0 = +-2)
template <class T>
T div(T op1, T op2, uint32_t fpcr, uint32_t& fpsr);  // FPDiv   (FDIV)
template <class T>
T sqrt(T op, uint32_t fpcr, uint32_t& fpsr);  // FPSqrt  (FSQRT)
// FPMulAdd: addend + op1*op2 with a single rounding. FMADD = muladd(a, n, m);
// FMSUB = muladd(a, neg(n), m); FNMADD = muladd(neg(a), neg(n), m); FNMSUB = muladd(neg(a), n, m).
template <class T>
T muladd(T addend, T op1, T op2, uint32_t fpcr, uint32_t& fpsr);
template <class T>
T recip_step_fused(T op1, T op2, uint32_t fpcr, uint32_t& fpsr);  // FRECPS: 2 - op1*op2
template <class T>
T rsqrt_step_fused(T op1, T op2, uint32_t fpcr, uint32_t& fpsr);  // FRSQRTS: (3 - op1*op2)/2

// Software-only versions of the five operations above that have a host fast path (RN, normal
// operands and result); identical results by construction, kept for tests and benchmarks.
namespace soft {
template <class T>
T add(T op1, T op2, uint32_t fpcr, uint32_t& fpsr);
template <class T>
T sub(T op1, T op2, uint32_t fpcr, uint32_t& fpsr);
template <class T>
T mul(T op1, T op2, uint32_t fpcr, uint32_t& fpsr);
template <class T>
T div(T op1, T op2, uint32_t fpcr, uint32_t& fpsr);
template <class T>
T sqrt(T op, uint32_t fpcr, uint32_t& fpsr);
}  // namespace soft

// ---- Min/max and comparisons -------------------------------------------------------------
template <class T>
T max(T op1, T op2, uint32_t fpcr, uint32_t& fpsr);  // FPMax    (FMAX)
template <class T>
T min(T op1, T op2, uint32_t fpcr, uint32_t& fpsr);  // FPMin    (FMIN)
template <class T>
T maxnum(T op1, T op2, uint32_t fpcr, uint32_t& fpsr);  // FPMaxNum (FMAXNM)
template <class T>
T minnum(T op1, T op2, uint32_t fpcr, uint32_t& fpsr);  // FPMinNum (FMINNM)
// FPCompare: returns NZCV in bits 3:0 (N=8, Z=4, C=2, V=1). signal_nans: FCMPE (true) vs FCMP.
template <class T>
unsigned compare(T op1, T op2, bool signal_nans, uint32_t fpcr, uint32_t& fpsr);
template <class T>
bool compare_eq(T op1, T op2, uint32_t fpcr, uint32_t& fpsr);  // FPCompareEQ (FCMEQ)
template <class T>
bool compare_ge(T op1, T op2, uint32_t fpcr, uint32_t& fpsr);  // FPCompareGE (FCMGE, FCMLE)
template <class T>
bool compare_gt(T op1, T op2, uint32_t fpcr, uint32_t& fpsr);  // FPCompareGT (FCMGT, FCMLT)

// ---- Rounding and conversions -----------------------------------------------------------
// FPRoundInt. FRINTN/P/M/Z/A: (TieEven/PosInf/NegInf/Zero/TieAway, exact=false);
// FRINTI: (fpcr_rounding(fpcr), false); FRINTX: (fpcr_rounding(fpcr), true).
template <class T>
T round_int(T op, uint32_t fpcr, Rounding rounding, bool exact, uint32_t& fpsr);
// FPToFixed to an M-bit integer (M = 32 or 64), result zero-extended to 64 bits.
// FCVTZS/ZU: Zero; FCVTNS/NU: TieEven; FCVTPS/PU: PosInf; FCVTMS/MU: NegInf; FCVTAS/AU: TieAway.
// fbits = 0 for the integer forms, 1..M for the fixed-point forms.
template <class T>
uint64_t to_fixed(T op, int fbits, bool is_unsigned, int M, uint32_t fpcr, Rounding rounding, uint32_t& fpsr);
// FixedToFP from the low M bits of op (SCVTF/UCVTF; rounding = fpcr_rounding(fpcr)).
template <class T>
T fixed_to_fp(uint64_t op, int fbits, bool is_unsigned, int M, uint32_t fpcr, Rounding rounding,
              uint32_t& fpsr);
// FPConvert between formats (FCVT: rounding = fpcr_rounding(fpcr); FCVTXN: Rounding::Odd).
template <class To, class From>
To convert(From op, uint32_t fpcr, Rounding rounding, uint32_t& fpsr);

// ---- Estimates ---------------------------------------------------------------------------
template <class T>
T recip_estimate(T op, uint32_t fpcr, uint32_t& fpsr);  // FPRecipEstimate  (FRECPE)
template <class T>
T rsqrt_estimate(T op, uint32_t fpcr, uint32_t& fpsr);  // FPRSqrtEstimate  (FRSQRTE)
template <class T>
T recpx(T op, uint32_t fpcr, uint32_t& fpsr);   // FPRecpX          (FRECPX)
uint32_t unsigned_recip_estimate(uint32_t op);  // UnsignedRecipEstimate     (URECPE)
uint32_t unsigned_rsqrt_estimate(uint32_t op);  // UnsignedRSqrtEstimate     (URSQRTE)
int recip_estimate_int(int a);                  // RecipEstimate(a), 256 <= a < 512
int rsqrt_estimate_int(int a);                  // RecipSqrtEstimate(a), 128 <= a < 512

// ---- Sign manipulation (no exceptions, NaNs unchanged but for the sign) -------------------
template <class T>
constexpr T sign_bit() {
    return T(T(1) << (sizeof(T) * 8 - 1));
}
template <class T>
constexpr T abs(T op) {
    return T(op & ~sign_bit<T>());
}  // FPAbs (FABS)
template <class T>
constexpr T neg(T op) {
    return T(op ^ sign_bit<T>());
}  // FPNeg (FNEG)

}  // namespace vp::iss::fp
