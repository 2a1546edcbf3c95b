// vp_add_rtl_model() on an AXI4-Lite block (axi_regs.v: s_axi_ port prefix, no AxPROT, active-high
// reset, CLOCK_FREQUENCY 50MHz, DTB_NODE regs): the model it registers, the generated wrapper
// driving the block in C++ cycles (rtl/rtl_cycle_device.h: the AXI4-Lite transfers as
// AxiLiteBridge makes them, checked by the AXI4-Lite rules), and the device-tree node. Expected values from
// the register map in axi_regs.v's comment and from the CMake call in tests/rtl/CMakeLists.txt.
#include <gtest/gtest.h>
#include <libfdt.h>

#include "bridges/bridge_test_util.h"
#include "core/dtb_writer.h"
#include "core/model_registry.h"
#include "rtl/rtl_cycle_device.h"
#include "support/test_initiator.h"

using namespace sc_core;
using vp::test::ThreadRunner;
using vp::test::TimedIrqRecorder;

namespace {

constexpr uint32_t REG0 = 0x00, ID = 0x04, kId = 0x41584C31;

std::unique_ptr<vp::Device> make_block(const char* name) {
    const vp::ModelInfo* info = vp::ModelRegistry::instance().find("test.axi_regs");
    if (!info) return nullptr;
    vp::DeviceConfig c;
    c.name = name;
    c.model = "test.axi_regs";
    c.regions = {{"regs", 0x1c100000, 0x1000}};
    c.interrupts = {32 + 9};
    return info->create(name, c);
}

}  // namespace

TEST(RtlModel, RegistersWhatTheCMakeCallDeclares) {
    const vp::ModelInfo* info = vp::ModelRegistry::instance().find("test.axi_regs");
    ASSERT_NE(info, nullptr);
    EXPECT_EQ(info->irqs, std::vector<std::string>{"irq"});
    ASSERT_EQ(info->regions.size(), 1u);
    EXPECT_EQ(info->regions[0].default_size, 0x1000u);
    const vp::PropertySpec* clock = info->find_prop("clock");
    ASSERT_NE(clock, nullptr);
    EXPECT_EQ(clock->type, vp::PropType::frequency);
    EXPECT_EQ(clock->default_value, "50MHz");
}

TEST(RtlModel, AxiLiteBlockAnswersThroughTheGeneratedWrapper) {
    auto dev = make_block("blk");
    ASSERT_NE(dev, nullptr);
    vp::test::TestInitiator init{"init"};
    init.socket.bind(dev->target_socket(0));
    TimedIrqRecorder rec;
    dev->irq_output(0)->bind(rec, 41);
    sc_time irq_written;
    ThreadRunner t("t", [&] {
        EXPECT_EQ(init.read_timed(ID).data, kId);
        EXPECT_EQ(init.read_timed(REG0).data, 0u);  // out of reset (active high, released by the wrapper)
        EXPECT_TRUE(init.write_timed(REG0, 0x12345678).ok());
        EXPECT_TRUE(init.write_timed(REG0 + 2, 0xab, 1).ok());  // byte lane 2 only
        EXPECT_EQ(init.read_timed(REG0).data, 0x12ab5678u);
        EXPECT_EQ(init.read_timed(0x40).status, tlm::TLM_GENERIC_ERROR_RESPONSE);  // SLVERR
        EXPECT_EQ(init.write_timed(0x40, 1).status, tlm::TLM_GENERIC_ERROR_RESPONSE);
        EXPECT_TRUE(init.write_timed(REG0, 1).ok());
        irq_written = sc_time_stamp();
    });
    sc_start(5, SC_US);
    ASSERT_TRUE(t.done);
    ASSERT_EQ(rec.events.size(), 1u);  // irq = REG0[0]: 0x12345678 and 0x12ab5678 keep it low
    EXPECT_TRUE(rec.events[0].level);
    EXPECT_LE(rec.events[0].time, irq_written);
    auto* rtl = dynamic_cast<vp::RtlCycleDevice*>(dev.get());
    ASSERT_NE(rtl, nullptr);
    EXPECT_TRUE(rtl->protocol_log().violations().empty());
    EXPECT_LT(rtl->rising_edges(), 5 * 50u);  // on_demand (the default) skips a quiescent block's cycles
}

TEST(RtlModel, DeviceTreeNodeFromTheCMakeCall) {
    auto dev = make_block("blk");
    ASSERT_NE(dev, nullptr);
    vp::DtbWriter w;
    dev->write_dtb(w);
    std::vector<uint8_t> blob = w.finish();
    int node = fdt_node_offset_by_compatible(blob.data(), -1, "test,axi-regs");
    ASSERT_GE(node, 0);
    EXPECT_STREQ(fdt_get_name(blob.data(), node, nullptr), "regs@1c100000");
    int len = 0;
    const auto* irq = static_cast<const fdt32_t*>(fdt_getprop(blob.data(), node, "interrupts", &len));
    ASSERT_EQ(len, 12);
    EXPECT_EQ(fdt32_to_cpu(irq[1]), 9u);
    const auto* freq = static_cast<const fdt32_t*>(fdt_getprop(blob.data(), node, "clock-frequency", &len));
    ASSERT_NE(freq, nullptr);
    EXPECT_EQ(fdt32_to_cpu(*freq), 50000000u);
}

// b_transport never waits: from outside any process, the block's reset and the transfers run in
// C++ cycles (period 20 ns) and the delay says when each ended. ARESETn rises at 30 ns; the read
// drives ARVALID after the 40 ns edge, AR handshakes at 60 ns (ARREADY = !RVALID), RVALID is seen
// at 80 ns. The write, asked for at time 0 again, runs after the block's time: AW and W after the
// 100 ns edge, both handshakes at 120 ns, BVALID raised at 140 ns and seen at 160 ns (axi_regs.v).
TEST(RtlModel, AnAxiLiteAccessOutsideAnyProcessReturnsItsTimeInTheDelay) {
    auto dev = make_block("blk");
    ASSERT_NE(dev, nullptr);
    vp::test::TestInitiator init{"init"};
    init.socket.bind(dev->target_socket(0));
    const auto id = init.read(ID);
    EXPECT_EQ(id.data, kId);
    EXPECT_EQ(id.delay, sc_time(80, SC_NS));
    const auto w = init.write(REG0, 0x2);
    EXPECT_TRUE(w.ok());
    EXPECT_EQ(w.delay, sc_time(160, SC_NS));
    EXPECT_EQ(init.read(REG0).data, 0x2u);
}
