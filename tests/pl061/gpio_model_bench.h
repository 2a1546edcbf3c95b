// A PL061-compatible GPIO model (`pl061`, the C++ model, or `rtl.pl061`, the Verilated RTL) made
// through the model registry, behind a real TLM socket, with GPIOINTR wired to a recorder and its
// pins driven and watched through the GpioPins interface the platform uses. The test body runs in
// an SC_THREAD and waits out each access's delay (the RTL's ends at the edge that completed its
// APB transfer); after driving a pin it lets the model settle (the RTL synchronises its inputs over two PCLK
// edges, TRM DDI 0190 2.1).
#pragma once
#include <functional>
#include <memory>
#include <string>

#include <gtest/gtest.h>
#include <systemc>

#include "bridges/bridge_test_util.h"
#include "core/irq.h"
#include "core/model_registry.h"
#include "pl061/pl061_test_util.h"
#include "pl061/pl061_trm.h"
#include "support/oracle.h"
#include "support/test_initiator.h"

namespace gpio_bench {

using namespace pl061_trm;  // offsets and bits from the TRM, not from either model
constexpr unsigned kLine = 39;

inline std::unique_ptr<vp::Device> make_gpio(const std::string& model, const std::string& name = "gpio0") {
    const vp::ModelInfo* info = vp::ModelRegistry::instance().find(model);
    if (!info) return nullptr;
    vp::DeviceConfig c;
    c.name = name;
    c.model = model;
    c.regions = {{"regs", 0x09030000, 0x1000}};
    c.interrupts = {kLine};
    return info->create(name.c_str(), c);
}

struct Gpio {
    std::unique_ptr<vp::Device> dev;
    vp::test::TestInitiator cpu{"cpu"};
    vp::IrqRecorder irq;
    vp::GpioPins& pins;

    explicit Gpio(std::unique_ptr<vp::Device> d) : dev(std::move(d)), pins(*dev->gpio_pins()) {
        cpu.socket.bind(dev->target_socket(0));
        dev->irq_output(0)->bind(irq, kLine);
    }
    uint32_t rd(uint32_t off, unsigned len = 4) {
        const auto r = cpu.read_timed(off, len);
        EXPECT_TRUE(r.ok()) << "read " << off;
        return static_cast<uint32_t>(r.data);
    }
    void wr(uint32_t off, uint32_t v, unsigned len = 4) {
        EXPECT_TRUE(cpu.write_timed(off, v, len).ok()) << "write " << off;
        settle();
    }
    void set(unsigned line, bool level) {
        pins.set_input(line, level);
        settle();
    }
    static void settle() { sc_core::wait(100, sc_core::SC_NS); }  // 10 cycles of the RTL's 100 MHz
    bool line() const { return irq.level(kLine); }
    unsigned edges() const { return irq.rising_edges(kLine); }
};

// Each test runs against both models.
class GpioModel : public testing::TestWithParam<const char*> {
protected:
    // Builds the model, calls `elaborate` (modules of the test's own), runs `body` in a thread
    // and checks that it finished.
    void run(const std::function<void(Gpio&)>& body, const std::function<void(Gpio&)>& elaborate = {}) {
        auto dev = make_gpio(GetParam());
        if (!dev) {
            VP_REQUIRE_ORACLE(false, std::string(GetParam()) + " (Verilator, CMake option VP_WITH_VERILATOR)",
                              "verilator");
            return;
        }
        Gpio g(std::move(dev));
        if (elaborate) elaborate(g);
        vp::test::ThreadRunner t("t", [&] {
            Gpio::settle();  // out of reset
            body(g);
        });
        sc_core::sc_start(1, sc_core::SC_MS);
        ASSERT_TRUE(t.done);
    }
};

inline const auto kModels = testing::Values("pl061", "rtl.pl061");
inline std::string model_name(const testing::TestParamInfo<const char*>& p) {
    std::string s = p.param;
    for (char& c : s)
        if (c == '.') c = '_';
    return s;
}

}  // namespace gpio_bench
