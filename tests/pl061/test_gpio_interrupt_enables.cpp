// GPIOIE (TRM DDI 0190 3.3.6: 1 = the line's interrupt is not masked) as both PL061 models report
// it through GpioPins::interrupt_enables(), and gpio_power_button heeding a press only while the
// guest unmasks its line, on either model (the RTL block exports GPIOIE on its gpio_ie port).
#include <gtest/gtest.h>

#include "models/gpio_power_button/gpio_power_button.h"
#include "pl061/gpio_model_bench.h"

using namespace gpio_bench;

namespace {

class GpioInterruptEnables : public GpioModel {};
INSTANTIATE_TEST_SUITE_P(Models, GpioInterruptEnables, kModels, model_name);

vp::DeviceConfig button_on_line(unsigned line) {
    vp::DeviceConfig c;
    c.name = "power_button";
    c.model = "gpio_power_button";
    c.props.set("gpio", {"gpio0", {"test.yaml", 3, 10}, vp::PropType::string});
    c.props.set("line", {std::to_string(line), {"test.yaml", 4, 10}, vp::PropType::integer});
    return c;
}

}  // namespace

TEST_P(GpioInterruptEnables, FollowGpioie) {
    run([](Gpio& g) {
        EXPECT_EQ(g.pins.interrupt_enables(), 0u);  // reset value 0x00 (Table 3-1)
        g.wr(GPIOIE, 0xA5);
        EXPECT_EQ(g.pins.interrupt_enables(), 0xA5u);
        g.wr(GPIOIE, 0x18);
        EXPECT_EQ(g.pins.interrupt_enables(), 0x18u);
        g.wr(GPIOIE, 0);
        EXPECT_EQ(g.pins.interrupt_enables(), 0u);
    });
}

TEST_P(GpioInterruptEnables, APowerButtonOnAMaskedLineIsUnheeded) {
    std::unique_ptr<vp::GpioPowerButton> button;
    run(
        [&](Gpio& g) {
            EXPECT_FALSE(button->heeded());
            g.wr(GPIOIE, 1u << 5);
            EXPECT_FALSE(button->heeded());
            g.wr(GPIOIE, (1u << 3) | (1u << 5));
            EXPECT_TRUE(button->heeded());
            g.wr(GPIOIE, 1u << 5);
            EXPECT_FALSE(button->heeded());
        },
        [&](Gpio& g) {
            button = std::make_unique<vp::GpioPowerButton>("power_button", button_on_line(3));
            button->connect([&](const std::string&) -> vp::Device* { return g.dev.get(); });
        });
}

// A temporally decoupled CPU runs ahead of SystemC time: its GPIOIE write returns before SystemC
// time reaches the edge that completed it. Whoever asks next (SIGTERM's "does the guest listen?",
// taken at SystemC time) must get the written mask, or a guest that unmasked the line and then
// said so on the console is stopped as one that does not listen.
TEST_P(GpioInterruptEnables, AWriteAheadOfSystemCTimeCountsAtOnce) {
    std::unique_ptr<vp::GpioPowerButton> button;
    run(
        [&](Gpio& g) {
            ASSERT_TRUE(g.cpu.write(GPIOIE, 1u << 3).ok());  // the access's delay not waited out
            EXPECT_TRUE(button->heeded());
            EXPECT_EQ(g.pins.interrupt_enables(), 1u << 3);
            ASSERT_TRUE(g.cpu.write(GPIOIE, 0).ok());
            EXPECT_FALSE(button->heeded());
            Gpio::settle();
            EXPECT_FALSE(button->heeded());
        },
        [&](Gpio& g) {
            button = std::make_unique<vp::GpioPowerButton>("power_button", button_on_line(3));
            button->connect([&](const std::string&) -> vp::Device* { return g.dev.get(); });
        });
}
