// PL011 interrupts (TRM DDI 0183G "Interrupts" and 3.3.9-3.3.13): receive at the UARTIFLS trigger
// levels, transmit, receive timeout at 32 bit periods, masking, MIS and ICR, observed on the
// UARTINTR line through an IrqRecorder.
#include <gtest/gtest.h>

#include "pl011_test_util.h"

using namespace pl011_test;
using sc_core::SC_PS;
using sc_core::sc_time;
using sc_core::SC_US;

TEST(Pl011Irq, ReceiveInterruptAtEachFifoTriggerLevel) {
    Uart u;
    u.enable();
    u.wr(UARTIMSC, INT_RX);
    // RXIFLSEL b000..b100: FIFO >= 1/8, 1/4, 1/2, 3/4, 7/8 full; of 32 entries: 4, 8, 16, 24, 28.
    const unsigned levels[] = {4, 8, 16, 24, 28};
    for (unsigned sel = 0; sel < 5; ++sel) {
        u.wr(UARTIFLS, sel << 3);
        for (unsigned i = 0; i + 1 < levels[sel]; ++i) u.dev.receive_char('a');
        EXPECT_EQ(u.rd(UARTRIS) & INT_RX, 0u) << "level " << levels[sel];
        EXPECT_FALSE(u.line());
        u.dev.receive_char('b');
        EXPECT_EQ(u.rd(UARTRIS) & INT_RX, INT_RX) << "level " << levels[sel];
        EXPECT_EQ(u.rd(UARTMIS), INT_RX);
        EXPECT_TRUE(u.line());
        u.rd(UARTDR);  // below the level again: cleared
        EXPECT_EQ(u.rd(UARTRIS) & INT_RX, 0u);
        EXPECT_FALSE(u.line());
        u.drain();
        u.wr(UARTICR, INT_ALL);
    }
}

TEST(Pl011Irq, ReceiveInterruptOnAnyCharacterWithFifoDisabled) {
    Uart u;
    u.enable(false);
    u.wr(UARTIMSC, INT_RX);
    u.dev.receive_char('c');
    EXPECT_TRUE(u.line());
    EXPECT_EQ(u.rd(UARTDR), static_cast<uint32_t>('c'));
    EXPECT_FALSE(u.line());
}

TEST(Pl011Irq, TransmitInterruptAfterTheFifoDrains) {
    Uart u;
    u.enable();
    u.wr(UARTIMSC, INT_TX);
    // Not set before anything was transmitted ("Interrupts", UARTTXINTR: based on a transition through the
    // level).
    EXPECT_EQ(u.rd(UARTRIS) & INT_TX, 0u);
    EXPECT_FALSE(u.line());
    u.wr(UARTDR, 'x');
    EXPECT_EQ(u.rd(UARTRIS) & INT_TX, INT_TX);
    EXPECT_EQ(u.rd(UARTMIS), INT_TX);
    EXPECT_TRUE(u.line());
    u.wr(UARTICR, INT_TX);
    EXPECT_EQ(u.rd(UARTRIS) & INT_TX, 0u);
    EXPECT_FALSE(u.line());
    u.wr(UARTDR, 'y');
    EXPECT_TRUE(u.line());
    EXPECT_EQ(u.irq.rising_edges(kLine), 2u);
}

TEST(Pl011Irq, TransmitInterruptClearedByFillingAboveTheLevel) {
    Uart u;
    u.wr(UARTLCR_H, LCR_FEN);
    u.wr(UARTCR, CR_UARTEN | CR_TXE);
    u.wr(UARTIMSC, INT_TX);
    u.wr(UARTDR, 'a');
    ASSERT_TRUE(u.line());
    u.wr(UARTCR, CR_TXE);  // transmitter stopped: characters stay in the FIFO
    u.wr(UARTIFLS, 0);     // TX level 1/8 = 4
    for (int i = 0; i < 4; ++i) u.wr(UARTDR, 'b');
    EXPECT_TRUE(u.line());  // 4 <= level
    u.wr(UARTDR, 'c');      // 5 > level
    EXPECT_FALSE(u.line());
    u.wr(UARTCR, CR_UARTEN | CR_TXE);  // drains through the level
    EXPECT_TRUE(u.line());
}

