// One AArch64 core as a SystemC module: a TLM-2.0 initiator around the ISS (iss/core).
// Runs in its own SC_THREAD with a tlm_quantumkeeper: up to a quantum of instructions at a
// time, each costing one clock period; RAM through DMI host pages, everything else through
// b_transport with the core's local time offset. IRQ/FIQ arrive as IrqSink lines 0 and 1.
#pragma once
#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/tlm_quantumkeeper.h>
#include <systemc>
#include <tlm>

#include "core/cpu_id_extension.h"
#include "core/irq.h"
#include "core/state_stream.h"
#include "iss/core/cpu.h"
#include "iss/systemc/core_turns.h"

namespace vp {

// A debugger attached to the cores (platform/debug/gdb_stub.h). Without one (the default) the
// run loop is the plain fast path, untouched. With one, the loop asks once per quantum whether
// the core is held, and while the debugger has breakpoints or watchpoints set (or is stepping
// this core) it runs the core one instruction at a time with Cpu::step_one: slow but exact.
// Watchpoints work on the slow memory path: host_page() denies DMI host pages for watched
// pages, so every access to them comes through read()/write(), which check the address.
class CpuDebugger {
public:
    enum class Stop { breakpoint, step, watch_write, watch_read, watch_access };
    struct WatchHit {
        Stop kind;
        uint64_t addr;  // the watchpoint's address as the debugger gave it
    };
    virtual ~CpuDebugger() = default;
    // The core must not execute (all-stop halt, or another core is being stepped alone).
    virtual bool hold(unsigned core) const = 0;
    virtual const sc_core::sc_event& resume_event() const = 0;
    // Run one instruction at a time: breakpoints/watchpoints exist or this core is stepping.
    virtual bool exact_mode(unsigned core) const = 0;
    virtual bool step_requested(unsigned core) const = 0;
    virtual bool breakpoint_at(unsigned core, uint64_t pc) const = 0;
    virtual bool page_watched(uint64_t page) const = 0;  // page = physical address >> 12
    virtual std::optional<WatchHit> watch_access(uint64_t paddr, unsigned size, bool write) const = 0;
    // The core stopped (it then holds until resume_event()).
    virtual void stopped(unsigned core, Stop why, uint64_t addr) = 0;
};

class CpuModule : public sc_core::sc_module, public iss::MemoryInterface, public IrqSink {
public:
    enum Line : unsigned { irq_line = 0, fiq_line = 1 };

    tlm_utils::simple_initiator_socket<CpuModule> socket{"socket"};

    struct Params {
        unsigned core_id = 0;
        double clock_hz = 1e9;
        unsigned exception_cycles = 0;  // iss::CpuConfig::exception_cycles
        iss::CpuConfig::Engine engine = iss::CpuConfig::Engine::jit;
        uint64_t code_buffer = 64ull << 20;                      // iss::CpuConfig::code_buffer
        const iss::CpuModel* model = &iss::default_cpu_model();  // identification registers
        iss::CpuTimer* timer = nullptr;                          // the generic timer (the ISS's own if null)
        iss::ExclusiveMonitor* monitor = nullptr;
        iss::CodeTracker* code_tracker = nullptr;  // shared: a store into code reaches every core
        CoreTurns* turns = nullptr;                // shared: the cores' order at one time (null: one core)
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

    // Checkpoints: the core's state (iss/systemc/cpu_state_io.h), its power state (powered, a
    // CPU_ON not yet taken with its entry and context ID) and the wait its thread is in with the
    // time it resumes at (docs/ARCHITECTURE.md, Checkpoints).
    void save_state(StateWriter& out) const;
    void load_state(StateReader& in);
    // False while the thread runs or the debugger holds it: no checkpoint can be taken then.
    bool at_checkpoint_wait() const {
        return wait_point_ != WaitPoint::running && wait_point_ != WaitPoint::held;
    }
    // Before sc_start: the thread skips its reset and waits for release_restored(), then re-enters
    // the wait load_state() gave it.
    void hold_for_restore() { restoring_ = true; }
    void release_restored();
    void set_reset_pc(uint64_t pc) { reset_pc_ = pc; }
    void set_initially_powered(bool on) { powered_ = on; }

    // The core's current time: SystemC time plus its local offset inside the quantum.
    sc_core::sc_time local_time_now() const;

    // An event for WFE (SEV from another core): sets the event register and wakes the core.
    void send_event();
    // When this core's generic-timer event stream next fires (absolute SystemC time), or
    // sc_max_time() when it is off; consulted while the core sleeps in WFE.
    void set_event_stream(std::function<sc_core::sc_time()> next) { next_event_stream_ = std::move(next); }

