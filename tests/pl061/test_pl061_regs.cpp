// PL061 registers through a real TLM socket, with expected values from the PrimeCell GPIO (PL061)
// TRM, ARM DDI 0190 (pl061_trm.h): identification, reset values, the 8-bit registers, byte
// accesses (Linux's gpio-pl061 uses readb/writeb), GPIODATA's address mask for reads and writes,
// direction, the output pins as the platform sees them; each on the C++ model and on the RTL
// block (gpio_model_bench.h). Then the C++ bank's response to bad accesses.
#include <gtest/gtest.h>

#include "gpio_model_bench.h"
#include "pl061_test_util.h"

using namespace gpio_bench;

class Pl061Regs : public GpioModel {};
INSTANTIATE_TEST_SUITE_P(Models, Pl061Regs, kModels, model_name);

TEST_P(Pl061Regs, IdentificationRegistersHoldTheTrmValues) {
    run([](Gpio& g) {
        for (unsigned i = 0; i < 8; ++i)
            EXPECT_EQ(g.rd(GPIOPeriphID0 + 4 * i), kIds[i]) << "ID register " << i;
        for (unsigned i = 0; i < 8; ++i)
            EXPECT_EQ(g.rd(GPIOPeriphID0 + 4 * i, 1), kIds[i]) << "byte read " << i;
    });
}

TEST_P(Pl061Regs, ResetValues) {
    run([](Gpio& g) {
        for (const auto& r : kRw) EXPECT_EQ(g.rd(r.offset), 0u) << r.name;
        EXPECT_EQ(g.rd(GPIORIS), 0u);
        EXPECT_EQ(g.rd(GPIOMIS), 0u);
        EXPECT_EQ(g.rd(data_at(0xFF)), 0u);
        EXPECT_FALSE(g.line());
        EXPECT_EQ(g.pins.pin_count(), 8u);
        EXPECT_EQ(g.pins.output_enables(), 0u);  // every pin an input out of reset
    });
}

TEST_P(Pl061Regs, ReadWriteRegistersHoldEightBits) {
    run([](Gpio& g) {
        for (const auto& r : kRw) {
            g.wr(r.offset, 0xFFFFFFFF);
            EXPECT_EQ(g.rd(r.offset), 0xFFu) << r.name;
            g.wr(r.offset, 0x5A, 1);
            EXPECT_EQ(g.rd(r.offset, 1), 0x5Au) << r.name << " (byte access)";
            g.wr(r.offset, 0);
        }
    });
}

TEST_P(Pl061Regs, ReadOnlyAndWriteOnlyRegisters) {
    run([](Gpio& g) {
        g.wr(GPIORIS, 0xFF);
        g.wr(GPIOMIS, 0xFF);
        EXPECT_EQ(g.rd(GPIORIS), 0u);
        EXPECT_EQ(g.rd(GPIOMIS), 0u);
        EXPECT_EQ(g.rd(GPIOIC), 0u);  // write only: reads as zero
    });
}

// A read of GPIODATA + 4*m returns the pads under the mask m, zero elsewhere.
TEST_P(Pl061Regs, DataReadIsMaskedByTheAddress) {
    run([](Gpio& g) {
        const uint32_t in = 0xB5;  // 1011 0101
        for (unsigned i = 0; i < 8; ++i) g.set(i, (in >> i) & 1);
        EXPECT_EQ(g.rd(data_at(0xFF)), in);
        EXPECT_EQ(g.rd(0x3FC), in);  // the same location: all eight bits
        EXPECT_EQ(g.rd(data_at(0x0F)), in & 0x0F);
        EXPECT_EQ(g.rd(data_at(0xF0)), in & 0xF0);
        EXPECT_EQ(g.rd(data_at(1u << 3)), 0u);
        EXPECT_EQ(g.rd(data_at(1u << 2)), 1u << 2);
        EXPECT_EQ(g.rd(GPIODATA), 0u);  // mask 0
        EXPECT_EQ(g.rd(data_at(0xFF), 1), in);
    });
}

