// The vp APB timer: the Verilated RTL (`rtl.apb_timer`) through the APB bridge, the C++ model
// (`apb_timer`), and both side by side on the same access sequence. Expected behaviour from the
// timer's specification (the comment of models/rtl/apb_timer_regs.h): the first timeout (RIS,
// irq) comes LOAD + 1 clock cycles after the edge at which the enabling CTRL write takes effect.
#include <gtest/gtest.h>
#include <libfdt.h>

#include <memory>

#include "bridges/bridge_test_util.h"
#include "core/error.h"
#include "core/model_registry.h"
#include "core/state_stream.h"
#include "rtl/rtl_cycle_device.h"
#include "support/oracle.h"
#include "support/test_initiator.h"
#include "tlm_bridges/irq_pin_adapter.h"

using namespace sc_core;
using vp::test::ThreadRunner;
using vp::test::TimedIrqRecorder;

namespace {

// The register map of the specification, written out here (the C++ model includes
// apb_timer_regs.h; the test must not, or a wrong offset there would pass).
constexpr uint32_t LOAD = 0x00, VALUE = 0x04, CTRL = 0x08, INTCLR = 0x0C, RIS = 0x10, MIS = 0x14, ID = 0x18;
constexpr uint32_t CTRL_ENABLE = 1u << 0, CTRL_INTEN = 1u << 1, CTRL_ONESHOT = 1u << 2;
constexpr uint32_t kId = 0x56544D52;  // "VTMR"
constexpr uint64_t kRegionSize = 0x1000;
constexpr const char* kCompatible = "vp,apb-timer";

const sc_time kPeriod(10, SC_NS);  // 100 MHz

vp::DeviceConfig timer_config(const std::string& model, const std::string& name,
                              const std::string& clock_mode = "", const std::string& batch = "") {
    vp::DeviceConfig c;
    c.name = name;
    c.model = model;
    c.regions = {{"regs", 0x1c0f0000, kRegionSize}};
    c.interrupts = {32 + 7};
    c.props.set("clock", {"100MHz", {}, vp::PropType::frequency});
    if (!clock_mode.empty()) c.props.set("clock_mode", {clock_mode, {}, vp::PropType::string});
    if (!batch.empty()) c.props.set("batch", {batch, {}, vp::PropType::time});
    return c;
}

std::unique_ptr<vp::Device> make(const std::string& model, const std::string& name,
                                 const std::string& clock_mode = "", const std::string& batch = "") {
    const vp::ModelInfo* info = vp::ModelRegistry::instance().find(model);
    if (!info) return nullptr;
    return info->create(name.c_str(), timer_config(model, name, clock_mode, batch));
}

// The RTL timer's clock modes (rtl/rtl_cycle_device.h): each must give the same answers. The
// accesses wait out their delay (the block returns it advanced to the edge that ended the
// transfer), as an LT initiator keeping its time does.
class RtlClockMode : public testing::TestWithParam<const char*> {};
const auto kClockModes = testing::Values("exact", "on_demand", "batched");

// The Verilated RTL is the C++ model's independent twin: built unless VP_WITH_VERILATOR=OFF.
#define REQUIRE_RTL()                                                                 \
    VP_REQUIRE_ORACLE(vp::ModelRegistry::instance().find("rtl.apb_timer") != nullptr, \
                      "rtl.apb_timer (built with Verilator, CMake option VP_WITH_VERILATOR)", "verilator")

}  // namespace

TEST(IrqPinAdapter, FollowsThePin) {
    sc_signal<bool> pin{"pin"};
    vp::IrqPinAdapter a{"adapter"};
    a.pin(pin);
    TimedIrqRecorder rec;
    a.out.bind(rec, 3);
    ThreadRunner t("t", [&] {
        wait(5, SC_NS);
        pin.write(true);
        wait(5, SC_NS);
        pin.write(false);
    });
    sc_start(20, SC_NS);
    ASSERT_EQ(rec.events.size(), 2u);
    EXPECT_EQ(rec.events[0].time, sc_time(5, SC_NS));
    EXPECT_TRUE(rec.events[0].level);
    EXPECT_EQ(rec.events[1].time, sc_time(10, SC_NS));
    EXPECT_FALSE(rec.events[1].level);
}

