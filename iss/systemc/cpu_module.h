// One AArch64 core as a SystemC module: a TLM-2.0 initiator around the ISS (iss/core).
// Runs in its own SC_THREAD with a tlm_quantumkeeper: up to a quantum of instructions at a
// time, each costing one clock period; RAM through DMI host pages, everything else through
// b_transport with the core's local time offset. IRQ/FIQ arrive as IrqSink lines 0 and 1.
#pragma once
#include <memory>
#include <vector>

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/tlm_quantumkeeper.h>

#include "iss/core/cpu.h"
#include "platform/core/irq.h"

namespace vp {

class CpuModule : public sc_core::sc_module, public iss::MemoryInterface, public IrqSink {
public:
    enum Line : unsigned { irq_line = 0, fiq_line = 1 };

    tlm_utils::simple_initiator_socket<CpuModule> socket{"socket"};

    struct Params {
        unsigned core_id = 0;
        double clock_hz = 1e9;
        uint64_t midr = 0x411fd070;  // Cortex-A57 r1p0, as QEMU's -cpu cortex-a57 reports
        iss::ExclusiveMonitor* monitor = nullptr;
        iss::CpuHooks hooks;
    };

    CpuModule(const sc_core::sc_module_name& name, const Params& params);
    ~CpuModule() override;

    iss::Cpu& core() { return *cpu_; }
    unsigned core_id() const { return params_.core_id; }

    // Power: every core starts off; the boot loader powers core 0 (set_initially_powered),
    // the others wait for power_on() (PSCI CPU_ON).
    void power_on(uint64_t entry, uint64_t context_id);
    void power_off();  // called from this core's own hypercall (PSCI CPU_OFF)
    bool powered() const { return powered_; }
    bool power_pending() const { return pending_power_on_; }
    void set_reset_pc(uint64_t pc) { reset_pc_ = pc; }
    void set_initially_powered(bool on) { powered_ = on; }

    // The core's current time: SystemC time plus its local offset inside the quantum.
    sc_core::sc_time local_time_now() const;

    // IrqSink: line 0 = IRQ, line 1 = FIQ.
    void set_irq(unsigned line, bool level) override;

    // iss::MemoryInterface
    uint8_t* host_page(uint64_t paddr, bool write) override;
    bool read(uint64_t paddr, void* data, unsigned size) override;
    bool write(uint64_t paddr, const void* data, unsigned size) override;

    uint64_t instructions() const { return cpu_->instructions_executed(); }
    sc_core::sc_time sleep_time() const { return slept_; }

private:
    void run_thread();
    bool transport(tlm::tlm_command cmd, uint64_t addr, void* data, unsigned size);
    void invalidate_dmi(sc_dt::uint64 start, sc_dt::uint64 end);
    void sleep_until_woken(bool wfe);

    Params params_;
    std::unique_ptr<iss::Cpu> cpu_;
    tlm_utils::tlm_quantumkeeper qk_;
    sc_core::sc_time period_;
    sc_core::sc_time extra_delay_;  // device latency returned inside the current run
    uint64_t run_start_icount_ = 0;
    sc_core::sc_event wake_;
    sc_core::sc_time slept_;
    bool powered_ = false;
    bool pending_power_on_ = false;
    uint64_t reset_pc_ = 0, power_on_entry_ = 0, power_on_context_ = 0;
    bool irq_ = false, fiq_ = false;

    struct DmiRange {
        uint64_t start, end;  // inclusive
        uint8_t* ptr;         // nullptr: DMI denied for this range
        bool read, write;
    };
    std::vector<DmiRange> dmi_;
};

}  // namespace vp
