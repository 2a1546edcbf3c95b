// The PL031 alarm (TRM DDI 0224, "Update block" and 3.2): RTCRIS is set when the RTC value
// reaches RTCMR, at the exact simulated time of that CLK1HZ edge; RTCINTR follows RTCMIS
// (RTCRIS & RTCIMSC); RTCICR clears. Observed on the line through an IrqRecorder.
#include <gtest/gtest.h>

#include "pl031_test_util.h"

using namespace pl031_test;
using sc_core::SC_MS;
using sc_core::SC_PS;
using sc_core::SC_SEC;
using sc_core::sc_time;

TEST(Pl031Alarm, MatchRaisesTheInterruptAtTheExactSecond) {
    Rtc r;
    r.wr(RTCIMSC, INT_RTC);
    r.wr(RTCMR, k2026 + 5);
    run_to(sc_time(5, SC_SEC) - sc_time(1, SC_PS));
    EXPECT_EQ(r.rd(RTCRIS), 0u);
    EXPECT_FALSE(r.line());
    run_to(sc_time(5, SC_SEC));
    EXPECT_EQ(r.rd(RTCDR), k2026 + 5);
    EXPECT_EQ(r.rd(RTCRIS), INT_RTC);
    EXPECT_EQ(r.rd(RTCMIS), INT_RTC);
    EXPECT_TRUE(r.line());
    run_to(sc_time(100, SC_SEC));  // level: stays until cleared, and no second edge
    EXPECT_TRUE(r.line());
    EXPECT_EQ(r.irq.rising_edges(kLine), 1u);
}

// The match counts from a loaded value: load 100 at 2.5 s, match 103: the value is 101 at 3 s,
// 103 at 5 s.
TEST(Pl031Alarm, MatchAfterALoad) {
    Rtc r;
    r.wr(RTCIMSC, INT_RTC);
    run_to(sc_time(2500, SC_MS));
    r.wr(RTCLR, 100);
    r.wr(RTCMR, 103);
    run_to(sc_time(5, SC_SEC) - sc_time(1, SC_PS));
    EXPECT_FALSE(r.line());
    run_to(sc_time(5, SC_SEC));
    EXPECT_TRUE(r.line());
    EXPECT_EQ(r.rd(RTCDR), 103u);
}

// A new RTCMR replaces the pending match.
TEST(Pl031Alarm, RewritingTheMatchMovesTheAlarm) {
    Rtc r;
    r.wr(RTCIMSC, INT_RTC);
    r.wr(RTCMR, k2026 + 2);
    run_to(sc_time(1, SC_SEC));
    r.wr(RTCMR, k2026 + 4);
    run_to(sc_time(4, SC_SEC) - sc_time(1, SC_PS));
    EXPECT_EQ(r.rd(RTCRIS), 0u);
    run_to(sc_time(4, SC_SEC));
    EXPECT_EQ(r.rd(RTCRIS), INT_RTC);
}

TEST(Pl031Alarm, MaskGatesTheLineAndClearClearsTheRawStatus) {
    Rtc r;
    r.wr(RTCMR, k2026 + 1);
    run_to(sc_time(1, SC_SEC));
    EXPECT_EQ(r.rd(RTCRIS), INT_RTC);  // raw status regardless of the mask
    EXPECT_EQ(r.rd(RTCMIS), 0u);
    EXPECT_FALSE(r.line());
    r.wr(RTCIMSC, INT_RTC);
    EXPECT_EQ(r.rd(RTCMIS), INT_RTC);
    EXPECT_TRUE(r.line());
    r.wr(RTCIMSC, 0);
    EXPECT_FALSE(r.line());
    r.wr(RTCIMSC, INT_RTC);
    EXPECT_TRUE(r.line());
    r.wr(RTCICR, 0);  // writing 0 has no effect
    EXPECT_EQ(r.rd(RTCRIS), INT_RTC);
    EXPECT_TRUE(r.line());
    r.wr(RTCICR, INT_RTC);
    EXPECT_EQ(r.rd(RTCRIS), 0u);
    EXPECT_EQ(r.rd(RTCMIS), 0u);
    EXPECT_FALSE(r.line());
    run_to(sc_time(1900, SC_MS));  // still equal within the second: no new match
    EXPECT_EQ(r.rd(RTCRIS), 0u);
    EXPECT_EQ(r.rd(RTCIMSC), INT_RTC);  // the mask is not changed by clearing
}

// Writing a match equal to the current value (or loading the match value) raises it at once.
TEST(Pl031Alarm, MatchEqualToTheValueWhenWrittenIsImmediate) {
    Rtc r;
    r.wr(RTCIMSC, INT_RTC);
    r.wr(RTCMR, k2026);
    EXPECT_EQ(r.rd(RTCRIS), INT_RTC);
    EXPECT_TRUE(r.line());
    r.wr(RTCICR, INT_RTC);
    r.wr(RTCMR, 77);
    EXPECT_FALSE(r.line());
    r.wr(RTCLR, 77);
    EXPECT_TRUE(r.line());
}

// The value passes RTCMR only once in 2^32 seconds: a match behind the value does not fire.
TEST(Pl031Alarm, MatchInThePastDoesNotFire) {
    Rtc r;
    r.wr(RTCIMSC, INT_RTC);
    r.wr(RTCMR, k2026 - 1);
    run_to(sc_time(1000, SC_SEC));
    EXPECT_EQ(r.rd(RTCRIS), 0u);
    EXPECT_FALSE(r.line());
}
