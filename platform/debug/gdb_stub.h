// GDB remote serial protocol server: `vp -s` (tcp::1234), `-gdb tcp:HOST:PORT`, `-S`.
//
// Threads. The socket I/O runs on a host thread: it frames packets (packet_codec.h), answers
// the `+`/`-` acknowledgements itself, and hands complete packets, Ctrl-C and connection
// events to the simulation through a locked queue plus a HostSource (core/
// host_events.h). Everything else runs inside the simulation, in the stub's own SC_THREAD:
//
//  * running: the thread waits on an event the channel's update() notifies; a Ctrl-C, a
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
// Replies are sent without blocking; when the socket is full the simulation waits for it with
// HostEvents::wait_fd, so a debugger that stops reading cannot hold the run past its limits.
// While a client is connected the source is kept alive, so an idle machine (every core in WFI,
// no timed event) waits for gdb's Ctrl-C instead of ending sc_start().
//
// Breakpoints (Z0/Z1, both PC breakpoints) and watchpoints (Z2/Z3/Z4) switch the cores to
// exact mode (see CpuDebugger in iss/systemc/cpu_module.h): one instruction at a time while
// any is set, the plain fast path otherwise.
#pragma once
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <systemc>

#include "iss/systemc/cpu_module.h"
#include "core/host_events.h"
#include "platform/debug/packet_codec.h"

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

    uint16_t port() const { return port_; }

    // CpuDebugger
    bool hold(unsigned core) const override { return halted_ || action_[core] == Action::none; }
    const sc_core::sc_event& resume_event() const override { return resume_ev_; }
    bool exact_mode(unsigned core) const override {
        return !bps_.empty() || !wps_.empty() || action_[core] == Action::step;
    }
    bool step_requested(unsigned core) const override { return action_[core] == Action::step; }
    bool breakpoint_at(unsigned core, uint64_t pc) const override;
    bool page_watched(uint64_t page) const override;
    std::optional<WatchHit> watch_access(uint64_t paddr, unsigned size, bool write) const override;
    void stopped(unsigned core, Stop why, uint64_t addr) override;

private:
    enum class Action : uint8_t { none, cont, step };
    struct Event {
        enum Kind { packet, interrupt, connect, disconnect } kind;
        std::string payload;
    };
    struct Watchpoint {
        unsigned type;  // 2 write, 3 read, 4 access (the Z packet type)
        uint64_t addr, paddr, len;
    };
    struct StopInfo {
        unsigned core = 0;
        int signal = 5;  // SIGTRAP; 2 (SIGINT) after Ctrl-C
        std::optional<WatchHit> watch;
        bool breakpoint = false;
    };
    // ---- host thread ----
    void io_loop();
    void push(Event e);
    // Sends without blocking; `may_wait`: the simulation side waits for a full socket.
    void send_raw(const std::string& bytes, bool may_wait);

    // ---- simulation side ----
    void server_thread();
    void end_of_simulation() override;
    void serve_halted();
    void handle(Event e);
    void handle_packet(const std::string& p);
    void send(std::string_view payload);
    void halt(unsigned core, int signal);
    void resume(const std::vector<Action>& actions);
    void detach_all();
    std::string stop_reply(const StopInfo& s) const;

    std::string cmd_query(std::string_view p);
    std::string cmd_vcont(std::string_view p);
    std::optional<std::string> read_register(unsigned core, unsigned reg) const;
    bool write_register(unsigned core, unsigned reg, std::string_view hex);
    std::string read_all_registers(unsigned core) const;
    std::string write_all_registers(unsigned core, std::string_view hex);
    std::string cmd_read_memory(std::string_view args);
    std::string cmd_write_memory(std::string_view args, bool binary);
    std::string cmd_breakpoint(std::string_view args, bool insert);
    std::string cmd_monitor(std::string_view hex);
    // Debugger memory access: every address passes through to_physical().
    size_t access_memory(unsigned core, uint64_t addr, uint8_t* data, size_t len, bool write);
    // VA -> PA with the core's current translation state (iss::Cpu::debug_translate), or the
    // address itself after `monitor phys`; nullopt when the VA does not translate.
    std::optional<uint64_t> to_physical(unsigned core, uint64_t addr) const;
    void refresh_watch_pages();
    std::optional<unsigned> parse_thread(std::string_view s, bool& all) const;

    Platform& platform_;
    std::vector<CpuModule*> cpus_;
    GdbStubConfig cfg_;
    uint16_t port_ = 0;

    // shared with the host thread (mutex_)
    std::mutex mutex_;
    std::deque<Event> queue_;
    std::mutex send_mutex_;
    int client_fd_ = -1;     // guarded by send_mutex_
    std::string last_sent_;  // for `-` retransmission; guarded by send_mutex_
    int listen_fd_ = -1;
    int wake_pipe_[2] = {-1, -1};
    std::thread io_thread_;
    HostSource host_;

    // simulation side only
    sc_core::sc_event wake_ev_, resume_ev_;
    bool halted_ = false;
    std::vector<Action> action_;
    bool stop_pending_ = false;
    StopInfo last_stop_;
    bool connected_ = false;
    bool killed_ = false;
    bool run_over_ = false;  // a blocking wait ended because the run was asked to end
    bool phys_mode_ = false;
    unsigned g_thread_ = 0, c_thread_ = 0;
    std::vector<uint64_t> bps_;
    std::vector<Watchpoint> wps_;
    std::vector<uint64_t> watched_pages_;
};

}  // namespace vp
