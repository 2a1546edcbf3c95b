// Branches (ARM ARM C4.1.87: unconditional/conditional/compare/test and branch).
#include "iss/frontend/row_binding.h"
#include "iss/semantics/sem.h"

namespace vp::iss {
using namespace sem;

namespace {

// Direct branches use chaining slot 0 for the taken path and slot 1 for the fall-through.
const Op* op_b(Cpu& c, const Op* o) {
    return c.exit_to(o->imm, 0);
}

const Op* op_bl(Cpu& c, const Op* o) {
    c.x[30] = o->pc + 4;
    return c.exit_to(o->imm, 0);
}

const Op* op_bcond(Cpu& c, const Op* o) {
    return cond_holds(c.nzcv, o->f0) ? c.exit_to(o->imm, 0) : c.exit_to(o->pc + 4, 1);
}

template <class T, bool NZ>
const Op* op_cbz(Cpu& c, const Op* o) {
    return (T(c.x[o->a]) != 0) == NZ ? c.exit_to(o->imm, 0) : c.exit_to(o->pc + 4, 1);
}

template <bool NZ>
const Op* op_tbz(Cpu& c, const Op* o) {
    return bool((c.x[o->a] >> o->f0) & 1) == NZ ? c.exit_to(o->imm, 0) : c.exit_to(o->pc + 4, 1);
}

const Op* op_br(Cpu& c, const Op* o) {
    return c.exit_to(c.x[o->n], -1);
}

const Op* op_blr(Cpu& c, const Op* o) {
    uint64_t target = c.x[o->n];
    c.x[30] = o->pc + 4;
    return c.exit_to(target, -1);
}

bool direct(Builder& b, OpFn fn, uint64_t target) {
    b.op.fn = fn;
    b.op.imm = target;
    b.end = true;
    return true;
}

}  // namespace

// B, BL: imm26 words from the instruction.
template <OpFn OP>
bool tr_branch_imm(Builder& b, const Fields& f) {
    return direct(b, OP, f.pc + uint64_t(sext(f.imm(), 26) * 4));
}
bool tr_B_cond(Builder& b, const Fields& f) {
    b.op.f0 = uint8_t(f.cond());
    return direct(b, op_bcond, f.pc + uint64_t(sext(f.imm(), 19) * 4));
}
bool tr_CBZ(Builder& b, const Fields& f) {
    b.op.a = src_zr(f.Rt());
    return direct(b, f.sf() ? op_cbz<uint64_t, false> : op_cbz<uint32_t, false>,
                  f.pc + uint64_t(sext(f.imm(), 19) * 4));
}
bool tr_CBNZ(Builder& b, const Fields& f) {
    b.op.a = src_zr(f.Rt());
    return direct(b, f.sf() ? op_cbz<uint64_t, true> : op_cbz<uint32_t, true>,
                  f.pc + uint64_t(sext(f.imm(), 19) * 4));
}
bool tr_TBZ(Builder& b, const Fields& f) {
    b.op.a = src_zr(f.Rt());
    b.op.f0 = uint8_t((f.b5() << 5) | f.b40());
    return direct(b, op_tbz<false>, f.pc + uint64_t(sext(f.imm(), 14) * 4));
}
bool tr_TBNZ(Builder& b, const Fields& f) {
    b.op.a = src_zr(f.Rt());
    b.op.f0 = uint8_t((f.b5() << 5) | f.b40());
    return direct(b, op_tbz<true>, f.pc + uint64_t(sext(f.imm(), 14) * 4));
}
bool tr_BR(Builder& b, const Fields& f) {
    b.op.fn = op_br;
    b.op.n = src_zr(f.Rn());
    b.end = true;
    return true;
}
bool tr_BLR(Builder& b, const Fields& f) {
    b.op.fn = op_blr;
    b.op.n = src_zr(f.Rn());
    b.end = true;
    return true;
}

#define VP_ROWS_tr_branch_imm VP_DEFINED_HERE
#include "iss/frontend/bind_rows.inc"

}  // namespace vp::iss
