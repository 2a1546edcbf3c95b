// Inline x86-64 forms of the integer data-processing and branch rows (ARM ARM C4.1.86, C4.1.87,
// C4.1.95 shifted register). Each mirrors the semantic function the row's translate function picks
// (iss/semantics/dp_imm.cpp, dp_reg.cpp, branch.cpp), operand for operand.
#include <cstring>
#include <optional>
#include <string_view>

#include "iss/backend/x64/emit.h"
#include "iss/semantics/sem.h"

namespace vp::iss::x64 {
namespace {

using namespace Xbyak::util;

bool sf_of(const Op& op) {
    return op.insn >> 31;
}

// PSTATE.NZCV from the host flags of the last arithmetic or logic instruction, into ecx and
// CpuState. ARM's C after a subtraction is "no borrow", x86's CF is the borrow; logic ops have
// C = V = 0 on both. LAHF puts SF, ZF and CF in AH bits 7, 6 and 0 (ax bits 15, 14, 8), SETO puts
// OF in al bit 0; one multiplication by 2^16 + 2^21 + 2^28 moves bits 15, 14, 8, 0 to 31, 30, 29,
// 28 (N Z C V) without two partial products meeting there. Clobbers rax (the result is stored).
enum class FlagsFrom { add, sub, logic };
void store_flags(Emitter& e, FlagsFrom from) {
    auto& g = e.g;
    g.lahf();
    g.seto(al);
    g.and_(eax, 0xC101);
    g.imul(eax, eax, 0x10210000);
    g.and_(eax, 0xF0000000);
    if (from == FlagsFrom::sub) g.xor_(eax, 0x20000000);
    g.mov(ecx, eax);
    g.mov(e.nzcv(), ecx);
    e.nzcv_stored = true;
}

// The result in rax (eax for 32-bit operations, whose writes zero-extend) to slot `d`.
void store_result(Emitter& e, const Op& op) {
    e.g.mov(e.xw(op.d), rax);
}

// Where a two-operand x86 form computes x[d] = x[n] OP rhs: x[d]'s host register when the block
// keeps it (x[n] moved there first unless n = d), else rax; finish_result stores rax to the slot
// or marks the kept register dirty. A 32-bit write to either zero-extends, as a W write does.
const Xbyak::Reg& result_reg(Emitter& e, const Op& op, bool sf, Xbyak::Reg& kept) {
    auto& g = e.g;
    const GuestReg d = e.x(op.d);
    if (!d.in_reg) {
        sf ? g.mov(rax, e.x(op.n)) : g.mov(eax, e.w(op.n));
        return sf ? static_cast<const Xbyak::Reg&>(rax) : eax;
    }
    kept = sf ? d.reg : static_cast<Xbyak::Reg>(d.reg.cvt32());
    if (op.n != op.d) sf ? g.mov(kept, e.x(op.n)) : g.mov(kept, e.w(op.n));
    return kept;
}
void finish_result(Emitter& e, const Op& op, const Xbyak::Reg& r) {
    r.getIdx() == Xbyak::Operand::RAX ? store_result(e, op) : void(e.xw(op.d));
}

// x[d] = x[n] +/- operand 2 (a host register or an immediate, for 64 and 32 bits), with or without
// flags: the ADD/SUB rows' common part.
template <class Rhs64, class Rhs32>
bool addsub(Emitter& e, const Op& op, bool sub, bool flags, const Rhs64& rhs64, const Rhs32& rhs32) {
    auto& g = e.g;
    Xbyak::Reg kept;
    const Xbyak::Reg& r = result_reg(e, op, sf_of(op), kept);
    if (sf_of(op))
        sub ? g.sub(r, rhs64) : g.add(r, rhs64);
    else
        sub ? g.sub(r, rhs32) : g.add(r, rhs32);
    finish_result(e, op, r);
    if (flags) store_flags(e, sub ? FlagsFrom::sub : FlagsFrom::add);
    return true;
}
bool addsub_rcx(Emitter& e, const Op& op, bool sub, bool flags) {
    return addsub(e, op, sub, flags, rcx, ecx);
}

// ADD/SUB (immediate): imm12, optionally << 12 (at most 0xfff000: one imm32 for both sizes).
bool addsub_imm(Emitter& e, const Op& op, bool sub, bool flags) {
    const auto imm = uint32_t(op.imm);
    return addsub(e, op, sub, flags, imm, imm);
}

// Operand 2 of a shifted-register row into rcx/ecx: x[m] shifted by imm6 (type in bits 23:22).
void shifted_operand(Emitter& e, const Op& op, bool sf) {
    auto& g = e.g;
    const unsigned type = (op.insn >> 22) & 3, amount = op.f0;
    const Xbyak::Reg& r = sf ? static_cast<const Xbyak::Reg&>(rcx) : ecx;
    sf ? g.mov(rcx, e.x(op.m)) : g.mov(ecx, e.w(op.m));
    if (!amount) return;
    switch (type) {
        case 0: g.shl(r, amount); break;
        case 1: g.shr(r, amount); break;
        case 2: g.sar(r, amount); break;
        default: g.ror(r, amount); break;
    }
}

bool addsub_shift(Emitter& e, const Op& op, bool sub, bool flags) {
    shifted_operand(e, op, sf_of(op));
    return addsub_rcx(e, op, sub, flags);
}

// ADD/SUB (extended register): operand 2 is ExtendReg(x[m], option f1, shift f0) in rcx.
bool addsub_ext(Emitter& e, const Op& op, bool sub, bool flags) {
    auto& g = e.g;
    g.mov(rcx, e.x(op.m));
    switch (op.f1) {  // UXTB UXTH UXTW UXTX SXTB SXTH SXTW SXTX
        case 0: g.movzx(ecx, cl); break;
        case 1: g.movzx(ecx, cx); break;
        case 2: g.mov(ecx, ecx); break;
        case 4: g.movsx(rcx, cl); break;
        case 5: g.movsx(rcx, cx); break;
        case 6: g.movsxd(rcx, ecx); break;
        default: break;
    }
    if (op.f0) g.shl(rcx, op.f0);
    return addsub_rcx(e, op, sub, flags);
}

// OPC: 0 AND, 1 ORR, 2 EOR, 3 ANDS (flags): x[d] = x[n] OP rhs (rcx/ecx or an immediate).
template <class Rhs>
bool logic(Emitter& e, const Op& op, unsigned opc, const Rhs& rhs) {
    auto& g = e.g;
    Xbyak::Reg kept;
    const Xbyak::Reg& r = result_reg(e, op, sf_of(op), kept);
    if (opc == 1)
        g.or_(r, rhs);
    else if (opc == 2)
        g.xor_(r, rhs);
    else
        g.and_(r, rhs);
    finish_result(e, op, r);
    if (opc == 3) store_flags(e, FlagsFrom::logic);
    return true;
}

bool logic_imm(Emitter& e, const Op& op, unsigned opc) {
    const bool sf = sf_of(op);
    // An immediate the x86 form takes (sign-extended imm32 for 64 bits), else through rcx.
    if (!sf || int64_t(op.imm) == int32_t(op.imm)) return logic(e, op, opc, uint32_t(op.imm));
    e.g.mov(rcx, op.imm);
    return logic(e, op, opc, rcx);
}

bool logic_shift(Emitter& e, const Op& op, unsigned opc, bool inv) {
    const bool sf = sf_of(op);
    shifted_operand(e, op, sf);
    if (inv) sf ? e.g.not_(rcx) : e.g.not_(ecx);
    return sf ? logic(e, op, opc, rcx) : logic(e, op, opc, ecx);
}

bool movi(Emitter& e, const Op& op) {
    e.g.mov(rax, op.imm);
    store_result(e, op);
    return true;
}

// MOVK: x[a] with the 16 bits at f0 replaced by imm.
bool movk(Emitter& e, const Op& op) {
    auto& g = e.g;
    const uint64_t field = uint64_t(0xffff) << op.f0, bits = op.imm << op.f0;
    if (sf_of(op)) {
        g.mov(rax, e.x(op.a));
        g.mov(rcx, ~field);
        g.and_(rax, rcx);
        g.mov(rcx, bits);
        g.or_(rax, rcx);
    } else {
        g.mov(eax, e.w(op.a));
        g.and_(eax, uint32_t(~field));
        g.or_(eax, uint32_t(bits));
    }
    store_result(e, op);
    return true;
}

// EXTR (ROR immediate when n = m): (x[n]:x[m]) >> lsb, the low 32 or 64 bits (op_extr).
bool extr(Emitter& e, const Op& op) {
    auto& g = e.g;
    if (sf_of(op)) {
        g.mov(rax, e.x(op.m));
        g.mov(rcx, e.x(op.n));
        if (op.f0) g.shrd(rax, rcx, op.f0);
    } else {
        g.mov(eax, e.w(op.m));
        g.mov(ecx, e.w(op.n));
        if (op.f0) g.shrd(eax, ecx, op.f0);
    }
    store_result(e, op);
    return true;
}

// MRS of a stored register or of SP_EL0 (sem::op_mrs_stored, op_mrs_sp_el0); any other MRS is
// called.
bool mrs(Emitter& e, const Op& op) {
    auto& g = e.g;
    if (op.fn == sem::op_mrs_stored) {
        g.mov(rax, e.field(offsetof(CpuState, sr) + op.imm * 8));
    } else if (op.fn == sem::op_mrs_sp_el0) {
        g.mov(rax, e.x(CpuState::kSP));
        if (e.tb->key & 3) {  // the block's EL (Cpu::state_key): the banked copy while SPSel = 1
            g.cmp(g.dword[e.state + offsetof(CpuState, spsel)], 0);
            g.cmovne(rax, e.field(offsetof(CpuState, sp_el)));
        }
    } else {
        return false;
    }
    store_result(e, op);
    return true;
}

// SBFM (OPC 0), BFM (1), UBFM (2) (ARM ARM C6.2.262, C6.2.34, C6.2.384), as op_bitfield, whose
// wmask (imm) and tmask (imm2) the translator computed; immr in f0, imms in f1.
bool bitfield(Emitter& e, const Op& op, unsigned opc) {
    auto& g = e.g;
    const bool sf = sf_of(op);
    auto R = [sf](const Xbyak::Reg64& r64, const Xbyak::Reg32& r32) -> const Xbyak::Reg& {
        return sf ? static_cast<const Xbyak::Reg&>(r64) : r32;
    };
    const uint64_t bits = sf ? ~0ull : 0xffffffffull, wmask = op.imm & bits, tmask = op.imm2 & bits;
    auto load = [&](const Xbyak::Reg64& r64, const Xbyak::Reg32& r32, unsigned slot) {
        sf ? g.mov(r64, e.x(slot)) : g.mov(r32, e.w(slot));
    };
    load(rax, eax, op.n);
    if (opc != 1) {
        // SBFM/UBFM: the field src<imms:0> to the top, then back down by an arithmetic (SBFM) or
        // logical (UBFM) shift: to bit 0 from bit immr when imms >= immr (SBFX, UBFX, ASR, LSR),
        // to bit regsize - immr when imms < immr (SBFIZ, UBFIZ, LSL), sign or zeros above it.
        const unsigned size = sf ? 64 : 32, immr = op.f0, imms = op.f1;
        const unsigned left = size - 1 - imms, right = (size - 1 - imms + immr) % size;
        if (left) g.shl(R(rax, eax), left);
        if (right) opc == 0 ? g.sar(R(rax, eax), right) : g.shr(R(rax, eax), right);
        store_result(e, op);
        return true;
    }
    // BFM: bot = (dst & ~wmask) | (ROR(src, immr) & wmask); result = (dst & ~tmask) | (bot & tmask).
    if (op.f0) g.ror(R(rax, eax), op.f0);
    g.mov(rcx, wmask);
    g.and_(R(rax, eax), R(rcx, ecx));
    load(rdx, edx, op.a);
    g.mov(r8, rdx);
    g.mov(rcx, ~wmask & bits);
    g.and_(R(rdx, edx), R(rcx, ecx));
    g.or_(R(rax, eax), R(rdx, edx));
    g.mov(rcx, tmask);
    g.and_(R(rax, eax), R(rcx, ecx));
    g.mov(rcx, ~tmask & bits);
    g.and_(R(r8, r8d), R(rcx, ecx));
    g.or_(R(rax, eax), R(r8, r8d));
    store_result(e, op);
    return true;
}

// MADD / MSUB: x[a] +/- x[n] * x[m] (the low bits of the product).
bool madd(Emitter& e, const Op& op, bool sub) {
    auto& g = e.g;
    if (sf_of(op)) {
        g.mov(rax, e.x(op.n));
        g.imul(rax, e.x(op.m));
        g.mov(rcx, e.x(op.a));
        if (sub) {
            g.sub(rcx, rax);
            g.mov(rax, rcx);
        } else {
            g.add(rax, rcx);
        }
    } else {
        g.mov(eax, e.w(op.n));
        g.imul(eax, e.w(op.m));
        g.mov(ecx, e.w(op.a));
        if (sub) {
            g.sub(ecx, eax);
            g.mov(eax, ecx);
        } else {
            g.add(eax, ecx);
        }
    }
    store_result(e, op);
    return true;
}

// ConditionHolds(cond) (ARM ARM J1.2.4, the interpreter's kCondTable) into the host's CF: returns
// true when CF = 1 means it holds, false when CF = 0 does. EQ/NE, CS/CC, MI/PL and VS/VC test their
// one flag (PSTATE.N Z C V are NZCV bits 31, 30, 29, 28); the others take bit NZCV of
// kCondTable[cond]. Clobbers ecx and r8d (the table form).
bool cond_in_cf(Emitter& e, unsigned cond) {
    auto& g = e.g;
    static constexpr uint8_t kFlagBit[4] = {30, 29, 31, 28};  // Z, C, N, V
    if (cond < 8) {
        e.nzcv_in_ecx ? g.bt(ecx, kFlagBit[cond >> 1]) : g.bt(e.nzcv(), kFlagBit[cond >> 1]);
        return !(cond & 1);
    }
    if (!e.nzcv_in_ecx) g.mov(ecx, e.nzcv());
    g.shr(ecx, 28);
    g.mov(r8d, uint32_t(sem::kCondTable[cond]));
    g.bt(r8d, ecx);
    return true;
}

// CSEL (OP 0), CSINC (1), CSINV (2), CSNEG (3): x[n] if the condition holds, else op(x[m]).
bool csel(Emitter& e, const Op& op, unsigned kind) {
    auto& g = e.g;
    const bool sf = sf_of(op);
    const Xbyak::Reg& a = sf ? static_cast<const Xbyak::Reg&>(rax) : eax;
    const Xbyak::Reg& b = sf ? static_cast<const Xbyak::Reg&>(rdx) : edx;
    sf ? g.mov(rdx, e.x(op.m)) : g.mov(edx, e.w(op.m));
    if (kind == 1) g.add(b, 1);
    if (kind == 2) g.not_(b);
    if (kind == 3) g.neg(b);
    sf ? g.mov(rax, e.x(op.n)) : g.mov(eax, e.w(op.n));
    cond_in_cf(e, op.f0) ? g.cmovnc(a, b) : g.cmovc(a, b);
    store_result(e, op);
    return true;
}

void exit_to(Emitter& e, uint64_t target, int slot) {
    emit_exit(e, target, slot);
}

// A conditional exit: `taken` is the x86 condition code's jump to the taken path.
template <class Jump>
void exit_if(Emitter& e, const Op& op, Jump&& jump_if_taken) {
    Xbyak::Label taken;
    jump_if_taken(taken);
    exit_to(e, op.pc + 4, 1);
    e.g.L(taken);
    exit_to(e, op.imm, 0);
}

bool b_cond(Emitter& e, const Op& op) {
    auto& g = e.g;
    const bool holds_on_cf = cond_in_cf(e, op.f0);
    exit_if(e, op, [&](Xbyak::Label& l) {
        holds_on_cf ? g.jc(l, Xbyak::CodeGenerator::T_NEAR) : g.jnc(l, Xbyak::CodeGenerator::T_NEAR);
    });
    return true;
}

bool cbz(Emitter& e, const Op& op, bool nz) {
    auto& g = e.g;
    if (sf_of(op))
        g.cmp(e.x(op.a), 0);
    else
        g.cmp(e.w(op.a), 0);
    exit_if(e, op, [&](Xbyak::Label& l) {
        nz ? g.jne(l, Xbyak::CodeGenerator::T_NEAR) : g.je(l, Xbyak::CodeGenerator::T_NEAR);
    });
    return true;
}

bool tbz(Emitter& e, const Op& op, bool nz) {
    auto& g = e.g;
    g.bt(e.x(op.a), op.f0);
    exit_if(e, op, [&](Xbyak::Label& l) {
        nz ? g.jc(l, Xbyak::CodeGenerator::T_NEAR) : g.jnc(l, Xbyak::CodeGenerator::T_NEAR);
    });
    return true;
}

}  // namespace

Emitted emit_op(Emitter& e, const DecodeRow& row, const Op& op) {
    const std::string_view n = row.name;
    auto done = [](bool) { return Emitted::op; };
    auto exit = [](bool) { return Emitted::exit; };
    if (n == "ADD_imm") return done(addsub_imm(e, op, false, false));
    if (n == "ADDS_imm") return done(addsub_imm(e, op, false, true));
    if (n == "SUB_imm") return done(addsub_imm(e, op, true, false));
    if (n == "SUBS_imm") return done(addsub_imm(e, op, true, true));
    if (n == "ADD_shift") return done(addsub_shift(e, op, false, false));
    if (n == "ADDS_shift") return done(addsub_shift(e, op, false, true));
    if (n == "SUB_shift") return done(addsub_shift(e, op, true, false));
    if (n == "SUBS_shift") return done(addsub_shift(e, op, true, true));
    if (n == "ADD_ext") return done(addsub_ext(e, op, false, false));
    if (n == "ADDS_ext") return done(addsub_ext(e, op, false, true));
    if (n == "SUB_ext") return done(addsub_ext(e, op, true, false));
    if (n == "SUBS_ext") return done(addsub_ext(e, op, true, true));
    if (n == "AND_imm") return done(logic_imm(e, op, 0));
    if (n == "ORR_imm") return done(logic_imm(e, op, 1));
    if (n == "EOR_imm") return done(logic_imm(e, op, 2));
    if (n == "ANDS_imm") return done(logic_imm(e, op, 3));
    if (n == "AND_shift") return done(logic_shift(e, op, 0, false));
    if (n == "BIC_shift") return done(logic_shift(e, op, 0, true));
    if (n == "ORR_shift") return done(logic_shift(e, op, 1, false));
    if (n == "ORN_shift") return done(logic_shift(e, op, 1, true));
    if (n == "EOR_shift") return done(logic_shift(e, op, 2, false));
    if (n == "EON_shift") return done(logic_shift(e, op, 2, true));
    if (n == "ANDS_shift") return done(logic_shift(e, op, 3, false));
    if (n == "BICS_shift") return done(logic_shift(e, op, 3, true));
    if (n == "MOVN" || n == "MOVZ" || n == "ADR" || n == "ADRP") return done(movi(e, op));
    if (n == "MOVK") return done(movk(e, op));
    if (n == "B") return exit((exit_to(e, op.imm, 0), true));
    if (n == "BL") {
        e.g.mov(rax, op.pc + 4);
        e.g.mov(e.xw(30), rax);
        return exit((exit_to(e, op.imm, 0), true));
    }
    if (n == "EXTR") return done(extr(e, op));
    if (n == "MRS") return mrs(e, op) ? Emitted::op : Emitted::none;
    if (n == "SBFM") return done(bitfield(e, op, 0));
    if (n == "BFM") return done(bitfield(e, op, 1));
    if (n == "UBFM") return done(bitfield(e, op, 2));
    if (n == "MADD") return done(madd(e, op, false));
    if (n == "MSUB") return done(madd(e, op, true));
    if (n == "CSEL") return done(csel(e, op, 0));
    if (n == "CSINC") return done(csel(e, op, 1));
    if (n == "CSINV") return done(csel(e, op, 2));
    if (n == "CSNEG") return done(csel(e, op, 3));
    if (n == "BR" || n == "RET") return exit((emit_indirect(e, op.n, std::nullopt), true));
    if (n == "BLR") return exit((emit_indirect(e, op.n, op.pc + 4), true));
    if (n == "B_cond") return exit(b_cond(e, op));
    if (n == "CBZ") return exit(cbz(e, op, false));
    if (n == "CBNZ") return exit(cbz(e, op, true));
    if (n == "TBZ") return exit(tbz(e, op, false));
    if (n == "TBNZ") return exit(tbz(e, op, true));
    return emit_ldst(e, row, op);
}

}  // namespace vp::iss::x64