TEST(Pl011Irq, ReceiveTimeoutAfter32BitPeriods) {
    Uart u;
    u.wr(UARTIBRD, 13);  // 115200 baud from 24 MHz: 24e6 / (16 * 115200) = 13.02 -> 13 + 1/64
    u.wr(UARTFBRD, 1);
    u.enable();  // the LCR_H write latches the divisor
    u.wr(UARTIMSC, INT_RT);
    // One bit = 16 * (13 + 1/64) / 24 MHz; 32 bits = 277.666... us.
    const double timeout_ps = 32.0 * 16.0 * (13.0 + 1.0 / 64.0) / 24e6 * 1e12;
    EXPECT_NEAR(u.dev.rx_timeout().to_seconds() * 1e12, timeout_ps, 1.0);
    u.dev.receive_char('t');  // 1 character: below the RX level, only the timeout can fire
    sc_core::sc_start(sc_time(timeout_ps - 1000, SC_PS));
    EXPECT_EQ(u.rd(UARTRIS) & INT_RT, 0u);
    EXPECT_FALSE(u.line());
    sc_core::sc_start(sc_time(2000, SC_PS));
    EXPECT_EQ(u.rd(UARTRIS) & INT_RT, INT_RT);
    EXPECT_EQ(u.rd(UARTMIS), INT_RT);
    EXPECT_TRUE(u.line());
    EXPECT_EQ(u.rd(UARTDR), static_cast<uint32_t>('t'));  // FIFO empty: cleared
    EXPECT_EQ(u.rd(UARTRIS) & INT_RT, 0u);
    EXPECT_FALSE(u.line());
    EXPECT_EQ(u.irq.rising_edges(kLine), 1u);
}

TEST(Pl011Irq, ReceiveTimeoutRestartsWithEachCharacterAndFollowsTheClock) {
    Uart u("null", "48MHz");
    u.wr(UARTIBRD, 1);
    u.wr(UARTFBRD, 0);
    u.enable();
    u.wr(UARTIMSC, INT_RT);
    // 32 bits * 16 * 1 / 48 MHz = 10.666... us.
    const double t = 32.0 * 16.0 / 48e6 * 1e12;
    u.dev.receive_char('a');
    sc_core::sc_start(sc_time(t / 2, SC_PS));
    u.dev.receive_char('b');
    sc_core::sc_start(sc_time(t * 0.9, SC_PS));  // 1.4 t after 'a', 0.9 t after 'b'
    EXPECT_FALSE(u.line());
    sc_core::sc_start(sc_time(t * 0.2, SC_PS));
    EXPECT_TRUE(u.line());
}

TEST(Pl011Irq, DivisorTakesEffectOnlyWithTheLineControlWrite) {
    Uart u;
    u.wr(UARTIBRD, 1);
    u.enable();  // latches 1 + 0/64
    const sc_time before = u.dev.rx_timeout();
    u.wr(UARTIBRD, 2);
    EXPECT_EQ(u.dev.rx_timeout(), before);  // 3.3.7: IBRD/FBRD/LCR_H update on the LCR_H write
    u.wr(UARTLCR_H, u.rd(UARTLCR_H));
    EXPECT_NEAR(u.dev.rx_timeout().to_seconds(), 2 * before.to_seconds(), 2e-12);  // 1 ps rounding
}

TEST(Pl011Irq, MaskingMisAndClear) {
    Uart u;
    u.enable();
    u.wr(UARTIFLS, 0);  // RX level 4
    for (int i = 0; i < 4; ++i) u.dev.receive_char('m');
    u.wr(UARTDR, '!');  // TX raw status too
    EXPECT_EQ(u.rd(UARTRIS) & (INT_RX | INT_TX), INT_RX | INT_TX);
    EXPECT_EQ(u.rd(UARTMIS), 0u);
    EXPECT_FALSE(u.line());
    u.wr(UARTIMSC, INT_TX);
    EXPECT_EQ(u.rd(UARTMIS), INT_TX);
    EXPECT_TRUE(u.line());
    u.wr(UARTIMSC, INT_RX);
    EXPECT_EQ(u.rd(UARTMIS), INT_RX);
    EXPECT_TRUE(u.line());
    u.wr(UARTICR, INT_RX);  // clears only the receive interrupt
    EXPECT_EQ(u.rd(UARTRIS) & (INT_RX | INT_TX), INT_TX);
    EXPECT_FALSE(u.line());
    u.wr(UARTIMSC, 0);
    u.wr(UARTICR, INT_ALL);
    EXPECT_EQ(u.rd(UARTRIS), 0u);
}

TEST(Pl011Irq, OverrunInterruptMaskedAndCleared) {
    Uart u;
    u.enable(false);
    u.wr(UARTIMSC, INT_OE);
    u.dev.receive_char('1');
    EXPECT_FALSE(u.line());
    u.dev.receive_char('2');
    EXPECT_TRUE(u.line());
    u.wr(UARTICR, INT_OE);
    EXPECT_FALSE(u.line());
}
