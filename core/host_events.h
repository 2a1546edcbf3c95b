// The one bridge from host threads into the simulation.
//
// Host threads (terminal and socket readers, the gdb connection, timers, the signal watcher,
// output writers) never touch the simulation. They signal a HostSource, whose callback then runs
// on the simulation thread in the kernel's next update phase (sc_prim_channel's
// async_request_update); or they ask the run to end with request_end(), which the platform's
// RunEnd carries out on the simulation thread.
//
// Blocking waits. A few things stop the whole simulation in host time on purpose: gdb looking
// at a halted machine, a TCP console server waiting for its first client, console output waiting
// for a slow reader. They wait through wait_until()/wait_fd(), never a bare condition variable,
// poll() or blocking write, so that every such wait still serves the run-control sources (the
// SIGUSR1 summary, --progress) and ends as soon as the run is asked to end (Ctrl-A x, the
// wall-clock limit, a failed output).
//
// Idle. While any source is kept alive (keep_alive(true): a console that can still deliver
// input, a connected debugger) the bridge is attached as a "suspending" channel
// (async_attach_suspending): a kernel with nothing left to do waits for host input instead of
// ending. SystemC suspends only when no timed event is pending, so a simulated-time limit or
// --realtime's ticks still move time on.
#pragma once
#include <atomic>
#include <chrono>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include <systemc>

namespace vp {

// How a run ends. The platform implements it (platform/simulation.cpp: exit status, reason,
// sc_stop); models and backends reach it through HostEvents, so they do not depend on the platform.
class RunEnd {
public:
    virtual ~RunEnd() = default;
    // Simulation thread (or outside sc_start). The first request wins.
    virtual void end_run(int status, const std::string& reason) = 0;
    virtual bool run_ended() const = 0;
};

class HostSource;

class HostEvents : public sc_core::sc_prim_channel {
public:
    // The bridge. It is a primitive channel: the first call must come during elaboration (vp's
    // sc_main makes it first; every HostSource makes it).
    static HostEvents& get();
    // The platform's end of a run; without one, an end request just calls sc_stop(). Returns
    // the previous one (tests put it back).
    static RunEnd* set_run_end(RunEnd* end);

    // Any thread: end the run with `status` and `reason` (printed by the platform's caller).
    // Carried out on the simulation thread; every blocking wait returns at once.
    void request_end(int status, const std::string& reason);
    // Any thread: output `what` ("console output 'stdio'") cannot be written (errno `error`).
    // Prints "vp: error: WHAT: ..." on stderr now and ends the run with status 1; the caller
    // reports each output once.
    void output_failed(const std::string& what, int error);
    // Any thread: the user asked for a checkpoint (the console's Ctrl-A s). Signals the source the
    // platform set with set_checkpoint_source (its callback requests the checkpoint on the
    // simulation thread); false when there is none (a library user's sc_main).
    bool request_checkpoint();
    // Before the host threads use it; nullptr removes it.
    void set_checkpoint_source(HostSource* source) { checkpoint_source_.store(source); }
    // Whether any output failed during this process (the exit status is then 1).
    bool any_output_failed() const { return output_failed_.load(); }

    // Simulation thread: blocks the simulation (host time) until ready() holds, serving the
    // run-control sources meanwhile. Returns false without waiting further when the run has
    // ended or is asked to end.
    bool wait_until(const std::function<bool()>& ready);
    // The same, until `fd` is ready for poll(2) `events`.
    bool wait_fd(int fd, short events);
    // After the run (final flushes): waits for ready() until a new end request comes (a second
    // Ctrl-A x), the wall-clock limit passes, or `limit` has passed. Serves no source: the models
    // are being taken down.
    bool wait_after_run(const std::function<bool()>& ready,
                        std::chrono::milliseconds limit = std::chrono::milliseconds::max());
    // The wall-clock limit of the run (--timeout wall:), which also bounds wait_after_run.
    void set_wall_deadline(std::chrono::steady_clock::time_point deadline) { wall_deadline_ = deadline; }
    // Any thread: a blocking wait evaluates its ready() again.
    void wake();

private:
    friend class HostSource;
    HostEvents();
    void update() override;
    void signal(HostSource* source);
    void set_keep_alive(HostSource* source, bool on);
    void forget(HostSource* source);
    // Simulation thread: runs the signalled sources (all, or the run-control ones only).
    void run_signalled(bool run_control_only);
    // Simulation thread: carries out a pending end request; true when the run is over.
    bool deliver_end();
    using Clock = std::chrono::steady_clock;
    bool wait_impl(const std::function<bool()>& ready, int fd, short events, bool after_run,
                   Clock::time_point deadline);

    mutable std::mutex mutex_;
    std::vector<HostSource*> signalled_;  // guarded by mutex_
    int keep_alive_ = 0;                  // guarded by mutex_: sources kept alive
    bool end_pending_ = false;            // guarded by mutex_
    int end_status_ = 0;
    std::string end_reason_;
    std::atomic<unsigned> end_requests_{0};
    std::atomic<bool> output_failed_{false};
    std::atomic<HostSource*> checkpoint_source_{nullptr};
    bool suspending_ = false;  // simulation side: async_attach_suspending() in effect
    int wake_fd_ = -1;         // eventfd: wakes a blocking wait
    std::atomic<Clock::time_point> wall_deadline_{Clock::time_point::max()};
};

// Something host threads signal: its callback runs on the simulation thread, once per burst of
// signals (like async_request_update). Create and destroy it outside the host threads' use.
class HostSource {
public:
    enum class Kind {
        device,       // input for a model: runs in the update phase only
        run_control,  // SIGUSR1 summary, progress: also runs inside blocking waits
    };
    explicit HostSource(std::function<void()> callback, Kind kind = Kind::device);
    ~HostSource();
    HostSource(const HostSource&) = delete;
    HostSource& operator=(const HostSource&) = delete;

    // Any thread.
    void signal() { events_.signal(this); }
    // Any thread: while on, an idle simulation waits for host input (see the top of this file).
    void keep_alive(bool on) { events_.set_keep_alive(this, on); }

private:
    friend class HostEvents;
    HostEvents& events_;
    std::function<void()> callback_;
    Kind kind_;
    bool signalled_ = false;   // guarded by the bridge's mutex
    bool keep_alive_ = false;  // guarded by the bridge's mutex
};

}  // namespace vp
