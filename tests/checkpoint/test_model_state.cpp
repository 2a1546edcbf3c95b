// Every registered model says how its state reaches a checkpoint, and the models that save it
// behave, after load_state into a twin built from the same configuration, like the original.
#include <gtest/gtest.h>

#include <string>

#include <systemc>

#include "core/irq.h"
#include "core/model_registry.h"
#include "gic/gic_bench.h"
#include "models/pl011/pl011.h"
#include "models/pl031/pl031.h"
#include "models/pl061/pl061.h"
#include "models/rtl/apb_timer_model.h"
#include "models/timer/arch_timer.h"
#include "models/timer/system_counter.h"
#include "pl011/pl011_trm.h"
#include "pl031/pl031_test_util.h"
#include "support/test_initiator.h"

using sc_core::SC_MS;
using sc_core::SC_SEC;
using sc_core::sc_time;

TEST(Checkpoint, EveryModelDeclaresItsState) {
    auto models = vp::ModelRegistry::instance().all();
    ASSERT_FALSE(models.empty());
    for (const vp::ModelInfo* m : models) {
        EXPECT_NE(m->checkpoint, vp::CheckpointSupport::undeclared)
            << "model '" << m->name << "' does not say how its state is checkpointed (ModelInfo::checkpoint)";
        if (m->checkpoint == vp::CheckpointSupport::refused) {
            EXPECT_FALSE(m->checkpoint_refusal.empty())
                << "model '" << m->name << "' refuses without a reason";
        }
    }
}

namespace {

struct RtcTwin {
    vp::Pl031 dev;
    vp::test::TestInitiator cpu;
    vp::IrqRecorder irq;

    explicit RtcTwin(const char* name)
        : dev(name, pl031_test::rtc_config("2026-01-01T00:00:00Z")),
          cpu((std::string(name) + "_cpu").c_str()) {
        cpu.socket.bind(dev.socket);
        dev.intr.bind(irq, pl031_test::kLine);
    }
    uint32_t rd(uint32_t off) { return static_cast<uint32_t>(cpu.read(off).data); }
    void wr(uint32_t off, uint32_t v) { EXPECT_TRUE(cpu.write(off, v).ok()); }
};

}  // namespace

// The original is loaded and armed at 2.5 s; the twin gets its state at 3 s and must raise the
// alarm at the same second the original does (TRM: when the value reaches RTCMR), with the same
// count, though the twin itself was never written.
TEST(Checkpoint, Pl031TwinRaisesThePendingAlarmAtTheSavedTime) {
    using namespace pl031_trm;
    RtcTwin a("rtc_a"), b("rtc_b");
    pl031_test::run_to(sc_time(2500, SC_MS));
    a.wr(RTCIMSC, INT_RTC);
    a.wr(RTCLR, 100);
    a.wr(RTCMR, 104);
    pl031_test::run_to(sc_time(3, SC_SEC));
    vp::StateWriter w;
    a.dev.save_state(w);
    vp::StateReader r("device rtc_b", w.data());
    b.dev.load_state(r);
    EXPECT_EQ(b.rd(RTCDR), a.rd(RTCDR));
    pl031_test::run_to(sc_time(6, SC_SEC) - sc_time(1, sc_core::SC_PS));
    EXPECT_FALSE(a.irq.level(pl031_test::kLine));
    EXPECT_FALSE(b.irq.level(pl031_test::kLine));
    pl031_test::run_to(sc_time(6, SC_SEC));
    EXPECT_TRUE(a.irq.level(pl031_test::kLine));
    EXPECT_TRUE(b.irq.level(pl031_test::kLine));
    EXPECT_EQ(b.rd(RTCDR), 104u);
}

