// Scalar floating-point data processing (ARM ARM C4.1.90): 1, 2 and 3 source, compare,
// conditional compare, conditional select, immediate. Every arithmetic, compare and rounding step
// is the iss/fp library (FPAdd, FPMulAdd, FPCompare, FPRoundInt, FPConvert, ...); results are
// scalar writes, which clear the rest of the V register.
#include "iss/semantics/fp_scalar.h"
#include "iss/frontend/row_binding.h"
#include "iss/semantics/sem.h"

namespace vp::iss {
using namespace sem;
using fps::by_ftype;
using fps::vregs;

namespace {

using fp::Rounding;

// ---- 1 source ----------------------------------------------------------------------------

template <class T>
T fmov(T op, uint32_t, uint32_t&) {
    return op;
}
template <class T>
T fabs(T op, uint32_t, uint32_t&) {
    return fp::abs(op);
}
template <class T>
T fneg(T op, uint32_t, uint32_t&) {
    return fp::neg(op);
}
// FRINT<r>: R = a fixed FPRounding, or -1 for the FPCR rounding mode (FRINTI, FRINTX).
template <class T, int R, bool EXACT>
T frint(T op, uint32_t fpcr, uint32_t& fpsr) {
    const Rounding r = R < 0 ? fp::fpcr_rounding(fpcr) : Rounding(R);
    return fp::round_int(op, fpcr, r, EXACT, fpsr);
}

template <class T, T (*F)(T, uint32_t, uint32_t&)>
const Op* op_fp1(Cpu& c, const Op* o) {
    swrite<T>(c, o->d, F(sread<T>(c, o->n), c.fpcr, c.fpsr));
    return next(c, o);
}

// FCVT (FPConvert with the FPCR rounding mode; half values use FPCR.AHP).
template <class To, class From>
const Op* op_fcvt(Cpu& c, const Op* o) {
    swrite<To>(c, o->d,
               fp::convert<To, From>(sread<From>(c, o->n), c.fpcr, fp::fpcr_rounding(c.fpcr), c.fpsr));
    return next(c, o);
}

template <template <class> class Fn>
bool tr_fp1(Builder& b, const Fields& f) {
    vregs(b, f);
    return by_ftype(b, f.ftype(), [](auto t) -> OpFn {
        using T = decltype(t);
        return op_fp1<T, Fn<T>::fn>;
    });
}

template <class T>
struct Fmov {
    static constexpr auto fn = fmov<T>;
};
template <class T>
struct Fabs {
    static constexpr auto fn = fabs<T>;
};
template <class T>
struct Fneg {
    static constexpr auto fn = fneg<T>;
};
template <class T>
struct Fsqrt {
    static constexpr auto fn = fp::sqrt<T>;
};
template <int R, bool EXACT>
struct Frint {
    template <class T>
    struct F {
        static constexpr auto fn = frint<T, R, EXACT>;
    };
};

// FCVT: ftype = source format, `to` = destination (0 single, 1 double, 3 half).
template <class To, class From>
OpFn fcvt_pair() {
    if constexpr (std::is_same_v<To, From>)
        return nullptr;  // rejected by tr_fcvt
    else
        return op_fcvt<To, From>;
}
template <class From>
OpFn fcvt_to(unsigned to) {
    switch (to) {
        case 0: return fcvt_pair<uint32_t, From>();
        case 1: return fcvt_pair<uint64_t, From>();
        default: return fcvt_pair<uint16_t, From>();
    }
}
template <unsigned to>
bool tr_fcvt(Builder& b, const Fields& f) {
    const unsigned from = f.ftype();
    if (from == 2) return b.unimp("ftype 10 is reserved");
    if (from == to) return b.unimp("FCVT to the same precision is unallocated");
    vregs(b, f);
    b.op.fn = from == 0 ? fcvt_to<uint32_t>(to) : from == 1 ? fcvt_to<uint64_t>(to) : fcvt_to<uint16_t>(to);
    return true;
}

// ---- 2 and 3 source ----------------------------------------------------------------------

template <class T>
T fnmul(T a, T b, uint32_t fpcr, uint32_t& fpsr) {
    return fp::neg(fp::mul(a, b, fpcr, fpsr));
}

template <class T, T (*F)(T, T, uint32_t, uint32_t&)>
const Op* op_fp2(Cpu& c, const Op* o) {
    swrite<T>(c, o->d, F(sread<T>(c, o->n), sread<T>(c, o->m), c.fpcr, c.fpsr));
    return next(c, o);
}

template <template <class> class Fn>
bool tr_fp2(Builder& b, const Fields& f) {
    vregs(b, f);
    return by_ftype(b, f.ftype(), [](auto t) -> OpFn {
        using T = decltype(t);
        return op_fp2<T, Fn<T>::fn>;
    });
}

#define VP_FP2(Name, func)                  \
    template <class T>                      \
    struct Name {                           \
        static constexpr auto fn = func<T>; \
    };
VP_FP2(Fmul, fp::mul)
VP_FP2(Fdiv, fp::div)
VP_FP2(Fadd, fp::add)
VP_FP2(Fsub, fp::sub)
VP_FP2(Fmax, fp::max)
VP_FP2(Fmin, fp::min)
VP_FP2(Fmaxnm, fp::maxnum)
VP_FP2(Fminnm, fp::minnum)
VP_FP2(Fnmul, fnmul)
#undef VP_FP2

// FMADD/FMSUB/FNMADD/FNMSUB: FPMulAdd(NEGA ? -a : a, NEGN ? -n : n, m), one rounding.
template <class T, bool NEGA, bool NEGN>
const Op* op_fp3(Cpu& c, const Op* o) {
    T a = sread<T>(c, o->a), n = sread<T>(c, o->n), m = sread<T>(c, o->m);
    if (NEGA) a = fp::neg(a);
    if (NEGN) n = fp::neg(n);
    swrite<T>(c, o->d, fp::muladd(a, n, m, c.fpcr, c.fpsr));
    return next(c, o);
}

template <bool NEGA, bool NEGN>
bool tr_fp3(Builder& b, const Fields& f) {
    vregs(b, f);
    return by_ftype(b, f.ftype(), [](auto t) -> OpFn { return op_fp3<decltype(t), NEGA, NEGN>; });
}

// ---- Compare, conditional compare, conditional select --------------------------------------

// FCMP/FCMPE (E: signalling, raises Invalid Operation for quiet NaNs too); ZERO compares with +0.0.
template <class T, bool ZERO, bool E>
const Op* op_fcmp(Cpu& c, const Op* o) {
    const T op2 = ZERO ? T(0) : sread<T>(c, o->m);
    c.nzcv = fp::compare(sread<T>(c, o->n), op2, E, c.fpcr, c.fpsr) << 28;
    return next(c, o);
}

template <bool ZERO, bool E>
bool tr_fcmp(Builder& b, const Fields& f) {
    vregs(b, f);
    return by_ftype(b, f.ftype(), [](auto t) -> OpFn { return op_fcmp<decltype(t), ZERO, E>; });
}

// FCCMP/FCCMPE: f0 = cond, f1 = the nzcv immediate used when the condition fails.
template <class T, bool E>
const Op* op_fccmp(Cpu& c, const Op* o) {
    if (cond_holds(c.nzcv, o->f0))
        c.nzcv = fp::compare(sread<T>(c, o->n), sread<T>(c, o->m), E, c.fpcr, c.fpsr) << 28;
    else
        c.nzcv = uint32_t(o->f1) << 28;
    return next(c, o);
}

template <bool E>
bool tr_fccmp(Builder& b, const Fields& f) {
    vregs(b, f);
    b.op.f0 = uint8_t(f.cond());
    b.op.f1 = uint8_t(f.nzcv());
    return by_ftype(b, f.ftype(), [](auto t) -> OpFn { return op_fccmp<decltype(t), E>; });
}

template <class T>
const Op* op_fcsel(Cpu& c, const Op* o) {
    swrite<T>(c, o->d, sread<T>(c, cond_holds(c.nzcv, o->f0) ? o->n : o->m));
    return next(c, o);
}

// ---- Immediate -----------------------------------------------------------------------------

// VFPExpandImm (shared/functions/float/vfpexpandimm): sign = imm8<7>,
// exp = NOT(imm8<6>):Replicate(imm8<6>, E-3):imm8<5:4>, frac = imm8<3:0>:Zeros(F-4).
template <class T>
T vfp_expand_imm(unsigned imm8) {
    constexpr unsigned N = sizeof(T) * 8, E = N == 32 ? 8 : 11, F = N - E - 1;
    const uint64_t b6 = (imm8 >> 6) & 1;
    uint64_t exp = ((b6 ^ 1) << (E - 1)) | ((b6 ? (1ull << (E - 3)) - 1 : 0) << 2) | ((imm8 >> 4) & 3);
    uint64_t frac = uint64_t(imm8 & 15) << (F - 4);
    return T((uint64_t(imm8 >> 7) << (N - 1)) | (exp << F) | frac);
}

const Op* op_fmov_imm(Cpu& c, const Op* o) {
    swrite<uint64_t>(c, o->d, o->imm);
    return next(c, o);
}

}  // namespace

// ---- Translate functions ---------------------------------------------------------------------

bool tr_FCSEL_fp(Builder& b, const Fields& f) {
    vregs(b, f);
    b.op.f0 = uint8_t(f.cond());
    return by_ftype(b, f.ftype(), [](auto t) -> OpFn { return op_fcsel<decltype(t)>; });
}

bool tr_FMOV_imm_fp(Builder& b, const Fields& f) {
    vregs(b, f);
    const unsigned imm8 = f.imm();
    switch (f.ftype()) {
        case 0: b.op.imm = vfp_expand_imm<uint32_t>(imm8); break;
        case 1: b.op.imm = vfp_expand_imm<uint64_t>(imm8); break;
        case 3: return b.unimp("half-precision FMOV needs FEAT_FP16");
        default: return b.unimp("ftype 10 is reserved");
    }
    b.op.fn = op_fmov_imm;
    return true;
}

#define VP_ROWS_tr_fccmp VP_DEFINED_HERE
#define VP_ROWS_tr_fcmp VP_DEFINED_HERE
#define VP_ROWS_tr_fcvt VP_DEFINED_HERE
#define VP_ROWS_tr_fp1 VP_DEFINED_HERE
#define VP_ROWS_tr_fp2 VP_DEFINED_HERE
#define VP_ROWS_tr_fp3 VP_DEFINED_HERE
#include "iss/frontend/bind_rows.inc"

}  // namespace vp::iss
