// Advanced SIMD three different, vector x indexed element (integer), and their scalar forms
// (ARM ARM C4.1.90 / C7.2).
#include "iss/frontend/row_binding.h"
#include "iss/semantics/simd_int.h"

namespace vp::iss {
using namespace simd_int;

namespace {

// ADDHN/RADDHN/SUBHN/RSUBHN: the high halves of the wide sums/differences (+ rounding
// constant), written to the lower (part 0, upper half cleared) or upper half (part 1, lower
// half kept) of Vd.
template <class T, bool Subtract, bool Round>
const Op* op_hn(Cpu& c, const Op* o) {
    using W = wide_t<T>;
    constexpr unsigned esize = sizeof(T) * 8;
    const Vec n = sem::vread(c, o->n), m = sem::vread(c, o->m), d = sem::vread(c, o->d);
    Vec r;
    const unsigned lanes = o->f0, part = o->f1;
    if (part) r.d[0] = d.d[0];
    for (unsigned i = 0; i < lanes; ++i) {
        uint64_t a = n.get<W>(i), b = m.get<W>(i);
        uint64_t v = (Subtract ? a - b : a + b) + (Round ? uint64_t(1) << (esize - 1) : 0);
        r.set<T>(part * lanes + i, T(W(v) >> esize));
    }
    sem::vwrite(c, o->d, r);
    return next(c, o);
}

// PMULL/PMULL2 with 8-bit elements: 16-bit polynomial products.
const Op* op_pmull8(Cpu& c, const Op* o) {
    const Vec n = sem::vread(c, o->n), m = sem::vread(c, o->m);
    Vec r;
    const unsigned base = o->f1 * 8;
    for (unsigned i = 0; i < 8; ++i) {
        unsigned a = n.get<uint8_t>(base + i), b = m.get<uint8_t>(base + i), p = 0;
        for (unsigned j = 0; j < 8; ++j)
            if ((b >> j) & 1) p ^= a << j;
        r.set<uint16_t>(i, uint16_t(p));
    }
    sem::vwrite(c, o->d, r);
    return next(c, o);
}

void regs(Builder& b, const Fields& f) {
    b.op.d = uint8_t(f.Rd());
    b.op.n = uint8_t(f.Rn());
    b.op.m = uint8_t(f.Rm());
}

// Vector long / wide forms: size 11 reserved; QD forms also size 00 (C7.2).
template <template <class> class F, bool S, bool WideN, bool hs_only>
bool vec_long(Builder& b, const Fields& f) {
    unsigned size = f.size();
    if (size == 3 || (hs_only && size == 0)) return b.unimp("reserved size");
    regs(b, f);
    b.op.f0 = uint8_t(8 >> size);
    b.op.f1 = uint8_t(f.Q());
    b.op.fn = pick_long<F, S, WideN, false>(size);
    return true;
}

template <bool Subtract, bool Round>
bool vec_hn(Builder& b, const Fields& f) {
    unsigned size = f.size();
    if (size == 3) return b.unimp("reserved size");
    regs(b, f);
    b.op.f0 = uint8_t(8 >> size);
    b.op.f1 = uint8_t(f.Q());
    OpFn fns[3] = {op_hn<uint8_t, Subtract, Round>, op_hn<uint16_t, Subtract, Round>,
                   op_hn<uint32_t, Subtract, Round>};
    b.op.fn = fns[size];
    return true;
}

// Scalar three different (SQDMLAL/SQDMLSL/SQDMULL): H -> S or S -> D.
template <template <class> class F>
bool scalar_long(Builder& b, const Fields& f) {
    unsigned size = f.size();
    if (size != 1 && size != 2) return b.unimp("reserved size");
    regs(b, f);
    b.op.f0 = 1;
    b.op.f1 = 0;
    b.op.fn = pick_long<F, true, false, false>(size);
    return true;
}

// By element (integer): size 01 or 10 only.
// Registers and element index of a by-element form (op.d, op.n, op.m, f2 = index); false (UNDEFINED)
// for the reserved sizes 00 and 11.
bool elem_operands(Builder& b, const Fields& f) {
    unsigned size = f.size(), index, rm;
    if (size != 1 && size != 2) return b.unimp("reserved size");
    elem_operand(size, f, index, rm);
    b.op.d = uint8_t(f.Rd());
    b.op.n = uint8_t(f.Rn());
    b.op.m = uint8_t(rm);
    b.op.f2 = uint8_t(index);
    return true;
}

template <template <class> class F, bool S, bool scalar>
bool elem_same(Builder& b, const Fields& f) {
    if (!elem_operands(b, f)) return false;
    const unsigned size = f.size();
    b.op.f0 = uint8_t(scalar ? 1 : (f.Q() ? 16 : 8) >> size);
    b.op.fn = pick_lanes<F, S, true>(size);
    return true;
}

template <template <class> class F, bool S, bool scalar>
bool elem_long(Builder& b, const Fields& f) {
    if (!elem_operands(b, f)) return false;
    const unsigned size = f.size();
    b.op.f0 = uint8_t(scalar ? 1 : 8 >> size);
    b.op.f1 = uint8_t(scalar ? 0 : f.Q());
    b.op.fn = pick_long<F, S, false, true>(size);
    return true;
}

}  // namespace

bool tr_PMULL_v(Builder& b, const Fields& f) {
    // size 00: 8-bit; 11: the 64-bit (1Q) form is FEAT_PMULL (crypto), not implemented; 01/10
    // are reserved.
    if (f.size() != 0)
        return b.unimp(f.size() == 3 ? "PMULL 1Q (crypto extension) not implemented" : "reserved size");
    regs(b, f);
    b.op.f1 = uint8_t(f.Q());
    b.op.fn = op_pmull8;
    return true;
}

#define VP_ROWS_elem_long VP_DEFINED_HERE
#define VP_ROWS_elem_same VP_DEFINED_HERE
#define VP_ROWS_scalar_long VP_DEFINED_HERE
#define VP_ROWS_vec_hn VP_DEFINED_HERE
#define VP_ROWS_vec_long VP_DEFINED_HERE
#include "iss/frontend/bind_rows.inc"

}  // namespace vp::iss
