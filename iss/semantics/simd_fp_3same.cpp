// AdvSIMD floating-point three same (vector and scalar), pairwise and across-lanes forms
// (ARM ARM C4.1.90; C7.2 FADD (vector) ... FMINV).
#include "iss/frontend/row_binding.h"
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

// C4.1.90 Advanced SIMD scalar three same (floating-point)

// C4.1.90 Advanced SIMD across lanes (floating-point)

// C4.1.90 Advanced SIMD scalar pairwise (floating-point)

#define VP_ROWS_pick_across VP_DEFINED_HERE
#define VP_ROWS_pick_sv VP_DEFINED_HERE
#define VP_ROWS_pick_v VP_DEFINED_HERE
#include "iss/frontend/bind_rows.inc"

}  // namespace vp::iss
