// AdvSIMD floating-point three same (vector and scalar), pairwise and across-lanes forms
// (ARM ARM C4.1.90; C7.2 FADD (vector) ... FMINV).
#include "iss/semantics/simd_fp.h"

namespace vp::iss {
using namespace sem;
using namespace sem::sfp;

namespace {

// Pairwise (FADDP, FMAXP, ... vector): concatenate V[m]:V[n] and combine adjacent pairs,
// result[e] = op(concat[2e], concat[2e+1]); the low half of the result comes from V[n].
template <class OP>
struct Pair {
    template <class T, unsigned L>
    static const Op* fn(Cpu& c, const Op* o) {
        const Vec a = vread(c, o->n), b = vread(c, o->m);
        Vec r;
        for (unsigned e = 0; e < L; ++e) {
            const Vec& src = 2 * e < L ? a : b;
            const unsigned k = (2 * e) % L;
            r.set<T>(e, OP::f(src.get<T>(k), src.get<T>(k + 1), c));
        }
        write_lanes<T, L>(c, o->d, r);
        return next(c, o);
    }
};

// Scalar pairwise: Reduce() over the two elements of V[n] (2S -> S, 2D -> D): op(e0, e1).
template <class OP>
struct SPair {
    template <class T, unsigned L>
    static const Op* fn(Cpu& c, const Op* o) {
        const Vec a = vread(c, o->n);
        swrite<T>(c, o->d, OP::f(a.get<T>(0), a.get<T>(1), c));
        return next(c, o);
    }
};

// Across lanes (4S only in ARMv8.0): Reduce(op, V[n], 32) splits the vector in halves
// recursively, result = op(op(e0, e1), op(e2, e3)).
template <class OP>
const Op* op_across(Cpu& c, const Op* o) {
    const Vec a = vread(c, o->n);
    const uint32_t hi = OP::f(a.get<uint32_t>(2), a.get<uint32_t>(3), c);
    const uint32_t lo = OP::f(a.get<uint32_t>(0), a.get<uint32_t>(1), c);
    swrite<uint32_t>(c, o->d, OP::f(lo, hi, c));
    return next(c, o);
}

template <class OP>
bool pick_across(Builder& b, const Fields& f) {
    if (f.sz() || !f.Q()) return b.unimp("AdvSIMD FP across lanes: only 4S exists without FEAT_FP16");
    b.op.fn = op_across<OP>;
    set_regs(b, f);
    return true;
}

}  // namespace

// C4.1.90 Advanced SIMD three same (floating-point)
VP_SFP_TR(FMAXNM_v, pick_v<Bin<FMaxNum>>(b, f))
VP_SFP_TR(FMLA_v, pick_v<Acc<FMla, false>>(b, f))
VP_SFP_TR(FADD_v, pick_v<Bin<FAdd>>(b, f))
VP_SFP_TR(FMULX_v, pick_v<Bin<FMulX>>(b, f))
VP_SFP_TR(FCMEQ_v, pick_v<Bin<FCmEq>>(b, f))
VP_SFP_TR(FMAX_v, pick_v<Bin<FMax>>(b, f))
VP_SFP_TR(FRECPS_v, pick_v<Bin<FRecpS>>(b, f))
VP_SFP_TR(FMINNM_v, pick_v<Bin<FMinNum>>(b, f))
VP_SFP_TR(FMLS_v, pick_v<Acc<FMls, false>>(b, f))
VP_SFP_TR(FSUB_v, pick_v<Bin<FSub>>(b, f))
VP_SFP_TR(FMIN_v, pick_v<Bin<FMin>>(b, f))
VP_SFP_TR(FRSQRTS_v, pick_v<Bin<FRsqrtS>>(b, f))
VP_SFP_TR(FMAXNMP_v, pick_v<Pair<FMaxNum>>(b, f))
VP_SFP_TR(FADDP_v, pick_v<Pair<FAdd>>(b, f))
VP_SFP_TR(FMUL_v, pick_v<Bin<FMul>>(b, f))
VP_SFP_TR(FCMGE_v, pick_v<Bin<FCmGe>>(b, f))
VP_SFP_TR(FACGE_v, pick_v<Bin<FAcGe>>(b, f))
VP_SFP_TR(FMAXP_v, pick_v<Pair<FMax>>(b, f))
VP_SFP_TR(FDIV_v, pick_v<Bin<FDiv>>(b, f))
VP_SFP_TR(FMINNMP_v, pick_v<Pair<FMinNum>>(b, f))
VP_SFP_TR(FABD_v, pick_v<Bin<FAbd>>(b, f))
VP_SFP_TR(FCMGT_v, pick_v<Bin<FCmGt>>(b, f))
VP_SFP_TR(FACGT_v, pick_v<Bin<FAcGt>>(b, f))
VP_SFP_TR(FMINP_v, pick_v<Pair<FMin>>(b, f))

// C4.1.90 Advanced SIMD scalar three same (floating-point)
VP_SFP_TR(FMULX_sv, pick_sv<Bin<FMulX>>(b, f))
VP_SFP_TR(FCMEQ_sv, pick_sv<Bin<FCmEq>>(b, f))
VP_SFP_TR(FRECPS_sv, pick_sv<Bin<FRecpS>>(b, f))
VP_SFP_TR(FRSQRTS_sv, pick_sv<Bin<FRsqrtS>>(b, f))
VP_SFP_TR(FCMGE_sv, pick_sv<Bin<FCmGe>>(b, f))
VP_SFP_TR(FACGE_sv, pick_sv<Bin<FAcGe>>(b, f))
VP_SFP_TR(FABD_sv, pick_sv<Bin<FAbd>>(b, f))
VP_SFP_TR(FCMGT_sv, pick_sv<Bin<FCmGt>>(b, f))
VP_SFP_TR(FACGT_sv, pick_sv<Bin<FAcGt>>(b, f))

// C4.1.90 Advanced SIMD across lanes (floating-point)
VP_SFP_TR(FMAXNMV_v, pick_across<FMaxNum>(b, f))
VP_SFP_TR(FMAXV_v, pick_across<FMax>(b, f))
VP_SFP_TR(FMINNMV_v, pick_across<FMinNum>(b, f))
VP_SFP_TR(FMINV_v, pick_across<FMin>(b, f))

// C4.1.90 Advanced SIMD scalar pairwise (floating-point)
VP_SFP_TR(FMAXNMP_sv, pick_sv<SPair<FMaxNum>>(b, f))
VP_SFP_TR(FADDP_sv, pick_sv<SPair<FAdd>>(b, f))
VP_SFP_TR(FMAXP_sv, pick_sv<SPair<FMax>>(b, f))
VP_SFP_TR(FMINNMP_sv, pick_sv<SPair<FMinNum>>(b, f))
VP_SFP_TR(FMINP_sv, pick_sv<SPair<FMin>>(b, f))

}  // namespace vp::iss
