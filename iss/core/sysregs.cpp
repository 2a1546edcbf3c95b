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
#define SYSREG(name, op0, op1, crn, crm, op2, acc, special) \
    {#name, enc(op0, op1, crn, crm, op2), A::acc, special != 0},
#include "iss/core/sysreg_table.inc"
#undef SYSREG
};

}  // namespace

const SysRegInfo& sysreg_info(SysReg r) {
    return kInfo[size_t(r)];
}

bool find_sysreg(uint32_t e, SysReg& out) {
    for (size_t i = 0; i < std::size(kInfo); ++i)
        if (kInfo[i].enc == e) {
            out = SysReg(i);
            return true;
        }
    return false;
}

namespace {
// The generic timer's rows of sysreg_table.inc are contiguous and in TimerReg order; the core's
// timer (CpuConfig::timer or its own CountingTimer) holds their state and behaviour.
constexpr bool is_timer(SysReg r) {
    return r >= SysReg::CNTFRQ_EL0 && r <= SysReg::CNTKCTL_EL1;
}
constexpr TimerReg timer_reg(SysReg r) {
    return TimerReg(size_t(r) - size_t(SysReg::CNTFRQ_EL0));
}
static_assert(timer_reg(SysReg::CNTPCT_EL0) == TimerReg::CNTPCT &&
              timer_reg(SysReg::CNTVCT_EL0) == TimerReg::CNTVCT &&
              timer_reg(SysReg::CNTP_TVAL_EL0) == TimerReg::CNTP_TVAL &&
              timer_reg(SysReg::CNTP_CTL_EL0) == TimerReg::CNTP_CTL &&
              timer_reg(SysReg::CNTP_CVAL_EL0) == TimerReg::CNTP_CVAL &&
              timer_reg(SysReg::CNTV_TVAL_EL0) == TimerReg::CNTV_TVAL &&
              timer_reg(SysReg::CNTV_CTL_EL0) == TimerReg::CNTV_CTL &&
              timer_reg(SysReg::CNTV_CVAL_EL0) == TimerReg::CNTV_CVAL &&
              timer_reg(SysReg::CNTKCTL_EL1) == TimerReg::CNTKCTL);
}  // namespace

// read_sysreg's cases other than its default (sr[r]).
bool Cpu::sysreg_read_is_stored(SysReg r) {
    if (is_timer(r)) return false;
    switch (r) {
        case SysReg::NZCV:
        case SysReg::FPCR:
        case SysReg::FPSR:
        case SysReg::DAIF:
        case SysReg::CurrentEL:
        case SysReg::SPSel:
        case SysReg::SP_EL0:
        case SysReg::MIDR_EL1:
        case SysReg::DCZID_EL0:
        case SysReg::MPIDR_EL1:
        case SysReg::CCSIDR_EL1:
        case SysReg::ISR_EL1:
        case SysReg::OSLSR_EL1:
        case SysReg::MDCCSR_EL0:
        case SysReg::DBGCLAIMSET_EL1:
        case SysReg::DBGCLAIMCLR_EL1: return false;
        default: return true;
    }
}

uint64_t Cpu::read_sysreg(SysReg r) const {
    if (is_timer(r)) return timer_->read(timer_reg(r));
    switch (r) {
        case SysReg::NZCV: return nzcv;
        case SysReg::FPCR: return fpcr;
        case SysReg::FPSR: return fpsr;
        case SysReg::DAIF: return daif;
        case SysReg::CurrentEL: return el << 2;
        case SysReg::SPSel: return spsel;
        case SysReg::SP_EL0: return (el && spsel) ? sp_el[0] : x[kSP];
        case SysReg::MIDR_EL1: return cfg_.model->midr;
        // DCZID_EL0.DZP reads 1 at EL0 while SCTLR_EL1.DZE = 0 (DC ZVA trapped).
        case SysReg::DCZID_EL0:
            return sr[size_t(r)] | (el == 0 && !((sr[size_t(SysReg::SCTLR_EL1)] >> 14) & 1) ? 0x10 : 0);
        // MPIDR_EL1: RES1 bit 31, Aff0/Aff1 from the core id (D17.2.101).
        case SysReg::MPIDR_EL1:
            return (1ull << 31) | (cfg_.core_id & 0xff) | (uint64_t(cfg_.core_id >> 8 & 0xff) << 8);
        case SysReg::CCSIDR_EL1: return cfg_.model->ccsidr(sr[size_t(SysReg::CSSELR_EL1)]);
        // OSLSR_EL1 (D17.3.27): OSLM = 0b10 (OS lock implemented), OSLK = the lock.
        // ISR_EL1 (D17.2.83): pending (not necessarily unmasked) IRQ in bit 7, FIQ in bit 6.
        case SysReg::ISR_EL1: return int_lines;
        case SysReg::OSLSR_EL1: return 0x8 | ((sr[size_t(SysReg::OSLAR_EL1)] & 1) << 1);
        case SysReg::MDCCSR_EL0:
        case SysReg::DBGCLAIMSET_EL1:
        case SysReg::DBGCLAIMCLR_EL1: return 0;
        default: return sr[size_t(r)];
    }
}

void Cpu::write_sysreg(SysReg r, uint64_t v) {
    if (is_timer(r)) return timer_->write(timer_reg(r), v);
    switch (r) {
        case SysReg::NZCV: nzcv = uint32_t(v) & 0xF0000000u; break;
        case SysReg::FPCR: fpcr = uint32_t(v) & kFpcrMask; break;
        case SysReg::FPSR: fpsr = uint32_t(v) & kFpsrMask; break;
        case SysReg::CPACR_EL1: sr[size_t(r)] = v & (3u << 20); break;  // FPEN; no trace or SVE
        case SysReg::DAIF: daif = uint32_t(v) & 0x3C0u; break;
        case SysReg::SPSel: switch_sp(el, unsigned(v & 1)); break;
        case SysReg::SP_EL0:
            if (el && spsel)
                sp_el[0] = v;
            else
                x[kSP] = v;
            break;
        case SysReg::SCTLR_EL1:
            sr[size_t(r)] = v;
            invalidate_all();  // translation state (and UMA/alignment checks) may change
            flush_tlbs();
            break;
        case SysReg::OSLAR_EL1: sr[size_t(r)] = v & 1; break;
        case SysReg::TTBR0_EL1:
        case SysReg::TTBR1_EL1:
        case SysReg::TCR_EL1:  // ASID or regime may change: host caches and chain links are stale
            sr[size_t(r)] = v;
            translation_changed();
            break;
        case SysReg::CurrentEL:
        case SysReg::MIDR_EL1:
        case SysReg::CCSIDR_EL1:
        case SysReg::OSLSR_EL1:
        case SysReg::ISR_EL1:
        case SysReg::MDCCSR_EL0:
        case SysReg::DBGCLAIMSET_EL1:
        case SysReg::DBGCLAIMCLR_EL1:
        case SysReg::MPIDR_EL1:
        default: sr[size_t(r)] = v;
    }
}

}  // namespace vp::iss
