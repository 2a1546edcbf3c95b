// Data processing -- register: add/sub, logical, carry, conditional compare/select
// (ARM ARM C4.1.89).
#include "iss/frontend/row_binding.h"
#include "iss/semantics/sem.h"

namespace vp::iss {
using namespace sem;

namespace {

template <class T, bool SUB, bool FLAGS>
inline void addsub(Cpu& c, const Op* o, T a, T b) {
    if constexpr (FLAGS) {
        uint32_t f;
        T r = SUB ? add_with_carry<T>(a, T(~b), true, f) : add_with_carry<T>(a, b, false, f);
        c.nzcv = f;
        wr<T>(c, o->d, r);
    } else {
        wr<T>(c, o->d, SUB ? T(a - b) : T(a + b));
    }
}

template <class T, bool SUB, bool FLAGS, unsigned SHIFT>
const Op* op_addsub_shift(Cpu& c, const Op* o) {
    addsub<T, SUB, FLAGS>(c, o, T(c.x[o->n]), shift_reg<T>(T(c.x[o->m]), SHIFT, o->f0));
    return next(c, o);
}

template <class T, bool SUB, bool FLAGS>
const Op* op_addsub_ext(Cpu& c, const Op* o) {
    addsub<T, SUB, FLAGS>(c, o, T(c.x[o->n]), T(extend_reg(c.x[o->m], o->f1, o->f0)));
    return next(c, o);
}

// OPC: 0 AND, 1 ORR, 2 EOR, 3 ANDS; INV: operand 2 inverted (BIC, ORN, EON, BICS).
template <class T, unsigned OPC, bool INV, unsigned SHIFT>
const Op* op_logic_shift(Cpu& c, const Op* o) {
    T a = T(c.x[o->n]), b = shift_reg<T>(T(c.x[o->m]), SHIFT, o->f0), r;
    if constexpr (INV) b = T(~b);
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

// MOV (register) alias of ORR Xd, XZR, Xm: the most frequent form in compiled code.
const Op* op_mov_reg(Cpu& c, const Op* o) {
    c.x[o->d] = c.x[o->m];
    return next(c, o);
}
const Op* op_mov_reg32(Cpu& c, const Op* o) {
    c.x[o->d] = uint32_t(c.x[o->m]);
    return next(c, o);
}

template <class T, bool SUB, bool FLAGS>
const Op* op_adc(Cpu& c, const Op* o) {
    T a = T(c.x[o->n]), b = T(c.x[o->m]);
    if constexpr (SUB) b = T(~b);
    uint32_t f;
    T r = add_with_carry<T>(a, b, c.nzcv & C, f);
    if constexpr (FLAGS) c.nzcv = f;
    wr<T>(c, o->d, r);
    return next(c, o);
}

// CCMN/CCMP (C6.2.49-52): operand 2 is register m, or the 5-bit immediate when IMM.
template <class T, bool SUB, bool IMM>
const Op* op_ccmp(Cpu& c, const Op* o) {
    if (cond_holds(c.nzcv, o->f0)) {
        T a = T(c.x[o->n]), b = IMM ? T(o->imm) : T(c.x[o->m]);
        uint32_t f;
        if (SUB)
            add_with_carry<T>(a, T(~b), true, f);
        else
            add_with_carry<T>(a, b, false, f);
        c.nzcv = f;
    } else {
        c.nzcv = uint32_t(o->f1) << 28;
    }
    return next(c, o);
}

// CSEL (OP 0), CSINC (1), CSINV (2), CSNEG (3).
template <class T, unsigned OP>
const Op* op_csel(Cpu& c, const Op* o) {
    T r;
    if (cond_holds(c.nzcv, o->f0)) {
        r = T(c.x[o->n]);
    } else {
        r = T(c.x[o->m]);
        if constexpr (OP == 1)
            r = T(r + 1);
        else if constexpr (OP == 2)
            r = T(~r);
        else if constexpr (OP == 3)
            r = T(T(0) - r);
    }
    wr<T>(c, o->d, r);
    return next(c, o);
}

template <class T, bool SUB, bool FLAGS>
OpFn pick_addsub_shift(unsigned shift) {
    switch (shift) {
        case 0: return op_addsub_shift<T, SUB, FLAGS, 0>;
        case 1: return op_addsub_shift<T, SUB, FLAGS, 1>;
        default: return op_addsub_shift<T, SUB, FLAGS, 2>;
    }
}

template <bool SUB, bool FLAGS>
bool tr_addsub_shift(Builder& b, const Fields& f) {
    bool sf = f.sf();
    if (f.shift() == 3 || (!sf && f.imm() >= 32)) return false;
    b.op.fn = sf ? pick_addsub_shift<uint64_t, SUB, FLAGS>(f.shift())
                 : pick_addsub_shift<uint32_t, SUB, FLAGS>(f.shift());
    b.op.d = dst_zr(f.Rd());
    b.op.n = src_zr(f.Rn());
    b.op.m = src_zr(f.Rm());
    b.op.f0 = uint8_t(f.imm());
    return true;
}

template <bool SUB, bool FLAGS>
bool tr_addsub_ext(Builder& b, const Fields& f) {
    if (f.imm() > 4) return false;
    b.op.fn = f.sf() ? op_addsub_ext<uint64_t, SUB, FLAGS> : op_addsub_ext<uint32_t, SUB, FLAGS>;
    b.op.d = FLAGS ? dst_zr(f.Rd()) : dst_sp(f.Rd());
    b.op.n = src_sp(f.Rn());
    b.op.m = src_zr(f.Rm());
    b.op.f0 = uint8_t(f.imm());
    b.op.f1 = uint8_t(f.option());
    return true;
}

template <class T, unsigned OPC, bool INV>
OpFn pick_logic(unsigned shift) {
    switch (shift) {
        case 0: return op_logic_shift<T, OPC, INV, 0>;
        case 1: return op_logic_shift<T, OPC, INV, 1>;
        case 2: return op_logic_shift<T, OPC, INV, 2>;
        default: return op_logic_shift<T, OPC, INV, 3>;
    }
}

template <unsigned OPC, bool INV>
bool tr_logic_shift(Builder& b, const Fields& f) {
    bool sf = f.sf();
    if (!sf && f.imm() >= 32) return false;
    b.op.fn = sf ? pick_logic<uint64_t, OPC, INV>(f.shift()) : pick_logic<uint32_t, OPC, INV>(f.shift());
    b.op.d = dst_zr(f.Rd());
    b.op.n = src_zr(f.Rn());
    b.op.m = src_zr(f.Rm());
    b.op.f0 = uint8_t(f.imm());
    if (OPC == 1 && !INV && f.Rn() == 31 && f.imm() == 0) b.op.fn = sf ? op_mov_reg : op_mov_reg32;
    return true;
}

template <bool SUB, bool FLAGS>
bool tr_adc(Builder& b, const Fields& f) {
    b.op.fn = f.sf() ? op_adc<uint64_t, SUB, FLAGS> : op_adc<uint32_t, SUB, FLAGS>;
    b.op.d = dst_zr(f.Rd());
    b.op.n = src_zr(f.Rn());
    b.op.m = src_zr(f.Rm());
    return true;
}

template <bool SUB, bool IMM>
bool tr_ccmp(Builder& b, const Fields& f) {
    b.op.fn = f.sf() ? op_ccmp<uint64_t, SUB, IMM> : op_ccmp<uint32_t, SUB, IMM>;
    b.op.n = src_zr(f.Rn());
    if constexpr (IMM)
        b.op.imm = f.imm();
    else
        b.op.m = src_zr(f.Rm());
    b.op.f0 = uint8_t(f.cond());
    b.op.f1 = uint8_t(f.nzcv());
    return true;
}

template <unsigned OP>
bool tr_csel(Builder& b, const Fields& f) {
    b.op.fn = f.sf() ? op_csel<uint64_t, OP> : op_csel<uint32_t, OP>;
    b.op.d = dst_zr(f.Rd());
    b.op.n = src_zr(f.Rn());
    b.op.m = src_zr(f.Rm());
    b.op.f0 = uint8_t(f.cond());
    return true;
}

}  // namespace

#define VP_ROWS_tr_adc VP_DEFINED_HERE
#define VP_ROWS_tr_addsub_ext VP_DEFINED_HERE
#define VP_ROWS_tr_addsub_shift VP_DEFINED_HERE
#define VP_ROWS_tr_ccmp VP_DEFINED_HERE
#define VP_ROWS_tr_csel VP_DEFINED_HERE
#define VP_ROWS_tr_logic_shift VP_DEFINED_HERE
#include "iss/frontend/bind_rows.inc"

}  // namespace vp::iss
