// ConsoleWatcher: Linux's panic report on the console ends the run with exit status 2, at the
// "---[ end Kernel panic" marker (panic=0) or at a following PSCI SYSTEM_RESET (panic=N).
#include <gtest/gtest.h>

#include <string>

#include "platform/console_watch.h"
#include "platform/simulation.h"

namespace {

void feed(vp::ConsoleWatcher& w, const std::string& s) {
    w.feed(reinterpret_cast<const uint8_t*>(s.data()), s.size());
}

// The lines below are the form printed by Linux 6.1's panic() (kernel/panic.c).
const char* kPanicLine =
    "[    1.234567] Kernel panic - not syncing: Attempted to kill init! exitcode=0x00000004\r\n";

TEST(ConsoleWatch, PanicEndsAtTheEndMarkerWithStatus2) {
    vp::sim::reset_exit_state();
    vp::ConsoleWatcher w;
    feed(w, "[    1.000000] Run /init as init process\r\n");
    EXPECT_FALSE(w.panic_seen());
    feed(w, kPanicLine);
    EXPECT_TRUE(w.panic_seen());
    EXPECT_FALSE(vp::sim::exit_requested());  // the stack dump still follows
    feed(w,
         "[    1.240000] CPU: 0 PID: 1 Comm: init Not tainted 6.1.0 #1\r\n[    1.250000] ---[ end Kernel ");
    EXPECT_FALSE(vp::sim::exit_requested());  // marker split across writes: wait for the line
    feed(w, "panic - not syncing: Attempted to kill init! exitcode=0x00000004 ]---\r\n");
    ASSERT_TRUE(vp::sim::exit_requested());
    EXPECT_EQ(vp::sim::exit_status(), 2);  // README: 2 = guest panic
    EXPECT_NE(vp::sim::exit_reason().find("Attempted to kill init"), std::string::npos);
    vp::sim::reset_exit_state();
}

TEST(ConsoleWatch, ResetAfterPanicIsReportedAsThePanic) {
    vp::sim::reset_exit_state();
    vp::ConsoleWatcher w;
    feed(w, kPanicLine);
    feed(w, "[    1.300000] Rebooting in 1 seconds..\r\n");
    vp::sim::request_exit(vp::sim::exit_reset, "guest requested a reset (PSCI SYSTEM_RESET)");
    EXPECT_EQ(vp::sim::exit_status(), 2);  // README: 2 = guest panic
    vp::sim::reset_exit_state();
    vp::sim::request_exit(vp::sim::exit_reset, "guest requested a reset (PSCI SYSTEM_RESET)");
    EXPECT_EQ(vp::sim::exit_status(), 4);  // README: 4 = guest reset (no panic: an ordinary reset)
    vp::sim::reset_exit_state();
}

TEST(ConsoleWatch, OrdinaryOutputNeverEndsTheRun) {
    vp::sim::reset_exit_state();
    vp::ConsoleWatcher w;
    feed(w, "echo Kernel panic\r\n/ # cat log\r\nsome panic text ---[ end trace ]---\r\n");
    EXPECT_FALSE(w.panic_seen());
    EXPECT_FALSE(vp::sim::exit_requested());
}

}  // namespace
