// Loads and stores -- register pairs, exclusives and load-acquire/store-release
// (ARM ARM C4.1.88, B2.9 exclusive monitors).
#include "iss/frontend/row_binding.h"
#include "iss/semantics/ldst_addr.h"
#include "iss/semantics/sem.h"

namespace vp::iss {
using namespace sem;

namespace {

// KIND: 0 store, 1 load, 2 load signed word (LDPSW).

// Both registers in one access of 2 * sizeof(U) bytes, each register its own single-copy access
// (elem); SLOW: the out-of-line instance a fast-path miss continues in (sem::mem_access).
template <class U, unsigned KIND, unsigned MODE, bool ALIGN, bool SLOW = false>
[[gnu::noinline]] const Op* op_pair(Cpu& c, const Op* o) {
    const uint64_t addr = ldst_address<MODE>(c, o);
    if (!c.aligned<Cpu::align_rule(ALIGN)>(addr, sizeof(U))) [[unlikely]]  // each register is one access
        return c.data_abort(o, KIND == 0);
    U v[2];
    if constexpr (KIND == 0) {
        v[0] = U(c.x[o->a]);
        v[1] = U(c.x[o->m]);
    }
    const Mem r = mem_access<SLOW>(c, addr, v, sizeof(v), {.write = KIND == 0, .elem = sizeof(U)});
    if (r == Mem::miss) [[unlikely]]
        return op_pair<U, KIND, MODE, ALIGN, true>(c, o);
    if (r == Mem::fault) [[unlikely]]
        return c.data_abort(o, KIND == 0);
    if constexpr (KIND == 2) {
        c.x[o->d] = uint64_t(int64_t(int32_t(v[0])));
        c.x[o->f0] = uint64_t(int64_t(int32_t(v[1])));
    } else if constexpr (KIND == 1) {
        c.x[o->d] = v[0];
        c.x[o->f0] = v[1];
    }
    ldst_writeback<MODE>(c, o, addr);
    if constexpr (SLOW)
        if (c.exit_req) [[unlikely]]
            return c.exit_after(o);
    return next(c, o);
}

template <unsigned KIND, unsigned MODE, bool ALIGN>
OpFn pick_pair(bool wide) {
    if (KIND == 2) return op_pair<uint32_t, 2, MODE, ALIGN>;
    return wide ? op_pair<uint64_t, KIND, MODE, ALIGN> : op_pair<uint32_t, KIND, MODE, ALIGN>;
}

template <unsigned KIND, unsigned MODE>
bool tr_pair(Builder& b, const Fields& f) {
    bool wide = KIND != 2 && f.opc();
    unsigned scale = wide ? 3 : 2;
    b.op.fn = b.cpu.align_checked() ? pick_pair<KIND, MODE, true>(wide) : pick_pair<KIND, MODE, false>(wide);
    b.op.n = src_sp(f.Rn());
    b.op.imm = uint64_t(sext(f.imm(), 7)) << scale;
    if (KIND == 0) {
        b.op.a = src_zr(f.Rt());
        b.op.m = src_zr(f.Rt2());
    } else {
        b.op.d = dst_zr(f.Rt());
        b.op.f0 = dst_zr(f.Rt2());
    }
    return true;
}

// Exclusives and acquire/release must be naturally aligned (B2.5.2): alignment fault otherwise.
template <class U, bool ORDERED_ONLY>
const Op* op_ldx(Cpu& c, const Op* o) {
    uint64_t addr = c.x[o->n];
    if (!c.aligned<Cpu::AlignRule::natural>(addr, sizeof(U))) return c.data_abort(o, false);
    U v;
    if (!c.load<U>(addr, v)) [[unlikely]]
        return c.data_abort(o, false);
    if (!ORDERED_ONLY) c.excl_mark(addr);
    c.x[o->d] = v;
    return next(c, o);
}

template <class U>
const Op* op_stlr(Cpu& c, const Op* o) {
    uint64_t addr = c.x[o->n];
    if (!c.aligned<Cpu::AlignRule::natural>(addr, sizeof(U))) return c.data_abort(o, true);
    if (!c.store<U>(addr, U(c.x[o->a]))) [[unlikely]]
        return c.data_abort(o, true);
    if (c.exit_req) [[unlikely]]
        return c.exit_after(o);
    return next(c, o);
}

template <class U>
const Op* op_stx(Cpu& c, const Op* o) {
    uint64_t addr = c.x[o->n];
    if (!c.aligned<Cpu::AlignRule::natural>(addr, sizeof(U))) return c.data_abort(o, true);
    uint64_t status = 1;
    if (c.excl_check(addr, sizeof(U))) {
        if (!c.store<U>(addr, U(c.x[o->a]))) [[unlikely]]
            return c.data_abort(o, true);
        status = 0;
    }
    c.excl_clear();
    c.x[o->f0] = status;
    if (c.exit_req) [[unlikely]]
        return c.exit_after(o);
    return next(c, o);
}

// LDXP/LDAXP: the pair is one single-copy-atomic access aligned to its total size.
template <class U>
const Op* op_ldxp(Cpu& c, const Op* o) {
    uint64_t addr = c.x[o->n];
    if (!c.aligned<Cpu::AlignRule::natural>(addr, 2 * sizeof(U))) return c.data_abort(o, false);
    U v1, v2;
    if (!c.load<U>(addr, v1) || !c.load<U>(addr + sizeof(U), v2)) [[unlikely]]
        return c.data_abort(o, false);
    c.excl_mark(addr);
    c.x[o->d] = v1;
    c.x[o->f1] = v2;
    return next(c, o);
}

template <class U>
const Op* op_stxp(Cpu& c, const Op* o) {
    uint64_t addr = c.x[o->n];
    if (!c.aligned<Cpu::AlignRule::natural>(addr, 2 * sizeof(U))) return c.data_abort(o, true);
    uint64_t status = 1;
    if (c.excl_check(addr, 2 * sizeof(U))) {
        if (!c.store<U>(addr, U(c.x[o->a])) || !c.store<U>(addr + sizeof(U), U(c.x[o->m]))) [[unlikely]]
            return c.data_abort(o, true);
        status = 0;
    }
    c.excl_clear();
    c.x[o->f0] = status;
    if (c.exit_req) [[unlikely]]
        return c.exit_after(o);
    return next(c, o);
}

template <template <class> class OPT>
OpFn by_size(unsigned size) {
    switch (size) {
        case 0: return OPT<uint8_t>::fn;
        case 1: return OPT<uint16_t>::fn;
        case 2: return OPT<uint32_t>::fn;
        default: return OPT<uint64_t>::fn;
    }
}
template <class U>
struct Ldx {
    static constexpr OpFn fn = op_ldx<U, false>;
};
template <class U>
struct Ldar {
    static constexpr OpFn fn = op_ldx<U, true>;
};
template <class U>
struct Stx {
    static constexpr OpFn fn = op_stx<U>;
};
template <class U>
struct Stlr {
    static constexpr OpFn fn = op_stlr<U>;
};

bool ldx(Builder& b, const Fields& f, OpFn fn) {
    b.op.fn = fn;
    b.op.n = src_sp(f.Rn());
    b.op.d = dst_zr(f.Rt());
    return true;
}
bool stx(Builder& b, const Fields& f, OpFn fn) {
    b.op.fn = fn;
    b.op.n = src_sp(f.Rn());
    b.op.a = src_zr(f.Rt());
    b.op.m = src_zr(f.Rt2());
    b.op.f0 = dst_zr(f.Rs());
    return true;
}
// LDXR/LDAXR/LDAR, STXR/STLXR/STLR: OPT<U> per access size.
template <template <class> class OPT>
bool tr_ldx(Builder& b, const Fields& f) {
    return ldx(b, f, by_size<OPT>(f.size()));
}
template <template <class> class OPT>
bool tr_stx(Builder& b, const Fields& f) {
    return stx(b, f, by_size<OPT>(f.size()));
}

}  // namespace

bool tr_LDXP(Builder& b, const Fields& f) {
    ldx(b, f, f.sz() ? op_ldxp<uint64_t> : op_ldxp<uint32_t>);
    b.op.f1 = dst_zr(f.Rt2());
    return true;
}
bool tr_STXP(Builder& b, const Fields& f) {
    return stx(b, f, f.sz() ? op_stxp<uint64_t> : op_stxp<uint32_t>);
}

#define VP_ROWS_tr_ldx VP_DEFINED_HERE
#define VP_ROWS_tr_pair VP_DEFINED_HERE
#define VP_ROWS_tr_stx VP_DEFINED_HERE
#include "iss/frontend/bind_rows.inc"

}  // namespace vp::iss
