#include "platform/debug/run_control.h"

#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <cstdio>

#include "platform/simulation.h"

namespace vp {

SimTimeLimit::SimTimeLimit(const sc_core::sc_module_name& name, sc_core::sc_time limit, std::string text)
    : sc_core::sc_module(name), limit_(limit), text_(std::move(text)) {
    SC_HAS_PROCESS(SimTimeLimit);
    SC_THREAD(run);
}

void SimTimeLimit::run() {
    wait(limit_);
    sim::request_exit(sim::exit_timeout, "timeout: " + text_ + " of simulated time reached");
}

WallTimeout::WallTimeout(std::chrono::nanoseconds limit, std::string text) {
    auto deadline = std::chrono::steady_clock::now() + limit;
    HostEvents::get().set_wall_deadline(deadline);
    thread_ = std::thread([this, deadline, text = std::move(text)] {
        std::unique_lock lock(mutex_);
        if (!cv_.wait_until(lock, deadline, [&] { return done_; }))
            HostEvents::get().request_end(sim::exit_timeout,
                                          "timeout: " + text + " of wall-clock time reached");
    });
}

WallTimeout::~WallTimeout() {
    {
        std::lock_guard lock(mutex_);
        done_ = true;
    }
    cv_.notify_all();
    thread_.join();
}

ProgressDisplay::ProgressDisplay(std::function<std::string()> line)
    : source_(
          [this, line = std::move(line)] {
              std::string text = line();
              std::fprintf(stderr, tty_ ? "\r%s\033[K" : "%s\n", text.c_str());
              std::fflush(stderr);
              printed_ = true;
          },
          HostSource::Kind::run_control),
      tty_(::isatty(2) != 0) {
    const auto period = tty_ ? std::chrono::milliseconds(500) : std::chrono::milliseconds(10000);
    thread_ = std::thread([this, period] {
        std::unique_lock lock(mutex_);
        while (!cv_.wait_for(lock, period, [&] { return done_; })) source_.signal();
    });
}

ProgressDisplay::~ProgressDisplay() {
    {
        std::lock_guard lock(mutex_);
        done_ = true;
    }
    cv_.notify_all();
    thread_.join();
    if (tty_ && printed_) std::fputc('\n', stderr);
}

void SignalWatcher::block_sigusr1() {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

SignalWatcher::SignalWatcher(std::function<void()> on_sigusr1)
    : source_(std::move(on_sigusr1), HostSource::Kind::run_control) {
    block_sigusr1();
    thread_ = std::thread([this] {
        sigset_t set;
        sigemptyset(&set);
        sigaddset(&set, SIGUSR1);
        for (;;) {
            int sig = 0;
            if (sigwait(&set, &sig) != 0) continue;
            if (__atomic_load_n(&stop_, __ATOMIC_ACQUIRE)) return;
            source_.signal();
        }
    });
}

SignalWatcher::~SignalWatcher() {
    __atomic_store_n(&stop_, true, __ATOMIC_RELEASE);
    pthread_kill(thread_.native_handle(), SIGUSR1);
    thread_.join();
}

RealtimeThrottle::RealtimeThrottle(const sc_core::sc_module_name& name) : sc_core::sc_module(name) {
    SC_HAS_PROCESS(RealtimeThrottle);
    SC_THREAD(run);
}

void RealtimeThrottle::run() {
    using clock = std::chrono::steady_clock;
    const sc_core::sc_time tick(1, sc_core::SC_MS);
    auto wall_base = clock::now();
    double sim_base = sc_core::sc_time_stamp().to_seconds();
    for (;;) {
        // Ticks for as long as the run lasts, like a real machine's clock: an idle machine
        // (cores in WFI or off) spends its simulated time in wall time too; the run still ends
        // by the guest (power-off), --timeout or the user.
        wait(tick);
        double sim = sc_core::sc_time_stamp().to_seconds() - sim_base;
        auto target =
            wall_base + std::chrono::duration_cast<clock::duration>(std::chrono::duration<double>(sim));
        auto now = clock::now();
        if (now > target + std::chrono::milliseconds(100)) {  // far behind: re-anchor
            wall_base = now;
            sim_base = sc_core::sc_time_stamp().to_seconds();
        } else if (now < target) {
            std::this_thread::sleep_until(target);
        }
    }
}

}  // namespace vp
