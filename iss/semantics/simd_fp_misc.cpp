// AdvSIMD floating-point two-register miscellaneous, vector and scalar (ARM ARM C4.1.90;
// C7.2 FRINT*, FCVT*, SCVTF/UCVTF, FCVTN/FCVTL/FCVTXN, FABS, FNEG, FSQRT, FCM* #0.0,
// FRECPE, FRSQRTE, FRECPX, URECPE, URSQRTE).
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

bool pick_fcvtn(Builder& b, const Fields& f, bool xn) {
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

bool pick_fcvtl(Builder& b, const Fields& f) {
    const bool q = f.Q();
    if (f.sz())
        b.op.fn = q ? op_fcvtl<uint64_t, uint32_t, true> : op_fcvtl<uint64_t, uint32_t, false>;
    else
        b.op.fn = q ? op_fcvtl<uint32_t, uint16_t, true> : op_fcvtl<uint32_t, uint16_t, false>;
    set_regs(b, f);
    return true;
}

bool pick_fcvtxn_s(Builder& b, const Fields& f) {
    if (!f.sz()) return b.unimp("FCVTXN: sz = 0 is reserved");
    b.op.fn = op_fcvtxn_s;
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

}  // namespace

// C4.1.90 Advanced SIMD two-register miscellaneous (floating-point)
VP_SFP_TR(FCVTN_v, pick_fcvtn(b, f, false))
VP_SFP_TR(FCVTL_v, pick_fcvtl(b, f))
VP_SFP_TR(FRINTN_v, pick_v<Un<RN>>(b, f))
VP_SFP_TR(FRINTM_v, pick_v<Un<RM>>(b, f))
VP_SFP_TR(FCVTNS_v, pick_v<Un<CvtN<false>>>(b, f))
VP_SFP_TR(FCVTMS_v, pick_v<Un<CvtM<false>>>(b, f))
VP_SFP_TR(FCVTAS_v, pick_v<Un<CvtA<false>>>(b, f))
VP_SFP_TR(SCVTF_v, pick_v<Un<FromFixed<false>>>(b, f))
VP_SFP_TR(FCMGT_z_v, pick_v<Un<FCmZ<Cmp::gt>>>(b, f))
VP_SFP_TR(FCMEQ_z_v, pick_v<Un<FCmZ<Cmp::eq>>>(b, f))
VP_SFP_TR(FCMLT_z_v, pick_v<Un<FCmZ<Cmp::lt>>>(b, f))
VP_SFP_TR(FABS_v, pick_v<Un<FAbs>>(b, f))
VP_SFP_TR(FRINTP_v, pick_v<Un<RP>>(b, f))
VP_SFP_TR(FRINTZ_v, pick_v<Un<RZ>>(b, f))
VP_SFP_TR(FCVTPS_v, pick_v<Un<CvtP<false>>>(b, f))
VP_SFP_TR(FCVTZS_v, pick_v<Un<CvtZ<false>>>(b, f))
VP_SFP_TR(URECPE_v, pick_v32<URecpE>(b, f))
VP_SFP_TR(FRECPE_v, pick_v<Un<FRecpE>>(b, f))
VP_SFP_TR(FCVTXN_v, pick_fcvtn(b, f, true))
VP_SFP_TR(FRINTA_v, pick_v<Un<RA>>(b, f))
VP_SFP_TR(FRINTX_v, pick_v<Un<RX>>(b, f))
VP_SFP_TR(FCVTNU_v, pick_v<Un<CvtN<true>>>(b, f))
VP_SFP_TR(FCVTMU_v, pick_v<Un<CvtM<true>>>(b, f))
VP_SFP_TR(FCVTAU_v, pick_v<Un<CvtA<true>>>(b, f))
VP_SFP_TR(UCVTF_v, pick_v<Un<FromFixed<true>>>(b, f))
VP_SFP_TR(FCMGE_z_v, pick_v<Un<FCmZ<Cmp::ge>>>(b, f))
VP_SFP_TR(FCMLE_z_v, pick_v<Un<FCmZ<Cmp::le>>>(b, f))
VP_SFP_TR(FNEG_v, pick_v<Un<FNeg>>(b, f))
VP_SFP_TR(FRINTI_v, pick_v<Un<RI>>(b, f))
VP_SFP_TR(FCVTPU_v, pick_v<Un<CvtP<true>>>(b, f))
VP_SFP_TR(FCVTZU_v, pick_v<Un<CvtZ<true>>>(b, f))
VP_SFP_TR(URSQRTE_v, pick_v32<URsqrtE>(b, f))
VP_SFP_TR(FRSQRTE_v, pick_v<Un<FRsqrtE>>(b, f))
VP_SFP_TR(FSQRT_v, pick_v<Un<FSqrt>>(b, f))

// C4.1.90 Advanced SIMD scalar two-register miscellaneous (floating-point)
VP_SFP_TR(FCVTNS_sv, pick_sv<Un<CvtN<false>>>(b, f))
VP_SFP_TR(FCVTMS_sv, pick_sv<Un<CvtM<false>>>(b, f))
VP_SFP_TR(FCVTAS_sv, pick_sv<Un<CvtA<false>>>(b, f))
VP_SFP_TR(SCVTF_sv, pick_sv<Un<FromFixed<false>>>(b, f))
VP_SFP_TR(FCMGT_z_sv, pick_sv<Un<FCmZ<Cmp::gt>>>(b, f))
VP_SFP_TR(FCMEQ_z_sv, pick_sv<Un<FCmZ<Cmp::eq>>>(b, f))
VP_SFP_TR(FCMLT_z_sv, pick_sv<Un<FCmZ<Cmp::lt>>>(b, f))
VP_SFP_TR(FCVTPS_sv, pick_sv<Un<CvtP<false>>>(b, f))
VP_SFP_TR(FCVTZS_sv, pick_sv<Un<CvtZ<false>>>(b, f))
VP_SFP_TR(FRECPE_sv, pick_sv<Un<FRecpE>>(b, f))
VP_SFP_TR(FRECPX_sv, pick_sv<Un<FRecpX>>(b, f))
VP_SFP_TR(FCVTXN_sv, pick_fcvtxn_s(b, f))
VP_SFP_TR(FCVTNU_sv, pick_sv<Un<CvtN<true>>>(b, f))
VP_SFP_TR(FCVTMU_sv, pick_sv<Un<CvtM<true>>>(b, f))
VP_SFP_TR(FCVTAU_sv, pick_sv<Un<CvtA<true>>>(b, f))
VP_SFP_TR(UCVTF_sv, pick_sv<Un<FromFixed<true>>>(b, f))
VP_SFP_TR(FCMGE_z_sv, pick_sv<Un<FCmZ<Cmp::ge>>>(b, f))
VP_SFP_TR(FCMLE_z_sv, pick_sv<Un<FCmZ<Cmp::le>>>(b, f))
VP_SFP_TR(FCVTPU_sv, pick_sv<Un<CvtP<true>>>(b, f))
VP_SFP_TR(FCVTZU_sv, pick_sv<Un<CvtZ<true>>>(b, f))
VP_SFP_TR(FRSQRTE_sv, pick_sv<Un<FRsqrtE>>(b, f))

}  // namespace vp::iss
