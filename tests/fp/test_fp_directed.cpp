// Directed known-answer tests for the FP library. Expected values are derived by hand from the ARM
// ARM pseudocode (FPRoundBase, FPProcessNaN(s), FPMulAdd, FPRecipEstimate, RecipEstimate, ...)
// and IEEE 754, never from the library itself.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>

#include "fp/fp.h"
#include "fpscr_bits.h"

namespace fp = vp::iss::fp;
using fp::Rounding;

namespace {

constexpr uint32_t RN = 0u << 22, RP = 1u << 22, RM = 2u << 22, RZ = 3u << 22;
using fpscr::AHP, fpscr::DN, fpscr::FZ;
using fpscr::IOC, fpscr::DZC, fpscr::OFC, fpscr::UFC, fpscr::IXC, fpscr::IDC;

uint32_t f2u(float f) {
    uint32_t u;
    std::memcpy(&u, &f, 4);
    return u;
}
uint64_t d2u(double d) {
    uint64_t u;
    std::memcpy(&u, &d, 8);
    return u;
}

// Calls f with a fresh FPSR and checks both the result bits and the flags.
#define EXPECT_FP(expr, want, want_flags)                                                            \
    do {                                                                                             \
        uint32_t fpsr = 0;                                                                           \
        auto got_ = (expr);                                                                          \
        EXPECT_EQ(uint64_t(got_), uint64_t(want)) << std::hex << #expr << " = 0x" << uint64_t(got_); \
        EXPECT_EQ(fpsr, uint32_t(want_flags)) << #expr;                                              \
    } while (0)

const uint32_t kQNaN = 0x7FC00123, kSNaN = 0x7F800456, kInf = 0x7F800000, kNInf = 0xFF800000;
const uint32_t kOne = 0x3F800000, kTwo = 0x40000000, kMinNormal = 0x00800000, kMaxNormal = 0x7F7FFFFF;

TEST(FpDirected, DefaultNaNsAndConstants) {
    EXPECT_EQ(fp::default_nan<uint16_t>(), 0x7E00);
    EXPECT_EQ(fp::default_nan<uint32_t>(), 0x7FC00000u);
    EXPECT_EQ(fp::default_nan<uint64_t>(), 0x7FF8000000000000ull);
    EXPECT_EQ(fp::max_normal<uint32_t>(true), 0xFF7FFFFFu);
    EXPECT_EQ(fp::infinity<uint64_t>(false), 0x7FF0000000000000ull);
}

TEST(FpDirected, AddRoundingAndSignedZeros) {
    // 1 + 2^-24 is a tie between 1 and 1 + 2^-23: even in RN, up in RP.
    EXPECT_FP(fp::add<uint32_t>(kOne, 0x33800000, RN, fpsr), kOne, IXC);
    EXPECT_FP(fp::add<uint32_t>(kOne, 0x33800000, RP, fpsr), 0x3F800001, IXC);
    EXPECT_FP(fp::add<uint32_t>(kOne, 0x33800000, RZ, fpsr), kOne, IXC);
    // x + (-x) = +0, except -0 when rounding towards minus infinity.
    EXPECT_FP(fp::add<uint32_t>(kOne, 0xBF800000, RN, fpsr), 0u, 0);
    EXPECT_FP(fp::add<uint32_t>(kOne, 0xBF800000, RM, fpsr), 0x80000000u, 0);
    EXPECT_FP(fp::add<uint32_t>(0x80000000, 0x80000000, RN, fpsr), 0x80000000u, 0);
    EXPECT_FP(fp::sub<uint32_t>(0x80000000, 0x00000000, RN, fpsr), 0x80000000u, 0);
    EXPECT_FP(fp::add<uint32_t>(kInf, kNInf, RN, fpsr), 0x7FC00000u, IOC);
    EXPECT_FP(fp::sub<uint32_t>(kInf, kInf, RN, fpsr), 0x7FC00000u, IOC);
}

TEST(FpDirected, NaNPropagation) {
    // First signalling NaN wins (quietened, IOC); otherwise the first quiet NaN.
    EXPECT_FP(fp::add<uint32_t>(kQNaN, kSNaN, RN, fpsr), 0x7FC00456u, IOC);
    EXPECT_FP(fp::add<uint32_t>(kSNaN, kQNaN, RN, fpsr), 0x7FC00456u, IOC);
    EXPECT_FP(fp::mul<uint32_t>(kOne, 0xFFC00001, RN, fpsr), 0xFFC00001u, 0);
    EXPECT_FP(fp::add<uint32_t>(kQNaN, 0xFFC00001, RN, fpsr), kQNaN, 0);
    // DN: default NaN, flags unchanged.
    EXPECT_FP(fp::add<uint32_t>(kQNaN, kOne, RN | DN, fpsr), 0x7FC00000u, 0);
    EXPECT_FP(fp::add<uint32_t>(kSNaN, kOne, RN | DN, fpsr), 0x7FC00000u, IOC);
    EXPECT_FP(fp::sqrt<uint64_t>(0x7FF0000000000001ull, RN, fpsr), 0x7FF8000000000001ull, IOC);
}

TEST(FpDirected, FusedMultiplyAdd) {
    // FPMulAdd(addend, op1, op2): inf * 0 + QNaN gives the default NaN and IOC, even without DN.
    EXPECT_FP(fp::muladd<uint32_t>(kQNaN, kInf, 0, RN, fpsr), 0x7FC00000u, IOC);
    EXPECT_FP(fp::muladd<uint32_t>(kQNaN, 0x80000000, kNInf, RN, fpsr), 0x7FC00000u, IOC);
    // Otherwise the addend is the first NaN operand considered.
    EXPECT_FP(fp::muladd<uint32_t>(kQNaN, 0xFFC00001, kOne, RN, fpsr), kQNaN, 0);
    EXPECT_FP(fp::muladd<uint32_t>(kQNaN, kSNaN, kOne, RN, fpsr), 0x7FC00456u, IOC);
    EXPECT_FP(fp::muladd<uint32_t>(kOne, kInf, 0, RN, fpsr), 0x7FC00000u, IOC);
    // Single rounding: (1 + 2^-12)^2 - 1 = 2^-11 + 2^-24 exactly (a separate multiply loses 2^-24).
    EXPECT_FP(fp::muladd<uint32_t>(0xBF800000, 0x3F800800, 0x3F800800, RN, fpsr), 0x3A000400u, 0);
    // Exact zero sum: +0 (RN) / -0 (RM); same-signed zeros keep their sign.
    EXPECT_FP(fp::muladd<uint32_t>(0xBF800000, kOne, kOne, RN, fpsr), 0u, 0);
    EXPECT_FP(fp::muladd<uint32_t>(0xBF800000, kOne, kOne, RM, fpsr), 0x80000000u, 0);
    EXPECT_FP(fp::muladd<uint32_t>(0x80000000, 0x80000000, kOne, RN, fpsr), 0x80000000u, 0);
    // inf + (-inf) product: invalid.
    EXPECT_FP(fp::muladd<uint32_t>(kInf, kNInf, kOne, RN, fpsr), 0x7FC00000u, IOC);
}

TEST(FpDirected, UnderflowIsDetectedBeforeRounding) {
    // (1 - 2^-24) * 2^-126 = 2^-126 - 2^-150: tiny before rounding, rounds (RN) up to the smallest
    // normal. ARM (FPRoundBase) raises UFC + IXC; an after-rounding (x86) detection would not.
    EXPECT_FP(fp::mul<uint32_t>(0x3F7FFFFF, kMinNormal, RN, fpsr), kMinNormal, UFC | IXC);
    // With FZ the unrounded value is below the normal range: flushed to +0 with UFC only.
    EXPECT_FP(fp::mul<uint32_t>(0x3F7FFFFF, kMinNormal, RN | FZ, fpsr), 0u, UFC);
    EXPECT_FP(fp::mul<uint32_t>(0xBF7FFFFF, kMinNormal, RN | FZ, fpsr), 0x80000000u, UFC);
    // An exact denormal result is not an underflow.
    EXPECT_FP(fp::mul<uint32_t>(0x3F000000, kMinNormal, RN, fpsr), 0x00400000u, 0);
    // Denormal inputs with FZ: flushed (sign kept), IDC.
    EXPECT_FP(fp::add<uint32_t>(0x00000001, 0, RN | FZ, fpsr), 0u, IDC);
    EXPECT_FP(fp::add<uint32_t>(0x80000001, 0x80000000, RN | FZ, fpsr), 0x80000000u, IDC);
    EXPECT_FP(fp::sqrt<uint32_t>(0x80000001, RN | FZ, fpsr), 0x80000000u, IDC);
    EXPECT_FP(fp::add<uint32_t>(0x00000001, 0, RN, fpsr), 1u, 0);
}

TEST(FpDirected, OverflowByRoundingMode) {
    EXPECT_FP(fp::mul<uint32_t>(kMaxNormal, kTwo, RN, fpsr), kInf, OFC | IXC);
    EXPECT_FP(fp::mul<uint32_t>(kMaxNormal, kTwo, RZ, fpsr), kMaxNormal, OFC | IXC);
    EXPECT_FP(fp::mul<uint32_t>(kMaxNormal, kTwo, RM, fpsr), kMaxNormal, OFC | IXC);
    EXPECT_FP(fp::mul<uint32_t>(0xFF7FFFFF, kTwo, RM, fpsr), kNInf, OFC | IXC);
    EXPECT_FP(fp::mul<uint32_t>(0xFF7FFFFF, kTwo, RP, fpsr), 0xFF7FFFFFu, OFC | IXC);
}

TEST(FpDirected, DivideAndSqrt) {
    EXPECT_FP(fp::div<uint32_t>(kOne, 0x80000000, RN, fpsr), kNInf, DZC);
    EXPECT_FP(fp::div<uint32_t>(kInf, 0, RN, fpsr), kInf, 0);
    EXPECT_FP(fp::div<uint32_t>(0, 0, RN, fpsr), 0x7FC00000u, IOC);
    EXPECT_FP(fp::div<uint32_t>(kOne, 0x40400000, RN, fpsr), 0x3EAAAAABu, IXC);  // 1/3
    EXPECT_FP(fp::div<uint32_t>(kOne, 0x40400000, RZ, fpsr), 0x3EAAAAAAu, IXC);
    EXPECT_FP(fp::sqrt<uint32_t>(0x80000000, RN, fpsr), 0x80000000u, 0);  // sqrt(-0) = -0
    EXPECT_FP(fp::sqrt<uint32_t>(0xBF800000, RN, fpsr), 0x7FC00000u, IOC);
    EXPECT_FP(fp::sqrt<uint32_t>(kNInf, RN, fpsr), 0x7FC00000u, IOC);
    EXPECT_FP(fp::sqrt<uint32_t>(0x40800000, RN, fpsr), kTwo, 0);
    EXPECT_FP(fp::sqrt<uint32_t>(kTwo, RN, fpsr), 0x3FB504F3u, IXC);
    EXPECT_FP(fp::sqrt<uint64_t>(d2u(2.0), RN, fpsr), 0x3FF6A09E667F3BCDull, IXC);
    EXPECT_FP(fp::sqrt<uint32_t>(0x00000001, RN, fpsr), 0x1A3504F3u, IXC);  // sqrt(2^-149)
}

TEST(FpDirected, MinMax) {
    EXPECT_FP(fp::min<uint32_t>(0x80000000, 0, RN, fpsr), 0x80000000u, 0);
    EXPECT_FP(fp::min<uint32_t>(0, 0x80000000, RN, fpsr), 0x80000000u, 0);
    EXPECT_FP(fp::max<uint32_t>(0x80000000, 0, RN, fpsr), 0u, 0);
    EXPECT_FP(fp::max<uint32_t>(kQNaN, kOne, RN, fpsr), kQNaN, 0);
    EXPECT_FP(fp::maxnum<uint32_t>(kQNaN, kOne, RN, fpsr), kOne, 0);
    EXPECT_FP(fp::minnum<uint32_t>(kOne, kQNaN, RN, fpsr), kOne, 0);
    EXPECT_FP(fp::maxnum<uint32_t>(kQNaN, kNInf, RN, fpsr), kNInf, 0);
    EXPECT_FP(fp::maxnum<uint32_t>(kSNaN, kOne, RN, fpsr), 0x7FC00456u, IOC);
    EXPECT_FP(fp::maxnum<uint32_t>(kQNaN, 0xFFC00001, RN, fpsr), kQNaN, 0);
    // Flushed denormal vs zero: both zero, max takes the most positive sign.
    EXPECT_FP(fp::max<uint32_t>(0x80000001, 0, RN | FZ, fpsr), 0u, IDC);
    EXPECT_FP(fp::min<uint32_t>(0x00000001, 0x80000000, RN | FZ, fpsr), 0x80000000u, IDC);
}

TEST(FpDirected, Compare) {
    EXPECT_FP(fp::compare<uint32_t>(kOne, kTwo, false, RN, fpsr), 0b1000u, 0);
    EXPECT_FP(fp::compare<uint32_t>(kTwo, kOne, false, RN, fpsr), 0b0010u, 0);
    EXPECT_FP(fp::compare<uint32_t>(0x80000000, 0, false, RN, fpsr), 0b0110u, 0);
    EXPECT_FP(fp::compare<uint32_t>(kQNaN, kOne, false, RN, fpsr), 0b0011u, 0);   // FCMP
    EXPECT_FP(fp::compare<uint32_t>(kQNaN, kOne, true, RN, fpsr), 0b0011u, IOC);  // FCMPE
    EXPECT_FP(fp::compare<uint32_t>(kSNaN, kOne, false, RN, fpsr), 0b0011u, IOC);
    EXPECT_FP(fp::compare<uint32_t>(kNInf, 0xFF7FFFFF, false, RN, fpsr), 0b1000u, 0);
    EXPECT_FP(fp::compare_eq<uint32_t>(kQNaN, kQNaN, RN, fpsr), false, 0);
    EXPECT_FP(fp::compare_ge<uint32_t>(kQNaN, kOne, RN, fpsr), false, IOC);
    EXPECT_FP(fp::compare_gt<uint32_t>(kOne, 0x80000000, RN, fpsr), true, 0);
}

TEST(FpDirected, RoundInt) {
    const uint32_t k25 = 0x40200000, kM25 = 0xC0200000, kHalf = 0x3F000000, kMHalf = 0xBF000000;
    EXPECT_FP(fp::round_int<uint32_t>(k25, RN, Rounding::TieEven, false, fpsr), kTwo, 0);         // FRINTN
    EXPECT_FP(fp::round_int<uint32_t>(k25, RN, Rounding::TieAway, false, fpsr), 0x40400000u, 0);  // FRINTA
    EXPECT_FP(fp::round_int<uint32_t>(kM25, RN, Rounding::TieAway, false, fpsr), 0xC0400000u, 0);
    EXPECT_FP(fp::round_int<uint32_t>(k25, RN, Rounding::TieEven, true, fpsr), kTwo, IXC);  // FRINTX
    EXPECT_FP(fp::round_int<uint32_t>(kMHalf, RN, Rounding::TieAway, false, fpsr), 0xBF800000u, 0);
    EXPECT_FP(fp::round_int<uint32_t>(0xBECCCCCD, RN, Rounding::TieEven, false, fpsr), 0x80000000u,
              0);                                                                                   // -0.4
    EXPECT_FP(fp::round_int<uint32_t>(kMHalf, RN, Rounding::PosInf, false, fpsr), 0x80000000u, 0);  // FRINTP
    EXPECT_FP(fp::round_int<uint32_t>(kHalf, RN, Rounding::NegInf, false, fpsr), 0u, 0);            // FRINTM
    EXPECT_FP(fp::round_int<uint32_t>(0xBFC00000, RN, Rounding::Zero, false, fpsr), 0xBF800000u,
              0);  // FRINTZ
    EXPECT_FP(fp::round_int<uint32_t>(kSNaN, RN, Rounding::Zero, false, fpsr), 0x7FC00456u, IOC);
    EXPECT_FP(fp::round_int<uint32_t>(0x80000001, RN | FZ, Rounding::PosInf, true, fpsr), 0x80000000u, IDC);
    EXPECT_FP(fp::round_int<uint32_t>(0x00000001, RN, Rounding::PosInf, true, fpsr), kOne, IXC);
}

TEST(FpDirected, ToFixed) {
    auto cvt = [](uint32_t x, int fbits, bool u, int m, Rounding r, uint32_t& fpsr) {
        return fp::to_fixed<uint32_t>(x, fbits, u, m, RN, r, fpsr);
    };
    EXPECT_FP(cvt(kQNaN, 0, false, 32, Rounding::Zero, fpsr), 0u, IOC);  // FCVTZS(NaN) = 0
    EXPECT_FP(cvt(f2u(1e10f), 0, false, 32, Rounding::Zero, fpsr), 0x7FFFFFFFu, IOC);
    EXPECT_FP(cvt(f2u(-1e10f), 0, false, 32, Rounding::Zero, fpsr), 0x80000000u, IOC);
    EXPECT_FP(cvt(f2u(1e10f), 0, false, 64, Rounding::Zero, fpsr), 10000000000ull, 0);
    EXPECT_FP(cvt(kNInf, 0, false, 64, Rounding::Zero, fpsr), 0x8000000000000000ull, IOC);
    EXPECT_FP(cvt(kInf, 0, true, 64, Rounding::Zero, fpsr), ~0ull, IOC);
    EXPECT_FP(cvt(0xBF800000, 0, true, 32, Rounding::Zero, fpsr), 0u, IOC);      // FCVTZU(-1)
    EXPECT_FP(cvt(0xBF000000u, 0, true, 32, Rounding::Zero, fpsr), 0u, IXC);     // FCVTZU(-0.5): 0, inexact
    EXPECT_FP(cvt(0x40200000, 0, false, 32, Rounding::TieEven, fpsr), 2u, IXC);  // FCVTNS(2.5)
    EXPECT_FP(cvt(0x40200000, 0, false, 32, Rounding::TieAway, fpsr), 3u, IXC);  // FCVTAS(2.5)
    EXPECT_FP(cvt(0xC0200000, 0, false, 32, Rounding::TieAway, fpsr), 0xFFFFFFFDu, IXC);
    EXPECT_FP(cvt(0xC0200000, 0, false, 32, Rounding::NegInf, fpsr), 0xFFFFFFFDu, IXC);  // FCVTMS
    EXPECT_FP(cvt(0xC0200000, 0, false, 32, Rounding::PosInf, fpsr), 0xFFFFFFFEu, IXC);  // FCVTPS
    EXPECT_FP(cvt(0x3FC00000, 1, false, 32, Rounding::Zero, fpsr), 3u, 0);  // 1.5 with 1 fraction bit
    EXPECT_FP(cvt(0x3F400000, 2, true, 32, Rounding::Zero, fpsr), 3u, 0);   // 0.75 with 2
    EXPECT_FP(cvt(0x4F000000, 0, false, 32, Rounding::Zero, fpsr), 0x7FFFFFFFu, IOC);  // 2^31
    EXPECT_FP(cvt(0xCF000000, 0, false, 32, Rounding::Zero, fpsr), 0x80000000u, 0);    // -2^31 fits
    EXPECT_FP(cvt(0x00000001, 0, false, 32, Rounding::PosInf, fpsr), 1u, IXC);
    EXPECT_FP(fp::to_fixed<uint32_t>(0x00000001, 0, false, 32, RN | FZ, Rounding::PosInf, fpsr), 0u, IDC);
}

TEST(FpDirected, ToFixedSaturationBoundaries) {
    auto cvtd = [](double x, bool u, int m, Rounding r, uint32_t& fpsr) {
        return fp::to_fixed<uint64_t>(d2u(x), 0, u, m, RN, r, fpsr);
    };
    EXPECT_FP(cvtd(2147483647.5, false, 32, Rounding::TieEven, fpsr), 0x7FFFFFFFu, IOC);  // rounds to 2^31
    EXPECT_FP(cvtd(2147483647.5, false, 32, Rounding::Zero, fpsr), 0x7FFFFFFFu, IXC);
    EXPECT_FP(cvtd(-2147483648.5, false, 32, Rounding::TieEven, fpsr), 0x80000000u, IXC);
    EXPECT_FP(cvtd(-2147483648.5, false, 32, Rounding::TieAway, fpsr), 0x80000000u, IOC);
    EXPECT_FP(cvtd(4294967295.5, true, 32, Rounding::Zero, fpsr), 0xFFFFFFFFu, IXC);
    EXPECT_FP(cvtd(4294967295.5, true, 32, Rounding::TieEven, fpsr), 0xFFFFFFFFu, IOC);
    EXPECT_FP(cvtd(-0.5, true, 32, Rounding::TieAway, fpsr), 0u, IOC);  // -1 saturates to 0
    EXPECT_FP(cvtd(-0.5, true, 32, Rounding::TieEven, fpsr), 0u, IXC);  // -0 fits
    EXPECT_FP(cvtd(9223372036854775808.0, false, 64, Rounding::Zero, fpsr), 0x7FFFFFFFFFFFFFFFull, IOC);
    EXPECT_FP(cvtd(-9223372036854775808.0, false, 64, Rounding::Zero, fpsr), 0x8000000000000000ull, 0);
    EXPECT_FP(cvtd(18446744073709549568.0, true, 64, Rounding::Zero, fpsr), 0xFFFFFFFFFFFFF800ull, 0);
    EXPECT_FP(cvtd(18446744073709551616.0, true, 64, Rounding::Zero, fpsr), ~0ull, IOC);
    // Fixed point: 1.0 with 32 fraction bits into W overflows (2^32 > 2^31 - 1).
    EXPECT_FP(fp::to_fixed<uint32_t>(kOne, 32, false, 32, RN, Rounding::Zero, fpsr), 0x7FFFFFFFu, IOC);
    EXPECT_FP(fp::to_fixed<uint32_t>(0xBF000000, 32, false, 32, RN, Rounding::Zero, fpsr), 0x80000000u, 0);
}

TEST(FpDirected, FixedToFp) {
    EXPECT_FP(fp::fixed_to_fp<uint32_t>(0x7FFFFFFF, 0, false, 32, RN, Rounding::TieEven, fpsr), 0x4F000000u,
              IXC);
    EXPECT_FP(fp::fixed_to_fp<uint32_t>(0x7FFFFFFF, 0, false, 32, RZ, Rounding::Zero, fpsr), 0x4EFFFFFFu,
              IXC);
    EXPECT_FP(fp::fixed_to_fp<uint32_t>(0xFFFFFFFF, 0, true, 32, RN, Rounding::TieEven, fpsr), 0x4F800000u,
              IXC);
    EXPECT_FP(fp::fixed_to_fp<uint32_t>(0xFFFFFFFF, 0, false, 32, RN, Rounding::TieEven, fpsr), 0xBF800000u,
              0);
    EXPECT_FP(fp::fixed_to_fp<uint64_t>(0x8000000000000000ull, 0, false, 64, RN, Rounding::TieEven, fpsr),
              0xC3E0000000000000ull, 0);
    EXPECT_FP(fp::fixed_to_fp<uint32_t>(1, 32, false, 32, RN, Rounding::TieEven, fpsr), 0x2F800000u,
              0);                                                                              // 2^-32
    EXPECT_FP(fp::fixed_to_fp<uint32_t>(0, 5, false, 32, RM, Rounding::NegInf, fpsr), 0u, 0);  // +0 always
}

TEST(FpDirected, Convert) {
    const Rounding rn = Rounding::TieEven;
    // double 1 + 2^-24 -> single: tie, even.
    EXPECT_FP((fp::convert<uint32_t, uint64_t>(0x3FF0000010000000ull, RN, rn, fpsr)), kOne, IXC);
    // FCVTXN: round to odd.
    EXPECT_FP((fp::convert<uint32_t, uint64_t>(0x3FF0000004000000ull, RN, Rounding::Odd, fpsr)), 0x3F800001u,
              IXC);
    // NaN payloads move with the fraction's top bits; SNaN is quietened.
    EXPECT_FP((fp::convert<uint64_t, uint32_t>(0x7F800001, RN, rn, fpsr)), 0x7FF8000020000000ull, IOC);
    EXPECT_FP((fp::convert<uint32_t, uint64_t>(0xFFF8000020000000ull, RN, rn, fpsr)), 0xFFC00001u, 0);
    EXPECT_FP((fp::convert<uint16_t, uint32_t>(0x7FC02000, RN, rn, fpsr)), 0x7E01, 0);
    EXPECT_FP((fp::convert<uint16_t, uint32_t>(0x7FC02000, RN | DN, rn, fpsr)), 0x7E00, 0);
    // IEEE half: 65520 rounds to infinity; 65504 is the largest.
    EXPECT_FP((fp::convert<uint16_t, uint32_t>(f2u(65520.0f), RN, rn, fpsr)), 0x7C00, OFC | IXC);
    EXPECT_FP((fp::convert<uint16_t, uint32_t>(f2u(65504.0f), RN, rn, fpsr)), 0x7BFF, 0);
    // Alternative half precision: exponent 31 is a normal binade, no Inf/NaN encodings.
    EXPECT_FP((fp::convert<uint32_t, uint16_t>(0x7C00, RN | AHP, rn, fpsr)), 0x47800000u, 0);  // 65536
    EXPECT_FP((fp::convert<uint16_t, uint32_t>(f2u(65536.0f), RN | AHP, rn, fpsr)), 0x7C00, 0);
    EXPECT_FP((fp::convert<uint16_t, uint32_t>(f2u(1e6f), RN | AHP, rn, fpsr)), 0x7FFF, IOC);
    EXPECT_FP((fp::convert<uint16_t, uint32_t>(kNInf, RN | AHP, rn, fpsr)), 0xFFFF, IOC);
    EXPECT_FP((fp::convert<uint16_t, uint32_t>(0xFFC00000, RN | AHP, rn, fpsr)), 0x8000, IOC);
    // Half values are never flushed (no FEAT_FP16); single inputs are.
    EXPECT_FP((fp::convert<uint32_t, uint16_t>(0x0001, RN | FZ, rn, fpsr)), 0x33800000u, 0);  // 2^-24
    EXPECT_FP((fp::convert<uint16_t, uint32_t>(0x33800000, RN | FZ, rn, fpsr)), 0x0001, 0);
    EXPECT_FP((fp::convert<uint16_t, uint32_t>(0x00000001, RN | FZ, rn, fpsr)), 0x0000, IDC);
    // Single denormal output with FZ from a double: flushed, UFC.
    EXPECT_FP((fp::convert<uint32_t, uint64_t>(0x3800000000000000ull, RN | FZ, rn, fpsr)), 0u,
              UFC);  // 2^-127
    EXPECT_FP((fp::convert<uint32_t, uint64_t>(0x3800000000000000ull, RN, rn, fpsr)), 0x00400000u, 0);
}

TEST(FpDirected, Estimates) {
    EXPECT_EQ(fp::recip_estimate_int(256), 511);
    EXPECT_EQ(fp::recip_estimate_int(511), 256);
    EXPECT_EQ(fp::rsqrt_estimate_int(128), 511);
    EXPECT_EQ(fp::rsqrt_estimate_int(511), 256);
    EXPECT_FP(fp::recip_estimate<uint32_t>(kOne, RN, fpsr), 0x3F7F8000u, 0);
    EXPECT_FP(fp::recip_estimate<uint32_t>(kTwo, RN, fpsr), 0x3EFF8000u, 0);
    EXPECT_FP(fp::recip_estimate<uint64_t>(d2u(1.0), RN, fpsr), 0x3FEFF00000000000ull, 0);
    EXPECT_FP(fp::recip_estimate<uint32_t>(0x80000000, RN, fpsr), kNInf, DZC);
    EXPECT_FP(fp::recip_estimate<uint32_t>(kInf, RN, fpsr), 0u, 0);
    EXPECT_FP(fp::recip_estimate<uint32_t>(0x00000001, RN, fpsr), kInf, OFC | IXC);  // below 2^-128
    EXPECT_FP(fp::recip_estimate<uint32_t>(0x00000001, RZ, fpsr), kMaxNormal, OFC | IXC);
    EXPECT_FP(fp::recip_estimate<uint32_t>(0x00000001, RN | FZ, fpsr), kInf, IDC | DZC);
    EXPECT_FP(fp::recip_estimate<uint32_t>(0x7E800000, RN | FZ, fpsr), 0u, UFC);  // 2^126 with FZ
    EXPECT_FP(fp::rsqrt_estimate<uint32_t>(kOne, RN, fpsr), 0x3F7F8000u, 0);
    EXPECT_FP(fp::rsqrt_estimate<uint32_t>(0x40800000, RN, fpsr), 0x3EFF8000u, 0);  // FRSQRTE(4.0)
    EXPECT_FP(fp::rsqrt_estimate<uint32_t>(0xBF800000, RN, fpsr), 0x7FC00000u, IOC);
    EXPECT_FP(fp::rsqrt_estimate<uint32_t>(0x80000000, RN, fpsr), kNInf, DZC);
    EXPECT_FP(fp::rsqrt_estimate<uint32_t>(kInf, RN, fpsr), 0u, 0);
    EXPECT_FP(fp::recpx<uint32_t>(kTwo, RN, fpsr), kOne, 0);
    EXPECT_FP(fp::recpx<uint32_t>(0x80000000, RN, fpsr), 0xFF000000u, 0);
    EXPECT_FP(fp::recpx<uint32_t>(kInf, RN, fpsr), 0u, 0);
    EXPECT_FP(fp::recip_step_fused<uint32_t>(kTwo, 0x3F000000u, RN, fpsr), kOne, 0);  // 2 - 2*0.5
    EXPECT_FP(fp::recip_step_fused<uint32_t>(kInf, 0, RN, fpsr), kTwo, 0);
    EXPECT_FP(fp::rsqrt_step_fused<uint32_t>(0x80000000, kNInf, RN, fpsr), 0x3FC00000u, 0);
    EXPECT_FP(fp::rsqrt_step_fused<uint32_t>(kOne, kOne, RN, fpsr), kOne, 0);  // (3 - 1) / 2
    // op1 is negated before NaN processing.
    EXPECT_FP(fp::recip_step_fused<uint32_t>(kQNaN, kOne, RN, fpsr), 0xFFC00123u, 0);
    EXPECT_FP(fp::mulx<uint32_t>(kInf, 0x80000000, RN, fpsr), 0xC0000000u, 0);
    EXPECT_EQ(fp::unsigned_recip_estimate(0x80000000u), 0xFF800000u);
    EXPECT_EQ(fp::unsigned_recip_estimate(0x7FFFFFFFu), 0xFFFFFFFFu);
    EXPECT_EQ(fp::unsigned_rsqrt_estimate(0x40000000u), 0xFF800000u);
    EXPECT_EQ(fp::unsigned_rsqrt_estimate(0x3FFFFFFFu), 0xFFFFFFFFu);
}

TEST(FpDirected, AbsNeg) {
    EXPECT_EQ(fp::abs<uint32_t>(0xFFC00001u), 0x7FC00001u);
    EXPECT_EQ(fp::neg<uint64_t>(0), 0x8000000000000000ull);
    EXPECT_EQ(fp::neg<uint16_t>(0x7E00), 0xFE00);
}

}  // namespace
