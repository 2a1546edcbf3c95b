// The host-thread bridge (core/host_events.h) on its own: requests from host threads end
// blocking waits and reach the installed RunEnd; run-control sources run inside a blocking wait,
// device sources only in the update phase; a kept-alive source makes an idle kernel wait for the
// host; the after-run wait ends on a new request or the wall-clock deadline.
#include <poll.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <systemc>
#include <thread>

#include "core/host_events.h"

using namespace std::chrono_literals;

namespace {

// A RunEnd like the platform's: records the request and stops the kernel.
struct Recorder : vp::RunEnd {
    std::atomic<int> status{-1};
    std::string reason;
    void end_run(int s, const std::string& r) override {
        if (status >= 0) return;
        reason = r;
        status = s;
        if (sc_core::sc_is_running()) sc_core::sc_stop();
    }
    bool run_ended() const override { return status >= 0; }
};

// Installs a Recorder as the RunEnd for one test. A wait that never ends fails the test (SIGALRM)
// instead of hanging it.
struct RecordedRun {
    Recorder recorder;
    vp::RunEnd* previous = vp::HostEvents::set_run_end(&recorder);
    RecordedRun() { alarm(20); }
    ~RecordedRun() {
        alarm(0);
        vp::HostEvents::set_run_end(previous);
    }
};

// Runs `fn` on a host thread after `delay`.
std::thread later(std::chrono::milliseconds delay, std::function<void()> fn) {
    return std::thread([delay, fn = std::move(fn)] {
        std::this_thread::sleep_for(delay);
        fn();
    });
}

double seconds_since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

TEST(HostEvents, AnEndRequestFromAHostThreadEndsABlockingWait) {
    RecordedRun run;
    vp::HostEvents& host = vp::HostEvents::get();
    auto t0 = std::chrono::steady_clock::now();
    std::thread t = later(100ms, [&] { host.request_end(3, "wall-clock limit"); });
    EXPECT_FALSE(host.wait_until([] { return false; }));
    t.join();
    EXPECT_GE(seconds_since(t0), 0.09);
    EXPECT_EQ(run.recorder.status, 3);
    EXPECT_EQ(run.recorder.reason, "wall-clock limit");
    // The run is over: a later wait returns at once.
    EXPECT_FALSE(host.wait_until([] { return false; }));
}

TEST(HostEvents, WaitUntilReturnsWhenReadyHolds) {
    RecordedRun run;
    vp::HostEvents& host = vp::HostEvents::get();
    std::atomic<bool> flag{false};
    std::thread t = later(50ms, [&] {
        flag = true;
        host.wake();
    });
    EXPECT_TRUE(host.wait_until([&] { return flag.load(); }));
    t.join();
    EXPECT_EQ(run.recorder.status, -1);
}

TEST(HostEvents, WaitFdReturnsWhenTheDescriptorIsReady) {
    RecordedRun run;
    int p[2];
    ASSERT_EQ(pipe(p), 0);
    std::thread t = later(50ms, [&] { EXPECT_EQ(write(p[1], "x", 1), 1); });
    EXPECT_TRUE(vp::HostEvents::get().wait_fd(p[0], POLLIN));
    t.join();
    pollfd pfd{p[0], POLLIN, 0};
    EXPECT_EQ(poll(&pfd, 1, 0), 1);
    close(p[0]);
    close(p[1]);
}

TEST(HostEvents, RunControlSourcesRunInsideABlockingWaitDeviceSourcesDoNot) {
    RecordedRun run;
    std::atomic<int> summaries{0}, inputs{0};
    vp::HostSource summary([&] { ++summaries; }, vp::HostSource::Kind::run_control);
    vp::HostSource input([&] { ++inputs; }, vp::HostSource::Kind::device);
    vp::HostEvents& host = vp::HostEvents::get();
    std::thread t = later(50ms, [&] {
        input.signal();
        summary.signal();
    });
    EXPECT_TRUE(host.wait_until([&] { return summaries.load() > 0; }));
    t.join();
    EXPECT_EQ(summaries, 1);
    EXPECT_EQ(inputs, 0);  // a halted machine takes no device input
    sc_core::sc_start(1, sc_core::SC_NS);
    EXPECT_EQ(inputs, 1);  // the update phase delivers it
    EXPECT_EQ(summaries, 1);
}

TEST(HostEvents, AKeptAliveSourceMakesAnIdleKernelWaitForTheHost) {
    RecordedRun run;
    vp::HostSource console([] {});
    console.keep_alive(true);
    std::thread t = later(300ms, [&] { vp::HostEvents::get().request_end(0, "terminated by C-a x"); });
    auto t0 = std::chrono::steady_clock::now();
    sc_core::sc_start();  // nothing scheduled: without the keep-alive this returns at once
    double waited = seconds_since(t0);
    t.join();
    EXPECT_GE(waited, 0.25);
    EXPECT_EQ(run.recorder.status, 0);
}

TEST(HostEvents, WithoutKeepAliveAnIdleKernelEndsAtOnce) {
    RecordedRun run;
    vp::HostSource console([] {});
    auto t0 = std::chrono::steady_clock::now();
    sc_core::sc_start();
    EXPECT_LT(seconds_since(t0), 0.25);
    EXPECT_EQ(run.recorder.status, -1);
}

TEST(HostEvents, TheAfterRunWaitEndsOnANewRequestOrTheWallDeadline) {
    RecordedRun run;
    vp::HostEvents& host = vp::HostEvents::get();
    host.request_end(0, "guest powered off");  // the request that ended the run
    EXPECT_FALSE(host.wait_until([] { return false; }));
    // A final flush is not cut short by that old request...
    EXPECT_TRUE(host.wait_after_run([] { return true; }));
    // ...but by a new one (a second Ctrl-A x),
    std::thread t = later(50ms, [&] { host.request_end(0, "terminated by C-a x"); });
    EXPECT_FALSE(host.wait_after_run([] { return false; }));
    t.join();
    // by its own limit,
    auto t0 = std::chrono::steady_clock::now();
    EXPECT_FALSE(host.wait_after_run([] { return false; }, 100ms));
    EXPECT_GE(seconds_since(t0), 0.09);
    // and by the wall-clock limit of the run.
    host.set_wall_deadline(std::chrono::steady_clock::now() + 100ms);
    t0 = std::chrono::steady_clock::now();
    EXPECT_FALSE(host.wait_after_run([] { return false; }));
    EXPECT_GE(seconds_since(t0), 0.09);
    EXPECT_LT(seconds_since(t0), 5.0);
}

TEST(HostEvents, AFailedOutputEndsTheRunWithStatus1) {
    RecordedRun run;
    vp::HostEvents& host = vp::HostEvents::get();
    EXPECT_FALSE(host.any_output_failed());
    testing::internal::CaptureStderr();
    host.output_failed("log file '/dev/full'", ENOSPC);
    EXPECT_FALSE(host.wait_until([] { return false; }));
    std::string text = testing::internal::GetCapturedStderr();
    EXPECT_EQ(text, "vp: error: log file '/dev/full': write failed: No space left on device\n");
    EXPECT_TRUE(host.any_output_failed());
    EXPECT_EQ(run.recorder.status, 1);
}
