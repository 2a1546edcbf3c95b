// Data processing -- immediate (ARM ARM C4.1.86).
#include "iss/frontend/row_binding.h"
#include "iss/semantics/sem.h"

namespace vp::iss {
using namespace sem;

namespace {

template <class T, bool SUB, bool FLAGS>
const Op* op_addsub_imm(Cpu& c, const Op* o) {
    T a = T(c.x[o->n]), b = T(o->imm);
    if constexpr (FLAGS) {
        uint32_t f;
        T r = SUB ? add_with_carry<T>(a, T(~b), true, f) : add_with_carry<T>(a, b, false, f);
        c.nzcv = f;
        wr<T>(c, o->d, r);
    } else {
        wr<T>(c, o->d, SUB ? T(a - b) : T(a + b));
    }
    return next(c, o);
}

// Constant results: MOVZ, MOVN, ADR, ADRP (pc-relative values are fixed per block).
const Op* op_movi(Cpu& c, const Op* o) {
    c.x[o->d] = o->imm;
    return next(c, o);
}

template <class T, unsigned OPC>
const Op* op_logic_imm(Cpu& c, const Op* o) {
    T a = T(c.x[o->n]), b = T(o->imm), r;
    if constexpr (OPC == 1)
        r = a | b;
    else if constexpr (OPC == 2)
        r = a ^ b;
    else
        r = a & b;
    if constexpr (OPC == 3) c.nzcv = logic_flags<T>(r);
    wr<T>(c, o->d, r);
    return next(c, o);
}

template <class T>
const Op* op_movk(Cpu& c, const Op* o) {
    T v = T(c.x[o->a]);
    v = T((v & ~(T(0xffff) << o->f0)) | (T(o->imm) << o->f0));
    wr<T>(c, o->d, v);
    return next(c, o);
}

// SBFM (OPC 0), BFM (1), UBFM (2): ARM ARM C6.2 pseudocode with wmask/tmask precomputed.
template <class T, unsigned OPC>
const Op* op_bitfield(Cpu& c, const Op* o) {
    T dst = OPC == 1 ? T(c.x[o->a]) : T(0), src = T(c.x[o->n]);
    T wmask = T(o->imm), tmask = T(o->imm2);
    T bot = T((dst & ~wmask) | (std::rotr(src, o->f0) & wmask));
    T top = OPC == 0 ? ((src >> o->f1) & 1 ? T(~T(0)) : T(0)) : dst;
    wr<T>(c, o->d, T((top & ~tmask) | (bot & tmask)));
    return next(c, o);
}

template <class T>
const Op* op_extr(Cpu& c, const Op* o) {
    T hi = T(c.x[o->n]), lo = T(c.x[o->m]);
    unsigned lsb = o->f0;
    T r = lsb == 0 ? lo : T((lo >> lsb) | (hi << (sizeof(T) * 8 - lsb)));
    wr<T>(c, o->d, r);
    return next(c, o);
}

uint64_t ones(unsigned n) {
    return n >= 64 ? ~0ull : (1ull << n) - 1;
}

// DecodeBitMasks (ARM ARM J1.1.3 shared/functions/integer/DecodeBitMasks).
bool decode_bit_masks(unsigned n, unsigned imms, unsigned immr, bool immediate, unsigned datasize,
                      uint64_t& wmask, uint64_t& tmask) {
    unsigned combined = (n << 6) | (~imms & 0x3f);
    if (combined == 0) return false;
    unsigned len = 31 - unsigned(std::countl_zero(combined));
    if (len < 1) return false;
    unsigned levels = (1u << len) - 1;
    if (immediate && (imms & levels) == levels) return false;
    unsigned s = imms & levels, r = immr & levels;
    unsigned d = (s - r) & levels;
    unsigned esize = 1u << len;
    uint64_t emask = ones(esize);
    uint64_t welem = ones(s + 1), telem = ones(d + 1);
    if (r) welem = ((welem >> r) | (welem << (esize - r))) & emask;
    uint64_t w = 0, t = 0;
    for (unsigned i = 0; i < 64; i += esize) {
        w |= welem << i;
        t |= telem << i;
    }
    wmask = w & ones(datasize);
    tmask = t & ones(datasize);
    return true;
}

template <bool SUB, bool FLAGS>
bool tr_addsub_imm(Builder& b, const Fields& f) {
    b.op.fn = f.sf() ? op_addsub_imm<uint64_t, SUB, FLAGS> : op_addsub_imm<uint32_t, SUB, FLAGS>;
    b.op.n = src_sp(f.Rn());
    b.op.d = FLAGS ? dst_zr(f.Rd()) : dst_sp(f.Rd());
    b.op.imm = uint64_t(f.imm()) << (f.sh() ? 12 : 0);
    return true;
}

template <unsigned OPC>
bool tr_logic_imm(Builder& b, const Fields& f) {
    bool sf = f.sf();
    if (!sf && f.N()) return false;
    uint64_t wmask, tmask;
    if (!decode_bit_masks(f.N(), f.imms(), f.immr(), true, sf ? 64 : 32, wmask, tmask)) return false;
    b.op.fn = sf ? op_logic_imm<uint64_t, OPC> : op_logic_imm<uint32_t, OPC>;
    b.op.n = src_zr(f.Rn());
    b.op.d = OPC == 3 ? dst_zr(f.Rd()) : dst_sp(f.Rd());
    b.op.imm = wmask;
    return true;
}

template <int kind>
bool tr_movewide(Builder& b, const Fields& f) {
    bool sf = f.sf();
    unsigned hw = f.hw();
    if (!sf && hw >= 2) return false;
    unsigned shift = hw * 16;
    b.op.d = dst_zr(f.Rd());
    if (kind == 2) {
        b.op.fn = sf ? op_movk<uint64_t> : op_movk<uint32_t>;
        b.op.a = src_zr(f.Rd());
        b.op.imm = f.imm();
        b.op.f0 = uint8_t(shift);
        return true;
    }
    uint64_t v = uint64_t(f.imm()) << shift;
    if (kind == 0) v = ~v;
    if (!sf) v = uint32_t(v);
    b.op.fn = op_movi;
    b.op.imm = v;
    return true;
}

template <unsigned OPC>
bool tr_bitfield(Builder& b, const Fields& f) {
    bool sf = f.sf();
    if (sf != bool(f.N())) return false;
    if (!sf && (f.immr() >= 32 || f.imms() >= 32)) return false;
    uint64_t wmask, tmask;
    if (!decode_bit_masks(f.N(), f.imms(), f.immr(), false, sf ? 64 : 32, wmask, tmask)) return false;
    b.op.fn = sf ? op_bitfield<uint64_t, OPC> : op_bitfield<uint32_t, OPC>;
    b.op.n = src_zr(f.Rn());
    b.op.a = src_zr(f.Rd());
    b.op.d = dst_zr(f.Rd());
    b.op.imm = wmask;
    b.op.imm2 = tmask;
    b.op.f0 = uint8_t(f.immr());
    b.op.f1 = uint8_t(f.imms());
    return true;
}

}  // namespace

bool tr_ADR(Builder& b, const Fields& f) {
    b.op.fn = op_movi;
    b.op.d = dst_zr(f.Rd());
    b.op.imm = f.pc + uint64_t(sext((f.immhi() << 2) | f.immlo(), 21));
    return true;
}
bool tr_ADRP(Builder& b, const Fields& f) {
    b.op.fn = op_movi;
    b.op.d = dst_zr(f.Rd());
    b.op.imm = (f.pc & ~0xfffull) + (uint64_t(sext((f.immhi() << 2) | f.immlo(), 21)) << 12);
    return true;
}
bool tr_EXTR(Builder& b, const Fields& f) {
    bool sf = f.sf();
    if (sf != bool(f.N()) || (!sf && f.imms() >= 32)) return false;
    b.op.fn = sf ? op_extr<uint64_t> : op_extr<uint32_t>;
    b.op.n = src_zr(f.Rn());
    b.op.m = src_zr(f.Rm());
    b.op.d = dst_zr(f.Rd());
    b.op.f0 = uint8_t(f.imms());
    return true;
}

#define VP_ROWS_tr_addsub_imm VP_DEFINED_HERE
#define VP_ROWS_tr_bitfield VP_DEFINED_HERE
#define VP_ROWS_tr_logic_imm VP_DEFINED_HERE
#define VP_ROWS_tr_movewide VP_DEFINED_HERE
#include "iss/frontend/bind_rows.inc"

}  // namespace vp::iss
