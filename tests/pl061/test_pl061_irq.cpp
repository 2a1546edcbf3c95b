// PL061 interrupt detection (TRM DDI 0190, 2.3 "Interrupt detection" and 3.3.3-3.3.9): edge
// (GPIOIS 0: rising or falling by GPIOIEV, both by GPIOIBE) latched until GPIOIC; level (GPIOIS 1)
// following the pad; GPIOMIS = GPIORIS & GPIOIE; GPIOINTR high while any GPIOMIS bit is set,
// observed on the wire through an IrqRecorder; each on the C++ model and on the RTL block
// (gpio_model_bench.h).
#include <gtest/gtest.h>

#include "gpio_model_bench.h"

using namespace gpio_bench;

class Pl061Irq : public GpioModel {};
INSTANTIATE_TEST_SUITE_P(Models, Pl061Irq, kModels, model_name);

constexpr uint32_t L3 = 1u << 3;

TEST_P(Pl061Irq, RisingEdgeIsLatchedUntilCleared) {
    run([](Gpio& g) {
        g.wr(GPIOIEV, L3);
        g.wr(GPIOIE, L3);
        EXPECT_FALSE(g.line());
        g.set(3, true);
        EXPECT_EQ(g.rd(GPIORIS), L3);
        EXPECT_EQ(g.rd(GPIOMIS), L3);
        EXPECT_TRUE(g.line());
        g.set(3, false);  // the falling edge changes nothing: still latched
        EXPECT_EQ(g.rd(GPIORIS), L3);
        EXPECT_TRUE(g.line());
        g.wr(GPIOIC, 0);  // writing 0 clears nothing
        EXPECT_TRUE(g.line());
        g.wr(GPIOIC, L3);
        EXPECT_EQ(g.rd(GPIORIS), 0u);
        EXPECT_EQ(g.rd(GPIOMIS), 0u);
        EXPECT_FALSE(g.line());
        EXPECT_EQ(g.edges(), 1u);
    });
}

TEST_P(Pl061Irq, FallingEdgeWhenTheEventBitIsZero) {
    run([](Gpio& g) {
        g.wr(GPIOIE, L3);
        g.set(3, true);
        EXPECT_EQ(g.rd(GPIORIS), 0u);
        EXPECT_FALSE(g.line());
        g.set(3, false);
        EXPECT_EQ(g.rd(GPIORIS), L3);
        EXPECT_TRUE(g.line());
    });
}

TEST_P(Pl061Irq, BothEdgesIgnoreTheEventBit) {
    run([](Gpio& g) {
        g.wr(GPIOIBE, L3);
        g.wr(GPIOIEV, 0);
        g.wr(GPIOIE, L3);
        g.set(3, true);
        EXPECT_EQ(g.rd(GPIORIS), L3);
        g.wr(GPIOIC, L3);
        EXPECT_FALSE(g.line());
        g.set(3, false);
        EXPECT_EQ(g.rd(GPIORIS), L3);
        EXPECT_TRUE(g.line());
        EXPECT_EQ(g.edges(), 2u);
    });
}

TEST_P(Pl061Irq, DrivingTheSameLevelAgainIsNoEdge) {
    run([](Gpio& g) {
        g.wr(GPIOIBE, L3);
        g.wr(GPIOIE, L3);
        g.set(3, false);
        EXPECT_EQ(g.rd(GPIORIS), 0u);
        g.set(3, true);
        g.wr(GPIOIC, L3);
        g.set(3, true);
        EXPECT_EQ(g.rd(GPIORIS), 0u);
    });
}

TEST_P(Pl061Irq, HighLevelFollowsThePadAndIsNotCleared) {
    run([](Gpio& g) {
        g.wr(GPIOIS, L3);
        g.wr(GPIOIEV, L3);
        g.wr(GPIOIE, L3);
        EXPECT_FALSE(g.line());
        g.set(3, true);
        EXPECT_EQ(g.rd(GPIORIS), L3);
        EXPECT_TRUE(g.line());
        g.wr(GPIOIC, L3);  // a level interrupt stays while the level does
        EXPECT_EQ(g.rd(GPIORIS), L3);
        EXPECT_TRUE(g.line());
        g.set(3, false);
        EXPECT_EQ(g.rd(GPIORIS), 0u);
        EXPECT_FALSE(g.line());
    });
}

TEST_P(Pl061Irq, LowLevelIsActiveWhileThePadIsLow) {
    run([](Gpio& g) {
        g.wr(GPIOIS, L3);  // GPIOIEV 0: low level; the undriven pad is low
        EXPECT_EQ(g.rd(GPIORIS), L3);
        EXPECT_FALSE(g.line());  // masked
        g.wr(GPIOIE, L3);
        EXPECT_TRUE(g.line());
        g.set(3, true);
        EXPECT_EQ(g.rd(GPIORIS), 0u);
        EXPECT_FALSE(g.line());
    });
}

TEST_P(Pl061Irq, MaskGatesTheLineNotTheRawStatus) {
    run([](Gpio& g) {
        g.wr(GPIOIEV, L3);
        g.set(3, true);  // an edge while masked is still latched
        EXPECT_EQ(g.rd(GPIORIS), L3);
        EXPECT_EQ(g.rd(GPIOMIS), 0u);
        EXPECT_FALSE(g.line());
        g.wr(GPIOIE, L3);
        EXPECT_EQ(g.rd(GPIOMIS), L3);
        EXPECT_TRUE(g.line());
        g.wr(GPIOIE, 0);
        EXPECT_FALSE(g.line());
        EXPECT_EQ(g.rd(GPIORIS), L3);
    });
}

// GPIOINTR is the OR of every pin's masked interrupt.
TEST_P(Pl061Irq, CombinedInterruptStaysUntilEveryPinIsCleared) {
    run([](Gpio& g) {
        g.wr(GPIOIEV, 0x81);
        g.wr(GPIOIE, 0x81);
        g.set(0, true);
        g.set(7, true);
        EXPECT_EQ(g.rd(GPIOMIS), 0x81u);
        g.wr(GPIOIC, 0x01);
        EXPECT_EQ(g.rd(GPIOMIS), 0x80u);
        EXPECT_TRUE(g.line());
        g.wr(GPIOIC, 0x80);
        EXPECT_FALSE(g.line());
        EXPECT_EQ(g.edges(), 1u);  // one wire: raised once, lowered once
    });
}

TEST_P(Pl061Irq, OnlyTheConfiguredPinsInterrupt) {
    run([](Gpio& g) {
        g.wr(GPIOIEV, 0xFF);
        g.wr(GPIOIE, L3);
        for (unsigned i = 0; i < 8; ++i)
            if (i != 3) g.set(i, true);
        EXPECT_EQ(g.rd(GPIORIS), 0xF7u);
        EXPECT_EQ(g.rd(GPIOMIS), 0u);
        EXPECT_FALSE(g.line());
    });
}
