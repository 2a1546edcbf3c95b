// Generic Timer: the memory-mapped system counter (Arm ARM I2) and a core's physical and
// virtual timers (Arm ARM D11). At 62.5 MHz one count lasts exactly 16 ns, and the count at
// time t is the number of whole periods elapsed since the counter started: floor(t / 16 ns).
#include <gtest/gtest.h>
#include <libfdt.h>

#include <vector>

#include "gic/gic_bench.h"
#include "models/timer/arch_timer.h"
#include "models/timer/armv8_timer.h"
#include "models/timer/system_counter.h"
#include "core/model_registry.h"
#include "support/test_initiator.h"

using sc_core::SC_NS;
using sc_core::SC_PS;
using sc_core::sc_time;
using sc_core::SC_US;
using vp::ArchTimer;
using vp::iss::TimerReg;

namespace {

constexpr uint64_t CNTCR = 0x000, CNTCV_LO = 0x008, CNTCV_HI = 0x00C, CNTFID0 = 0x020, CNTFID1 = 0x024;
// Arm ARM register descriptions CNTP_CTL_EL0 and CNTV_CTL_EL0: ENABLE bit 0, IMASK bit 1,
// ISTATUS bit 2 (read-only). Written out here, not taken from iss::GenericTimer::CTL_*.
constexpr uint64_t CTL_ENABLE = 1u << 0, CTL_IMASK = 1u << 1, CTL_ISTATUS = 1u << 2;

vp::DeviceConfig counter_config() {
    vp::DeviceConfig c;
    c.name = "counter";
    c.model = "generic_counter";
    c.regions = {{"control", 0x2a430000, 0x1000}, {"read", 0x2a431000, 0x1000}};
    return c;  // properties: the declared defaults (62.5MHz, enabled)
}

struct CounterBench {
    vp::SystemCounter counter{"counter", counter_config()};
    vp::test::TestInitiator ctl{"ctl"};
    vp::test::TestInitiator rd{"rd"};
    CounterBench() {
        ctl.socket.bind(counter.target_socket(0));
        rd.socket.bind(counter.target_socket(1));
    }
    uint64_t cntcv() {  // through CNTReadBase, as two 32-bit reads at the same instant
        return rd.read(0x0).data | rd.read(0x4).data << 32;
    }
};

// Records every level change with the simulated time it happened at.
struct TimedRecorder : vp::IrqSink {
    struct Change {
        unsigned line;
        bool level;
        sc_time when;
    };
    std::vector<Change> changes;
    void set_irq(unsigned line, bool level) override {
        changes.push_back({line, level, sc_core::sc_time_stamp()});
    }
};

}  // namespace

TEST(SystemCounter, CountsFromSystemCTime) {
    CounterBench b;
    sc_core::sc_start(sc_time(1, SC_US));
    EXPECT_EQ(b.cntcv(), 62u);  // 1000 ns / 16 ns = 62.5: 62 whole periods
    EXPECT_EQ(b.counter.count_at(sc_time(1008, SC_NS)), 63u);
    EXPECT_EQ(b.counter.count_at(sc_time(1007999, SC_PS)), 62u);
    EXPECT_EQ(b.ctl.read(CNTCV_LO).data, 62u);
    EXPECT_EQ(b.ctl.read(CNTFID0).data, 62'500'000u);
    EXPECT_EQ(b.ctl.read(CNTFID1).data, 0u);  // end of the frequency table
    EXPECT_EQ(b.ctl.read(CNTCR).data, 1u);    // EN
    EXPECT_EQ(b.counter.time_of_count(63), sc_time(1008, SC_NS));
    EXPECT_TRUE(b.rd.write(0x0, 5).ok());  // CNTReadBase is read-only
    EXPECT_EQ(b.cntcv(), 62u);
}

TEST(SystemCounter, HaltStopsTheCountAndEnableResumesIt) {
    CounterBench b;
    sc_core::sc_start(sc_time(1, SC_US));
    b.ctl.write(CNTCR, 0);
    EXPECT_EQ(b.ctl.read(CNTCR).data, 0u);
    sc_core::sc_start(sc_time(1, SC_US));
    EXPECT_EQ(b.cntcv(), 62u);
    EXPECT_EQ(b.counter.time_of_count(63), sc_core::sc_max_time());  // halted: never
    b.ctl.write(CNTCR, 1);
    sc_core::sc_start(sc_time(160, SC_NS));
    EXPECT_EQ(b.cntcv(), 72u);
}