TEST(RtlApbTimer, IsRegisteredWithTheSameInterfaceAsTheCppModel) {
    REQUIRE_RTL();
    auto* rtl = vp::ModelRegistry::instance().find("rtl.apb_timer");
    auto* cpp = vp::ModelRegistry::instance().find("apb_timer");
    ASSERT_NE(cpp, nullptr);
    EXPECT_EQ(rtl->irqs, cpp->irqs);
    for (const vp::PropertySpec& p : cpp->props) {  // the RTL adds clock_mode and the trace properties
        const vp::PropertySpec* r = rtl->find_prop(p.name);
        ASSERT_NE(r, nullptr) << p.name;
        EXPECT_EQ(r->type, p.type) << p.name;
        EXPECT_EQ(r->default_value, p.default_value) << p.name;
    }
    EXPECT_NE(rtl->find_prop("clock_mode"), nullptr);
    EXPECT_EQ(rtl->regions[0].default_size, cpp->regions[0].default_size);
}

TEST(RtlApbTimer, RegistersAfterReset) {
    REQUIRE_RTL();
    auto dev = make("rtl.apb_timer", "timer");
    vp::test::TestInitiator init{"init"};
    init.socket.bind(dev->target_socket(0));
    ThreadRunner t("t", [&] {
        EXPECT_EQ(init.read_timed(ID).data, kId);
        EXPECT_EQ(init.read(LOAD).data, 0u);
        EXPECT_EQ(init.read(CTRL).data, 0u);
        EXPECT_EQ(init.read(RIS).data, 0u);
        EXPECT_TRUE(init.write(LOAD, 0x12345678).ok());
        EXPECT_EQ(init.read(LOAD).data, 0x12345678u);
        EXPECT_EQ(init.read(VALUE).data, 0x12345678u);  // LOAD also loads VALUE (timer disabled)
        EXPECT_EQ(init.read(0x100).data, 0u);           // gap: reads as zero
    });
    sc_start(2, SC_US);
    EXPECT_TRUE(t.done);
}

TEST_P(RtlClockMode, IrqAfterLoadPlusOneCyclesAndIntclrClearsIt) {
    REQUIRE_RTL();
    auto dev = make("rtl.apb_timer", "timer", GetParam());
    vp::test::TestInitiator init{"init"};
    init.socket.bind(dev->target_socket(0));
    TimedIrqRecorder rec;
    dev->irq_output(0)->bind(rec, 39);
    const uint32_t L = 20;
    sc_time enabled, cleared;
    ThreadRunner t("t", [&] {
        EXPECT_TRUE(init.write_timed(LOAD, L).ok());
        EXPECT_TRUE(init.write_timed(CTRL, CTRL_ENABLE | CTRL_INTEN).ok());  // periodic
        enabled = sc_time_stamp();  // the write took effect at this edge
        wait((L + 1) * kPeriod + sc_time(1, SC_NS));
        EXPECT_EQ(init.read_timed(RIS).data, 1u);
        EXPECT_EQ(init.read_timed(MIS).data, 1u);
        EXPECT_TRUE(init.write_timed(INTCLR, 1).ok());
        cleared = sc_time_stamp();
        EXPECT_EQ(init.read_timed(RIS).data, 0u);
    });
    sc_start(3 * (L + 1) * kPeriod);
    ASSERT_TRUE(t.done);
    ASSERT_GE(rec.events.size(), 3u);
    EXPECT_TRUE(rec.events[0].level);
    EXPECT_EQ(rec.events[0].time, enabled + (L + 1) * kPeriod);
    EXPECT_FALSE(rec.events[1].level);
    EXPECT_EQ(rec.events[1].time, cleared);
    EXPECT_TRUE(rec.events[2].level);  // periodic: the next timeout one period later
    EXPECT_EQ(rec.events[2].time, enabled + 2 * (L + 1) * kPeriod);
    // The cycle driver's traffic seen by the block's own APB rules is clean.
    auto* rtl = dynamic_cast<vp::RtlCycleDevice*>(dev.get());
    ASSERT_NE(rtl, nullptr);
    EXPECT_TRUE(rtl->protocol_log().violations().empty());
}

