// One core's Generic Timer in SystemC (Arm ARM DDI 0487, chapter D11 "The Generic Timer in
// AArch64 state"): the registers and their semantics are iss::GenericTimer's; this adds time and
// wires. Not a TLM device: the core calls read()/write() (iss::CpuTimer) for its timer system
// registers, at its own local time. Each comparator is an sc_event scheduled at the SystemC time
// at which the counter reaches CVAL (never polled) and drives an output wire to the GIC:
// physical → PPI INTID 30, virtual → INTID 27; the EL2 physical (26) and secure physical (29)
// outputs exist for completeness and are never raised.
#pragma once
#include <cstdint>
#include <functional>
#include <string>

#include <systemc>

#include "core/device.h"
#include "core/irq.h"
#include "core/state_stream.h"
#include "iss/core/generic_timer.h"

namespace vp {

class ArchTimer final : public iss::CpuTimer {
public:
    using Kind = iss::GenericTimer::Kind;

    // GIC INTIDs of the per-core timer PPIs (Server Base System Architecture assignment,
    // as used by QEMU's virt machine).
    static constexpr unsigned kPhysIntid = 30;     // EL1 non-secure physical timer, PPI 14
    static constexpr unsigned kVirtIntid = 27;     // virtual timer, PPI 11
    static constexpr unsigned kHypIntid = 26;      // EL2 physical timer, PPI 10
    static constexpr unsigned kSecPhysIntid = 29;  // secure physical timer, PPI 13

    // `name` prefixes the comparators' SystemC process names (unique per core). `now` is the time
    // of an access (the core's local time); SystemC time when not given. CNTFRQ_EL0 reads the
    // counter's frequency out of reset.
    ArchTimer(const std::string& name, CountSource& counter, std::function<sc_core::sc_time()> now = {});
    ~ArchTimer() override;
    ArchTimer(const ArchTimer&) = delete;
    ArchTimer& operator=(const ArchTimer&) = delete;

    // iss::CpuTimer: any timer register (CNTVOFF_EL2 included) at now().
    uint64_t read(iss::TimerReg r) const override;
    void write(iss::TimerReg r, uint64_t value) override;

    // When the event stream (CNTKCTL_EL1.EVNTEN) next fires after now(), as absolute SystemC time;
    // sc_core::sc_max_time() when it is off or never fires.
    sc_core::sc_time next_event_stream() const;

    IrqOut& phys_irq() { return phys_.out; }
    IrqOut& virt_irq() { return virt_.out; }
    IrqOut& hyp_irq() { return hyp_out_; }
    IrqOut& sec_phys_irq() { return sec_phys_out_; }
    // Binds the four outputs to a GIC's PPI sink for this core (INTIDs 30, 27, 26, 29).
    void bind_ppis(IrqSink& ppi_sink);

    // Checkpoints: the timer's registers (CNTFRQ, CNTKCTL, CNTVOFF, each comparator's CTL and
    // CVAL). A comparator's pending event is the time the count reaches CVAL, so loading the
    // registers at the checkpoint's time re-arms it and re-drives the outputs.
    void save(StateWriter& out) const;
    void load(StateReader& in);

private:
    struct Comparator {
        sc_core::sc_event event;
        IrqOut out;
    };
    Comparator& cmp(Kind k) { return k == Kind::phys ? phys_ : virt_; }
    sc_core::sc_time now() const { return now_ ? now_() : sc_core::sc_time_stamp(); }
    void recompute(Kind k, sc_core::sc_time at);  // drives the output, (re)schedules the event

    CountSource& counter_;
    std::function<sc_core::sc_time()> now_;
    iss::GenericTimer regs_;
    unsigned listener_;
    Comparator phys_, virt_;
    IrqOut hyp_out_, sec_phys_out_;
};

}  // namespace vp
