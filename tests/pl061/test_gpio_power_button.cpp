// The gpio_power_button model on a PL061: a press drives its line high for `press` of simulated
// time, then low (the edges a gpio-keys driver or gpiolib's edge detection see); the topology
// names the GPIO block and the line, and a wrong one is a configuration error naming the key.
#include <gtest/gtest.h>

#include "core/error.h"
#include "models/gpio_power_button/gpio_power_button.h"
#include "pl061_test_util.h"
#include "virt_platform_error.h"

using namespace pl061_test;
using sc_core::SC_MS;
using sc_core::SC_PS;
using sc_core::sc_time;

namespace {

vp::DeviceConfig button_config(unsigned line, const std::string& press = "100ms") {
    vp::DeviceConfig c;
    c.name = "power_button";
    c.model = "gpio_power_button";
    c.props.set("gpio", {"gpio0", {"test.yaml", 3, 10}, vp::PropType::string});
    c.props.set("line", {std::to_string(line), {"test.yaml", 4, 10}, vp::PropType::integer});
    c.props.set("press", {press, {"test.yaml", 5, 10}, vp::PropType::time});
    return c;
}

void run_to(const sc_time& t) {
    sc_core::sc_start(t - sc_core::sc_time_stamp());
    if (sc_core::sc_pending_activity_at_current_time()) sc_core::sc_start(sc_core::SC_ZERO_TIME);
}

}  // namespace

TEST(GpioPowerButton, PressHoldsTheLineHighForThePressTime) {
    Gpio g;
    vp::GpioPowerButton button("power_button", button_config(3));
    button.connect(
        [&](const std::string& name) -> vp::Device* { return name == "gpio0" ? &g.dev : nullptr; });
    g.wr(GPIOIBE, 1u << 3);  // both edges
    g.wr(GPIOIE, 1u << 3);
    run_to(sc_time(10, SC_MS));
    button.power_button()->press();
    EXPECT_EQ(g.rd(data_at(1u << 3)), 1u << 3);
    EXPECT_EQ(g.rd(GPIORIS), 1u << 3);  // the press: a rising edge
    EXPECT_TRUE(g.line());
    g.wr(GPIOIC, 1u << 3);
    button.power_button()->press();  // pressed again while held: nothing more
    run_to(sc_time(110, SC_MS) - sc_time(1, SC_PS));
    EXPECT_EQ(g.rd(data_at(1u << 3)), 1u << 3);
    EXPECT_EQ(g.rd(GPIORIS), 0u);
    run_to(sc_time(110, SC_MS));
    EXPECT_EQ(g.rd(data_at(0xFF)), 0u);  // released after 100 ms
    EXPECT_EQ(g.rd(GPIORIS), 1u << 3);   // the release: a falling edge
    EXPECT_FALSE(button.pressed());
}

// The button is heard once the guest unmasks its line's interrupt (GPIOIE, TRM 3.3.6), as Linux's
// gpio-keys and a GPIO edge request do; until then SIGTERM need not wait for a power-off.
TEST(GpioPowerButton, HeededOnlyWhileTheGuestUnmasksItsLine) {
    Gpio g;
    vp::GpioPowerButton button("power_button", button_config(3));
    button.connect([&](const std::string&) -> vp::Device* { return &g.dev; });
    EXPECT_FALSE(button.heeded());
    g.wr(GPIOIE, 1u << 5);
    EXPECT_FALSE(button.heeded());
    g.wr(GPIOIE, (1u << 3) | (1u << 5));
    EXPECT_TRUE(button.heeded());
    g.wr(GPIOIE, 0);
    EXPECT_FALSE(button.heeded());
}

TEST(GpioPowerButton, AnotherLineAndPressTime) {
    Gpio g;
    vp::GpioPowerButton button("power_button", button_config(6, "2ms"));
    button.connect([&](const std::string&) -> vp::Device* { return &g.dev; });
    button.press();
    EXPECT_EQ(g.rd(data_at(0xFF)), 1u << 6);
    run_to(sc_time(2, SC_MS));
    EXPECT_EQ(g.rd(data_at(0xFF)), 0u);
}

TEST(GpioPowerButton, UnknownGpioBlockIsRefused) {
    std::string e = virt_platform_error({"devices.power_button.gpio=gpio9"});
    EXPECT_NE(e.find("power_button.gpio"), std::string::npos) << e;
    EXPECT_NE(e.find("no device 'gpio9'"), std::string::npos) << e;
}

TEST(GpioPowerButton, DeviceWithoutGpioPinsIsRefused) {
    std::string e = virt_platform_error({"devices.power_button.gpio=uart0"});
    EXPECT_NE(e.find("power_button.gpio"), std::string::npos) << e;
    EXPECT_NE(e.find("has no GPIO pins"), std::string::npos) << e;
}

TEST(GpioPowerButton, LineBeyondThePinsIsRefused) {
    std::string e = virt_platform_error({"devices.power_button.line=8"});
    EXPECT_NE(e.find("power_button.line"), std::string::npos) << e;
    EXPECT_NE(e.find("pins 0 to 7"), std::string::npos) << e;
}

TEST(GpioPowerButton, ZeroPressTimeIsRefused) {
    std::string e = virt_platform_error({"devices.power_button.press=0ms"});
    EXPECT_NE(e.find("power_button.press"), std::string::npos) << e;
}
