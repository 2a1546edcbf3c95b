// Exception generation, hints, barriers, PSTATE and system register access
// (ARM ARM C4.1.87, C5.2-C5.3, D1.10).
#include "iss/semantics/sem.h"

namespace vp::iss {
using namespace sem;

namespace {

const Op* op_nop(Cpu& c, const Op* o) { return next(c, o); }

// Ends the block after the instruction so the run loop re-checks interrupts / state.
const Op* op_sync(Cpu& c, const Op* o) { return c.exit_to(o->pc + 4, -1); }

const Op* op_undef(Cpu& c, const Op* o) { return c.undefined(o); }

const Op* op_svc(Cpu& c, const Op* o) { return c.raise(o, ec::svc, uint32_t(o->imm), 0, true); }

// HVC/SMC: offered to the host (PSCI). Without EL2/EL3 they are otherwise UNDEFINED (C6.2.104).
const Op* op_hypercall(Cpu& c, const Op* o) {
  auto& hook = c.hooks().hypercall;
  if (hook && hook(c, o->f0, uint16_t(o->imm))) return c.exit_to(o->pc + 4, -1);
  return c.undefined(o);
}

const Op* op_brk(Cpu& c, const Op* o) { return c.raise(o, ec::brk, uint32_t(o->imm)); }

const Op* op_eret(Cpu& c, const Op*) {
  c.exception_return();
  return nullptr;
}

// WFI completes at once when an interrupt is pending, even if masked (D1.6.2).
const Op* op_wfi(Cpu& c, const Op* o) {
  c.halted_wfi = true;
  return c.exit_to(o->pc + 4, -1);
}
const Op* op_wfe(Cpu& c, const Op* o) {
  if (c.event_register) {
    c.event_register = false;
    return next(c, o);
  }
  c.halted_wfe = true;
  return c.exit_to(o->pc + 4, -1);
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

const Op* op_ic_inval(Cpu& c, const Op* o) {
  c.invalidate_all_cores();
  return c.exit_to(o->pc + 4, -1);
}

bool simple(Builder& b, OpFn fn, bool end = false) {
  b.op.fn = fn;
  b.end = end;
  return true;
}

}  // namespace

OpFn undefined_op() { return op_undef; }

bool tr_SVC(Builder& b, const Fields& f) {
  b.op.imm = f['i'];
  return simple(b, op_svc, true);
}
bool tr_HVC(Builder& b, const Fields& f) {
  if (b.cpu.el == 0) return false;
  b.op.imm = f['i'];
  b.op.f0 = ec::hvc;
  return simple(b, op_hypercall, true);
}
bool tr_SMC(Builder& b, const Fields& f) {
  if (b.cpu.el == 0) return false;
  b.op.imm = f['i'];
  b.op.f0 = ec::smc;
  return simple(b, op_hypercall, true);
}
bool tr_BRK(Builder& b, const Fields& f) {
  b.op.imm = f['i'];
  return simple(b, op_brk, true);
}
// HLT is UNDEFINED while halting debug is disabled (C6.2.103).
bool tr_HLT(Builder& b, const Fields&) { return b.unimp("HLT: halting debug not enabled"); }

bool tr_HINT(Builder& b, const Fields& f) {
  b.op.f0 = uint8_t((f.insn >> 5) & 0x7f);  // CRm:op2 (the specific rows have no fields)
  switch (b.op.f0) {
    case 2: return simple(b, op_wfe, true);
    case 3: return simple(b, op_wfi, true);
    case 4:
    case 5: return simple(b, op_sev);
    default: return simple(b, op_nop);  // NOP, YIELD, ESB, PSB, BTI, PAC hint space: NOP
  }
}
bool tr_NOP(Builder& b, const Fields& f) { return tr_HINT(b, f); }
bool tr_WFE(Builder& b, const Fields& f) { return tr_HINT(b, f); }
bool tr_WFI(Builder& b, const Fields& f) { return tr_HINT(b, f); }
bool tr_SEV(Builder& b, const Fields& f) { return tr_HINT(b, f); }
bool tr_SEVL(Builder& b, const Fields& f) { return tr_HINT(b, f); }
bool tr_CLREX(Builder& b, const Fields&) { return simple(b, op_clrex); }
bool tr_DSB(Builder& b, const Fields&) { return simple(b, op_nop); }
bool tr_DMB(Builder& b, const Fields&) { return simple(b, op_nop); }
bool tr_ISB(Builder& b, const Fields&) { return simple(b, op_sync, true); }

bool tr_MSR_imm(Builder& b, const Fields& f) {
  unsigned sel = (f['o'] << 3) | f['p'];
  b.op.imm = f['m'];
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
    default:
      return b.unimp("MSR (immediate) to an unimplemented PSTATE field");
  }
}

namespace {
bool sysreg_access(Builder& b, const Fields& f, bool write, SysReg& r) {
  uint32_t enc = ((2 + f['u']) << 14) | (f['o'] << 11) | (f['n'] << 7) | (f['m'] << 3) | f['p'];
  if (!find_sysreg(enc, r))
    return b.unimp("unknown system register S" + std::to_string(2 + f['u']) + "_" + std::to_string(f['o']) +
                   "_C" + std::to_string(f['n']) + "_C" + std::to_string(f['m']) + "_" + std::to_string(f['p']));
  using A = SysRegInfo::Access;
  A acc = sysreg_info(r).access;
  bool el0 = b.cpu.el == 0;
  if (r == SysReg::DAIF && el0) return (b.cpu.read_sysreg(SysReg::SCTLR_EL1) >> 9) & 1;
  if (el0 && (acc == A::RW1 || acc == A::RO1)) return false;
  if (write && (acc == A::RO0 || acc == A::RO1 || (el0 && acc == A::R0W1))) return false;
  return true;
}
}  // namespace

bool tr_MRS(Builder& b, const Fields& f) {
  SysReg r;
  if (!sysreg_access(b, f, false, r)) return false;
  b.op.d = dst_zr(f['t']);
  b.op.imm = uint64_t(r);
  return simple(b, r == SysReg::NZCV ? op_mrs_nzcv : op_mrs);
}
bool tr_MSR_reg(Builder& b, const Fields& f) {
  SysReg r;
  if (!sysreg_access(b, f, true, r)) return false;
  b.op.a = src_zr(f['t']);
  b.op.imm = uint64_t(r);
  if (r == SysReg::NZCV) return simple(b, op_msr_nzcv);
  return simple(b, op_msr, true);
}

// SYS: cache and TLB maintenance (C5.3). Data-cache ops are NOPs (no caches modelled); DC ZVA is
// UNDEFINED because DCZID_EL0.DZP = 1; instruction-cache invalidation drops translated code.
bool tr_SYS(Builder& b, const Fields& f) {
  unsigned op1 = f['o'], crn = f['n'], crm = f['m'], op2 = f['p'];
  bool el0 = b.cpu.el == 0;
  if (crn == 7) {
    if (crm == 5 || crm == 1) {  // IC IALLU, IC IALLUIS, IC IVAU
      if (el0 && !(op1 == 3 && op2 == 1)) return false;
      return simple(b, op_ic_inval, true);
    }
    if (op1 == 3 && crm == 4 && op2 == 1) return b.unimp("DC ZVA prohibited (DCZID_EL0.DZP)");
    if (crm == 6 || crm == 10 || crm == 11 || crm == 12 || crm == 13 || crm == 14) {
      if (el0 && op1 != 3) return false;
      return simple(b, op_nop);
    }
    return b.unimp("SYS: unimplemented CRn=7 operation (AT?)");
  }
  if (crn == 8 && !el0) return simple(b, op_nop);  // TLBI: no translation caching yet
  return b.unimp("SYS: unimplemented operation");
}
bool tr_SYSL(Builder& b, const Fields&) { return b.unimp("SYSL: no implemented registers"); }

bool tr_ERET(Builder& b, const Fields&) {
  if (b.cpu.el == 0) return false;
  return simple(b, op_eret, true);
}

}  // namespace vp::iss
