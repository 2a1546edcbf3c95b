// AdvSIMD floating-point by-element forms (vector and scalar x indexed element) and the
// fixed-point conversions of the shift-by-immediate groups (ARM ARM C4.1.90; C7.2 FMLA/FMLS/
// FMUL/FMULX (by element), SCVTF/UCVTF/FCVTZS/FCVTZU (vector, fixed-point)).
#include "iss/frontend/row_binding.h"
#include "iss/semantics/simd_fp.h"

namespace vp::iss {
using namespace sem;
using namespace sem::sfp;

namespace {

// Index H:L (single) or H (double, L = 1 reserved); Rm = M:Rm for both. Double vectors need Q.
template <class K, bool scalar>
bool pick_elem(Builder& b, const Fields& f) {
    const bool q = !scalar && f.Q(), sz = f.sz();
    unsigned index;
    if (sz) {
        if (f.L()) return b.unimp("FP by element: sz:L = 11 is reserved");
        if (!scalar && !q) return b.unimp("FP by element: sz = 1 with Q = 0 is reserved");
        index = f.H();
    } else {
        index = f.H() << 1 | f.L();
    }
    if (scalar)
        b.op.fn = sz ? &K::template fn<uint64_t, 1> : &K::template fn<uint32_t, 1>;
    else
        b.op.fn = sz  ? &K::template fn<uint64_t, 2>
                  : q ? &K::template fn<uint32_t, 4>
                      : &K::template fn<uint32_t, 2>;
    set_regs(b, f);
    b.op.m = uint8_t(f.M() << 4 | f.Rm());
    b.op.f0 = uint8_t(index);
    return true;
}

// Vector fixed-point conversions. Rows with immh = 01xx: 2S/4S, fbits = 64 - immh:immb =
// 32 - i; rows with immh = 1xxx: 2D (Q = 0 reserved), fbits = 128 - immh:immb = 64 - i, where i
// = immh:immb without the fixed bits of immh.
template <class OP, bool dbl>
bool pick_fix_v(Builder& b, const Fields& f) {
    const bool q = f.Q();
    if (dbl) {
        if (!q) return b.unimp("FP fixed-point conversion: 2D needs Q = 1");
        b.op.fn = Un<OP>::template fn<uint64_t, 2>;
        b.op.f0 = uint8_t(64 - (f.immh() << 3 | f.immb()));
    } else {
        b.op.fn = q ? Un<OP>::template fn<uint32_t, 4> : Un<OP>::template fn<uint32_t, 2>;
        b.op.f0 = uint8_t(32 - (f.immh() << 3 | f.immb()));
    }
    set_regs(b, f);
    return true;
}

// Scalar fixed-point conversions: i = immh:immb; immh = 1xxx D (fbits = 128 - i), 01xx S
// (fbits = 64 - i); 000x is reserved and 001x (half) needs FEAT_FP16.
template <class OP>
bool pick_fix_sv(Builder& b, const Fields& f) {
    const unsigned immh = f.immh(), i = immh << 3 | f.immb();
    if (immh & 8) {
        b.op.fn = Un<OP>::template fn<uint64_t, 1>;
        b.op.f0 = uint8_t(128 - i);
    } else if (immh & 4) {
        b.op.fn = Un<OP>::template fn<uint32_t, 1>;
        b.op.f0 = uint8_t(64 - i);
    } else {
        return b.unimp("FP fixed-point conversion: immh = 000x is reserved, 001x needs FEAT_FP16");
    }
    set_regs(b, f);
    return true;
}

template <bool U>
using ToFixZ = FToFixed<fp::Rounding::Zero, U>;

}  // namespace

// C4.1.90 Advanced SIMD vector x indexed element (floating-point)

// C4.1.90 Advanced SIMD scalar x indexed element (floating-point)

// C4.1.90 Advanced SIMD shift by immediate: fixed-point conversions

// C4.1.90 Advanced SIMD scalar shift by immediate: fixed-point conversions

#define VP_ROWS_pick_elem VP_DEFINED_HERE
#define VP_ROWS_pick_fix_sv VP_DEFINED_HERE
#define VP_ROWS_pick_fix_v VP_DEFINED_HERE
#include "iss/frontend/bind_rows.inc"

}  // namespace vp::iss
