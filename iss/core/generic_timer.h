// One core's Generic Timer registers (Arm ARM D11.2 "The AArch64 view of the Generic Timer"):
// the EL1 physical timer (CNTP_*), the virtual timer (CNTV_*), CNTFRQ, the counters, CNTKCTL_EL1
// and CNTVOFF_EL2. The semantics live here once, as functions of the physical count at the
// moment of the access; who supplies that count, and what happens when a comparator changes,
// is the owner's business (iss::CountingTimer below, the platform's vp::ArchTimer).
#pragma once
#include <cstdint>
#include <functional>
#include <optional>

namespace vp::iss {

// The timer registers a core accesses (in the order of their SysReg rows, sysreg_table.inc),
// plus CNTVOFF_EL2, which only the timer's owner writes (the ISS has no EL2).
enum class TimerReg : uint8_t {
    CNTFRQ,
    CNTPCT,
    CNTVCT,
    CNTP_TVAL,
    CNTP_CTL,
    CNTP_CVAL,
    CNTV_TVAL,
    CNTV_CTL,
    CNTV_CVAL,
    CNTKCTL,
    CNTVOFF
};

class GenericTimer {
public:
    enum class Kind { phys, virt };

    // CNTP_CTL_EL0 / CNTV_CTL_EL0 (D17.11): ENABLE, IMASK; ISTATUS is read-only.
    static constexpr uint64_t CTL_ENABLE = 1u << 0;
    static constexpr uint64_t CTL_IMASK = 1u << 1;
    static constexpr uint64_t CTL_ISTATUS = 1u << 2;
    // CNTKCTL_EL1: EL0PCTEN 0, EL0VCTEN 1, EVNTEN 2, EVNTDIR 3, EVNTI 7:4, EL0VTEN 8, EL0PTEN 9.
    static constexpr uint64_t CNTKCTL_MASK = 0x3ff;

    // `frequency` is CNTFRQ_EL0's value out of reset (firmware's job on hardware).
    explicit GenericTimer(uint64_t frequency = 0) : reset_frequency_(frequency) { reset(); }
    void reset();

    // A register read or write at physical count `pct` (TVAL: the signed 32-bit distance to CVAL;
    // CTL.ISTATUS: enabled and the count has reached CVAL; writes to the counters are ignored).
    uint64_t read(TimerReg r, uint64_t pct) const;
    void write(TimerReg r, uint64_t value, uint64_t pct);
    // The comparators a write to `r` can change: the timer's own, or the virtual one for CNTVOFF.
    static std::optional<Kind> affects(TimerReg r);

    // The timer's interrupt output at physical count `pct`: enabled, condition met, not masked.
    bool output(Kind k, uint64_t pct) const;
    // The physical count at which an enabled timer's condition becomes true, when it is not met at
    // `pct` and can be met within 64 bits; nullopt otherwise (nothing to schedule).
    std::optional<uint64_t> next_fire(Kind k, uint64_t pct) const;
    // The event stream (D11.2.3): with CNTKCTL_EL1.EVNTEN, an event each time CNTVCT bit EVNTI goes
    // 0->1 (EVNTDIR = 0) or 1->0 (EVNTDIR = 1). The physical count of the next one after `pct`.
    std::optional<uint64_t> next_event(uint64_t pct) const;

private:
    struct Comparator {
        uint64_t ctl = 0;  // ENABLE and IMASK
        uint64_t cval = 0;
    };
    Comparator& cmp(Kind k) { return k == Kind::phys ? phys_ : virt_; }
    const Comparator& cmp(Kind k) const { return k == Kind::phys ? phys_ : virt_; }
    uint64_t count(Kind k, uint64_t pct) const { return k == Kind::phys ? pct : pct - cntvoff_; }
    bool condition_met(Kind k, uint64_t pct) const { return count(k, pct) >= cmp(k).cval; }

    uint64_t reset_frequency_;
    uint64_t cntfrq_ = 0;
    uint64_t cntkctl_ = 0;
    uint64_t cntvoff_ = 0;
    Comparator phys_, virt_;
};

// What a core calls for its timer system registers, at its own current time. The core checks
// EL0 access against CNTKCTL_EL1 (read through this interface) before it calls.
class CpuTimer {
public:
    virtual ~CpuTimer() = default;
    virtual uint64_t read(TimerReg r) const = 0;
    virtual void write(TimerReg r, uint64_t value) = 0;
};

// A timer with no interrupt output on a count source: the core's own when the platform gives it
// none (CpuHooks::counter, else the instruction count).
class CountingTimer final : public CpuTimer {
public:
    explicit CountingTimer(std::function<uint64_t()> count) : count_(std::move(count)) {}
    uint64_t read(TimerReg r) const override { return regs_.read(r, count_()); }
    void write(TimerReg r, uint64_t value) override { regs_.write(r, value, count_()); }
    void reset() { regs_.reset(); }

private:
    std::function<uint64_t()> count_;
    GenericTimer regs_;
};

}  // namespace vp::iss
