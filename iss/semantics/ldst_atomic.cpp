// Loads and stores -- FEAT_LSE: compare and swap, atomic memory operations, swap
// (ARM ARM C4.1.88, C6.2 CAS/CASP/LD<op>/SWP). The simulator runs one core at a time, so a
// read-modify-write through the normal access path is single-copy atomic; the acquire/release
// variants need no extra ordering. Accesses must be naturally aligned (B2.5.2).
#include "iss/frontend/row_binding.h"
#include "iss/semantics/sem.h"

namespace vp::iss {
using namespace sem;

namespace {

enum AtomicOp : unsigned { ADD, CLR, EOR, SET, SMAX, SMIN, UMAX, UMIN, SWAP };

template <class U, unsigned OP>
const Op* op_atomic(Cpu& c, const Op* o) {
    using S = std::make_signed_t<U>;
    uint64_t addr = c.x[o->n];
    if (!c.aligned<Cpu::AlignRule::natural>(addr, sizeof(U))) return c.data_abort(o, false);
    U old, v = U(c.x[o->m]), r;
    if (!c.load<U>(addr, old)) [[unlikely]]
        return c.data_abort(o, false);
    if constexpr (OP == ADD)
        r = U(old + v);
    else if constexpr (OP == CLR)
        r = U(old & ~v);
    else if constexpr (OP == EOR)
        r = U(old ^ v);
    else if constexpr (OP == SET)
        r = U(old | v);
    else if constexpr (OP == SMAX)
        r = S(old) > S(v) ? old : v;
    else if constexpr (OP == SMIN)
        r = S(old) < S(v) ? old : v;
    else if constexpr (OP == UMAX)
        r = old > v ? old : v;
    else if constexpr (OP == UMIN)
        r = old < v ? old : v;
    else
        r = v;
    if (!c.store<U>(addr, r)) [[unlikely]]
        return c.data_abort(o, true);
    c.x[o->d] = old;
    if (c.exit_req) [[unlikely]]
        return c.exit_after(o);
    return next(c, o);
}

// CAS: Rs holds the compare value and receives the old memory value; Rt is the new value.
template <class U>
const Op* op_cas(Cpu& c, const Op* o) {
    uint64_t addr = c.x[o->n];
    if (!c.aligned<Cpu::AlignRule::natural>(addr, sizeof(U))) return c.data_abort(o, false);
    U old;
    if (!c.load<U>(addr, old)) [[unlikely]]
        return c.data_abort(o, false);
    if (old == U(c.x[o->m]) && !c.store<U>(addr, U(c.x[o->a]))) [[unlikely]]
        return c.data_abort(o, true);
    c.x[o->d] = old;
    if (c.exit_req) [[unlikely]]
        return c.exit_after(o);
    return next(c, o);
}

// CASP: even register pairs <Rs, Rs+1> (compare, receives old) and <Rt, Rt+1> (new).
template <class U>
const Op* op_casp(Cpu& c, const Op* o) {
    uint64_t addr = c.x[o->n];
    if (!c.aligned<Cpu::AlignRule::natural>(addr, 2 * sizeof(U))) return c.data_abort(o, false);
    U lo, hi;
    if (!c.load<U>(addr, lo) || !c.load<U>(addr + sizeof(U), hi)) [[unlikely]]
        return c.data_abort(o, false);
    if (lo == U(c.x[o->m]) && hi == U(c.x[o->f1])) {
        if (!c.store<U>(addr, U(c.x[o->a])) || !c.store<U>(addr + sizeof(U), U(c.x[o->f2]))) [[unlikely]]
            return c.data_abort(o, true);
    }
    c.x[o->d] = lo;
    c.x[o->f0] = hi;
    if (c.exit_req) [[unlikely]]
        return c.exit_after(o);
    return next(c, o);
}

// FEAT_LSE is optional in ARMv8.0 (Cortex-A57 has none): UNDEFINED unless CpuFeatures::lse.
bool lse(Builder& b) {
    return b.cpu.features().lse || b.unimp("FEAT_LSE not implemented (CpuFeatures::lse)");
}

template <unsigned OP>
bool tr_atomic(Builder& b, const Fields& f) {
    if (!lse(b)) return false;
    switch (f.size()) {
        case 0: b.op.fn = op_atomic<uint8_t, OP>; break;
        case 1: b.op.fn = op_atomic<uint16_t, OP>; break;
        case 2: b.op.fn = op_atomic<uint32_t, OP>; break;
        default: b.op.fn = op_atomic<uint64_t, OP>; break;
    }
    b.op.n = src_sp(f.Rn());
    b.op.m = src_zr(f.Rs());
    b.op.d = dst_zr(f.Rt());
    return true;
}

}  // namespace

bool tr_CAS(Builder& b, const Fields& f) {
    if (!lse(b)) return false;
    switch (f.size()) {
        case 0: b.op.fn = op_cas<uint8_t>; break;
        case 1: b.op.fn = op_cas<uint16_t>; break;
        case 2: b.op.fn = op_cas<uint32_t>; break;
        default: b.op.fn = op_cas<uint64_t>; break;
    }
    b.op.n = src_sp(f.Rn());
    b.op.m = src_zr(f.Rs());
    b.op.a = src_zr(f.Rt());
    b.op.d = dst_zr(f.Rs());
    return true;
}

bool tr_CASP(Builder& b, const Fields& f) {
    if (!lse(b)) return false;
    unsigned s = f.Rs(), t = f.Rt();
    if ((s & 1) || (t & 1)) return b.unimp("CASP with an odd register");
    b.op.fn = f.sz() ? op_casp<uint64_t> : op_casp<uint32_t>;
    b.op.n = src_sp(f.Rn());
    b.op.m = src_zr(s);
    b.op.f1 = src_zr(s + 1);
    b.op.a = src_zr(t);
    b.op.f2 = src_zr(t + 1);
    b.op.d = dst_zr(s);
    b.op.f0 = dst_zr(s + 1);
    return true;
}

#define VP_ROWS_tr_atomic VP_DEFINED_HERE
#include "iss/frontend/bind_rows.inc"

}  // namespace vp::iss
