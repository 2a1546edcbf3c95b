// AdvSIMD floating-point two-register miscellaneous, vector and scalar (ARM ARM C4.1.90;
// C7.2 FRINT*, FCVT*, SCVTF/UCVTF, FCVTN/FCVTL/FCVTXN, FABS, FNEG, FSQRT, FCM* #0.0,
// FRECPE, FRSQRTE, FRECPX, URECPE, URSQRTE).
#include "iss/frontend/row_binding.h"
#include "iss/semantics/simd_fp.h"

namespace vp::iss {
using namespace sem;
using namespace sem::sfp;

namespace {

constexpr Rounding kFpcrRounding = Rounding(0xff);  // FPRoundingMode(FPCR) at run time

// FPRoundInt(op, rounding, exact): FRINTN/P/M/Z/A fixed, FRINTI/FRINTX from FPCR.
template <Rounding R, bool EXACT>
struct FRint {
    template <class T>
    static T f(T a, const Op*, Cpu& c) {
        const Rounding r = R == kFpcrRounding ? fp::fpcr_rounding(c.fpcr) : R;
        return fp::round_int(a, c.fpcr, r, EXACT, c.fpsr);
    }
};
struct FAbs {
    template <class T>
    static T f(T a, const Op*, Cpu&) {
        return fp::abs(a);
    }
};
struct FNeg {
    template <class T>
    static T f(T a, const Op*, Cpu&) {
        return fp::neg(a);
    }
};
struct FSqrt {
    template <class T>
    static T f(T a, const Op*, Cpu& c) {
        return fp::sqrt(a, c.fpcr, c.fpsr);
    }
};
struct FRecpE {
    template <class T>
    static T f(T a, const Op*, Cpu& c) {
        return fp::recip_estimate(a, c.fpcr, c.fpsr);
    }
};
struct FRsqrtE {
    template <class T>
    static T f(T a, const Op*, Cpu& c) {
        return fp::rsqrt_estimate(a, c.fpcr, c.fpsr);
    }
};
struct FRecpX {
    template <class T>
    static T f(T a, const Op*, Cpu& c) {
        return fp::recpx(a, c.fpcr, c.fpsr);
    }
};
// URECPE/URSQRTE: 32-bit elements only.
struct URecpE {
    static uint32_t f(uint32_t a, const Op*, Cpu&) { return fp::unsigned_recip_estimate(a); }
};
struct URsqrtE {
    static uint32_t f(uint32_t a, const Op*, Cpu&) { return fp::unsigned_rsqrt_estimate(a); }
};

// Compare with #0.0: EQ/GE/GT compare (element, 0); LE/LT are GE/GT with the operands swapped.
enum class Cmp { eq, ge, gt, le, lt };
template <Cmp K>
struct FCmZ {
    template <class T>
    static T f(T a, const Op*, Cpu& c) {
        bool r;
        if constexpr (K == Cmp::eq)
            r = fp::compare_eq<T>(a, 0, c.fpcr, c.fpsr);
        else if constexpr (K == Cmp::ge)
            r = fp::compare_ge<T>(a, 0, c.fpcr, c.fpsr);
        else if constexpr (K == Cmp::gt)
            r = fp::compare_gt<T>(a, 0, c.fpcr, c.fpsr);
        else if constexpr (K == Cmp::le)
            r = fp::compare_ge<T>(0, a, c.fpcr, c.fpsr);
        else
            r = fp::compare_gt<T>(0, a, c.fpcr, c.fpsr);
        return mask<T>(r);
    }
};

// FCVTN/FCVTN2, FCVTXN/FCVTXN2: the 2*esize elements of V[n] narrowed into Vpart[d, Q]: the
// lower half (upper half cleared) or the upper half (lower half kept).
template <class To, class From, bool ODD, bool UPPER>
const Op* op_fcvtn(Cpu& c, const Op* o) {
    const Vec a = vread(c, o->n);
    Vec r;
    if (UPPER) r = vread(c, o->d);
    constexpr unsigned n = 8 / sizeof(To);
    const Rounding rm = ODD ? Rounding::Odd : fp::fpcr_rounding(c.fpcr);
    for (unsigned i = 0; i < n; ++i)
        r.set<To>(i + (UPPER ? n : 0), fp::convert<To, From>(a.get<From>(i), c.fpcr, rm, c.fpsr));
    vwrite(c, o->d, r);
    return next(c, o);
}

// FCVTL/FCVTL2: the elements of Vpart[n, Q] widened into the whole of V[d].
template <class To, class From, bool UPPER>
const Op* op_fcvtl(Cpu& c, const Op* o) {
    const Vec a = vread(c, o->n);
    Vec r;
    constexpr unsigned n = 8 / sizeof(From);
    for (unsigned i = 0; i < n; ++i)
        r.set<To>(i, fp::convert<To, From>(a.get<From>(i + (UPPER ? n : 0)), c.fpcr,
                                           fp::fpcr_rounding(c.fpcr), c.fpsr));
    vwrite(c, o->d, r);
    return next(c, o);
}

// FCVTXN (scalar): Sd = FPConvert(Dn, FPCR, FPRounding_ODD).
const Op* op_fcvtxn_s(Cpu& c, const Op* o) {
    swrite<uint32_t>(
        c, o->d, fp::convert<uint32_t, uint64_t>(sread<uint64_t>(c, o->n), c.fpcr, Rounding::Odd, c.fpsr));
    return next(c, o);
}

template <bool xn>
bool pick_fcvtn(Builder& b, const Fields& f) {
    const bool q = f.Q(), sz = f.sz();
    if (xn && !sz) return b.unimp("FCVTXN: sz = 0 is reserved");
    if (sz)
        b.op.fn =
            xn ? (q ? op_fcvtn<uint32_t, uint64_t, true, true> : op_fcvtn<uint32_t, uint64_t, true, false>)
               : (q ? op_fcvtn<uint32_t, uint64_t, false, true> : op_fcvtn<uint32_t, uint64_t, false, false>);
    else
        b.op.fn = q ? op_fcvtn<uint16_t, uint32_t, false, true> : op_fcvtn<uint16_t, uint32_t, false, false>;
    set_regs(b, f);
    return true;
}

// URECPE/URSQRTE: 2S/4S only (sz = 1 is reserved).
template <class OP>
bool pick_v32(Builder& b, const Fields& f) {
    if (f.sz()) return b.unimp("URECPE/URSQRTE: sz = 1 is reserved");
    b.op.fn = f.Q() ? Un<OP>::template fn<uint32_t, 4> : Un<OP>::template fn<uint32_t, 2>;
    set_regs(b, f);
    return true;
}

using RN = FRint<Rounding::TieEven, false>;
using RM = FRint<Rounding::NegInf, false>;
using RP = FRint<Rounding::PosInf, false>;
using RZ = FRint<Rounding::Zero, false>;
using RA = FRint<Rounding::TieAway, false>;
using RX = FRint<kFpcrRounding, true>;
using RI = FRint<kFpcrRounding, false>;
template <bool U>
using CvtN = FToFixed<Rounding::TieEven, U>;
template <bool U>
using CvtM = FToFixed<Rounding::NegInf, U>;
template <bool U>
using CvtP = FToFixed<Rounding::PosInf, U>;
template <bool U>
using CvtZ = FToFixed<Rounding::Zero, U>;
template <bool U>
using CvtA = FToFixed<Rounding::TieAway, U>;

// This file's rows name unary_v/unary_sv, the three-same rows of simd_fp_3same.cpp pick_v/pick_sv
// (simd_fp.h): a template is bound to rows by one file only (row_binding.h).
template <class K>
bool unary_v(Builder& b, const Fields& f) {
    return pick_v<K>(b, f);
}
template <class K>
bool unary_sv(Builder& b, const Fields& f) {
    return pick_sv<K>(b, f);
}

}  // namespace

bool tr_FCVTL_v(Builder& b, const Fields& f) {
    const bool q = f.Q();
    if (f.sz())
        b.op.fn = q ? op_fcvtl<uint64_t, uint32_t, true> : op_fcvtl<uint64_t, uint32_t, false>;
    else
        b.op.fn = q ? op_fcvtl<uint32_t, uint16_t, true> : op_fcvtl<uint32_t, uint16_t, false>;
    set_regs(b, f);
    return true;
}

bool tr_FCVTXN_sv(Builder& b, const Fields& f) {
    if (!f.sz()) return b.unimp("FCVTXN: sz = 0 is reserved");
    b.op.fn = op_fcvtxn_s;
    set_regs(b, f);
    return true;
}

// C4.1.90 Advanced SIMD two-register miscellaneous (floating-point)

// C4.1.90 Advanced SIMD scalar two-register miscellaneous (floating-point)

#define VP_ROWS_pick_fcvtn VP_DEFINED_HERE
#define VP_ROWS_unary_sv VP_DEFINED_HERE
#define VP_ROWS_unary_v VP_DEFINED_HERE
#define VP_ROWS_pick_v32 VP_DEFINED_HERE
#include "iss/frontend/bind_rows.inc"

}  // namespace vp::iss
