// Loads and stores -- single register: unscaled, pre/post-indexed, unprivileged, register
// offset, unsigned offset and literal forms (ARM ARM C4.1.88).
#include "iss/frontend/row_binding.h"
#include "iss/semantics/ldst_addr.h"
#include "iss/semantics/sem.h"

namespace vp::iss {
using namespace sem;

namespace {

// KIND: 0 store, 1 load (zero-extend), 2 load sign-extended to 64, 3 sign-extended to 32 bits.

template <unsigned SZ>
struct UType;
template <>
struct UType<0> {
    using U = uint8_t;
    using S = int8_t;
};
template <>
struct UType<1> {
    using U = uint16_t;
    using S = int16_t;
};
template <>
struct UType<2> {
    using U = uint32_t;
    using S = int32_t;
};
template <>
struct UType<3> {
    using U = uint64_t;
    using S = int64_t;
};

template <unsigned SZ, unsigned KIND>
inline void put_loaded(Cpu& c, const Op* o, typename UType<SZ>::U v) {
    using S = typename UType<SZ>::S;
    if constexpr (KIND == 1)
        c.x[o->d] = v;
    else if constexpr (KIND == 2)
        c.x[o->d] = uint64_t(int64_t(S(v)));
    else
        c.x[o->d] = uint32_t(int32_t(S(v)));
}

// SLOW: the out-of-line instance that a fast-path miss continues in (sem::mem_access).
template <unsigned SZ, unsigned KIND, unsigned MODE, bool ALIGN, bool SLOW = false>
[[gnu::noinline]] const Op* op_ldst(Cpu& c, const Op* o) {
    using U = typename UType<SZ>::U;
    const uint64_t addr = ldst_address<MODE>(c, o, o->f1, o->f0);
    if (!c.aligned<Cpu::align_rule(ALIGN)>(addr, sizeof(U))) [[unlikely]]
        return c.data_abort(o, KIND == 0);
    const Cpu::AccessKind k{.write = KIND == 0, .unpriv = MODE == UNPRIV};
    U v = KIND == 0 ? U(c.x[o->a]) : 0;
    const Mem r = mem_access<SLOW>(c, addr, &v, sizeof(U), k);
    if (r == Mem::miss) [[unlikely]]
        return op_ldst<SZ, KIND, MODE, ALIGN, true>(c, o);
    if (r == Mem::fault) [[unlikely]]
        return c.data_abort(o, KIND == 0);
    if constexpr (KIND != 0) put_loaded<SZ, KIND>(c, o, v);
    ldst_writeback<MODE>(c, o, addr);
    if constexpr (SLOW)
        if (c.exit_req) [[unlikely]]
            return c.exit_after(o);
    return next(c, o);
}

template <class U, bool SIGNED, bool ALIGN, bool SLOW = false>
[[gnu::noinline]] const Op* op_ldr_lit(Cpu& c, const Op* o) {
    if (!c.aligned<Cpu::align_rule(ALIGN)>(o->imm, sizeof(U))) [[unlikely]]
        return c.data_abort(o, false);
    U v = 0;
    const Mem r = mem_access<SLOW>(c, o->imm, &v, sizeof(U), {});
    if (r == Mem::miss) [[unlikely]]
        return op_ldr_lit<U, SIGNED, ALIGN, true>(c, o);
    if (r == Mem::fault) [[unlikely]]
        return c.data_abort(o, false);
    c.x[o->d] = SIGNED ? uint64_t(int64_t(std::make_signed_t<U>(v))) : uint64_t(v);
    if constexpr (SLOW)
        if (c.exit_req) [[unlikely]]
            return c.exit_after(o);
    return next(c, o);
}

const Op* op_prfm(Cpu& c, const Op* o) {
    return next(c, o);
}

template <unsigned KIND, unsigned MODE, bool ALIGN>
OpFn pick(unsigned size) {
    switch (size) {
        case 0: return op_ldst<0, KIND, MODE, ALIGN>;
        case 1: return op_ldst<1, KIND, MODE, ALIGN>;
        case 2: return op_ldst<2, KIND, MODE, ALIGN>;
        default: return op_ldst<3, KIND, MODE, ALIGN>;
    }
}

// SIZE: the access size for rows that fix it (LDRSW), else -1: the row's size field.
template <unsigned KIND, unsigned MODE, bool scaled = false, int SIZE = -1>
bool tr_single(Builder& b, const Fields& f) {
    const unsigned size = SIZE < 0 ? f.size() : unsigned(SIZE);
    b.op.fn = b.cpu.align_checked() ? pick<KIND, MODE, true>(size) : pick<KIND, MODE, false>(size);
    b.op.n = src_sp(f.Rn());
    if (KIND == 0)
        b.op.a = src_zr(f.Rt());
    else
        b.op.d = dst_zr(f.Rt());
    if constexpr (MODE == REG) {
        unsigned option = f.option();
        if (!(option & 2)) return false;
        b.op.m = src_zr(f.Rm());
        b.op.f1 = uint8_t(option);
        b.op.f0 = uint8_t(f.S() ? size : 0);
    } else if (scaled) {
        b.op.imm = uint64_t(f.imm()) << size;  // unsigned offset: imm12 scaled by the access size
    } else {
        b.op.imm = uint64_t(sext(f.imm(), 9));
    }
    return true;
}

template <class U, bool SIGNED>
bool tr_lit(Builder& b, const Fields& f) {
    b.op.fn = b.cpu.align_checked() ? op_ldr_lit<U, SIGNED, true> : op_ldr_lit<U, SIGNED, false>;
    b.op.d = dst_zr(f.Rt());
    b.op.imm = f.pc + uint64_t(sext(f.imm(), 19) * 4);
    return true;
}

}  // namespace

// PRFUM, PRFM (immediate, literal): hints, no effect.
bool tr_prfm(Builder& b, const Fields&) {
    b.op.fn = op_prfm;
    return true;
}
bool tr_PRFM_reg(Builder& b, const Fields& f) {
    if (!(f.option() & 2)) return false;
    b.op.fn = op_prfm;
    return true;
}

#define VP_ROWS_tr_lit VP_DEFINED_HERE
#define VP_ROWS_tr_single VP_DEFINED_HERE
#include "iss/frontend/bind_rows.inc"

}  // namespace vp::iss
