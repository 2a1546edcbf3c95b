// Advanced SIMD modified immediate (MOVI, MVNI, ORR, BIC, FMOV vector immediate) and Advanced
// SIMD (scalar) copy (DUP, INS, UMOV, SMOV) (ARM ARM C4.1.90; C7.2 instruction pages).
#include <bit>

#include "iss/frontend/row_binding.h"
#include "iss/semantics/simd_misc.h"

namespace vp::iss {
using namespace simd_misc;

namespace {

// ---- modified immediate: the 64-bit pattern (AdvSIMDExpandImm) is built at decode time ----
template <bool Q>
const Op* op_movi(Cpu& c, const Op* o) {
    c.v[o->d][0] = o->imm;
    c.v[o->d][1] = Q ? o->imm : 0;
    return next(c, o);
}
template <bool Q>
const Op* op_orr_imm(Cpu& c, const Op* o) {
    c.v[o->d][0] |= o->imm;
    c.v[o->d][1] = Q ? c.v[o->d][1] | o->imm : 0;
    return next(c, o);
}
template <bool Q>
const Op* op_and_imm(Cpu& c, const Op* o) {  // BIC: imm holds NOT(pattern)
    c.v[o->d][0] &= o->imm;
    c.v[o->d][1] = Q ? c.v[o->d][1] & o->imm : 0;
    return next(c, o);
}

uint64_t rep32(uint64_t v) {
    return (v & 0xffffffffu) * 0x0000000100000001ull;
}
uint64_t rep16(uint64_t v) {
    return (v & 0xffffu) * 0x0001000100010001ull;
}

// AdvSIMDExpandImm(op, cmode, imm8) (shared/functions/vector).
uint64_t expand_imm(unsigned op, unsigned cmode, uint64_t imm8) {
    switch (cmode >> 1) {
        case 0: return rep32(imm8);
        case 1: return rep32(imm8 << 8);
        case 2: return rep32(imm8 << 16);
        case 3: return rep32(imm8 << 24);
        case 4: return rep16(imm8);
        case 5: return rep16(imm8 << 8);
        case 6: return (cmode & 1) ? rep32((imm8 << 16) | 0xffff) : rep32((imm8 << 8) | 0xff);
        default: break;
    }
    uint64_t b7 = (imm8 >> 7) & 1, b6 = (imm8 >> 6) & 1, low6 = imm8 & 0x3f;
    if (!(cmode & 1)) {
        if (!op) return imm8 * 0x0101010101010101ull;
        uint64_t r = 0;
        for (unsigned i = 0; i < 8; ++i)
            if ((imm8 >> i) & 1) r |= 0xffull << (8 * i);
        return r;
    }
    if (!op)  // single: imm8<7>:NOT(imm8<6>):Replicate(imm8<6>,5):imm8<5:0>:Zeros(19)
        return rep32((b7 << 31) | ((b6 ^ 1) << 30) | (b6 ? 0x1full << 25 : 0) | (low6 << 19));
    // double: imm8<7>:NOT(imm8<6>):Replicate(imm8<6>,8):imm8<5:0>:Zeros(48)
    return (b7 << 63) | ((b6 ^ 1) << 62) | (b6 ? 0xffull << 54 : 0) | (low6 << 48);
}

// KIND: 0 MOVI, 1 MVNI, 2 ORR, 3 BIC; OP = op (bit 29). The rows fix cmode (bits 15:12) in
// part: CMODE holds its fixed bits, the row's cmode field the others, at bit SHIFT.
template <unsigned KIND, unsigned OP, unsigned CMODE, unsigned SHIFT = 0>
bool modimm(Builder& b, const Fields& f) {
    const unsigned cmode = CMODE | (f.has(Field::cmode) ? f.cmode() << SHIFT : 0);
    const bool q = f.has(Field::Q) ? f.Q() : true;  // FMOV (vector, immediate, D) fixes Q = 1
    uint64_t imm = expand_imm(OP, cmode, f.imm());
    b.op.d = uint8_t(f.Rd());
    b.op.imm = (KIND == 1 || KIND == 3) ? ~imm : imm;
    if (KIND <= 1)
        b.op.fn = q ? op_movi<true> : op_movi<false>;
    else if (KIND == 2)
        b.op.fn = q ? op_orr_imm<true> : op_orr_imm<false>;
    else
        b.op.fn = q ? op_and_imm<true> : op_and_imm<false>;
    return true;
}

// ---- copy ----
template <unsigned B, bool Q>
const Op* op_dup_elem(Cpu& c, const Op* o) {
    U<B> v = sem::vread(c, o->n).get<U<B>>(o->f0);
    Vec r;
    for (unsigned i = 0; i < (Q ? 16 : 8) / B; ++i) r.set<U<B>>(i, v);
    sem::vwrite(c, o->d, r, Q ? 16 : 8);
    return next(c, o);
}
template <unsigned B, bool Q>
const Op* op_dup_gen(Cpu& c, const Op* o) {
    U<B> v = U<B>(c.x[o->n]);
    Vec r;
    for (unsigned i = 0; i < (Q ? 16 : 8) / B; ++i) r.set<U<B>>(i, v);
    sem::vwrite(c, o->d, r, Q ? 16 : 8);
    return next(c, o);
}
template <unsigned B>
const Op* op_ins_gen(Cpu& c, const Op* o) {
    Vec r = sem::vread(c, o->d);
    r.set<U<B>>(o->f0, U<B>(c.x[o->n]));
    sem::vwrite(c, o->d, r);
    return next(c, o);
}
template <unsigned B>
const Op* op_ins_elem(Cpu& c, const Op* o) {
    U<B> v = sem::vread(c, o->n).get<U<B>>(o->f1);
    Vec r = sem::vread(c, o->d);
    r.set<U<B>>(o->f0, v);
    sem::vwrite(c, o->d, r);
    return next(c, o);
}
template <unsigned B>
const Op* op_umov(Cpu& c, const Op* o) {
    c.x[o->d] = uint64_t(sem::vread(c, o->n).get<U<B>>(o->f0));
    return next(c, o);
}
template <unsigned B, bool X>
const Op* op_smov(Cpu& c, const Op* o) {
    int64_t v = S<B>(sem::vread(c, o->n).get<U<B>>(o->f0));
    c.x[o->d] = X ? uint64_t(v) : uint64_t(uint32_t(v));
    return next(c, o);
}
template <unsigned B>
const Op* op_dup_elem_s(Cpu& c, const Op* o) {
    sem::swrite<U<B>>(c, o->d, sem::vread(c, o->n).get<U<B>>(o->f0));
    return next(c, o);
}

// imm5: size = LowestSetBit(imm5) (> 3, i.e. imm5 = x0000, is reserved), index = imm5 >> size+1.
bool elem(Builder& b, unsigned imm5, const Fields& f, unsigned& size) {
    if ((imm5 & 15) == 0) return b.unimp("reserved imm5 = x0000");
    size = unsigned(std::countr_zero(imm5));
    b.op.f0 = uint8_t(imm5 >> (size + 1));
    b.op.d = uint8_t(f.Rd());
    b.op.n = uint8_t(f.Rn());
    return true;
}

template <template <unsigned, bool> class Fn>
OpFn pick_bq(unsigned size, bool q) {
    static constexpr OpFn t[4][2] = {{Fn<1, false>::fn, Fn<1, true>::fn},
                                     {Fn<2, false>::fn, Fn<2, true>::fn},
                                     {Fn<4, false>::fn, Fn<4, true>::fn},
                                     {Fn<8, false>::fn, Fn<8, true>::fn}};
    return t[size][q];
}
template <unsigned B, bool Q>
struct DupElem {
    static constexpr OpFn fn = op_dup_elem<B, Q>;
};
template <unsigned B, bool Q>
struct DupGen {
    static constexpr OpFn fn = op_dup_gen<B, Q>;
};

}  // namespace

bool tr_DUP_elem_v(Builder& b, const Fields& f) {
    unsigned size;
    if (!elem(b, f.imm(), f, size)) return false;
    if (size == 3 && !f.Q()) return b.unimp("reserved: DUP .1D");
    b.op.fn = pick_bq<DupElem>(size, f.Q());
    return true;
}
bool tr_DUP_gen_v(Builder& b, const Fields& f) {
    unsigned size;
    if (!elem(b, f.imm(), f, size)) return false;
    if (size == 3 && !f.Q()) return b.unimp("reserved: DUP .1D");
    b.op.n = src_zr(f.Rn());
    b.op.fn = pick_bq<DupGen>(size, f.Q());
    return true;
}
bool tr_INS_gen_v(Builder& b, const Fields& f) {
    unsigned size;
    if (!elem(b, f.imm(), f, size)) return false;
    static constexpr OpFn t[4] = {op_ins_gen<1>, op_ins_gen<2>, op_ins_gen<4>, op_ins_gen<8>};
    b.op.n = src_zr(f.Rn());
    b.op.fn = t[size];
    return true;
}
bool tr_INS_elem_v(Builder& b, const Fields& f) {
    unsigned size;
    const unsigned imm5_imm4 = f.imm();  // the row's imm is imm5:imm4
    if (!elem(b, imm5_imm4 >> 4, f, size)) return false;
    static constexpr OpFn t[4] = {op_ins_elem<1>, op_ins_elem<2>, op_ins_elem<4>, op_ins_elem<8>};
    b.op.f1 = uint8_t((imm5_imm4 & 15) >> size);  // imm4<3:size>
    b.op.fn = t[size];
    return true;
}
bool tr_UMOV_v(Builder& b, const Fields& f) {
    unsigned size;
    if (!elem(b, f.imm(), f, size)) return false;
    bool q = f.Q();
    if (q ? size != 3 : size == 3) return b.unimp("reserved UMOV size/Q");
    static constexpr OpFn t[4] = {op_umov<1>, op_umov<2>, op_umov<4>, op_umov<8>};
    b.op.d = dst_zr(f.Rd());
    b.op.fn = t[size];
    return true;
}
bool tr_SMOV_v(Builder& b, const Fields& f) {
    unsigned size;
    if (!elem(b, f.imm(), f, size)) return false;
    bool q = f.Q();
    if (size == 3 || (size == 2 && !q)) return b.unimp("reserved SMOV size/Q");
    static constexpr OpFn t[3][2] = {{op_smov<1, false>, op_smov<1, true>},
                                     {op_smov<2, false>, op_smov<2, true>},
                                     {op_smov<4, false>, op_smov<4, true>}};
    b.op.d = dst_zr(f.Rd());
    b.op.fn = t[size][q];
    return true;
}
bool tr_DUP_elem_sv(Builder& b, const Fields& f) {
    unsigned size;
    if (!elem(b, f.imm(), f, size)) return false;
    static constexpr OpFn t[4] = {op_dup_elem_s<1>, op_dup_elem_s<2>, op_dup_elem_s<4>, op_dup_elem_s<8>};
    b.op.fn = t[size];
    return true;
}

#define VP_ROWS_modimm VP_DEFINED_HERE
#include "iss/frontend/bind_rows.inc"

}  // namespace vp::iss