    // IrqSink: line 0 = IRQ, line 1 = FIQ.
    void set_irq(unsigned line, bool level) override;

    // iss::MemoryInterface
    uint8_t* host_page(uint64_t paddr, bool write) override;
    bool read(uint64_t paddr, void* data, unsigned size) override;
    bool write(uint64_t paddr, const void* data, unsigned size) override;

    uint64_t instructions() const { return cpu_->instructions_executed(); }
    // Memory-path statistics: host pages found through DMI (the ISS's page caches miss into
    // host_page()) versus denied, and accesses that went through b_transport.
    struct MemStats {
        uint64_t host_pages = 0, host_pages_denied = 0, transports = 0;
    };
    const MemStats& mem_stats() const { return mem_stats_; }
    sc_core::sc_time sleep_time() const { return slept_; }
    const iss::Cpu& core() const { return *cpu_; }

    // Debugger support (see CpuDebugger). Set before sc_start; nullptr = none.
    void set_debugger(CpuDebugger* d) { debugger_ = d; }
    // Debug transport (no side effects, no time) on this core's socket; returns bytes moved.
    unsigned debug_transport(bool write, uint64_t paddr, void* data, unsigned size);
    // The next instruction executes even if a breakpoint is set at its address (resume from
    // the breakpoint the debugger reported).
    void skip_breakpoint_once() { bp_skip_ = true; }

    // SystemC stack of the core's thread (allocated lazily by the host, so generous is cheap).
    static constexpr size_t kThreadStackBytes = 16u << 20;

private:
    void run_thread();
    void run_exact();  // one quantum, one instruction at a time (debugger breakpoints/watchpoints)
    uint8_t* find_host_page(uint64_t paddr, bool write);
    bool transport(tlm::tlm_command cmd, uint64_t addr, void* data, unsigned size);
    bool transport(tlm::tlm_generic_payload& gp, tlm::tlm_command cmd, uint64_t addr, void* data,
                   unsigned size);
    void invalidate_dmi(sc_dt::uint64 start, sc_dt::uint64 end);
    void sleep_until_woken(bool wfe);
    // `waited`: the thread resumes from a wait already (a restored core), so the first thing is
    // the wait the loop was in, not the wake-up test before it.
    void sleep_loop(bool waited = false);
    void wait_powered_on();
    void take_turn() {
        if (params_.turns) params_.turns->take_turn(params_.core_id);
    }
    // The waits a checkpoint can find the thread in; a *_sync one resumes at resume_at_.
    enum class WaitPoint : uint8_t { running, quantum_sync, sleep_sync, sleeping, off_sync, off, held };
    void sync_at(WaitPoint point);
    void resume_saved_wait();

    Params params_;
    std::unique_ptr<iss::Cpu> cpu_;
    tlm_utils::tlm_quantumkeeper qk_;
    sc_core::sc_time period_;
    sc_core::sc_time cycles_time(uint64_t n) const {
        return sc_core::sc_time::from_value(period_.value() * n);
    }
    sc_core::sc_time extra_delay_;   // device latency returned inside the current run
    uint64_t run_start_cycles_ = 0;  // Cpu::cycles() when the current run() began
    sc_core::sc_event wake_;
    sc_core::sc_time slept_;
    WaitPoint wait_point_ = WaitPoint::running;
    sc_core::sc_time resume_at_, sleep_from_;
    bool sleep_wfe_ = false;
    bool restoring_ = false;
    bool stop_pending_at_restore_ = false;
    sc_core::sc_event restore_release_;
    bool powered_ = false;
    bool pending_power_on_ = false;
    uint64_t reset_pc_ = 0, power_on_entry_ = 0, power_on_context_ = 0;
    bool irq_ = false, fiq_ = false;
    CpuDebugger* debugger_ = nullptr;
    std::optional<CpuDebugger::WatchHit> watch_hit_;
    bool bp_skip_ = false;

    struct DmiRange {
        uint64_t start, end;  // inclusive
        uint8_t* ptr;         // nullptr: DMI denied for this range
        bool read, write;
    };
    std::vector<DmiRange> dmi_;
    static constexpr uint64_t kNoPage = 1;           // no page address
    uint64_t no_host_page_[2] = {kNoPage, kNoPage};  // per read/write: the last page DMI denied
    CpuIdExtension cpu_id_;
    // The payload of transport(), reused: constructing one allocates its extension array, which
    // dominated device accesses (and bus-error storms). A nested transport gets its own.
    tlm::tlm_generic_payload gp_;
    bool gp_busy_ = false;
    std::function<sc_core::sc_time()> next_event_stream_;
    MemStats mem_stats_;
};

}  // namespace vp