// A counting timer's state loaded, mid-run, into an idle twin (quiescent: in on_demand nothing is
// scheduled for it): the twin goes on from the loaded block and interrupts when the original does,
// LOAD + 1 cycles after the enabling edge.
TEST_P(RtlClockMode, ALoadedCountingTimerInterruptsWhenTheOriginalDoes) {
    REQUIRE_RTL();
    auto a = make("rtl.apb_timer", "a", GetParam()), b = make("rtl.apb_timer", "b", GetParam());
    vp::test::TestInitiator init{"init"}, unused{"unused"};
    init.socket.bind(a->target_socket(0));
    unused.socket.bind(b->target_socket(0));
    TimedIrqRecorder rec_a, rec_b;
    a->irq_output(0)->bind(rec_a, 39);
    b->irq_output(0)->bind(rec_b, 39);
    const uint32_t L = 40;
    sc_time enabled;
    ThreadRunner t("t", [&] {
        wait(20 * kPeriod);  // b is quiescent by now
        EXPECT_TRUE(init.write_timed(LOAD, L).ok());
        EXPECT_TRUE(init.write_timed(CTRL, CTRL_ENABLE | CTRL_INTEN | CTRL_ONESHOT).ok());
        enabled = sc_time_stamp();
        wait(10 * kPeriod);
        vp::StateWriter out;
        a->save_state(out);
        vp::StateReader in("device 'b'", out.data());
        b->load_state(in);
    });
    sc_start(20 * kPeriod + 3 * (L + 1) * kPeriod);
    ASSERT_TRUE(t.done);
    ASSERT_FALSE(rec_a.events.empty());
    EXPECT_EQ(rec_a.events[0].time, enabled + (L + 1) * kPeriod);
    ASSERT_FALSE(rec_b.events.empty()) << "the loaded timer never interrupted";
    EXPECT_TRUE(rec_b.events[0].level);
    EXPECT_EQ(rec_b.events[0].time, rec_a.events[0].time);
}

TEST(ApbTimerModel, IrqAfterLoadPlusOneCycles) {
    auto dev = make("apb_timer", "timer");
    ASSERT_NE(dev, nullptr);
    vp::test::TestInitiator init{"init"};
    init.socket.bind(dev->target_socket(0));
    TimedIrqRecorder rec;
    dev->irq_output(0)->bind(rec, 39);
    const uint32_t L = 7;
    ThreadRunner t("t", [&] {
        wait(3 * kPeriod);
        init.write(LOAD, L);
        init.write(CTRL, CTRL_ENABLE | CTRL_INTEN | CTRL_ONESHOT);
        wait((L + 1) * kPeriod);
        EXPECT_EQ(init.read(RIS).data, 0u);  // sampled just before the timeout edge
        wait(kPeriod);
        EXPECT_EQ(init.read(RIS).data, 1u);
        EXPECT_EQ(init.read(CTRL).data & CTRL_ENABLE, 0u);  // one-shot stopped
        EXPECT_EQ(init.read(VALUE).data, 0u);
        init.write(INTCLR, 1);
    });
    sc_start(1, SC_US);
    ASSERT_TRUE(t.done);
    ASSERT_EQ(rec.events.size(), 2u);
    EXPECT_EQ(rec.events[0].time, 3 * kPeriod + (L + 1) * kPeriod);
    EXPECT_TRUE(rec.events[0].level);
    EXPECT_FALSE(rec.events[1].level);
}