// A write changes only the output pins under the mask.
TEST_P(Pl061Regs, DataWriteIsMaskedByTheAddressAndTheDirection) {
    run([](Gpio& g) {
        g.wr(GPIODIR, 0xFF);
        EXPECT_EQ(g.pins.output_enables(), 0xFFu);
        g.wr(data_at(0x0F), 0xFF);
        EXPECT_EQ(g.pins.outputs() & 0xFF, 0x0Fu);
        g.wr(data_at(0x03), 0x00);
        EXPECT_EQ(g.pins.outputs() & 0xFF, 0x0Cu);
        g.wr(data_at(0xF0), 0xA5);
        EXPECT_EQ(g.pins.outputs() & 0xFF, 0xACu);
        EXPECT_EQ(g.rd(data_at(0xFF)), 0xACu);
        g.wr(GPIODATA, 0xFF);  // mask 0: nothing changes
        EXPECT_EQ(g.rd(data_at(0xFF)), 0xACu);
        g.wr(data_at(0xFF), 0x33, 1);  // byte write, as Linux does
        EXPECT_EQ(g.rd(data_at(0xFF)), 0x33u);
    });
}

TEST_P(Pl061Regs, InputsAreNotWrittenAndOutputsReadTheirOwnLevel) {
    run([](Gpio& g) {
        g.wr(GPIODIR, 0x0F);  // pins 0-3 out, 4-7 in
        g.set(0, false);
        g.set(7, true);
        g.wr(data_at(0xFF), 0xFF);
        EXPECT_EQ(g.rd(data_at(0xFF)), 0x8Fu);  // outputs 0-3 high; input 7 driven high, 4-6 low
        g.set(0, true);
        g.wr(data_at(0x01), 0x00);
        EXPECT_EQ(g.rd(data_at(0x01)), 0u);  // output 0 low although its input is driven high
        g.wr(GPIODIR, 0x0E);                 // pin 0 an input again: the driven level shows
        EXPECT_EQ(g.rd(data_at(0x01)), 1u);
        // The write to the inputs 4-7 did not reach their output bits (only outputs are written, as
        // in QEMU's PL061): made outputs, they drive low.
        g.set(7, false);
        g.wr(GPIODIR, 0xF0);
        EXPECT_EQ(g.rd(data_at(0xF0)), 0u);
        EXPECT_EQ(g.pins.outputs() & 0xF0, 0u);
    });
}

TEST_P(Pl061Regs, OutputListenersSeeEveryChange) {
    run([](Gpio& g) {
        std::vector<std::pair<uint32_t, uint32_t>> seen;
        g.pins.on_outputs([&](uint32_t out, uint32_t en) { seen.emplace_back(out & en, en); });
        g.wr(GPIODIR, 0x01);
        g.wr(data_at(0x01), 0x01);
        g.wr(data_at(0x01), 0x01);  // no change: no call
        g.wr(GPIOIE, 0xFF);         // not an output register: no call
        g.wr(data_at(0x01), 0x00);
        ASSERT_EQ(seen.size(), 3u);
        EXPECT_EQ(seen[0], std::make_pair(0u, 1u));
        EXPECT_EQ(seen[1], std::make_pair(1u, 1u));
        EXPECT_EQ(seen[2], std::make_pair(0u, 1u));
    });
}

TEST_P(Pl061Regs, GapsReadAsZeroAndIgnoreWrites) {
    run([](Gpio& g) {
        for (uint32_t off : {0x424u, 0x800u, 0xFDCu}) {
            g.wr(off, 0xFF);
            EXPECT_EQ(g.rd(off), 0u) << off;
        }
        for (const auto& r : kRw) EXPECT_EQ(g.rd(r.offset), 0u) << r.name;
    });
}

// The C++ model's bank rules (the RTL block answers through the APB bridge, which has its own).
TEST(Pl061BusRules, BadAccesses) {
    pl061_test::Gpio g;
    EXPECT_EQ(g.cpu.read(GPIODIR, 8).status, tlm::TLM_BURST_ERROR_RESPONSE);      // no 64-bit access
    EXPECT_EQ(g.cpu.read(GPIODIR + 2, 4).status, tlm::TLM_BURST_ERROR_RESPONSE);  // misaligned
    auto gap = g.cpu.read(0x424);
    EXPECT_TRUE(gap.ok());
    EXPECT_EQ(gap.data, 0u);
    EXPECT_EQ(g.cpu.read(0x1000).status, tlm::TLM_ADDRESS_ERROR_RESPONSE);
}
