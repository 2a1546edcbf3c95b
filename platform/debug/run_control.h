// Run control that comes from outside the simulation: the wall-clock timeout
// (`--timeout wall:30s`), the statistics summary on SIGUSR1, and `--realtime` throttling.
// Host threads never touch the simulation; they post to an AsyncAction, whose callback runs
// inside the SystemC kernel (update phase, through async_request_update).
#pragma once
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include <systemc>

namespace vp {

// A primitive channel whose callback runs in the simulation when any thread calls post().
class AsyncAction : public sc_core::sc_prim_channel {
public:
    AsyncAction(const char* name, std::function<void()> fn);
    void post() { async_request_update(); }

private:
    void update() override { fn_(); }
    std::function<void()> fn_;
};

// Ends the run with exit status 3 after `limit` of wall-clock time.
class WallTimeout {
public:
    WallTimeout(std::chrono::nanoseconds limit, std::string text);
    ~WallTimeout();

private:
    AsyncAction action_;
    std::mutex mutex_;
    std::condition_variable cv_;
    bool done_ = false;
    std::thread thread_;
};

// `--progress`: prints line() (called inside the simulation) on stderr every 0.5 s, rewriting
// one line, when stderr is a terminal; else a full line every 10 s (batch logs stay short).
class ProgressDisplay {
public:
    explicit ProgressDisplay(std::function<std::string()> line);
    ~ProgressDisplay();

private:
    AsyncAction action_;
    bool tty_;
    bool printed_ = false;
    std::mutex mutex_;
    std::condition_variable cv_;
    bool done_ = false;
    std::thread thread_;
};

// Prints `summary()` on stderr whenever the process receives SIGUSR1. Call
// block_sigusr1() first thing in sc_main, before any thread exists, so that only this
// watcher's sigwait() ever takes the signal.
class SignalWatcher {
public:
    explicit SignalWatcher(std::function<void()> on_sigusr1);
    ~SignalWatcher();
    static void block_sigusr1();

private:
    AsyncAction action_;
    bool stop_ = false;
    std::thread thread_;
};

// `--realtime`: every millisecond of simulated time, sleeps the host until wall time has
// caught up with simulated time. It keeps the run going while the guest idles (simulated
// time keeps flowing, as on hardware). A run that falls behind by more than 100 ms (a slow guest,
// or a debugger holding the machine) starts counting again from there instead of racing.
class RealtimeThrottle : public sc_core::sc_module {
public:
    explicit RealtimeThrottle(const sc_core::sc_module_name& name);

private:
    void run();
};

}  // namespace vp