TEST(SystemCounter, CntcvWriteSetsTheCount) {
    CounterBench b;
    b.ctl.write(CNTCR, 0);
    b.ctl.write(CNTCV_HI, 0x1);
    b.ctl.write(CNTCV_LO, 0x10);
    EXPECT_EQ(b.cntcv(), 0x1'0000'0010u);
    EXPECT_EQ(b.ctl.read(CNTCV_LO, 8).data, 0x1'0000'0010u);  // 64-bit access
    b.ctl.write(CNTCR, 1);
    sc_core::sc_start(sc_time(32, SC_NS));
    EXPECT_EQ(b.cntcv(), 0x1'0000'0012u);
    b.ctl.write(CNTCV_LO, 0x0, 8);
    EXPECT_EQ(b.cntcv(), 0u);
}

TEST(ArchTimer, PhysicalTimerFiresAtTheTimeOfCval) {
    vp::GenericCounter counter;
    ArchTimer timer("t0", counter);
    TimedRecorder rec;
    timer.bind_ppis(rec);
    timer.write(TimerReg::CNTP_CVAL, 1000);  // 1000 x 16 ns = 16 us
    timer.write(TimerReg::CNTP_CTL, CTL_ENABLE);
    sc_core::sc_start(sc_time(15999, SC_NS));
    EXPECT_TRUE(rec.changes.empty());
    EXPECT_EQ(timer.read(TimerReg::CNTP_CTL) & CTL_ISTATUS, 0u);
    sc_core::sc_start(sc_time(2, SC_NS));
    ASSERT_EQ(rec.changes.size(), 1u);
    EXPECT_EQ(rec.changes[0].line, 30u);
    EXPECT_TRUE(rec.changes[0].level);
    EXPECT_EQ(rec.changes[0].when, sc_time(16, SC_US));
    EXPECT_EQ(timer.read(TimerReg::CNTP_CTL), CTL_ENABLE | CTL_ISTATUS);
    timer.write(TimerReg::CNTP_CTL, 0);  // disabling lowers the output and clears ISTATUS
    EXPECT_FALSE(rec.changes.back().level);
    EXPECT_EQ(timer.read(TimerReg::CNTP_CTL), 0u);
}

TEST(ArchTimer, TvalIsSignedDistanceToCval) {
    vp::GenericCounter counter;
    ArchTimer timer("t0", counter);
    vp::IrqRecorder rec;
    timer.bind_ppis(rec);
    timer.write(TimerReg::CNTP_TVAL, 100);
    timer.write(TimerReg::CNTP_CTL, CTL_ENABLE);
    EXPECT_EQ(timer.read(TimerReg::CNTP_CVAL), 100u);
    EXPECT_EQ(timer.read(TimerReg::CNTP_TVAL), 100u);
    EXPECT_FALSE(rec.level(30));
    // sc_start(d) stops before the processes of its end time run: step 1 ns past 1600 ns.
    sc_core::sc_start(sc_time(1601, SC_NS));  // count 100
    EXPECT_TRUE(rec.level(30));
    EXPECT_EQ(timer.read(TimerReg::CNTP_TVAL), 0u);
    sc_core::sc_start(sc_time(160, SC_NS));  // 1761 ns: count 110
    EXPECT_EQ(static_cast<int32_t>(timer.read(TimerReg::CNTP_TVAL)), -10);
    EXPECT_EQ(timer.read(TimerReg::CNTP_TVAL) >> 32, 0u);  // bits [63:32] RES0
    timer.write(TimerReg::CNTP_TVAL, 0xfffffffbu);         // -5: already met
    EXPECT_EQ(timer.read(TimerReg::CNTP_CVAL), 105u);
    EXPECT_TRUE(rec.level(30));
    timer.write(TimerReg::CNTP_TVAL, 0x10);  // 16 counts ahead: not met, output falls
    EXPECT_FALSE(rec.level(30));
    EXPECT_EQ(timer.read(TimerReg::CNTP_CVAL), 126u);
}

TEST(ArchTimer, ImaskMasksTheOutputNotTheStatus) {
    vp::GenericCounter counter;
    ArchTimer timer("t0", counter);
    vp::IrqRecorder rec;
    timer.bind_ppis(rec);
    timer.write(TimerReg::CNTP_CVAL, 10);
    timer.write(TimerReg::CNTP_CTL, CTL_ENABLE | CTL_IMASK);
    sc_core::sc_start(sc_time(1, SC_US));
    EXPECT_EQ(timer.read(TimerReg::CNTP_CTL), CTL_ENABLE | CTL_IMASK | CTL_ISTATUS);
    EXPECT_FALSE(rec.level(30));
    timer.write(TimerReg::CNTP_CTL, CTL_ENABLE);
    EXPECT_TRUE(rec.level(30));
    timer.write(TimerReg::CNTP_CTL, CTL_ENABLE | CTL_IMASK | CTL_ISTATUS);
    EXPECT_FALSE(rec.level(30));  // ISTATUS is read-only
    EXPECT_EQ(timer.read(TimerReg::CNTP_CTL) & CTL_ISTATUS, CTL_ISTATUS);
}

