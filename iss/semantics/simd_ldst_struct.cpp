// AdvSIMD structure loads and stores (ARM ARM C4.1.88 "Advanced SIMD load/store multiple
// structures", "... single structure", C7.2 LD1-LD4, LD1R-LD4R, ST1-ST4): no offset and
// post-index (Rm = 31: immediate = bytes transferred, else Xm). Registers wrap modulo 32.
// Multiple structures write whole registers (a 64-bit arrangement clears the upper half); a
// single-lane load keeps the other lanes; a replicating load writes the arrangement's datasize.
#include "iss/frontend/row_binding.h"
#include "iss/semantics/sem.h"

namespace vp::iss {
using namespace sem;

namespace {

enum Mode : unsigned { OFF, POST };

// Operands: n = base slot, f0 = Vt, f1 = datasize in bytes (8 or 16), f2 = repeat count
// (multiple) or lane index (single), f3 = 1 when the post-index offset is Xm (slot m), else it
// is imm.
template <unsigned MODE>
inline void writeback(Cpu& c, const Op* o, uint64_t addr) {
    if constexpr (MODE == POST) c.x[o->n] = addr + (o->f3 ? c.x[o->m] : o->imm);
}

inline uint8_t* vbytes(Cpu& c, unsigned r) {
    return reinterpret_cast<uint8_t*>(c.v[r & 31]);
}

inline const Op* finish(Cpu& c, const Op* o) {
    if (c.exit_req) [[unlikely]]
        return c.exit_after(o);
    return next(c, o);
}

// LDn/STn (multiple structures): SELEM-way interleaved elements of EB bytes; LD1/ST1 moves
// f2 consecutive registers.
// With ALIGN every element is one access that must be aligned to its size (C7.2 LD1 ...:
// Mem[address + offs, ebytes, AccType_VEC]); the elements are contiguous from the base.
template <unsigned EB, unsigned SELEM, bool LOAD, unsigned MODE, bool ALIGN>
const Op* op_mult(Cpu& c, const Op* o) {
    const uint64_t addr = c.x[o->n];
    if (!c.aligned<Cpu::align_rule(ALIGN)>(addr, EB)) [[unlikely]]
        return c.data_abort(o, !LOAD);
    const unsigned t = o->f0, bytes = o->f1, nregs = SELEM == 1 ? o->f2 : SELEM;
    const unsigned total = nregs * bytes;
    uint8_t mem[64];
    if constexpr (LOAD) {
        if (!c.access(addr, mem, total, {.elem = EB})) [[unlikely]]
            return c.data_abort(o, false);
        uint8_t regs[4][16] = {};
        if constexpr (SELEM == 1) {
            for (unsigned r = 0; r < nregs; ++r) std::memcpy(regs[r], mem + r * bytes, bytes);
        } else {
            for (unsigned e = 0; e < bytes / EB; ++e)
                for (unsigned s = 0; s < SELEM; ++s)
                    std::memcpy(regs[s] + e * EB, mem + (e * SELEM + s) * EB, EB);
        }
        for (unsigned r = 0; r < nregs; ++r) std::memcpy(vbytes(c, t + r), regs[r], 16);
    } else {
        if constexpr (SELEM == 1) {
            for (unsigned r = 0; r < nregs; ++r) std::memcpy(mem + r * bytes, vbytes(c, t + r), bytes);
        } else {
            for (unsigned e = 0; e < bytes / EB; ++e)
                for (unsigned s = 0; s < SELEM; ++s)
                    std::memcpy(mem + (e * SELEM + s) * EB, vbytes(c, t + s) + e * EB, EB);
        }
        if (!c.access(addr, mem, total, {.write = true, .elem = EB})) [[unlikely]]
            return c.data_abort(o, true);
    }
    writeback<MODE>(c, o, addr);
    return finish(c, o);
}

// LDn/STn (single structure): lane f2 of SELEM consecutive registers.
template <unsigned EB, unsigned SELEM, bool LOAD, unsigned MODE, bool ALIGN>
const Op* op_single(Cpu& c, const Op* o) {
    const uint64_t addr = c.x[o->n];
    if (!c.aligned<Cpu::align_rule(ALIGN)>(addr, EB)) [[unlikely]]
        return c.data_abort(o, !LOAD);
    const unsigned t = o->f0, lane = o->f2 * EB;
    uint8_t mem[SELEM * EB];
    if constexpr (LOAD) {
        if (!c.access(addr, mem, SELEM * EB, {.elem = EB})) [[unlikely]]
            return c.data_abort(o, false);
        for (unsigned s = 0; s < SELEM; ++s) std::memcpy(vbytes(c, t + s) + lane, mem + s * EB, EB);
    } else {
        for (unsigned s = 0; s < SELEM; ++s) std::memcpy(mem + s * EB, vbytes(c, t + s) + lane, EB);
        if (!c.access(addr, mem, SELEM * EB, {.write = true, .elem = EB})) [[unlikely]]
            return c.data_abort(o, true);
    }
    writeback<MODE>(c, o, addr);
    return finish(c, o);
}

// LDnR: one structure replicated to every element of SELEM consecutive registers.
template <unsigned EB, unsigned SELEM, unsigned MODE, bool ALIGN>
const Op* op_repl(Cpu& c, const Op* o) {
    const uint64_t addr = c.x[o->n];
    if (!c.aligned<Cpu::align_rule(ALIGN)>(addr, EB)) [[unlikely]]
        return c.data_abort(o, false);
    const unsigned t = o->f0, bytes = o->f1;
    uint8_t mem[SELEM * EB];
    if (!c.access(addr, mem, SELEM * EB, {.elem = EB})) [[unlikely]]
        return c.data_abort(o, false);
    for (unsigned s = 0; s < SELEM; ++s) {
        uint8_t r[16] = {};
        for (unsigned e = 0; e < bytes / EB; ++e) std::memcpy(r + e * EB, mem + s * EB, EB);
        std::memcpy(vbytes(c, t + s), r, 16);
    }
    writeback<MODE>(c, o, addr);
    return finish(c, o);
}

template <unsigned SELEM, bool LOAD, unsigned MODE, bool ALIGN>
OpFn pick_mult(unsigned scale) {
    switch (scale) {
        case 0: return op_mult<1, SELEM, LOAD, MODE, ALIGN>;
        case 1: return op_mult<2, SELEM, LOAD, MODE, ALIGN>;
        case 2: return op_mult<4, SELEM, LOAD, MODE, ALIGN>;
        default: return op_mult<8, SELEM, LOAD, MODE, ALIGN>;
    }
}
template <unsigned SELEM, bool LOAD, unsigned MODE, bool ALIGN>
OpFn pick_single(unsigned scale) {
    switch (scale) {
        case 0: return op_single<1, SELEM, LOAD, MODE, ALIGN>;
        case 1: return op_single<2, SELEM, LOAD, MODE, ALIGN>;
        case 2: return op_single<4, SELEM, LOAD, MODE, ALIGN>;
        default: return op_single<8, SELEM, LOAD, MODE, ALIGN>;
    }
}
template <unsigned SELEM, unsigned MODE, bool ALIGN>
OpFn pick_repl(unsigned scale) {
    switch (scale) {
        case 0: return op_repl<1, SELEM, MODE, ALIGN>;
        case 1: return op_repl<2, SELEM, MODE, ALIGN>;
        case 2: return op_repl<4, SELEM, MODE, ALIGN>;
        default: return op_repl<8, SELEM, MODE, ALIGN>;
    }
}

// Base register and post-index offset (total = bytes transferred, the Rm = 31 immediate).
template <unsigned MODE>
void set_base(Builder& b, const Fields& f, unsigned total) {
    b.op.n = src_sp(f.Rn());
    b.op.f0 = uint8_t(f.Rt());
    if constexpr (MODE == POST) {
        if (f.Rm() == 31) {
            b.op.imm = total;
        } else {
            b.op.m = uint8_t(f.Rm());
            b.op.f3 = 1;
        }
    }
}

template <unsigned SELEM, unsigned RPT, bool LOAD, unsigned MODE>
bool tr_mult(Builder& b, const Fields& f) {
    const unsigned size = f.size(), bytes = f.Q() ? 16 : 8;
    // The .1D arrangement (size:Q = 110) is only allowed for LD1/ST1.
    if (size == 3 && !f.Q() && SELEM != 1)
        return b.unimp("LD2-LD4/ST2-ST4 (multiple structures): .1D reserved");
    b.op.fn = b.cpu.align_checked() ? pick_mult<SELEM, LOAD, MODE, true>(size)
                                    : pick_mult<SELEM, LOAD, MODE, false>(size);
    b.op.f1 = uint8_t(bytes);
    b.op.f2 = uint8_t(RPT);
    set_base<MODE>(b, f, SELEM * RPT * bytes);
    return true;
}

// GROUP = opcode<2:1>: 0 B lanes, 1 H lanes, 2 S or D lanes (shared decode of LD1 (single
// structure) etc.: the index is Q:S:size bits not used for the element size).
template <unsigned GROUP, unsigned SELEM, bool LOAD, unsigned MODE>
bool tr_struct_single(Builder& b, const Fields& f) {
    const unsigned size = f.size(), q = f.Q(), s = f.S();
    unsigned scale = GROUP, index = 0;
    if constexpr (GROUP == 0) {
        index = (q << 3) | (s << 2) | size;
    } else if constexpr (GROUP == 1) {
        if (size & 1) return b.unimp("LDn/STn (single structure, H): size<0> = 1");
        index = (q << 2) | (s << 1) | (size >> 1);
    } else {
        if (size & 2) return b.unimp("LDn/STn (single structure, S/D): size<1> = 1");
        if (size & 1) {
            if (s) return b.unimp("LDn/STn (single structure, D): S = 1");
            scale = 3;
            index = q;
        } else {
            index = (q << 1) | s;
        }
    }
    b.op.fn = b.cpu.align_checked() ? pick_single<SELEM, LOAD, MODE, true>(scale)
                                    : pick_single<SELEM, LOAD, MODE, false>(scale);
    b.op.f2 = uint8_t(index);
    set_base<MODE>(b, f, SELEM << scale);
    return true;
}

template <unsigned SELEM, unsigned MODE>
bool tr_repl(Builder& b, const Fields& f) {
    const unsigned scale = f.size();
    b.op.fn =
        b.cpu.align_checked() ? pick_repl<SELEM, MODE, true>(scale) : pick_repl<SELEM, MODE, false>(scale);
    b.op.f1 = uint8_t(f.Q() ? 16 : 8);
    set_base<MODE>(b, f, SELEM << scale);
    return true;
}

}  // namespace

#define VP_ROWS_tr_mult VP_DEFINED_HERE
#define VP_ROWS_tr_repl VP_DEFINED_HERE
#define VP_ROWS_tr_struct_single VP_DEFINED_HERE
#include "iss/frontend/bind_rows.inc"

}  // namespace vp::iss
