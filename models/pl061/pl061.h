// ARM PrimeCell General Purpose Input/Output (PL061), after the PrimeCell GPIO (PL061) Technical
// Reference Manual, ARM DDI 0190 ("TRM" below): chapter 3 (Programmers Model) is the register map,
// chapter 2 (Functional Overview) the data, direction and interrupt-detection blocks.
//
// Modelled: eight pins, each an input or an output (GPIODIR); GPIODATA with the address mask
// (TRM 3.3.1: PADDR[9:2] selects the bits a read returns and a write changes; only outputs are
// written); the interrupt detection of every pin, edge (one edge chosen by GPIOIEV, or both by
// GPIOIBE) or level (GPIOIS), the raw, masked and clear registers, and the combined interrupt
// GPIOINTR (any bit of GPIOMIS) to the interrupt controller; the identification registers.
// Detection sees the pad: an input pin's driven level, an output pin's own output.
// The pins are a GpioPins (core/gpio.h): the platform or a test drives the inputs and watches the
// outputs. GPIOAFSEL is kept (the guest reads back what it wrote) but no pin has a hardware
// control source, so a pin in hardware mode behaves as in software mode.
// Not modelled: the eight separate interrupt outputs GPIOMIS[7:0] (Linux's binding uses the
// combined one), the synchronisation delay of the inputs (two PCLK edges; updates here are
// instantaneous), the test registers.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include <tlm_utils/simple_target_socket.h>

#include "core/device.h"
#include "core/gpio.h"
#include "core/properties.h"
#include "core/register_bank.h"

namespace vp {

namespace pl061 {

// Register offsets, TRM 3.2 "Summary of PrimeCell GPIO registers". GPIODATA is 256 locations:
// the word at GPIODATA + 4*m reads and writes the bits set in m.
enum Offset : uint32_t {
    GPIODATA = 0x000,   // 0x000-0x3FC, masked by PADDR[9:2]
    GPIODIR = 0x400,    // direction: 1 = output
    GPIOIS = 0x404,     // interrupt sense: 1 = level, 0 = edge
    GPIOIBE = 0x408,    // both edges: 1 = either edge triggers (overrides GPIOIEV)
    GPIOIEV = 0x40C,    // event: 1 = rising edge or high level, 0 = falling edge or low level
    GPIOIE = 0x410,     // interrupt mask: 1 = the pin's interrupt reaches GPIOMIS
    GPIORIS = 0x414,    // raw interrupt status (read only)
    GPIOMIS = 0x418,    // masked interrupt status (read only)
    GPIOIC = 0x41C,     // interrupt clear (write only): 1 clears an edge-detected interrupt
    GPIOAFSEL = 0x420,  // mode control: 1 = hardware control
    GPIOPeriphID0 = 0xFE0,
    GPIOPeriphID1 = 0xFE4,
    GPIOPeriphID2 = 0xFE8,
    GPIOPeriphID3 = 0xFEC,
    GPIOPCellID0 = 0xFF0,
    GPIOPCellID1 = 0xFF4,
    GPIOPCellID2 = 0xFF8,
    GPIOPCellID3 = 0xFFC,
};

constexpr unsigned kPins = 8;
constexpr uint32_t kPinMask = 0xFF;

}  // namespace pl061

class Pl061 : public Device, public GpioPins {
public:
    tlm_utils::simple_target_socket<RegisterBank> socket{"socket"};
    IrqOut intr;  // GPIOINTR: any bit of GPIOMIS

    Pl061(const sc_core::sc_module_name& name, const DeviceConfig& config);

    TargetSocket& target_socket(unsigned index) override;
    IrqOut* irq_output(unsigned index) override { return index == 0 ? &intr : nullptr; }
    GpioPins* gpio_pins() override { return this; }
    void write_dtb(DtbWriter& dtb) const override;
    void save_state(StateWriter& out) const override;
    void load_state(StateReader& in) override;

    // GpioPins
    unsigned pin_count() const override { return pl061::kPins; }
    void set_input(unsigned line, bool level) override;
    uint32_t outputs() const override { return data_; }
    uint32_t output_enables() const override { return dir_; }
    uint32_t interrupt_enables() const override { return ie_; }  // GPIOIE
    void on_outputs(OutputListener listener) override { listeners_.push_back(std::move(listener)); }

private:
    std::vector<Register> registers();
    uint32_t pads() const { return (data_ & dir_) | (inputs_ & ~dir_); }
    void write_data(unsigned mask, uint32_t value);
    void write_ic(uint32_t value);
    uint32_t raw_status() const;
    // After anything that may move a pad or change the detection (a write, an input): latches the
    // edges since the last call, sets GPIOINTR and tells the output listeners of a change.
    void update();

    uint32_t inputs_ = 0;  // the levels driven onto the pins from outside
    uint32_t edges_ = 0;   // edge-detected interrupts, until GPIOIC clears them
    uint32_t seen_pads_ = 0, seen_outputs_ = 0, seen_enables_ = 0;  // at the last update()
    uint32_t data_ = 0, dir_ = 0, is_ = 0, ibe_ = 0, iev_ = 0, ie_ = 0, afsel_ = 0;
    std::vector<OutputListener> listeners_;
    RegisterBank regs_;  // TRM 3.2
};

}  // namespace vp