TEST(ArchTimer, VirtualTimerCountsWithOffset) {
    vp::GenericCounter counter;
    ArchTimer timer("t0", counter);
    TimedRecorder rec;
    timer.bind_ppis(rec);
    sc_core::sc_start(sc_time(8, SC_US));  // physical count 500
    timer.write(TimerReg::CNTVOFF, 500);
    EXPECT_EQ(timer.read(TimerReg::CNTVCT), 0u);
    timer.write(TimerReg::CNTV_CVAL, 100);  // virtual 100 = physical 600 = 9.6 us
    timer.write(TimerReg::CNTV_CTL, CTL_ENABLE);
    EXPECT_EQ(timer.read(TimerReg::CNTV_TVAL), 100u);
    sc_core::sc_start(sc_time(1600, SC_NS));
    EXPECT_EQ(timer.read(TimerReg::CNTPCT), 600u);
    EXPECT_EQ(timer.read(TimerReg::CNTVCT), 100u);
    sc_core::sc_start(sc_time(1, SC_NS));
    ASSERT_EQ(rec.changes.size(), 1u);
    EXPECT_EQ(rec.changes[0].line, 27u);
    EXPECT_EQ(rec.changes[0].when, sc_time(9600, SC_NS));
    EXPECT_EQ(timer.read(TimerReg::CNTP_CTL), 0u);  // the physical timer is independent
}

TEST(ArchTimer, ReprogrammingCvalCancelsTheOldEvent) {
    vp::GenericCounter counter;
    ArchTimer timer("t0", counter);
    TimedRecorder rec;
    timer.bind_ppis(rec);
    timer.write(TimerReg::CNTP_CVAL, 1000);  // 16 us
    timer.write(TimerReg::CNTP_CTL, CTL_ENABLE);
    sc_core::sc_start(sc_time(8, SC_US));
    timer.write(TimerReg::CNTP_CVAL, 2000);  // 32 us
    sc_core::sc_start(sc_time(30, SC_US));
    ASSERT_EQ(rec.changes.size(), 1u);
    EXPECT_EQ(rec.changes[0].when, sc_time(32, SC_US));
}

TEST(ArchTimer, CounterHaltPostponesTheComparator) {
    CounterBench b;
    ArchTimer timer("t0", b.counter.counter());
    TimedRecorder rec;
    timer.bind_ppis(rec);
    timer.write(TimerReg::CNTP_CVAL, 1000);
    timer.write(TimerReg::CNTP_CTL, CTL_ENABLE);
    sc_core::sc_start(sc_time(8, SC_US));  // count 500
    b.ctl.write(CNTCR, 0);
    sc_core::sc_start(sc_time(12, SC_US));  // 20 us, still 500
    EXPECT_TRUE(rec.changes.empty());
    b.ctl.write(CNTCR, 1);  // 500 more counts: 8 us after re-enabling
    sc_core::sc_start(sc_time(20, SC_US));
    ASSERT_EQ(rec.changes.size(), 1u);
    EXPECT_EQ(rec.changes[0].when, sc_time(28, SC_US));
}

TEST(ArchTimer, DrivesTheGicPpiOfItsCore) {
    vp::test::GicBench g(2);
    vp::GenericCounter counter;
    ArchTimer timer("t1", counter);
    timer.bind_ppis(*g.gic.ppi_sink(1));
    g.enable_all(1);
    g.enable_irq(30, 1);
    timer.write(TimerReg::CNTP_TVAL, 10);
    timer.write(TimerReg::CNTP_CTL, CTL_ENABLE);
    sc_core::sc_start(sc_time(161, SC_NS));
    EXPECT_TRUE(g.irq_line(1));
    EXPECT_FALSE(g.irq_line(0));
    EXPECT_EQ(g.rd_c(vp::test::reg::C_IAR, 1), 30u);
}

