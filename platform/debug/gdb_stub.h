// GDB remote serial protocol server: `vp -s` (tcp::1234), `-gdb tcp:HOST:PORT`, `-S`.
//
// Threads. The socket I/O runs on a host thread (gdb_connection.h): it frames packets, answers
// the `+`/`-` acknowledgements itself, and hands complete packets, Ctrl-C and connection events
// to the simulation through the one host-thread bridge (core/host_events.h). Everything else
// runs inside the simulation, in the stub's own SC_THREAD:
//
//  * running: the thread waits on an event the bridge's update phase notifies; a Ctrl-C, a
//    connection (gdb expects a stopped target) or a core reporting a breakpoint/watchpoint/step
//    halts the machine.
//  * halted: the thread takes packets from the queue with a blocking wait, inside the
//    evaluation phase (HostEvents::wait_until). The SystemC kernel is thus suspended as a whole:
//    simulated time does not move and no device or timer advances while gdb looks at the machine
//    (deterministic), and the host thread sleeps in poll() (idle-friendly). The wait still
//    serves SIGUSR1 and ends when the run is asked to end (wall-clock limit, Ctrl-A x). The
//    cores themselves also hold: each CpuModule asks hold() at the top of its run loop and waits
//    on resume_event().
//
// While a client is connected the bridge is kept alive, so an idle machine (every core in WFI,
// no timed event) waits for gdb's Ctrl-C instead of ending sc_start().
//
// The parts: this file and gdb_stub.cpp run the machine for gdb (halt, resume, stop replies);
// gdb_stub_packets.cpp dispatches packets; gdb_registers.h is the AArch64 register map and
// target XML; gdb_memory.h the memory view through the core's MMU (`monitor phys`/`virt`,
// gdb_monitor.h); gdb_breakpoints.h the breakpoints and watchpoints, which switch the cores to
// exact mode (see CpuDebugger in iss/systemc/cpu_module.h): one instruction at a time while any
// is set, the plain fast path otherwise.
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <systemc>

#include "iss/systemc/cpu_module.h"
#include "platform/debug/gdb_breakpoints.h"
#include "platform/debug/gdb_connection.h"
#include "platform/debug/gdb_memory.h"

namespace vp {

class Platform;

struct GdbStubConfig {
    std::string host = "127.0.0.1";
    uint16_t port = 1234;       // 0: any free port (printed on stderr)
    bool wait_for_gdb = false;  // -S: cores held at reset until gdb continues
};

// "tcp:HOST:PORT", "tcp::PORT" (127.0.0.1), "HOST:PORT", ":PORT" or "PORT". Throws vp::Error.
GdbStubConfig parse_gdb_spec(const std::string& spec);

class GdbStub : public sc_core::sc_module, public CpuDebugger {
public:
    // Binds and listens at once (so a bad address is reported before the run); throws vp::Error.
    GdbStub(const sc_core::sc_module_name& name, Platform& platform, GdbStubConfig cfg);
    ~GdbStub() override;

    uint16_t port() const { return connection_->port(); }

    // CpuDebugger
    bool hold(unsigned core) const override { return halted_ || action_[core] == Action::none; }
    const sc_core::sc_event& resume_event() const override { return resume_ev_; }
    // While `monitor checkpoint` runs the machine to its boundary, no breakpoint or watchpoint
    // stops it (gdb waits for the command's reply, not for a stop).
    bool exact_mode(unsigned core) const override {
        return !checkpointing_ && (breakpoints_.any() || action_[core] == Action::step);
    }
    bool step_requested(unsigned core) const override { return action_[core] == Action::step; }
    bool breakpoint_at(unsigned, uint64_t pc) const override { return breakpoints_.breakpoint_at(pc); }
    bool page_watched(uint64_t page) const override {
        return !checkpointing_ && breakpoints_.page_watched(page);
    }
    std::optional<WatchHit> watch_access(uint64_t paddr, unsigned size, bool write) const override {
        if (checkpointing_) return std::nullopt;
        return breakpoints_.watch_access(paddr, size, write);
    }
    void stopped(unsigned core, Stop why, uint64_t addr) override;

private:
    enum class Action : uint8_t { none, cont, step };
    struct StopInfo {
        unsigned core = 0;
        int signal = 5;  // SIGTRAP; 2 (SIGINT) after Ctrl-C
        std::optional<WatchHit> watch;
        bool breakpoint = false;
    };

    // ---- running the machine for gdb (gdb_stub.cpp)
    void server_thread();
    void end_of_simulation() override;
    void serve_halted();
    void handle(gdb::Event e);
    void send(std::string_view payload) { connection_->send(payload); }
    void halt(unsigned core, int signal);
    void resume(const std::vector<Action>& actions);
    void detach_all();
    std::string stop_reply(const StopInfo& s) const;

    // ---- packets (gdb_stub_packets.cpp)
    void handle_packet(const std::string& p);
    std::string cmd_query(std::string_view p);
    std::string cmd_vcont(std::string_view p);
    void cmd_monitor(std::string_view hex);
    // `monitor checkpoint FILE` (gdb_stub.cpp): the halted machine runs on to the next quantum
    // boundary, where the checkpoint is saved, and is halted again; then gdb gets the reply.
    void start_checkpoint(const std::string& path);
    void checkpoint_saved(const std::string& path, const std::string& error);
    std::optional<unsigned> parse_thread(std::string_view s, bool& all) const;

    std::vector<CpuModule*> cpus_;
    GdbStubConfig cfg_;
    std::unique_ptr<gdb::Connection> connection_;
    gdb::DebugMemory memory_;
    gdb::Breakpoints breakpoints_;

    sc_core::sc_event wake_ev_, resume_ev_;
    bool halted_ = false;
    std::vector<Action> action_;
    bool stop_pending_ = false;
    StopInfo last_stop_;
    bool killed_ = false;
    bool run_over_ = false;                       // a blocking wait ended because the run was asked to end
    bool checkpointing_ = false;                  // `monitor checkpoint`: running to the boundary
    std::optional<std::string> checkpoint_text_;  // its outcome, for gdb's console
    bool checkpoint_ok_ = false;
    unsigned g_thread_ = 0, c_thread_ = 0;
};

}  // namespace vp
