// The Generic Timer register semantics without SystemC (Arm ARM D11.2; CNTP_CTL_EL0,
// CNTP_TVAL_EL0, CNTKCTL_EL1 register descriptions), at counts chosen by the test.
#include <gtest/gtest.h>

#include "iss/core/generic_timer.h"

using vp::iss::GenericTimer;
using vp::iss::TimerReg;
using Kind = GenericTimer::Kind;

namespace {
// CNTx_CTL_EL0: ENABLE bit 0, IMASK bit 1, ISTATUS bit 2 (read-only).
constexpr uint64_t ENABLE = 1, IMASK = 2, ISTATUS = 4;
}  // namespace

TEST(IssGenericTimer, TvalIsTheSigned32BitDistanceToCval) {
    GenericTimer t;
    t.write(TimerReg::CNTP_TVAL, 100, 1000);  // CVAL = count + 100
    EXPECT_EQ(t.read(TimerReg::CNTP_CVAL, 1000), 1100u);
    EXPECT_EQ(t.read(TimerReg::CNTP_TVAL, 1050), 50u);
    EXPECT_EQ(t.read(TimerReg::CNTP_TVAL, 1110), 0xFFFFFFF6u);  // -10, bits 63:32 RES0
    // The written value is TVAL[31:0], sign-extended: 0x1'FFFFFFFB is -5.
    t.write(TimerReg::CNTP_TVAL, 0x1FFFFFFFBull, 2000);
    EXPECT_EQ(t.read(TimerReg::CNTP_CVAL, 2000), 1995u);
    // A CVAL more than 2^31 away still reads as its low 32 bits of distance.
    t.write(TimerReg::CNTP_CVAL, 0x1'0000'0010ull, 0);
    EXPECT_EQ(t.read(TimerReg::CNTP_TVAL, 0x10), 0u);
}

TEST(IssGenericTimer, IstatusNeedsEnableAndIsIndependentOfImask) {
    GenericTimer t;
    t.write(TimerReg::CNTP_CVAL, 500, 0);
    EXPECT_EQ(t.read(TimerReg::CNTP_CTL, 600), 0u);                     // disabled: no status
    t.write(TimerReg::CNTP_CTL, ENABLE | IMASK | ISTATUS | 0xF0, 600);  // ISTATUS, RES0 bits ignored
    EXPECT_EQ(t.read(TimerReg::CNTP_CTL, 499), ENABLE | IMASK);
    EXPECT_EQ(t.read(TimerReg::CNTP_CTL, 500), ENABLE | IMASK | ISTATUS);  // count >= CVAL
    EXPECT_FALSE(t.output(Kind::phys, 600));                               // masked
    t.write(TimerReg::CNTP_CTL, ENABLE, 600);
    EXPECT_TRUE(t.output(Kind::phys, 600));
    EXPECT_FALSE(t.output(Kind::phys, 499));
    EXPECT_FALSE(t.output(Kind::virt, 600));  // the virtual timer is separate
}

TEST(IssGenericTimer, VirtualCountIsPhysicalMinusCntvoff) {
    GenericTimer t;
    t.write(TimerReg::CNTVOFF, 300, 0);
    EXPECT_EQ(t.read(TimerReg::CNTVCT, 1000), 700u);
    EXPECT_EQ(t.read(TimerReg::CNTPCT, 1000), 1000u);
    t.write(TimerReg::CNTV_TVAL, 50, 1000);  // virtual CVAL = 750
    EXPECT_EQ(t.read(TimerReg::CNTV_CVAL, 1000), 750u);
    t.write(TimerReg::CNTV_CTL, ENABLE, 1000);
    EXPECT_EQ(t.next_fire(Kind::virt, 1000), 1050u);  // as a physical count
    EXPECT_FALSE(t.output(Kind::virt, 1049));
    EXPECT_TRUE(t.output(Kind::virt, 1050));
    EXPECT_EQ(t.next_fire(Kind::virt, 1050), std::nullopt);  // already met
    // A virtual CVAL whose physical count is beyond 64 bits never fires.
    t.write(TimerReg::CNTV_CVAL, ~0ull - 10, 1000);
    EXPECT_EQ(t.next_fire(Kind::virt, 1000), std::nullopt);
    EXPECT_EQ(t.next_fire(Kind::phys, 1000), std::nullopt);  // disabled
}

// Event stream (D11.2.3): EVNTI = 3 selects CNTVCT bit 3; EVNTDIR = 0 fires on 0->1 (counts 8,
// 24, 40, ...), EVNTDIR = 1 on 1->0 (16, 32, ...); EVNTEN = 0 never.
TEST(IssGenericTimer, EventStreamFiresOnTheSelectedBitTransition) {
    GenericTimer t;
    EXPECT_EQ(t.next_event(5), std::nullopt);
    t.write(TimerReg::CNTKCTL, (1u << 2) | (3u << 4), 0);  // EVNTEN, EVNTI = 3, rising
    EXPECT_EQ(t.next_event(5), 8u);
    EXPECT_EQ(t.next_event(8), 24u);
    EXPECT_EQ(t.next_event(23), 24u);
    t.write(TimerReg::CNTKCTL, (1u << 2) | (1u << 3) | (3u << 4), 0);  // falling
    EXPECT_EQ(t.next_event(5), 16u);
    EXPECT_EQ(t.next_event(16), 32u);
    t.write(TimerReg::CNTVOFF, 100, 0);  // virtual 5 = physical 105: next virtual 16 = physical 116
    EXPECT_EQ(t.next_event(105), 116u);
}

TEST(IssGenericTimer, CountersAreReadOnlyAndControlRegistersKeepTheirFields) {
    GenericTimer t(62'500'000);
    EXPECT_EQ(t.read(TimerReg::CNTFRQ, 0), 62'500'000u);  // the reset value given
    t.write(TimerReg::CNTFRQ, 0xAB'0000'1234ull, 0);      // ClockFreq is bits 31:0
    EXPECT_EQ(t.read(TimerReg::CNTFRQ, 0), 0x1234u);
    t.write(TimerReg::CNTPCT, 5, 77);
    t.write(TimerReg::CNTVCT, 5, 77);
    EXPECT_EQ(t.read(TimerReg::CNTPCT, 77), 77u);
    EXPECT_EQ(t.read(TimerReg::CNTVCT, 77), 77u);
    t.write(TimerReg::CNTKCTL, ~0ull, 0);
    EXPECT_EQ(t.read(TimerReg::CNTKCTL, 0), 0x3FFu);  // EL0PTEN (bit 9) is the highest field
    t.write(TimerReg::CNTV_CTL, ENABLE, 0);
    t.reset();
    EXPECT_EQ(t.read(TimerReg::CNTKCTL, 0), 0u);
    EXPECT_EQ(t.read(TimerReg::CNTV_CTL, 0), 0u);
    EXPECT_EQ(t.read(TimerReg::CNTFRQ, 0), 62'500'000u);
}