TEST(Checkpoint, Pl061TwinHasTheSameRegistersAndLine) {
    vp::DeviceConfig c;
    c.name = "gpio0";
    c.model = "pl061";
    c.regions = {{"regs", 0x09030000, 0x1000}};
    c.interrupts = {39};
    vp::Pl061 a("gpio_a", c), b("gpio_b", c);
    vp::test::TestInitiator ia("gpio_a_cpu"), ib("gpio_b_cpu");
    vp::IrqRecorder ra, rb;
    ia.socket.bind(a.socket);
    ib.socket.bind(b.socket);
    a.intr.bind(ra, 39);
    b.intr.bind(rb, 39);
    // PL061 TRM 3.3: pin 3 an edge interrupt on a rising edge, pins 0-1 outputs driven 0b10.
    ASSERT_TRUE(ia.write(0x410, 1u << 3).ok());  // GPIOIE
    ASSERT_TRUE(ia.write(0x40C, 1u << 3).ok());  // GPIOIEV: rising
    ASSERT_TRUE(ia.write(0x400, 0x3).ok());      // GPIODIR
    ASSERT_TRUE(ia.write(0x3 << 2, 0x2).ok());   // GPIODATA, mask 0b11
    a.set_input(3, true);
    ASSERT_TRUE(ra.level(39));

    vp::StateWriter w;
    a.save_state(w);
    vp::StateReader r("device gpio0", w.data());
    b.load_state(r);
    for (uint32_t off : {0x3FCu, 0x400u, 0x404u, 0x408u, 0x40Cu, 0x410u, 0x414u, 0x418u, 0x420u})
        EXPECT_EQ(ib.read(off).data, ia.read(off).data) << "offset 0x" << std::hex << off;
    EXPECT_TRUE(rb.level(39));
    EXPECT_EQ(b.outputs(), 0x2u);
    // The latched edge clears in the twin as in the original (GPIOIC).
    ASSERT_TRUE(ib.write(0x41C, 1u << 3).ok());
    EXPECT_FALSE(rb.level(39));
}

