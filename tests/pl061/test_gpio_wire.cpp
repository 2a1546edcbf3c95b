// The gpio_wire model: an output pin of a GPIO block drives an input pin of the same or another
// block while the block drives it (GPIODIR, TRM DDI 0190 3.3.2), low otherwise; on both models
// (gpio_model_bench.h), a guest toggling the output sees GPIO edges on the input as Linux's
// gpio-pl061 sets them up (both edges: GPIOIBE). The topology's errors name the key.
#include <gtest/gtest.h>

#include "gpio_model_bench.h"
#include "models/gpio_wire/gpio_wire.h"
#include "virt_platform_error.h"

using namespace gpio_bench;

namespace {

vp::DeviceConfig wire_config(const std::string& from, unsigned from_line, const std::string& to,
                             unsigned to_line) {
    vp::DeviceConfig c;
    c.name = "loop";
    c.model = "gpio_wire";
    c.props.set("from", {from, {"test.yaml", 3, 10}, vp::PropType::string});
    c.props.set("from_line", {std::to_string(from_line), {"test.yaml", 4, 10}, vp::PropType::integer});
    c.props.set("to", {to, {"test.yaml", 5, 10}, vp::PropType::string});
    c.props.set("to_line", {std::to_string(to_line), {"test.yaml", 6, 10}, vp::PropType::integer});
    return c;
}

class GpioWireOn : public GpioModel {};
INSTANTIATE_TEST_SUITE_P(Models, GpioWireOn, kModels, model_name);

}  // namespace

// Line 0 wired to line 1 of the same block, as platforms/virt-rtl-gpio.yaml has it.
TEST_P(GpioWireOn, OutputDrivesTheInputAndItsEdgesInterrupt) {
    std::unique_ptr<vp::GpioWire> wire;
    auto elaborate = [&](Gpio& g) {
        wire = std::make_unique<vp::GpioWire>("loop", wire_config("gpio0", 0, "gpio0", 1));
        wire->connect([&](const std::string&) -> vp::Device* { return g.dev.get(); });
    };
    run(
        [&](Gpio& g) {
            g.wr(GPIOIBE, 1u << 1);
            g.wr(GPIOIE, 1u << 1);
            EXPECT_EQ(g.rd(data_at(0x02)), 0u);  // pin 0 an input: the wire is pulled low
            g.wr(GPIODIR, 0x01);
            EXPECT_EQ(g.rd(data_at(0x02)), 0u);  // driven low
            EXPECT_EQ(g.rd(GPIORIS), 0u);
            g.wr(data_at(0x01), 0x01);  // rising
            EXPECT_EQ(g.rd(data_at(0x03)), 0x03u);
            EXPECT_EQ(g.rd(GPIOMIS), 1u << 1);
            EXPECT_TRUE(g.line());
            g.wr(GPIOIC, 1u << 1);
            EXPECT_FALSE(g.line());
            g.wr(data_at(0x01), 0x00);  // falling
            EXPECT_EQ(g.rd(data_at(0x03)), 0u);
            EXPECT_EQ(g.rd(GPIORIS), 0x03u);  // line 1's edge, and line 0's own falling edge (GPIOIEV 0)
            g.wr(GPIOIC, 1u << 1);
            g.wr(data_at(0x01), 0x01);
            g.wr(GPIODIR, 0x00);  // released: pulled low, another falling edge
            EXPECT_EQ(g.rd(data_at(0x02)), 0u);
            EXPECT_EQ(g.rd(GPIOMIS), 1u << 1);
            EXPECT_EQ(g.edges(), 3u);
        },
        elaborate);
}

// Between two blocks (the RTL block driving the C++ one when the test runs on rtl.pl061).
TEST_P(GpioWireOn, ConnectsTwoBlocks) {
    std::unique_ptr<vp::GpioWire> wire;
    auto other = make_gpio("pl061", "gpio1");
    vp::test::TestInitiator other_cpu{"other_cpu"};
    other_cpu.socket.bind(other->target_socket(0));
    auto elaborate = [&](Gpio& g) {
        wire = std::make_unique<vp::GpioWire>("loop", wire_config("gpio0", 7, "gpio1", 2));
        wire->connect(
            [&](const std::string& n) -> vp::Device* { return n == "gpio0" ? g.dev.get() : other.get(); });
    };
    run(
        [&](Gpio& g) {
            g.wr(GPIODIR, 0x80);
            g.wr(data_at(0x80), 0x80);
            EXPECT_EQ(other_cpu.read(data_at(0xFF)).data, 1u << 2);
            g.wr(data_at(0x80), 0x00);
            EXPECT_EQ(other_cpu.read(data_at(0xFF)).data, 0u);
        },
        elaborate);
}

TEST(GpioWire, TopologyErrorsNameTheKey) {
    const std::string wire = "devices.loop.model=gpio_wire";
    EXPECT_EQ(pl061_test::virt_platform_error(
                  {wire, "devices.loop.from=gpio0", "devices.loop.to=gpio0", "devices.loop.to_line=1"}),
              "");
    std::string e =
        pl061_test::virt_platform_error({wire, "devices.loop.from=gpio9", "devices.loop.to=gpio0"});
    EXPECT_NE(e.find("loop.from"), std::string::npos) << e;
    EXPECT_NE(e.find("no device 'gpio9'"), std::string::npos) << e;
    e = pl061_test::virt_platform_error({wire, "devices.loop.from=gpio0", "devices.loop.to=uart0"});
    EXPECT_NE(e.find("loop.to"), std::string::npos) << e;
    EXPECT_NE(e.find("has no GPIO pins"), std::string::npos) << e;
    e = pl061_test::virt_platform_error(
        {wire, "devices.loop.from=gpio0", "devices.loop.from_line=8", "devices.loop.to=gpio0"});
    EXPECT_NE(e.find("loop.from_line"), std::string::npos) << e;
    EXPECT_NE(e.find("pins 0 to 7"), std::string::npos) << e;
    e = pl061_test::virt_platform_error({wire, "devices.loop.to=gpio0"});
    EXPECT_NE(e.find("from"), std::string::npos) << e;  // required
}
