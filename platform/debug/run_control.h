// Run control that comes from outside the simulation: the simulated-time limit (`--timeout 30s`),
// the wall-clock limit (`--timeout wall:30s`), the statistics summary on SIGUSR1, `--progress`
// and `--realtime` throttling. Host threads never touch the simulation; they go through the one
// bridge, HostEvents (core/host_events.h): the limits ask the run to end, the summary
// and progress line are HostSources that also run while a blocking wait holds the simulation
// (gdb halted, a TCP console waiting for its client).
#pragma once
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include <systemc>

#include "core/host_events.h"

namespace vp {

// Ends the run with exit status 3 when simulated time reaches `limit`. A timed event of its own,
// so the limit comes even when nothing else is scheduled and the kernel would otherwise wait
// for host input (an idle guest with an open console): without --realtime such idle time costs
// no wall time, and the limit is reached at once.
class SimTimeLimit : public sc_core::sc_module {
public:
    SimTimeLimit(const sc_core::sc_module_name& name, sc_core::sc_time limit, std::string text);

private:
    void run();
    sc_core::sc_time limit_;
    std::string text_;
};

// Ends the run with exit status 3 after `limit` of wall-clock time, whatever the simulation is
// waiting for; the same deadline bounds the final flush of the outputs.
class WallTimeout {
public:
    WallTimeout(std::chrono::nanoseconds limit, std::string text);
    ~WallTimeout();

private:
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
    HostSource source_;
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
    HostSource source_;
    bool stop_ = false;
    std::thread thread_;
};

// `--realtime`: every millisecond of simulated time, sleeps the host until wall time has
// caught up with simulated time. It keeps the run going while the guest idles (simulated
// time keeps flowing, as on hardware, and console input arrives at its wall-clock time). A run
// that falls behind by more than 100 ms (a slow guest, or a debugger holding the machine) starts
// counting again from there instead of racing.
class RealtimeThrottle : public sc_core::sc_module {
public:
    explicit RealtimeThrottle(const sc_core::sc_module_name& name);

private:
    void run();
};

}  // namespace vp
