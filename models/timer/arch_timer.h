// One core's Generic Timer (Arm ARM DDI 0487, chapter D11 "The Generic Timer in AArch64
// state"): the EL1 physical timer (CNTP_*), the virtual timer (CNTV_*), CNTVOFF_EL2 and
// CNTKCTL_EL1. Not a TLM device: the core's system-register code calls these methods with its
// own (local) simulated time. Each comparator is an sc_event scheduled at the SystemC time at
// which the counter reaches CVAL (never polled) and drives an output wire to the GIC:
// physical → PPI INTID 30, virtual → INTID 27; the EL2 physical (26) and secure physical (29)
// outputs exist for completeness and are never raised.
#pragma once
#include <cstdint>
#include <string>

#include <systemc>

#include "models/timer/system_counter.h"
#include "core/irq.h"

namespace vp {

class ArchTimer {
public:
    enum class Kind { phys, virt };

    // CNTP_CTL_EL0 / CNTV_CTL_EL0 (D13.8.x).
    static constexpr uint64_t CTL_ENABLE = 1u << 0;   // timer enabled
    static constexpr uint64_t CTL_IMASK = 1u << 1;    // output masked
    static constexpr uint64_t CTL_ISTATUS = 1u << 2;  // condition met (read-only)
    static constexpr uint64_t CNTKCTL_MASK = 0x3ff;   // EL0PCTEN..EL0PTEN, EVNTEN/DIR/I
    // GIC INTIDs of the per-core timer PPIs (Server Base System Architecture assignment,
    // as used by QEMU's virt machine).
    static constexpr unsigned kPhysIntid = 30;     // EL1 non-secure physical timer, PPI 14
    static constexpr unsigned kVirtIntid = 27;     // virtual timer, PPI 11
    static constexpr unsigned kHypIntid = 26;      // EL2 physical timer, PPI 10
    static constexpr unsigned kSecPhysIntid = 29;  // secure physical timer, PPI 13

    // `name` prefixes the comparators' SystemC process names (unique per core).
    ArchTimer(const std::string& name, GenericCounter& counter);
    ~ArchTimer();
    ArchTimer(const ArchTimer&) = delete;
    ArchTimer& operator=(const ArchTimer&) = delete;

    uint64_t cntpct(sc_core::sc_time now = sc_core::sc_time_stamp()) const { return counter_.count_at(now); }
    uint64_t cntvct(sc_core::sc_time now = sc_core::sc_time_stamp()) const { return cntpct(now) - cntvoff_; }
    uint64_t cntfrq() const { return counter_.frequency(); }

    uint64_t read_ctl(Kind k, sc_core::sc_time now = sc_core::sc_time_stamp()) const;
    void write_ctl(Kind k, uint64_t value, sc_core::sc_time now = sc_core::sc_time_stamp());
    uint64_t read_cval(Kind k) const { return t(k).cval; }
    void write_cval(Kind k, uint64_t value, sc_core::sc_time now = sc_core::sc_time_stamp());
    // TimerValue: (CVAL - count)[31:0], zero-extended (bits [63:32] are RES0); read it as
    // int32_t for the signed view — negative means the condition has been met.
    uint64_t read_tval(Kind k, sc_core::sc_time now = sc_core::sc_time_stamp()) const;
    // CVAL = count + SignExtend(value[31:0]).
    void write_tval(Kind k, uint64_t value, sc_core::sc_time now = sc_core::sc_time_stamp());

    uint64_t read_cntvoff() const { return cntvoff_; }
    void write_cntvoff(uint64_t value, sc_core::sc_time now = sc_core::sc_time_stamp());
    uint64_t read_cntkctl() const { return cntkctl_; }
    void write_cntkctl(uint64_t value) { cntkctl_ = value & CNTKCTL_MASK; }

    IrqOut& phys_irq() { return phys_.out; }
    IrqOut& virt_irq() { return virt_.out; }
    IrqOut& hyp_irq() { return hyp_out_; }
    IrqOut& sec_phys_irq() { return sec_phys_out_; }
    // Binds the four outputs to a GIC's PPI sink for this core (INTIDs 30, 27, 26, 29).
    void bind_ppis(IrqSink& ppi_sink);

private:
    struct Timer {
        uint64_t ctl = 0;  // ENABLE and IMASK; ISTATUS is computed
        uint64_t cval = 0;
        sc_core::sc_event event;
        IrqOut out;
    };
    Timer& t(Kind k) { return k == Kind::phys ? phys_ : virt_; }
    const Timer& t(Kind k) const { return k == Kind::phys ? phys_ : virt_; }
    uint64_t count(Kind k, sc_core::sc_time now) const { return k == Kind::phys ? cntpct(now) : cntvct(now); }
    bool condition_met(Kind k, sc_core::sc_time now) const;
    void recompute(Kind k, sc_core::sc_time now);  // drives the output, (re)schedules the event

    GenericCounter& counter_;
    unsigned listener_;
    Timer phys_, virt_;
    IrqOut hyp_out_, sec_phys_out_;
    uint64_t cntvoff_ = 0;
    uint64_t cntkctl_ = 0;
};

}  // namespace vp
