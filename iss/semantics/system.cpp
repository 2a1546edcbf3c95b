// Exception generation, hints, barriers, PSTATE and system register access
// (ARM ARM C4.1.87, C5.2-C5.3, D1.10).
#include "iss/frontend/row_binding.h"
#include "iss/semantics/sem.h"

namespace vp::iss {
using namespace sem;

namespace {

const Op* op_nop(Cpu& c, const Op* o) {
    return next(c, o);
}

// Ends the block after the instruction so the run loop re-checks interrupts / state.
const Op* op_sync(Cpu& c, const Op* o) {
    return c.exit_to(o->pc + 4, -1);
}

const Op* op_undef(Cpu& c, const Op* o) {
    return c.undefined(o);
}

const Op* op_svc(Cpu& c, const Op* o) {
    return c.raise(o, ec::svc, uint32_t(o->imm), 0, true);
}

// HVC/SMC: offered to the host (PSCI). Without EL2/EL3 they are otherwise UNDEFINED (C6.2.104).
const Op* op_hypercall(Cpu& c, const Op* o) {
    auto& hook = c.hooks().hypercall;
    if (hook && hook(c, o->f0, uint16_t(o->imm))) return c.exit_to(o->pc + 4, -1);
    return c.undefined(o);
}

const Op* op_brk(Cpu& c, const Op* o) {
    return c.raise(o, ec::brk, uint32_t(o->imm));
}

const Op* op_eret(Cpu& c, const Op*) {
    c.exception_return();  // sets pc and the exit slot
    return nullptr;
}

// WFI completes at once when an interrupt is pending, even if masked (D1.6.2).
const Op* op_wfi(Cpu& c, const Op* o) {
    c.halted_wfi = true;
    c.exit_req = true;  // the run loop sleeps
    return c.exit_to(o->pc + 4, -1);
}
const Op* op_wfe(Cpu& c, const Op* o) {
    // WFE ends its block, so it leaves through an exit even when an event lets it complete.
    if (c.event_register) {
        c.event_register = false;
        return c.exit_to(o->pc + 4, -1);
    }
    c.halted_wfe = true;
    c.exit_req = true;
    return c.exit_to(o->pc + 4, -1);
}
// WFI/WFE at EL0 with SCTLR_EL1.nTWI/nTWE = 0: trapped to EL1, EC 0x01, ISS CV = 1, COND = 0xE,
// TI = 1 for WFE (D17.2.37).
const Op* op_wfx_trap(Cpu& c, const Op* o) {
    return c.raise(o, ec::wfx, (1u << 24) | (0xEu << 20) | (o->f0 == 2 ? 1u : 0u));
}

const Op* op_sev(Cpu& c, const Op* o) {
    c.event_register = true;
    if (o->f0 == 4 && c.hooks().sev) c.hooks().sev(c);  // SEV (not SEVL) reaches every core
    return next(c, o);
}

const Op* op_clrex(Cpu& c, const Op* o) {
    c.excl_clear();
    return next(c, o);
}

const Op* op_daifset(Cpu& c, const Op* o) {
    c.daif |= uint32_t(o->imm) << 6;
    return c.exit_to(o->pc + 4, -1);
}
const Op* op_daifclr(Cpu& c, const Op* o) {
    c.daif &= ~(uint32_t(o->imm) << 6);
    return c.exit_to(o->pc + 4, -1);
}
const Op* op_spsel(Cpu& c, const Op* o) {
    c.write_sysreg(SysReg::SPSel, o->imm);
    return c.exit_to(o->pc + 4, -1);
}

const Op* op_mrs(Cpu& c, const Op* o) {
    c.x[o->d] = c.read_sysreg(SysReg(o->imm));
    return next(c, o);
}
const Op* op_mrs_nzcv(Cpu& c, const Op* o) {
    c.x[o->d] = c.nzcv;
    return next(c, o);
}
const Op* op_msr_nzcv(Cpu& c, const Op* o) {
    c.nzcv = uint32_t(c.x[o->a]) & 0xF0000000u;
    return next(c, o);
}
const Op* op_msr(Cpu& c, const Op* o) {
    c.write_sysreg(SysReg(o->imm), c.x[o->a]);
    return c.exit_to(o->pc + 4, -1);
}

const Op* op_mrs_zero(Cpu& c, const Op* o) {
    c.x[o->d] = 0;
    return next(c, o);
}

// ISS of EC 0x18 (trapped MSR/MRS, D17.2.37): Op0 21:20, Op2 19:17, Op1 16:14, CRn 13:10,
// Rt 9:5, CRm 4:1, Direction 0 (1 = read).
uint32_t sysreg_trap_iss(uint32_t insn) {
    uint32_t op0 = (insn >> 19) & 3, op1 = (insn >> 16) & 7, crn = (insn >> 12) & 15, crm = (insn >> 8) & 15,
             op2 = (insn >> 5) & 7, rt = insn & 31, read = (insn >> 21) & 1;
    return (op0 << 20) | (op2 << 17) | (op1 << 14) | (crn << 10) | (rt << 5) | (crm << 1) | read;
}

// EL0 access to a generic-timer register: allowed when one of the CNTKCTL_EL1 bits in o->imm2
// is set, else trapped to EL1 with EC 0x18 (CNTKCTL_EL1.EL0PCTEN/EL0VCTEN/EL0PTEN/EL0VTEN).
const Op* op_timer_el0(Cpu& c, const Op* o) {
    if (!(c.read_sysreg(SysReg::CNTKCTL_EL1) & o->imm2))
        return c.raise(o, ec::sysreg, sysreg_trap_iss(o->insn));
    if ((o->insn >> 21) & 1) {
        c.x[o->d] = c.read_sysreg(SysReg(o->imm));
        return next(c, o);
    }
    c.write_sysreg(SysReg(o->imm), c.x[o->a]);
    return c.exit_to(o->pc + 4, -1);
}

// Trapped SYS/MSR/MRS (EL0 cache maintenance disallowed by SCTLR_EL1.UCI/DZE): EC 0x18.
const Op* op_sys_trap(Cpu& c, const Op* o) {
    return c.raise(o, ec::sysreg, sysreg_trap_iss(o->insn));
}

// DC ZVA (C5.3.21): zeroes the naturally aligned 64-byte block (DCZID_EL0.BS = 4) through the
// store path, so translated code and exclusive reservations on it are invalidated.
// DC ZVA to any type of Device memory (every data access with the MMU off) is an Alignment fault.
const Op* op_dc_zva(Cpu& c, const Op* o) {
    uint64_t base = c.x[o->a] & ~63ull;
    if (c.zva_to_device(base)) [[unlikely]] {
        c.alignment_fault(c.x[o->a], false);
        return c.data_abort(o, true);
    }
    for (unsigned i = 0; i < 64; i += 8)
        if (!c.store<uint64_t>(base + i, 0)) [[unlikely]]
            return c.data_abort(o, true);
    if (c.exit_req) [[unlikely]]
        return c.exit_after(o);
    return next(c, o);
}

// DC CVAC/CVAU/CIVAC/IVAC: no caches are modelled, but the VA is translated and a fault is a data
// abort with ISS.CM = 1 and WnR = 1 (D17.2.37). o->f0 = 1 for DC IVAC (needs write permission).
const Op* op_dc_va(Cpu& c, const Op* o) {
    if (!c.check_cache_op(c.x[o->a], o->f0)) [[unlikely]]
        return c.raise(o, c.el == 0 ? ec::dabort_lower : ec::dabort_same, (1u << 8) | (1u << 6) | c.fault_fsc,
                       c.fault_addr);
    return next(c, o);
}

// IC IVAU: drops the translated code of that page on every core; faults like DC by VA.
const Op* op_ic_ivau(Cpu& c, const Op* o) {
    if (!c.invalidate_icache_va(c.x[o->a])) [[unlikely]]
        return c.raise(o, c.el == 0 ? ec::dabort_lower : ec::dabort_same, (1u << 8) | (1u << 6) | c.fault_fsc,
                       c.fault_addr);
    return c.exit_to(o->pc + 4, -1);
}

// TLBI (C5.5): o->f0 = kind, o->f1 = broadcast (Inner Shareable), Xt in o->a.
const Op* op_tlbi(Cpu& c, const Op* o) {
    c.tlbi(TlbiKind(o->f0), c.x[o->a], o->f1 != 0);
    return c.exit_to(o->pc + 4, -1);
}

// AT S1E1R/W, S1E0R/W (C5.4): translation result in PAR_EL1.
const Op* op_at(Cpu& c, const Op* o) {
    c.address_translate(c.x[o->a], o->f0 & 2, o->f0 & 1);
    return next(c, o);
}

const Op* op_ic_inval(Cpu& c, const Op* o) {
    c.ic_invalidate_all_cores();
    return c.exit_to(o->pc + 4, -1);
}

bool simple(Builder& b, OpFn fn, bool end = false) {
    b.op.fn = fn;
    b.end = end;
    return true;
}

// Rows whose op takes no operands: CLREX, DSB/DMB (op_nop), ISB (op_sync, ends the block).
template <OpFn OP, bool END = false>
bool tr_simple(Builder& b, const Fields&) {
    return simple(b, OP, END);
}

}  // namespace

OpFn undefined_op() {
    return op_undef;
}

bool tr_SVC(Builder& b, const Fields& f) {
    b.op.imm = f.imm();
    return simple(b, op_svc, true);
}
bool tr_HVC(Builder& b, const Fields& f) {
    if (b.cpu.el == 0) return false;
    b.op.imm = f.imm();
    b.op.f0 = ec::hvc;
    return simple(b, op_hypercall, true);
}
bool tr_SMC(Builder& b, const Fields& f) {
    if (b.cpu.el == 0) return false;
    b.op.imm = f.imm();
    b.op.f0 = ec::smc;
    return simple(b, op_hypercall, true);
}
bool tr_BRK(Builder& b, const Fields& f) {
    b.op.imm = f.imm();
    return simple(b, op_brk, true);
}
// HLT is UNDEFINED while halting debug is disabled (C6.2.103).
bool tr_HLT(Builder& b, const Fields&) {
    return b.unimp("HLT: halting debug not enabled");
}

bool tr_HINT(Builder& b, const Fields& f) {
    b.op.f0 = uint8_t((f.insn >> 5) & 0x7f);  // CRm:op2 (the specific rows have no fields)
    const uint64_t sctlr = b.cpu.sr[size_t(SysReg::SCTLR_EL1)];
    switch (b.op.f0) {
        case 2: return simple(b, b.cpu.el == 0 && !((sctlr >> 18) & 1) ? op_wfx_trap : op_wfe, true);  // nTWE
        case 3: return simple(b, b.cpu.el == 0 && !((sctlr >> 16) & 1) ? op_wfx_trap : op_wfi, true);  // nTWI
        case 4:
        case 5: return simple(b, op_sev);
        default: return simple(b, op_nop);  // NOP, YIELD, ESB, PSB, BTI, PAC hint space: NOP
    }
}

bool tr_MSR_imm(Builder& b, const Fields& f) {
    unsigned sel = (f.op1() << 3) | f.op2();
    b.op.imm = f.CRm();
    bool el0_daif = b.cpu.el > 0 || (b.cpu.read_sysreg(SysReg::SCTLR_EL1) >> 9 & 1);  // SCTLR.UMA
    switch (sel) {
        case 0x05:  // SPSel
            if (b.cpu.el == 0) return false;
            b.op.imm &= 1;
            return simple(b, op_spsel, true);
        case 0x1e:  // DAIFSet
            return el0_daif && simple(b, op_daifset, true);
        case 0x1f:  // DAIFClr
            return el0_daif && simple(b, op_daifclr, true);
        default: return b.unimp("MSR (immediate) to an unimplemented PSTATE field");
    }
}

namespace {
bool sysreg_access(Builder& b, const Fields& f, bool write, SysReg& r) {
    uint32_t enc = ((2 + f.o0()) << 14) | (f.op1() << 11) | (f.CRn() << 7) | (f.CRm() << 3) | f.op2();
    if (!find_sysreg(enc, r))
        return b.unimp("unknown system register S" + std::to_string(2 + f.o0()) + "_" +
                       std::to_string(f.op1()) + "_C" + std::to_string(f.CRn()) + "_C" +
                       std::to_string(f.CRm()) + "_" + std::to_string(f.op2()));
    using A = SysRegInfo::Access;
    A acc = sysreg_info(r).access;
    bool el0 = b.cpu.el == 0;
    if (acc == A::WO1) return !el0 && write;
    if (acc == A::TMR) {  // EL0 checked at run time; counters are read-only, CNTFRQ EL1-writable
        if (write && (r == SysReg::CNTPCT_EL0 || r == SysReg::CNTVCT_EL0)) return false;
        return !(el0 && write && r == SysReg::CNTFRQ_EL0);
    }
    if (r == SysReg::DAIF && el0) return (b.cpu.read_sysreg(SysReg::SCTLR_EL1) >> 9) & 1;
    if (el0 && (acc == A::RW1 || acc == A::RO1)) return false;
    if (write && (acc == A::RO0 || acc == A::RO1 || (el0 && acc == A::R0W1))) return false;
    return true;
}

// CNTKCTL_EL1 bits that allow EL0 access to a timer register (D17.11: EL0PCTEN 0, EL0VCTEN 1,
// EL0VTEN 8, EL0PTEN 9; CNTFRQ_EL0 is readable when EL0PCTEN or EL0VCTEN is set).
uint64_t timer_el0_mask(SysReg r) {
    switch (r) {
        case SysReg::CNTFRQ_EL0: return 3;
        case SysReg::CNTPCT_EL0: return 1;
        case SysReg::CNTVCT_EL0: return 2;
        case SysReg::CNTV_CTL_EL0:
        case SysReg::CNTV_CVAL_EL0:
        case SysReg::CNTV_TVAL_EL0: return 1u << 8;
        default: return 1u << 9;
    }
}
bool timer_el0(Builder& b, SysReg r, const Fields& f) {
    if (b.cpu.el != 0 || sysreg_info(r).access != SysRegInfo::TMR) return false;
    b.op.imm = uint64_t(r);
    b.op.imm2 = timer_el0_mask(r);
    b.op.d = dst_zr(f.Rt());
    b.op.a = src_zr(f.Rt());
    b.op.fn = op_timer_el0;
    b.end = !((f.insn >> 21) & 1);
    return true;
}
}  // namespace

bool tr_MRS(Builder& b, const Fields& f) {
    SysReg r;
    uint32_t enc = ((2 + f.o0()) << 14) | (f.op1() << 11) | (f.CRn() << 7) | (f.CRm() << 3) | f.op2();
    // Reserved ID space op0=3, op1=0, CRn=0, CRm=1..7 (AArch32 ID registers included): RAZ at EL1.
    if (!find_sysreg(enc, r) && f.o0() == 1 && f.op1() == 0 && f.CRn() == 0 && f.CRm() >= 1 && b.cpu.el > 0) {
        b.op.d = dst_zr(f.Rt());
        return simple(b, op_mrs_zero);
    }
    if (!sysreg_access(b, f, false, r)) return false;
    if (timer_el0(b, r, f)) return true;
    if ((r == SysReg::FPCR || r == SysReg::FPSR) && !b.cpu.fp_enabled()) return simple(b, fp_trap_op(), true);
    if (r == SysReg::CTR_EL0 && b.cpu.el == 0 && !((b.cpu.sr[size_t(SysReg::SCTLR_EL1)] >> 15) & 1))
        return simple(b, op_sys_trap, true);  // SCTLR_EL1.UCT = 0: EC 0x18
    b.op.d = dst_zr(f.Rt());
    b.op.imm = uint64_t(r);
    if (r == SysReg::SP_EL0) return simple(b, sem::op_mrs_sp_el0);
    if (Cpu::sysreg_read_is_stored(r)) return simple(b, sem::op_mrs_stored);
    return simple(b, r == SysReg::NZCV ? op_mrs_nzcv : op_mrs);
}
bool tr_MSR_reg(Builder& b, const Fields& f) {
    SysReg r;
    if (!sysreg_access(b, f, true, r)) return false;
    if (timer_el0(b, r, f)) return true;
    if ((r == SysReg::FPCR || r == SysReg::FPSR) && !b.cpu.fp_enabled()) return simple(b, fp_trap_op(), true);
    b.op.a = src_zr(f.Rt());
    b.op.imm = uint64_t(r);
    if (r == SysReg::NZCV) return simple(b, op_msr_nzcv);
    return simple(b, op_msr, true);
}

// SYS: cache, address-translation and TLB maintenance (C5.3-C5.5). Data-cache ops are NOPs (no
// caches modelled) except DC ZVA; instruction-cache invalidation drops translated code on every
// core; TLBI drops cached translations (the IS forms on every core).
bool tr_SYS(Builder& b, const Fields& f) {
    unsigned op1 = f.op1(), crn = f.CRn(), crm = f.CRm(), op2 = f.op2();
    bool el0 = b.cpu.el == 0;
    const uint64_t sctlr = b.cpu.sr[size_t(SysReg::SCTLR_EL1)];
    const bool uci = (sctlr >> 26) & 1, dze = (sctlr >> 14) & 1;
    b.op.a = src_zr(f.Rt());
    if (crn == 7) {
        if (op1 == 3 && crm == 5 && op2 == 1)  // IC IVAU: EL0 when SCTLR_EL1.UCI
            return simple(b, el0 && !uci ? op_sys_trap : op_ic_ivau, true);
        if (op1 == 0 && (crm == 5 || crm == 1) && op2 == 0)  // IC IALLU, IC IALLUIS
            return !el0 && simple(b, op_ic_inval, true);
        if (op1 == 3 && crm == 4 && op2 == 1)  // DC ZVA: EL0 when SCTLR_EL1.DZE
            return simple(b, el0 && !dze ? op_sys_trap : op_dc_zva, el0 && !dze);
        if (op1 == 3 && op2 == 1 && (crm == 10 || crm == 11 || crm == 14))  // DC CVAC, CVAU, CIVAC
            return simple(b, el0 && !uci ? op_sys_trap : op_dc_va, el0 && !uci);
        if (op1 == 0 && crm == 6 && op2 == 1) {  // DC IVAC: EL1 only
            b.op.f0 = 1;
            return !el0 && simple(b, op_dc_va);
        }
        if (op1 == 0 && ((crm == 6 && op2 == 2) || (crm == 10 && op2 == 2) || (crm == 14 && op2 == 2)))
            return !el0 && simple(b, op_nop);    // DC ISW, CSW, CISW: EL1 only
        if (op1 == 0 && crm == 8 && op2 <= 3) {  // AT S1E1R, S1E1W, S1E0R, S1E0W
            if (el0) return false;
            b.op.f0 = uint8_t(op2);
            return simple(b, op_at);
        }
        return b.unimp("SYS: unimplemented CRn=7 operation");
    }
    if (crn == 8 && op1 == 0 && !el0 && (crm == 3 || crm == 7)) {  // TLBI ...E1IS (CRm 3), ...E1 (CRm 7)
        TlbiKind k;
        switch (op2) {
            case 0: k = TlbiKind::vmalle1; break;
            case 1: k = TlbiKind::vae1; break;
            case 2: k = TlbiKind::aside1; break;
            case 3: k = TlbiKind::vaae1; break;
            case 5: k = TlbiKind::vale1; break;
            case 7: k = TlbiKind::vaale1; break;
            default: return b.unimp("TLBI: unimplemented operation");
        }
        b.op.f0 = uint8_t(k);
        b.op.f1 = crm == 3;
        return simple(b, op_tlbi, true);
    }
    return b.unimp("SYS: unimplemented operation");
}
bool tr_SYSL(Builder& b, const Fields&) {
    return b.unimp("SYSL: no implemented registers");
}

bool tr_ERET(Builder& b, const Fields&) {
    if (b.cpu.el == 0) return false;
    return simple(b, op_eret, true);
}

#define VP_ROWS_tr_simple VP_DEFINED_HERE
#include "iss/frontend/bind_rows.inc"

}  // namespace vp::iss

namespace vp::iss::sem {
const Op* op_mrs_stored(Cpu& c, const Op* o) {
    c.x[o->d] = c.sr[o->imm];
    return next(c, o);
}
const Op* op_mrs_sp_el0(Cpu& c, const Op* o) {
    c.x[o->d] = c.el && c.spsel ? c.sp_el[0] : c.x[Cpu::kSP];
    return next(c, o);
}
}  // namespace vp::iss::sem
