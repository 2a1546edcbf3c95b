#include "iss/core/generic_timer.h"

namespace vp::iss {

void GenericTimer::reset() {
    cntfrq_ = reset_frequency_;
    cntkctl_ = cntvoff_ = 0;
    phys_ = virt_ = Comparator{};
}

uint64_t GenericTimer::read(TimerReg r, uint64_t pct) const {
    auto ctl = [&](Kind k) {
        const bool istatus = (cmp(k).ctl & CTL_ENABLE) && condition_met(k, pct);
        return cmp(k).ctl | (istatus ? CTL_ISTATUS : 0);
    };
    // TimerValue: (CVAL - count)[31:0], zero-extended (bits 63:32 are RES0); negative as int32_t
    // once the condition is met.
    auto tval = [&](Kind k) { return uint64_t(uint32_t(cmp(k).cval - count(k, pct))); };
    switch (r) {
        case TimerReg::CNTFRQ: return cntfrq_;
        case TimerReg::CNTPCT: return pct;
        case TimerReg::CNTVCT: return count(Kind::virt, pct);
        case TimerReg::CNTP_TVAL: return tval(Kind::phys);
        case TimerReg::CNTP_CTL: return ctl(Kind::phys);
        case TimerReg::CNTP_CVAL: return phys_.cval;
        case TimerReg::CNTV_TVAL: return tval(Kind::virt);
        case TimerReg::CNTV_CTL: return ctl(Kind::virt);
        case TimerReg::CNTV_CVAL: return virt_.cval;
        case TimerReg::CNTKCTL: return cntkctl_;
        case TimerReg::CNTVOFF: return cntvoff_;
    }
    return 0;
}

void GenericTimer::write(TimerReg r, uint64_t value, uint64_t pct) {
    // CVAL = count + SignExtend(TimerValue[31:0]).
    auto tval = [&](Kind k) { cmp(k).cval = count(k, pct) + uint64_t(int64_t(int32_t(uint32_t(value)))); };
    switch (r) {
        // Writable at the highest implemented EL, which is EL1 here (ClockFreq, bits 31:0).
        case TimerReg::CNTFRQ: cntfrq_ = uint32_t(value); break;
        case TimerReg::CNTPCT:
        case TimerReg::CNTVCT: break;  // read-only
        case TimerReg::CNTP_TVAL: tval(Kind::phys); break;
        case TimerReg::CNTP_CTL: phys_.ctl = value & (CTL_ENABLE | CTL_IMASK); break;
        case TimerReg::CNTP_CVAL: phys_.cval = value; break;
        case TimerReg::CNTV_TVAL: tval(Kind::virt); break;
        case TimerReg::CNTV_CTL: virt_.ctl = value & (CTL_ENABLE | CTL_IMASK); break;
        case TimerReg::CNTV_CVAL: virt_.cval = value; break;
        case TimerReg::CNTKCTL: cntkctl_ = value & CNTKCTL_MASK; break;
        case TimerReg::CNTVOFF: cntvoff_ = value; break;
    }
}

std::optional<GenericTimer::Kind> GenericTimer::affects(TimerReg r) {
    if (r == TimerReg::CNTP_TVAL || r == TimerReg::CNTP_CTL || r == TimerReg::CNTP_CVAL) return Kind::phys;
    if (r == TimerReg::CNTV_TVAL || r == TimerReg::CNTV_CTL || r == TimerReg::CNTV_CVAL ||
        r == TimerReg::CNTVOFF)
        return Kind::virt;
    return std::nullopt;
}

bool GenericTimer::output(Kind k, uint64_t pct) const {
    const uint64_t ctl = cmp(k).ctl;
    return (ctl & CTL_ENABLE) && !(ctl & CTL_IMASK) && condition_met(k, pct);
}

std::optional<uint64_t> GenericTimer::next_fire(Kind k, uint64_t pct) const {
    if (!(cmp(k).ctl & CTL_ENABLE) || condition_met(k, pct)) return std::nullopt;
    if (k == Kind::phys) return phys_.cval;
    const uint64_t target = virt_.cval + cntvoff_;  // virtual CVAL as a physical count
    if (target < virt_.cval) return std::nullopt;   // beyond the 64-bit count: never
    return target;
}

std::optional<uint64_t> GenericTimer::next_event(uint64_t pct) const {
    if (!(cntkctl_ & (1u << 2))) return std::nullopt;  // EVNTEN
    const unsigned bit = (cntkctl_ >> 4) & 0xf;
    const bool falling = (cntkctl_ >> 3) & 1;
    const uint64_t now = count(Kind::virt, pct);
    const uint64_t period = uint64_t(2) << bit, half = uint64_t(1) << bit;
    const uint64_t base = now & ~(period - 1);
    uint64_t next = falling ? base + period : base + half;
    if (next <= now) next += period;
    return next + cntvoff_;
}

}  // namespace vp::iss
