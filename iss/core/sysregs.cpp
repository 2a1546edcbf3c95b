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
bool timer_reg(SysReg r, TimerReg& t) {
    switch (r) {
        case SysReg::CNTFRQ_EL0: t = TimerReg::CNTFRQ; return true;
        case SysReg::CNTPCT_EL0: t = TimerReg::CNTPCT; return true;
        case SysReg::CNTVCT_EL0: t = TimerReg::CNTVCT; return true;
        case SysReg::CNTP_CTL_EL0: t = TimerReg::CNTP_CTL; return true;
        case SysReg::CNTP_CVAL_EL0: t = TimerReg::CNTP_CVAL; return true;
        case SysReg::CNTP_TVAL_EL0: t = TimerReg::CNTP_TVAL; return true;
        case SysReg::CNTV_CTL_EL0: t = TimerReg::CNTV_CTL; return true;
        case SysReg::CNTV_CVAL_EL0: t = TimerReg::CNTV_CVAL; return true;
        case SysReg::CNTV_TVAL_EL0: t = TimerReg::CNTV_TVAL; return true;
        case SysReg::CNTKCTL_EL1: t = TimerReg::CNTKCTL; return true;
        default: return false;
    }
}

// CCSIDR_EL1 without FEAT_CCIDX (D17.2.21): WT/WB/RA/WA, NumSets-1, Associativity-1, log2(line/16).
constexpr uint64_t ccsidr(unsigned kib, unsigned ways, unsigned policy) {
    unsigned sets = kib * 1024 / (ways * 64);
    return (uint64_t(policy) << 28) | (uint64_t(sets - 1) << 13) | ((ways - 1) << 3) | 2;
}
}  // namespace

// Default generic timer (no timer hook): CNTPCT == CNTVCT == the counter (CNTVOFF = 0), CTL/CVAL
// kept here; TVAL is the signed 32-bit distance CVAL - count (D11.2.4).
uint64_t Cpu::timer_read_default(SysReg r) const {
    uint64_t now = hooks_.counter ? hooks_.counter() : icount_;
    switch (r) {
        case SysReg::CNTPCT_EL0:
        case SysReg::CNTVCT_EL0: return now;
        case SysReg::CNTP_TVAL_EL0: return uint32_t(sr[size_t(SysReg::CNTP_CVAL_EL0)] - now);
        case SysReg::CNTV_TVAL_EL0: return uint32_t(sr[size_t(SysReg::CNTV_CVAL_EL0)] - now);
        case SysReg::CNTP_CTL_EL0:
        case SysReg::CNTV_CTL_EL0: {
            uint64_t ctl = sr[size_t(r)] & 3;
            uint64_t cval =
                sr[size_t(r == SysReg::CNTP_CTL_EL0 ? SysReg::CNTP_CVAL_EL0 : SysReg::CNTV_CVAL_EL0)];
            return ctl | ((ctl & 1) && now >= cval ? 4 : 0);  // ISTATUS
        }
        default: return sr[size_t(r)];
    }
}

uint64_t Cpu::read_sysreg(SysReg r) const {
    if (TimerReg t; hooks_.timer_read && timer_reg(r, t) && r != SysReg::CNTKCTL_EL1)
        return hooks_.timer_read(const_cast<Cpu&>(*this), t);
    switch (r) {
        case SysReg::NZCV: return nzcv;
        case SysReg::FPCR: return fpcr;
        case SysReg::FPSR: return fpsr;
        case SysReg::DAIF: return daif;
        case SysReg::CurrentEL: return el << 2;
        case SysReg::SPSel: return spsel;
        case SysReg::SP_EL0: return (el && spsel) ? sp_el[0] : x[kSP];
        case SysReg::MIDR_EL1: return cfg_.midr;
        // DCZID_EL0.DZP reads 1 at EL0 while SCTLR_EL1.DZE = 0 (DC ZVA trapped).
        case SysReg::DCZID_EL0:
            return sr[size_t(r)] | (el == 0 && !((sr[size_t(SysReg::SCTLR_EL1)] >> 14) & 1) ? 0x10 : 0);
        // MPIDR_EL1: RES1 bit 31, Aff0/Aff1 from the core id (D17.2.101).
        case SysReg::MPIDR_EL1:
            return (1ull << 31) | (cfg_.core_id & 0xff) | (uint64_t(cfg_.core_id >> 8 & 0xff) << 8);
        case SysReg::CNTFRQ_EL0:
        case SysReg::CNTVCT_EL0:
        case SysReg::CNTPCT_EL0:
        case SysReg::CNTP_CTL_EL0:
        case SysReg::CNTP_CVAL_EL0:
        case SysReg::CNTP_TVAL_EL0:
        case SysReg::CNTV_CTL_EL0:
        case SysReg::CNTV_CVAL_EL0:
        case SysReg::CNTV_TVAL_EL0: return timer_read_default(r);
        case SysReg::CCSIDR_EL1:  // selected by CSSELR_EL1.{Level, InD}; Cortex-A57-like geometry
            switch (sr[size_t(SysReg::CSSELR_EL1)] & 0xF) {
                case 0: return ccsidr(32, 2, 0x7);     // L1 D: 32 KiB, 2-way, WB/RA/WA
                case 1: return ccsidr(48, 3, 0x2);     // L1 I: 48 KiB, 3-way, RA
                case 2: return ccsidr(2048, 16, 0x7);  // L2 unified: 2 MiB, 16-way
                default: return 0;
            }
        // OSLSR_EL1 (D17.3.27): OSLM = 0b10 (OS lock implemented), OSLK = the lock.
        // ISR_EL1 (D17.2.83): pending (not necessarily unmasked) IRQ in bit 7, FIQ in bit 6.
        case SysReg::ISR_EL1: return (irq_line_ ? 0x80u : 0) | (fiq_line_ ? 0x40u : 0);
        case SysReg::OSLSR_EL1: return 0x8 | ((sr[size_t(SysReg::OSLAR_EL1)] & 1) << 1);
        case SysReg::MDCCSR_EL0:
        case SysReg::DBGCLAIMSET_EL1:
        case SysReg::DBGCLAIMCLR_EL1: return 0;
        default: return sr[size_t(r)];
    }
}

void Cpu::write_sysreg(SysReg r, uint64_t v) {
    if (TimerReg t; timer_reg(r, t)) {
        if (r == SysReg::CNTPCT_EL0 || r == SysReg::CNTVCT_EL0) return;  // read-only
        if (r == SysReg::CNTKCTL_EL1) sr[size_t(r)] = v & 0x3FF;
        if (hooks_.timer_write) return hooks_.timer_write(*this, t, v);
        const uint64_t now = hooks_.counter ? hooks_.counter() : icount_;
        const uint64_t cval = now + uint64_t(int64_t(int32_t(v)));  // TVAL is a signed 32-bit delta
        switch (r) {
            case SysReg::CNTP_TVAL_EL0: sr[size_t(SysReg::CNTP_CVAL_EL0)] = cval; break;
            case SysReg::CNTV_TVAL_EL0: sr[size_t(SysReg::CNTV_CVAL_EL0)] = cval; break;
            case SysReg::CNTP_CTL_EL0:
            case SysReg::CNTV_CTL_EL0: sr[size_t(r)] = v & 3; break;
            case SysReg::CNTFRQ_EL0: sr[size_t(r)] = uint32_t(v); break;
            case SysReg::CNTKCTL_EL1: break;
            default: sr[size_t(r)] = v;
        }
        return;
    }
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
