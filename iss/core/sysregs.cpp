// MRS/MSR system-register storage and the registers with behaviour (ARM ARM D17).
#include <algorithm>
#include <array>

#include "iss/core/cpu.h"

namespace vp::iss {

namespace {

constexpr uint32_t enc(unsigned op0, unsigned op1, unsigned crn, unsigned crm, unsigned op2) {
  return (op0 << 14) | (op1 << 11) | (crn << 7) | (crm << 3) | op2;
}

using A = SysRegInfo::Access;
const SysRegInfo kInfo[] = {
#define SYSREG(name, op0, op1, crn, crm, op2, acc, special) {#name, enc(op0, op1, crn, crm, op2), A::acc, special != 0},
#include "iss/core/sysreg_table.inc"
#undef SYSREG
};

}  // namespace

const SysRegInfo& sysreg_info(SysReg r) { return kInfo[size_t(r)]; }

bool find_sysreg(uint32_t e, SysReg& out) {
  for (size_t i = 0; i < std::size(kInfo); ++i)
    if (kInfo[i].enc == e) {
      out = SysReg(i);
      return true;
    }
  return false;
}

uint64_t Cpu::read_sysreg(SysReg r) const {
  switch (r) {
    case SysReg::NZCV: return nzcv;
    case SysReg::DAIF: return daif;
    case SysReg::CurrentEL: return el << 2;
    case SysReg::SPSel: return spsel;
    case SysReg::SP_EL0: return (el && spsel) ? sp_el[0] : x[kSP];
    case SysReg::MIDR_EL1: return cfg_.midr;
    // MPIDR_EL1: RES1 bit 31, Aff0/Aff1 from the core id (D17.2.101).
    case SysReg::MPIDR_EL1: return (1ull << 31) | (cfg_.core_id & 0xff) | (uint64_t(cfg_.core_id >> 8 & 0xff) << 8);
    case SysReg::CNTVCT_EL0:
    case SysReg::CNTPCT_EL0: return hooks_.counter ? hooks_.counter() : icount_;
    default: return sr[size_t(r)];
  }
}

void Cpu::write_sysreg(SysReg r, uint64_t v) {
  switch (r) {
    case SysReg::NZCV: nzcv = uint32_t(v) & 0xF0000000u; break;
    case SysReg::DAIF: daif = uint32_t(v) & 0x3C0u; break;
    case SysReg::SPSel: switch_sp(el, unsigned(v & 1)); break;
    case SysReg::SP_EL0:
      if (el && spsel) sp_el[0] = v;
      else x[kSP] = v;
      break;
    case SysReg::SCTLR_EL1:
      sr[size_t(r)] = v;
      invalidate_all();  // translation state (and UMA/alignment checks) may change
      flush_tlbs();
      break;
    case SysReg::CurrentEL:
    case SysReg::MIDR_EL1:
    case SysReg::MPIDR_EL1:
    case SysReg::CNTVCT_EL0:
    case SysReg::CNTPCT_EL0: break;
    default: sr[size_t(r)] = v;
  }
}

}  // namespace vp::iss
