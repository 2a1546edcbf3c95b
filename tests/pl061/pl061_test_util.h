// A PL061 behind a real TLM socket with GPIOINTR wired to a recorder; its pins driven and watched
// through the GpioPins interface the platform uses.
#pragma once
#include <string>
#include <vector>

#include <systemc>

#include "core/irq.h"
#include "models/pl061/pl061.h"
#include "pl061/pl061_trm.h"
#include "support/test_initiator.h"

namespace pl061_test {

using namespace pl061_trm;      // offsets and bits from the TRM, not from the model
constexpr unsigned kLine = 39;  // the GIC INTID the tests wire GPIOINTR to (QEMU virt: SPI 7)

inline vp::DeviceConfig gpio_config() {
    vp::DeviceConfig c;
    c.name = "gpio0";
    c.model = "pl061";
    c.regions = {{"regs", 0x09030000, 0x1000}};
    c.interrupts = {kLine};
    return c;
}

// A register access that must succeed.
inline uint32_t read_reg(vp::test::TestInitiator& cpu, uint32_t off, unsigned len = 4) {
    auto r = cpu.read(off, len);
    EXPECT_TRUE(r.ok()) << "read " << off;
    return static_cast<uint32_t>(r.data);
}
inline void write_reg(vp::test::TestInitiator& cpu, uint32_t off, uint32_t v, unsigned len = 4) {
    EXPECT_TRUE(cpu.write(off, v, len).ok()) << "write " << off;
}

struct Gpio {
    vp::Pl061 dev{"gpio0", gpio_config()};
    vp::test::TestInitiator cpu{"cpu"};
    vp::IrqRecorder irq;
    vp::GpioPins& pins = *dev.gpio_pins();

    Gpio() {
        cpu.socket.bind(dev.socket);
        dev.intr.bind(irq, kLine);
    }
    uint32_t rd(uint32_t off, unsigned len = 4) { return read_reg(cpu, off, len); }
    void wr(uint32_t off, uint32_t v, unsigned len = 4) { write_reg(cpu, off, v, len); }
    bool line() const { return irq.level(kLine); }
    unsigned edges() const { return irq.rising_edges(kLine); }
};

}  // namespace pl061_test
