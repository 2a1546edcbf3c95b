// PL061 interrupt detection (TRM DDI 0190, 2.3 "Interrupt detection" and 3.3.3-3.3.9): edge
// (GPIOIS 0: rising or falling by GPIOIEV, both by GPIOIBE) latched until GPIOIC; level (GPIOIS 1)
// following the pad; GPIOMIS = GPIORIS & GPIOIE; GPIOINTR high while any GPIOMIS bit is set,
// observed on the wire through an IrqRecorder.
#include <gtest/gtest.h>

#include "pl061_test_util.h"

using namespace pl061_test;

constexpr uint32_t L3 = 1u << 3;

TEST(Pl061Irq, RisingEdgeIsLatchedUntilCleared) {
    Gpio g;
    g.wr(GPIOIEV, L3);
    g.wr(GPIOIE, L3);
    EXPECT_FALSE(g.line());
    g.pins.set_input(3, true);
    EXPECT_EQ(g.rd(GPIORIS), L3);
    EXPECT_EQ(g.rd(GPIOMIS), L3);
    EXPECT_TRUE(g.line());
    g.pins.set_input(3, false);  // the falling edge changes nothing: still latched
    EXPECT_EQ(g.rd(GPIORIS), L3);
    EXPECT_TRUE(g.line());
    g.wr(GPIOIC, 0);  // writing 0 clears nothing
    EXPECT_TRUE(g.line());
    g.wr(GPIOIC, L3);
    EXPECT_EQ(g.rd(GPIORIS), 0u);
    EXPECT_EQ(g.rd(GPIOMIS), 0u);
    EXPECT_FALSE(g.line());
    EXPECT_EQ(g.edges(), 1u);
}

TEST(Pl061Irq, FallingEdgeWhenTheEventBitIsZero) {
    Gpio g;
    g.wr(GPIOIE, L3);
    g.pins.set_input(3, true);
    EXPECT_EQ(g.rd(GPIORIS), 0u);
    EXPECT_FALSE(g.line());
    g.pins.set_input(3, false);
    EXPECT_EQ(g.rd(GPIORIS), L3);
    EXPECT_TRUE(g.line());
}

TEST(Pl061Irq, BothEdgesIgnoreTheEventBit) {
    Gpio g;
    g.wr(GPIOIBE, L3);
    g.wr(GPIOIEV, 0);
    g.wr(GPIOIE, L3);
    g.pins.set_input(3, true);
    EXPECT_EQ(g.rd(GPIORIS), L3);
    g.wr(GPIOIC, L3);
    EXPECT_FALSE(g.line());
    g.pins.set_input(3, false);
    EXPECT_EQ(g.rd(GPIORIS), L3);
    EXPECT_TRUE(g.line());
    EXPECT_EQ(g.edges(), 2u);
}

TEST(Pl061Irq, DrivingTheSameLevelAgainIsNoEdge) {
    Gpio g;
    g.wr(GPIOIBE, L3);
    g.wr(GPIOIE, L3);
    g.pins.set_input(3, false);
    EXPECT_EQ(g.rd(GPIORIS), 0u);
    g.pins.set_input(3, true);
    g.wr(GPIOIC, L3);
    g.pins.set_input(3, true);
    EXPECT_EQ(g.rd(GPIORIS), 0u);
}

TEST(Pl061Irq, HighLevelFollowsThePadAndIsNotCleared) {
    Gpio g;
    g.wr(GPIOIS, L3);
    g.wr(GPIOIEV, L3);
    g.wr(GPIOIE, L3);
    EXPECT_FALSE(g.line());
    g.pins.set_input(3, true);
    EXPECT_EQ(g.rd(GPIORIS), L3);
    EXPECT_TRUE(g.line());
    g.wr(GPIOIC, L3);  // a level interrupt stays while the level does
    EXPECT_EQ(g.rd(GPIORIS), L3);
    EXPECT_TRUE(g.line());
    g.pins.set_input(3, false);
    EXPECT_EQ(g.rd(GPIORIS), 0u);
    EXPECT_FALSE(g.line());
}

TEST(Pl061Irq, LowLevelIsActiveWhileThePadIsLow) {
    Gpio g;
    g.wr(GPIOIS, L3);  // GPIOIEV 0: low level; the undriven pad is low
    EXPECT_EQ(g.rd(GPIORIS), L3);
    EXPECT_FALSE(g.line());  // masked
    g.wr(GPIOIE, L3);
    EXPECT_TRUE(g.line());
    g.pins.set_input(3, true);
    EXPECT_EQ(g.rd(GPIORIS), 0u);
    EXPECT_FALSE(g.line());
}

TEST(Pl061Irq, MaskGatesTheLineNotTheRawStatus) {
    Gpio g;
    g.wr(GPIOIEV, L3);
    g.pins.set_input(3, true);  // an edge while masked is still latched
    EXPECT_EQ(g.rd(GPIORIS), L3);
    EXPECT_EQ(g.rd(GPIOMIS), 0u);
    EXPECT_FALSE(g.line());
    g.wr(GPIOIE, L3);
    EXPECT_EQ(g.rd(GPIOMIS), L3);
    EXPECT_TRUE(g.line());
    g.wr(GPIOIE, 0);
    EXPECT_FALSE(g.line());
    EXPECT_EQ(g.rd(GPIORIS), L3);
}

// GPIOINTR is the OR of every pin's masked interrupt.
TEST(Pl061Irq, CombinedInterruptStaysUntilEveryPinIsCleared) {
    Gpio g;
    g.wr(GPIOIEV, 0x81);
    g.wr(GPIOIE, 0x81);
    g.pins.set_input(0, true);
    g.pins.set_input(7, true);
    EXPECT_EQ(g.rd(GPIOMIS), 0x81u);
    g.wr(GPIOIC, 0x01);
    EXPECT_EQ(g.rd(GPIOMIS), 0x80u);
    EXPECT_TRUE(g.line());
    g.wr(GPIOIC, 0x80);
    EXPECT_FALSE(g.line());
    EXPECT_EQ(g.edges(), 1u);  // one wire: raised once, lowered once
}

TEST(Pl061Irq, OnlyTheConfiguredPinsInterrupt) {
    Gpio g;
    g.wr(GPIOIEV, 0xFF);
    g.wr(GPIOIE, L3);
    for (unsigned i = 0; i < 8; ++i)
        if (i != 3) g.pins.set_input(i, true);
    EXPECT_EQ(g.rd(GPIORIS), 0xF7u);
    EXPECT_EQ(g.rd(GPIOMIS), 0u);
    EXPECT_FALSE(g.line());
}