TEST_P(RtlClockMode, CppModelMatchesRtlOnTheSameAccessSequence) {
    REQUIRE_RTL();
    auto rtl = make("rtl.apb_timer", "rtl_timer", GetParam());
    auto cpp = make("apb_timer", "cpp_timer");
    vp::test::TestInitiator ri{"ri"}, ci{"ci"};
    ri.socket.bind(rtl->target_socket(0));
    ci.socket.bind(cpp->target_socket(0));
    TimedIrqRecorder rrec, crec;
    rtl->irq_output(0)->bind(rrec, 39);
    cpp->irq_output(0)->bind(crec, 39);

    struct Op {
        bool write;
        uint32_t addr;
        uint32_t value;
        unsigned len;
        unsigned idle_cycles;  // before the access
    };
    const std::vector<Op> ops = {
        {false, ID, 0, 4, 0},
        {true, LOAD, 5, 4, 0},
        {false, VALUE, 0, 4, 0},
        {true, CTRL, CTRL_ENABLE | CTRL_INTEN, 4, 0},  // periodic, LOAD = 5
        {false, VALUE, 0, 4, 0},
        {false, VALUE, 0, 4, 1},
        {false, RIS, 0, 4, 2},
        {false, VALUE, 0, 4, 0},
        {false, MIS, 0, 4, 0},
        {true, INTCLR, 1, 4, 0},
        {false, RIS, 0, 4, 0},
        {false, VALUE, 0, 4, 3},
        {true, CTRL, CTRL_ENABLE, 4, 0},  // interrupt masked
        {false, MIS, 0, 4, 9},
        {false, RIS, 0, 4, 0},
        {true, LOAD + 1, 0x01, 1, 0},  // byte lane 1 of LOAD
        {false, LOAD, 0, 4, 0},
        {false, LOAD + 1, 0, 1, 0},
        {true, CTRL, CTRL_ENABLE | CTRL_INTEN | CTRL_ONESHOT, 4, 0},
        {true, INTCLR, 1, 4, 0},
        {false, VALUE, 0, 4, 40},
        {false, VALUE, 0, 4, 300},
        {false, CTRL, 0, 4, 0},
        {false, RIS, 0, 4, 0},
        {false, 0x40, 0, 4, 0},  // gap
        {true, 0x40, 0xFFFFFFFF, 4, 0},
        {false, INTCLR, 0, 4, 0},   // write-only: reads zero
        {true, VALUE, 0x55, 4, 0},  // read-only: ignored
        {false, VALUE, 0, 4, 0},
        {true, INTCLR, 1, 4, 0},
        {true, LOAD, 3, 4, 0},
        {true, CTRL, CTRL_ENABLE | CTRL_INTEN, 4, 0},
        {false, VALUE, 0, 4, 30},
    };
    ThreadRunner t("t", [&] {
        for (size_t i = 0; i < ops.size(); ++i) {
            const Op& op = ops[i];
            SCOPED_TRACE(testing::Message() << "op " << i << " " << (op.write ? "write" : "read") << " @"
                                            << std::hex << op.addr);
            if (op.idle_cycles) wait(op.idle_cycles * kPeriod);
            uint32_t rv = op.value, cv = op.value;
            auto r = ri.access_timed(op.write ? tlm::TLM_WRITE_COMMAND : tlm::TLM_READ_COMMAND, op.addr, &rv,
                                     op.len);
            // The C++ model is accessed at the time the RTL access took effect (the APB edge).
            auto c =
                ci.access(op.write ? tlm::TLM_WRITE_COMMAND : tlm::TLM_READ_COMMAND, op.addr, &cv, op.len);
            EXPECT_EQ(r.status, c.status);
            if (!op.write) {
                EXPECT_EQ(rv, cv);
            }
        }
        wait(20 * kPeriod);
    });
    sc_start(20, SC_US);
    ASSERT_TRUE(t.done);
    ASSERT_FALSE(rrec.events.empty());
    EXPECT_EQ(rrec.events.size(), crec.events.size());
    for (size_t i = 0; i < std::min(rrec.events.size(), crec.events.size()); ++i) {
        EXPECT_EQ(rrec.events[i].time, crec.events[i].time) << "irq change " << i;
        EXPECT_EQ(rrec.events[i].level, crec.events[i].level) << "irq change " << i;
    }
}

INSTANTIATE_TEST_SUITE_P(ApbTimer, RtlClockMode, kClockModes);

// exact: the block evaluated at every edge. on_demand: with the timer disabled the block is
// quiescent once out of reset: after the first batch (the default 1 us, 100 edges, with no global
// quantum) and one test cycle it is no longer evaluated; a running timer keeps it going.
// batched: a batch ahead all the time, idle or not.
TEST_P(RtlClockMode, ClockEdgesWhileIdleAndWhileCounting) {
    REQUIRE_RTL();
    auto dev = make("rtl.apb_timer", "timer", GetParam());
    auto* rtl = dynamic_cast<vp::RtlCycleDevice*>(dev.get());
    ASSERT_NE(rtl, nullptr);
    vp::test::TestInitiator init{"init"};
    init.socket.bind(dev->target_socket(0));
    const std::string mode = GetParam();
    uint64_t idle_edges = 0, counting_edges = 0;
    ThreadRunner t("t", [&] {
        wait(10, SC_US);  // 1000 periods, the timer disabled
        idle_edges = rtl->rising_edges();
        EXPECT_EQ(init.read_timed(ID).data, kId);
        EXPECT_TRUE(init.write_timed(LOAD, 0xFFFFFF).ok());
        EXPECT_TRUE(init.write_timed(CTRL, CTRL_ENABLE).ok());
        const uint64_t at_enable = rtl->rising_edges();
        const uint32_t v0 = static_cast<uint32_t>(init.read_timed(VALUE).data);
        wait(10, SC_US);
        counting_edges = rtl->rising_edges() - at_enable;
        const uint32_t v1 = static_cast<uint32_t>(init.read_timed(VALUE).data);
        // One step per period in every mode: 1000 periods of waiting plus the second read's two
        // APB cycles (setup, access) before the edge that samples VALUE.
        EXPECT_EQ(v0 - v1, 1002u);
    });
    sc_start(30, SC_US);
    ASSERT_TRUE(t.done);
    if (mode == "exact")
        EXPECT_EQ(idle_edges, 1000u);  // edges at 0, 10 ns, ..., 9.99 us
    else if (mode == "on_demand")
        EXPECT_EQ(idle_edges, 101u);
    else
        EXPECT_GE(idle_edges, 1000u);
    EXPECT_GE(counting_edges, 1000u);
}