TEST(Armv8Timer, DeviceTreeNodeMatchesQemuVirt) {
    vp::DeviceConfig c;
    c.name = "timer";
    c.model = "armv8_timer";
    vp::Armv8TimerNode node("timer", c);
    vp::DtbWriter w;
    w.set_cpu_count(2);
    node.write_dtb(w);
    std::vector<uint8_t> blob = w.finish();
    const void* fdt = blob.data();
    int off = fdt_path_offset(fdt, "/timer");
    ASSERT_GE(off, 0);
    int len = 0;
    const char* compat = static_cast<const char*>(fdt_getprop(fdt, off, "compatible", &len));
    ASSERT_NE(compat, nullptr);
    EXPECT_EQ(std::string(compat, len), std::string("arm,armv8-timer\0arm,armv7-timer\0", 32));
    auto irqs = static_cast<const fdt32_t*>(fdt_getprop(fdt, off, "interrupts", &len));
    ASSERT_EQ(len, 12 * 4);
    // GIC_PPI 13, 14, 11, 10; flags 0x304 = CPU mask 0b11 in [15:8] | IRQ_TYPE_LEVEL_HIGH (4).
    const uint32_t expect[12] = {1, 13, 0x304, 1, 14, 0x304, 1, 11, 0x304, 1, 10, 0x304};
    for (int i = 0; i < 12; ++i) EXPECT_EQ(fdt32_to_cpu(irqs[i]), expect[i]) << i;
    EXPECT_NE(fdt_getprop(fdt, off, "always-on", &len), nullptr);
}

// The counter frames' access time is the router's read_latency/write_latency, 10 ns by default
// (what the model added itself before the latency moved to the router); the model adds none.
TEST(SystemCounter, AccessLatencyIsTheRoutersWith10nsDefault) {
    CounterBench b;
    auto r = b.rd.read(0x0);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r.delay, sc_core::SC_ZERO_TIME);
    const vp::ModelInfo* info = vp::ModelRegistry::instance().find("generic_counter");
    ASSERT_NE(info, nullptr);
    ASSERT_NE(info->find_prop("read_latency"), nullptr);
    ASSERT_NE(info->find_prop("write_latency"), nullptr);
    EXPECT_EQ(info->find_prop("read_latency")->default_value, "10ns");
    EXPECT_EQ(info->find_prop("write_latency")->default_value, "10ns");
    EXPECT_TRUE(info->router_latency);
}

// The core's accesses happen at its own local time (ahead of SystemC time inside its quantum):
// the timer reads the count at the time its owner gives and schedules from there.
TEST(ArchTimer, AccessesHappenAtTheOwnersTime) {
    vp::GenericCounter counter;
    sc_time local(1600, SC_NS);  // count 100
    ArchTimer timer("t0", counter, [&] { return local; });
    TimedRecorder rec;
    timer.bind_ppis(rec);
    EXPECT_EQ(timer.read(TimerReg::CNTPCT), 100u);
    timer.write(TimerReg::CNTP_TVAL, 10);  // CVAL = 110: 1760 ns
    timer.write(TimerReg::CNTP_CTL, CTL_ENABLE);
    EXPECT_EQ(timer.read(TimerReg::CNTP_CVAL), 110u);
    sc_core::sc_start(sc_time(2, SC_US));
    ASSERT_EQ(rec.changes.size(), 1u);
    EXPECT_EQ(rec.changes[0].when, sc_time(1760, SC_NS));
}

// CNTFRQ_EL0 reads the counter's frequency out of reset; EL1 is the highest implemented EL, so a
// write there is kept (ClockFreq, bits 31:0).
TEST(ArchTimer, CntfrqStartsAtTheCounterFrequency) {
    vp::GenericCounter counter(19'200'000);
    ArchTimer timer("t0", counter);
    EXPECT_EQ(timer.read(TimerReg::CNTFRQ), 19'200'000u);
    timer.write(TimerReg::CNTFRQ, 1'000'000);
    EXPECT_EQ(timer.read(TimerReg::CNTFRQ), 1'000'000u);
}

// The event stream (D11.2.3) as SystemC time: CNTKCTL_EL1.EVNTEN with EVNTI = 3, EVNTDIR = 0
// fires when CNTVCT bit 3 goes 0->1, at counts 8, 24, ...: 128 ns, 384 ns at 16 ns a count.
TEST(ArchTimer, EventStreamTimesFollowTheCounter) {
    vp::GenericCounter counter;
    sc_time local = sc_core::SC_ZERO_TIME;
    ArchTimer timer("t0", counter, [&] { return local; });
    EXPECT_EQ(timer.next_event_stream(), sc_core::sc_max_time());  // EVNTEN = 0
    timer.write(TimerReg::CNTKCTL, (1u << 2) | (3u << 4));
    EXPECT_EQ(timer.next_event_stream(), sc_time(128, SC_NS));
    local = sc_time(128, SC_NS);
    EXPECT_EQ(timer.next_event_stream(), sc_time(384, SC_NS));
}
