// SIMD&FP loads and stores of one or two registers: LDR (literal), LDR/STR/LDUR/STUR (immediate,
// register offset), LDP/STP/LDNP/STNP (ARM ARM C4.1.88, C7.2 "LDR (immediate, SIMD&FP)" etc.).
// A load writes the whole V register (bits above the access size are zeroed, C1.2.4); V registers
// have no alignment requirement for Normal memory; writeback to Xn/SP happens after the access.
#include "iss/frontend/row_binding.h"
#include "iss/semantics/ldst_addr.h"
#include "iss/semantics/sem.h"

namespace vp::iss {
using namespace sem;

namespace {

// Operands: n = base slot, m = index slot (REG), f0 = Vt, f1 = Vt2 (pairs) or extend option
// (REG), f2 = index shift (REG), imm = offset (or literal address).
template <unsigned MODE>
inline uint64_t address(const Cpu& c, const Op* o) {
    return ldst_address<MODE>(c, o, o->f1, o->f2);
}

// One register of B bytes (1, 2, 4, 8, 16).
template <unsigned B, bool LOAD, unsigned MODE, bool ALIGN>
const Op* op_vldst(Cpu& c, const Op* o) {
    const uint64_t addr = address<MODE>(c, o);
    if (!c.aligned<Cpu::align_rule(ALIGN)>(addr, B)) [[unlikely]]  // a Q register is one 16-byte access
        return c.data_abort(o, !LOAD);
    const unsigned t = o->f0;
    if constexpr (LOAD) {
        uint64_t buf[2] = {0, 0};
        if (!c.access(addr, buf, B, {.elem = B})) [[unlikely]]
            return c.data_abort(o, false);
        c.v[t][0] = buf[0];
        c.v[t][1] = buf[1];
    } else {
        if (!c.access(addr, c.v[t], B, {.write = true, .elem = B})) [[unlikely]]
            return c.data_abort(o, true);
    }
    ldst_writeback<MODE>(c, o, addr);
    if (c.exit_req) [[unlikely]]
        return c.exit_after(o);
    return next(c, o);
}

// Two registers of B bytes (4, 8, 16) at consecutive addresses, Vt first.
template <unsigned B, bool LOAD, unsigned MODE, bool ALIGN>
const Op* op_vpair(Cpu& c, const Op* o) {
    const uint64_t addr = address<MODE>(c, o);
    if (!c.aligned<Cpu::align_rule(ALIGN)>(addr, B)) [[unlikely]]  // each register is one access
        return c.data_abort(o, !LOAD);
    const unsigned t = o->f0, t2 = o->f1;
    uint8_t buf[2 * B];
    if constexpr (LOAD) {
        if (!c.access(addr, buf, 2 * B, {.elem = B})) [[unlikely]]
            return c.data_abort(o, false);
        uint64_t r1[2] = {0, 0}, r2[2] = {0, 0};
        std::memcpy(r1, buf, B);
        std::memcpy(r2, buf + B, B);
        c.v[t][0] = r1[0];
        c.v[t][1] = r1[1];
        c.v[t2][0] = r2[0];
        c.v[t2][1] = r2[1];
    } else {
        std::memcpy(buf, c.v[t], B);
        std::memcpy(buf + B, c.v[t2], B);
        if (!c.access(addr, buf, 2 * B, {.write = true, .elem = B})) [[unlikely]]
            return c.data_abort(o, true);
    }
    ldst_writeback<MODE>(c, o, addr);
    if (c.exit_req) [[unlikely]]
        return c.exit_after(o);
    return next(c, o);
}

template <bool LOAD, unsigned MODE, bool ALIGN>
OpFn pick_single(unsigned scale) {
    switch (scale) {
        case 0: return op_vldst<1, LOAD, MODE, ALIGN>;
        case 1: return op_vldst<2, LOAD, MODE, ALIGN>;
        case 2: return op_vldst<4, LOAD, MODE, ALIGN>;
        case 3: return op_vldst<8, LOAD, MODE, ALIGN>;
        default: return op_vldst<16, LOAD, MODE, ALIGN>;
    }
}

template <bool LOAD, unsigned MODE, bool ALIGN>
OpFn pick_pair(unsigned scale) {
    switch (scale) {
        case 2: return op_vpair<4, LOAD, MODE, ALIGN>;
        case 3: return op_vpair<8, LOAD, MODE, ALIGN>;
        default: return op_vpair<16, LOAD, MODE, ALIGN>;
    }
}

// size:opc<1> (C4.1.88 "Load/store register (...)", V = 1): 000 B, 010 H, 100 S, 110 D, 001 Q;
// opc<1> = 1 with size != 00 is unallocated.
template <bool LOAD, unsigned MODE, bool scaled>
bool tr_vsingle(Builder& b, const Fields& f) {
    const unsigned size = f.size();
    if (f.opc() && size != 0) return b.unimp("SIMD&FP load/store: size:opc unallocated");
    const unsigned scale = f.opc() ? 4 : size;
    b.op.fn =
        b.cpu.align_checked() ? pick_single<LOAD, MODE, true>(scale) : pick_single<LOAD, MODE, false>(scale);
    b.op.n = src_sp(f.Rn());
    b.op.f0 = uint8_t(f.Rt());
    if constexpr (MODE == REG) {
        const unsigned option = f.option();
        if (!(option & 2)) return b.unimp("SIMD&FP load/store (register offset): option<1> = 0");
        b.op.m = src_zr(f.Rm());
        b.op.f1 = uint8_t(option);
        b.op.f2 = uint8_t(f.S() ? scale : 0);
    } else if (scaled) {
        b.op.imm = uint64_t(f.imm()) << scale;
    } else {
        b.op.imm = uint64_t(sext(f.imm(), 9));
    }
    return true;
}

// opc (bits 31:30): 00 S, 01 D, 10 Q, 11 reserved.
template <bool LOAD, unsigned MODE>
bool tr_vpair(Builder& b, const Fields& f) {
    const unsigned opc = f.opc();
    if (opc == 3) return b.unimp("SIMD&FP load/store pair: opc = 11 reserved");
    const unsigned scale = 2 + opc;
    b.op.fn =
        b.cpu.align_checked() ? pick_pair<LOAD, MODE, true>(scale) : pick_pair<LOAD, MODE, false>(scale);
    b.op.n = src_sp(f.Rn());
    b.op.f0 = uint8_t(f.Rt());
    b.op.f1 = uint8_t(f.Rt2());
    b.op.imm = uint64_t(sext(f.imm(), 7)) << scale;
    return true;
}

template <unsigned B, bool ALIGN>
const Op* op_vldr_lit(Cpu& c, const Op* o) {
    if (!c.aligned<Cpu::align_rule(ALIGN)>(o->imm, B)) [[unlikely]]
        return c.data_abort(o, false);
    uint64_t buf[2] = {0, 0};
    if (!c.access(o->imm, buf, B, {.elem = B})) [[unlikely]]
        return c.data_abort(o, false);
    c.v[o->f0][0] = buf[0];
    c.v[o->f0][1] = buf[1];
    if (c.exit_req) [[unlikely]]
        return c.exit_after(o);
    return next(c, o);
}

}  // namespace

bool tr_VLDR_lit(Builder& b, const Fields& f) {
    const bool align = b.cpu.align_checked();
    switch (f.opc()) {
        case 0: b.op.fn = align ? op_vldr_lit<4, true> : op_vldr_lit<4, false>; break;
        case 1: b.op.fn = align ? op_vldr_lit<8, true> : op_vldr_lit<8, false>; break;
        case 2: b.op.fn = align ? op_vldr_lit<16, true> : op_vldr_lit<16, false>; break;
        default: return b.unimp("LDR (literal, SIMD&FP): opc = 11 reserved");
    }
    b.op.f0 = uint8_t(f.Rt());
    b.op.imm = f.pc + uint64_t(sext(f.imm(), 19) * 4);
    return true;
}

#define VP_ROWS_tr_vpair VP_DEFINED_HERE
#define VP_ROWS_tr_vsingle VP_DEFINED_HERE
#include "iss/frontend/bind_rows.inc"

}  // namespace vp::iss