// A batch runs ahead of SystemC time; a write inside it (the timer reloaded mid-count) rolls the
// block back to the write's time: the interrupt the batch had scheduled for the old count never
// comes, the new one comes LOAD + 1 cycles after the write's edge (apb_timer_regs.h: a LOAD
// write also loads VALUE).
TEST_P(RtlClockMode, AWriteInsideABatchRollsTheBlockBack) {
    REQUIRE_RTL();
    auto dev = make("rtl.apb_timer", "timer", GetParam(), "10us");
    auto* rtl = dynamic_cast<vp::RtlCycleDevice*>(dev.get());
    ASSERT_NE(rtl, nullptr);
    vp::test::TestInitiator init{"init"};
    init.socket.bind(dev->target_socket(0));
    TimedIrqRecorder rec;
    dev->irq_output(0)->bind(rec, 39);
    const std::string mode = GetParam();
    sc_time reloaded;
    ThreadRunner t("t", [&] {
        EXPECT_TRUE(init.write_timed(LOAD, 500).ok());
        EXPECT_TRUE(init.write_timed(CTRL, CTRL_ENABLE | CTRL_INTEN).ok());  // timeout due in 501 cycles
        wait(100 * kPeriod);
        if (mode != "exact") {  // the batch has run past the old timeout
            EXPECT_GT(rtl->rising_edges() * kPeriod, sc_time_stamp() + 401 * kPeriod);
        }
        EXPECT_TRUE(init.write_timed(LOAD, 50).ok());
        reloaded = sc_time_stamp();
        EXPECT_EQ(init.read_timed(RIS).data, 0u);
    });
    sc_start(10, SC_US);
    ASSERT_TRUE(t.done);
    ASSERT_EQ(rec.events.size(), 1u);  // no INTCLR: RIS stays set, irq stays high
    EXPECT_TRUE(rec.events[0].level);
    EXPECT_EQ(rec.events[0].time, reloaded + 51 * kPeriod);
}

// b_transport never waits: an access outside any SystemC process (before sc_start) runs the
// block's reset and the APB transfer in C++ cycles and returns their time in the delay: PRESETn
// rises at the second falling edge (15 ns), the requester sees the edge at 20 ns, setup at
// 30 ns, access at 40 ns.
TEST(RtlApbTimer, AnAccessOutsideAnyProcessReturnsItsTimeInTheDelay) {
    REQUIRE_RTL();
    auto dev = make("rtl.apb_timer", "timer");
    vp::test::TestInitiator init{"init"};
    init.socket.bind(dev->target_socket(0));
    const auto id = init.read(ID);
    EXPECT_EQ(id.data, kId);
    EXPECT_EQ(id.delay, 4 * kPeriod);
    EXPECT_TRUE(init.write(LOAD, 77).ok());
    EXPECT_EQ(init.read(LOAD).data, 77u);
    EXPECT_EQ(sc_time_stamp(), SC_ZERO_TIME);
}

TEST(RtlApbTimer, UnknownClockModeIsAConfigErrorNamingTheKey) {
    REQUIRE_RTL();
    try {
        make("rtl.apb_timer", "timer", "sometimes");
        FAIL() << "no error";
    } catch (const vp::ConfigError& e) {
        EXPECT_NE(std::string(e.what()).find("timer.clock_mode"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("expected exact, on_demand or batched"), std::string::npos)
            << e.what();
    }
}

TEST(ApbTimer, DeviceTreeNodeIsTheSameForBothModels) {
    for (const char* model : {"apb_timer", "rtl.apb_timer"}) {
        SCOPED_TRACE(model);
        auto dev = make(model, std::string(model) == "apb_timer" ? "a" : "b");
        if (!dev) {
            EXPECT_STREQ(model, "rtl.apb_timer");
            continue;
        }
        vp::DtbWriter w;
        dev->write_dtb(w);
        std::vector<uint8_t> blob = w.finish();
        int node = fdt_node_offset_by_compatible(blob.data(), -1, kCompatible);
        ASSERT_GE(node, 0);
        EXPECT_STREQ(fdt_get_name(blob.data(), node, nullptr), "timer@1c0f0000");
        int len = 0;
        const auto* irq = static_cast<const fdt32_t*>(fdt_getprop(blob.data(), node, "interrupts", &len));
        ASSERT_EQ(len, 12);
        EXPECT_EQ(fdt32_to_cpu(irq[0]), 0u);  // SPI
        EXPECT_EQ(fdt32_to_cpu(irq[1]), 7u);
        EXPECT_NE(fdt_getprop(blob.data(), node, "reg", &len), nullptr);
    }
}