// Arm ARM I2.3.2: the original is halted (CNTCR.EN = 0) at 1 ms, so its count stays at 62 500
// (62.5 MHz); the twin, loaded at 2 ms, holds that count too, and counts on from it once enabled.
TEST(Checkpoint, SystemCounterTwinHoldsTheHaltedCountAndCountsOnFromIt) {
    vp::DeviceConfig c;
    c.name = "counter";
    c.model = "generic_counter";
    c.regions = {{"control", 0x2a430000, 0x1000}, {"read", 0x2a431000, 0x1000}};
    vp::SystemCounter a("counter_a", c), b("counter_b", c);
    vp::test::TestInitiator ctl_a("ctl_a"), rd_a("rd_a"), ctl_b("ctl_b"), rd_b("rd_b");
    ctl_a.socket.bind(a.target_socket(0));
    rd_a.socket.bind(a.target_socket(1));
    ctl_b.socket.bind(b.target_socket(0));
    rd_b.socket.bind(b.target_socket(1));
    auto count = [](vp::test::TestInitiator& rd) {
        auto lo = rd.read(0x0).data, hi = rd.read(0x4).data;
        return lo | (hi << 32);
    };
    pl031_test::run_to(sc_time(1, SC_MS));
    ASSERT_TRUE(ctl_a.write(0x0, 0).ok());  // CNTCR: EN = 0
    pl031_test::run_to(sc_time(2, SC_MS));
    vp::StateWriter w;
    a.save_state(w);
    vp::StateReader r("device counter", w.data());
    b.load_state(r);
    pl031_test::run_to(sc_time(3, SC_MS));
    EXPECT_EQ(count(rd_a), 62'500u);
    EXPECT_EQ(count(rd_b), 62'500u);
    EXPECT_EQ(ctl_b.read(0x0).data, 0u);  // CNTCR as saved
    ASSERT_TRUE(ctl_a.write(0x0, 1).ok());
    ASSERT_TRUE(ctl_b.write(0x0, 1).ok());
    pl031_test::run_to(sc_time(4, SC_MS));
    EXPECT_EQ(count(rd_a), 125'000u);
    EXPECT_EQ(count(rd_b), 125'000u);
}

namespace {

struct PpiLevels : vp::IrqSink {
    bool level[32] = {};
    void set_irq(unsigned line, bool l) override { level[line] = l; }
};

}  // namespace

// Arm ARM D11.2.4: the physical comparator fires when the count reaches CVAL. The original is
// armed for count 1000 (16 us at 62.5 MHz) with a virtual timer masked; the twin, loaded at 5 us,
// fires at the same 16 us though it was never programmed.
TEST(Checkpoint, ArchTimerTwinFiresAtTheSavedCompareValue) {
    using iss_reg = vp::iss::TimerReg;
    vp::GenericCounter counter;
    vp::ArchTimer a("timer_a", counter), b("timer_b", counter);
    PpiLevels ppi_a, ppi_b;
    a.bind_ppis(ppi_a);
    b.bind_ppis(ppi_b);
    a.write(iss_reg::CNTP_CVAL, 1000);
    a.write(iss_reg::CNTP_CTL, vp::iss::GenericTimer::CTL_ENABLE);
    a.write(iss_reg::CNTV_CVAL, 10);
    a.write(iss_reg::CNTV_CTL, vp::iss::GenericTimer::CTL_ENABLE | vp::iss::GenericTimer::CTL_IMASK);
    pl031_test::run_to(sc_time(5, sc_core::SC_US));
    vp::StateWriter w;
    a.save(w);
    vp::StateReader r("timer cpu1", w.data());
    b.load(r);
    EXPECT_EQ(b.read(iss_reg::CNTV_CTL), a.read(iss_reg::CNTV_CTL));  // ISTATUS set, output masked
    EXPECT_FALSE(ppi_b.level[vp::ArchTimer::kVirtIntid]);
    pl031_test::run_to(sc_time(16, sc_core::SC_US) - sc_time(1, sc_core::SC_NS));
    EXPECT_FALSE(ppi_a.level[vp::ArchTimer::kPhysIntid]);
    EXPECT_FALSE(ppi_b.level[vp::ArchTimer::kPhysIntid]);
    pl031_test::run_to(sc_time(16, sc_core::SC_US));
    EXPECT_TRUE(ppi_a.level[vp::ArchTimer::kPhysIntid]);
    EXPECT_TRUE(ppi_b.level[vp::ArchTimer::kPhysIntid]);
}

// PL011 TRM 3.3.8 (loopback) and "Interrupts" (UARTRTINTR: 32 bit periods after the last
// character received, with the FIFO not empty). The original receives "vp!" through its own
// transmitter and is saved before the timeout; the twin holds the same characters in its receive
// FIFO and raises the receive timeout at the same time.
TEST(Checkpoint, Pl011TwinHoldsTheReceiveFifoAndItsPendingTimeout) {
    using namespace pl011_trm;
    auto config = [](const char* name) {
        vp::DeviceConfig c;
        c.name = name;
        c.model = "pl011";
        c.regions = {{"regs", 0x09000000, 0x1000}};
        c.interrupts = {33};
        c.props.set("backend", {"null", {"test.yaml", 3, 5}, vp::PropType::string});
        c.props.set("clock", {"24MHz", {"test.yaml", 4, 5}, vp::PropType::frequency});
        return c;
    };
    vp::Pl011 a("uart_a", config("uart_a")), b("uart_b", config("uart_b"));
    vp::test::TestInitiator ia("uart_a_cpu"), ib("uart_b_cpu");
    ia.socket.bind(a.socket);
    ib.socket.bind(b.socket);
    ASSERT_TRUE(ia.write(UARTIBRD, 13).ok());  // 24 MHz / (16 * 13) ~ 115200 baud
    ASSERT_TRUE(ia.write(UARTLCR_H, LCR_FEN | LCR_WLEN_8).ok());
    ASSERT_TRUE(ia.write(UARTCR, CR_UARTEN | CR_TXE | CR_RXE | CR_LBE).ok());
    for (char ch : std::string("vp!")) ASSERT_TRUE(ia.write(UARTDR, static_cast<uint8_t>(ch)).ok());

    vp::StateWriter w;
    a.save_state(w);
    vp::StateReader r("device uart0", w.data());
    b.load_state(r);
    for (uint32_t off : {UARTFR, UARTIBRD, UARTLCR_H, UARTCR, UARTRIS})
        EXPECT_EQ(ib.read(off).data, ia.read(off).data) << "offset 0x" << std::hex << off;
    EXPECT_EQ(ia.read(UARTRIS).data & INT_RT, 0u);
    pl031_test::run_to(sc_time(1, SC_MS));  // 32 bit periods at 115200 baud: 0.28 ms
    EXPECT_EQ(ia.read(UARTRIS).data & INT_RT, INT_RT);
    EXPECT_EQ(ib.read(UARTRIS).data & INT_RT, INT_RT);
    std::string got;
    while (!(ib.read(UARTFR).data & FR_RXFE) && got.size() < 8)
        got.push_back(static_cast<char>(ib.read(UARTDR).data));
    EXPECT_EQ(got, "vp!");
}

// IHI 0048B: SPI 40 enabled, targeted at core 1 and raised (level) reaches core 1's nIRQ and is
// what its GICC_IAR acknowledges; an SGI 3 from core 1 stays pending for core 0, whose CPU
// interface is off. The twin, loaded from the original, signals and answers the same.
TEST(Checkpoint, GicTwinSignalsAndAcknowledgesLikeTheOriginal) {
    using namespace vp::test::reg;
    using Bench = vp::test::GicBench;
    vp::Gicv2 a("gic_a", vp::test::gic_config(2)), b("gic_b", vp::test::gic_config(2));
    vp::test::TestInitiator da("gic_a_dist"), ca("gic_a_cpu"), db("gic_b_dist"), cb("gic_b_cpu");
    vp::IrqRecorder ra, rb;
    da.socket.bind(a.target_socket(0));
    ca.socket.bind(a.target_socket(1));
    db.socket.bind(b.target_socket(0));
    cb.socket.bind(b.target_socket(1));
    for (unsigned c = 0; c < 2; ++c) {
        a.irq_out(c).bind(ra, 2 * c);
        a.fiq_out(c).bind(ra, 2 * c + 1);
        b.irq_out(c).bind(rb, 2 * c);
        b.fiq_out(c).bind(rb, 2 * c + 1);
    }
    sc_core::sc_start(sc_core::SC_ZERO_TIME);
    auto wr = [](vp::test::TestInitiator& i, uint64_t off, uint32_t v, unsigned core, unsigned len = 4) {
        Bench::access(i, tlm::TLM_WRITE_COMMAND, off, v, core, len);
    };
    auto rd = [](vp::test::TestInitiator& i, uint64_t off, unsigned core) {
        return Bench::access(i, tlm::TLM_READ_COMMAND, off, 0, core, 4);
    };
    wr(da, D_CTLR, 1, 0);
    wr(ca, C_CTLR, 1, 1);
    wr(ca, C_PMR, 0xFF, 1);
    wr(da, D_ISENABLER + 4, 1u << (40 - 32), 0);
    wr(da, D_ITARGETSR + 40, 1u << 1, 0, 1);
    a.irq_sink()->set_irq(40, true);
    wr(da, D_SGIR, (1u << 16) | 3, 1);  // SGI 3 to core 0, from core 1
    ASSERT_TRUE(ra.level(2));

    vp::StateWriter w;
    a.save_state(w);
    vp::StateReader r("device intc", w.data());
    b.load_state(r);
    EXPECT_TRUE(rb.level(2)) << "core 1's nIRQ";
    EXPECT_FALSE(rb.level(0)) << "core 0's interface is off";
    EXPECT_EQ(rd(db, D_ISPENDR, 0), rd(da, D_ISPENDR, 0));  // SGI 3 pending for core 0
    EXPECT_EQ(rd(db, D_ISPENDR, 0) & (1u << 3), 1u << 3);
    EXPECT_EQ(rd(cb, C_IAR, 1) & 0x3FF, 40u);
    EXPECT_EQ(rd(ca, C_IAR, 1) & 0x3FF, 40u);
}

namespace {

// The vp APB timer's map (models/rtl/apb_timer_regs.h is the block's datasheet): LOAD 0x00,
// VALUE 0x04, CTRL 0x08 (bit 0 ENABLE, bit 1 INTEN, bit 2 ONESHOT), INTCLR 0x0C; 100 MHz clock.
struct TimerTwin {
    static constexpr unsigned kLine = 5;
    vp::ApbTimerModel dev;
    vp::test::TestInitiator cpu;
    vp::IrqRecorder irq;

    static vp::DeviceConfig config() {
        vp::DeviceConfig c;
        c.name = "timer";
        c.model = "apb_timer";
        c.regions = {{"regs", 0x10000000, 0x1000}};
        c.interrupts = {kLine};
        return c;
    }
    explicit TimerTwin(const char* name) : dev(name, config()), cpu((std::string(name) + "_cpu").c_str()) {
        cpu.socket.bind(dev.socket);
        dev.irq.bind(irq, kLine);
    }
    uint32_t rd(uint32_t off) { return static_cast<uint32_t>(cpu.read(off).data); }
    void wr(uint32_t off, uint32_t v) { EXPECT_TRUE(cpu.write(off, v).ok()); }
    bool line() const { return irq.level(kLine); }
    // This timer's state saved and loaded into `twin`.
    void save_into(TimerTwin& twin) const {
        vp::StateWriter w;
        dev.save_state(w);
        vp::StateReader r("device twin", w.data());
        twin.dev.load_state(r);
    }
};

}  // namespace

// A periodic timer of LOAD 999 enabled at 0 times out every 1000 cycles (10 us at 100 MHz): RIS is
// cleared at 15 us, so at the checkpoint (17 us) the next timeout, at 20 us, is pending. The twin,
// never written, must count from the same VALUE and raise its line at 20 us exactly.
TEST(Checkpoint, ApbTimerTwinTimesOutAtTheSavedTime) {
    TimerTwin a("timer_a"), b("timer_b");
    a.wr(0x00, 999);
    a.wr(0x08, 0x3);  // ENABLE | INTEN, periodic
    pl031_test::run_to(sc_time(15, sc_core::SC_US));
    EXPECT_TRUE(a.line());
    a.wr(0x0C, 1);
    pl031_test::run_to(sc_time(17, sc_core::SC_US));
    EXPECT_FALSE(a.line());
    a.save_into(b);
    EXPECT_EQ(b.rd(0x04), a.rd(0x04));
    EXPECT_EQ(b.rd(0x08), 0x3u);
    pl031_test::run_to(sc_time(20, sc_core::SC_US) - sc_time(1, sc_core::SC_PS));
    EXPECT_FALSE(a.line());
    EXPECT_FALSE(b.line());
    pl031_test::run_to(sc_time(20, sc_core::SC_US));
    EXPECT_TRUE(a.line());
    EXPECT_TRUE(b.line());
}

// Saved while its line is high (a timeout not yet cleared), the twin's line is high at once.
TEST(Checkpoint, ApbTimerTwinKeepsARaisedLine) {
    TimerTwin a("timer_c"), b("timer_d");
    a.wr(0x00, 99);
    a.wr(0x08, 0x7);  // one-shot: times out once, at 1 us
    pl031_test::run_to(sc_time(2, sc_core::SC_US));
    ASSERT_TRUE(a.line());
    a.save_into(b);
    EXPECT_TRUE(b.line());
    b.wr(0x0C, 1);
    pl031_test::run_to(sc_time(3, sc_core::SC_US));
    EXPECT_FALSE(b.line());
}
