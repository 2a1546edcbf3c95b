// The GPIO pins of a Verilated block (vp_add_rtl_model's GPIO_IN, GPIO_OUT, GPIO_OE) as the
// block's GpioPins (core/gpio.h), so a button, a wire or a test drives and watches them as it does
// a C++ GPIO model's. RtlGpio is the common part (in rtl_gpio.cpp); RtlCycleGpio the pins
// RtlCycleDevice drives and samples (rtl/rtl_cycle_device.h).
//   inputs   set_input() drives the block's input port (at the current time, after the update
//            phase); pins the block does not drive read as what was last driven.
//   outputs  the output port's value; output_enables() the enable port's, or all N pins when the
//            block has an output but no enable port, none when it has no output port.
//   interrupt_enables()  the block's GPIOIE port (GPIO_IE) at its newest evaluated edge, or all
//            ones without one. Newest, not delivered: a CPU running ahead of SystemC time that
//            unmasked a line has the block's answer before the change reaches SystemC time, and a
//            power button asked whether anyone listens must see that (platform/shutdown_signal.h).
#pragma once
#include <cstdint>
#include <functional>
#include <vector>

#include <systemc>

#include "core/gpio.h"

namespace vp {

class RtlGpio : public sc_core::sc_module, public GpioPins {
public:
    RtlGpio(const sc_core::sc_module_name& name, unsigned pins, bool has_out, bool has_oe);

    unsigned pin_count() const override { return pins_; }
    void set_input(unsigned line, bool level) override;
    uint32_t outputs() const override { return has_out_ ? read_out() : 0; }
    uint32_t output_enables() const override;
    void on_outputs(OutputListener listener) override { listeners_.push_back(std::move(listener)); }

    uint32_t inputs() const { return inputs_; }

protected:
    virtual void drive(uint32_t inputs) = 0;
    virtual uint32_t read_out() const = 0;
    virtual uint32_t read_oe() const = 0;
    void tell_listeners();  // run on every change of the output or enable port
    void restore_inputs(uint32_t inputs) { inputs_ = inputs; }  // a checkpoint's

private:
    unsigned pins_;
    bool has_out_, has_oe_;
    uint32_t inputs_ = 0;
    std::vector<OutputListener> listeners_;
};

// The pins of a C++ block as RtlCycleDevice delivers them: show() at the simulated time of the
// block's edge that changed them.
class RtlCycleGpio final : public RtlGpio {
public:
    RtlCycleGpio(const sc_core::sc_module_name& name, unsigned pins, bool has_out, bool has_oe, bool has_ie,
                 std::function<void(uint32_t)> drive_block)
        : RtlGpio(name, pins, has_out, has_oe), has_ie_(has_ie), drive_block_(std::move(drive_block)) {}

    uint32_t interrupt_enables() const override { return has_ie_ ? ie_ : ~0u; }
    void evaluated(uint32_t ie) { ie_ = ie; }  // the block's GPIO_IE as it was last sampled
    void show(uint32_t out, uint32_t oe) {
        if (out == out_ && oe == oe_) return;
        out_ = out;
        oe_ = oe;
        tell_listeners();
    }
    using RtlGpio::restore_inputs;

private:
    void drive(uint32_t inputs) override { drive_block_(inputs); }
    uint32_t read_out() const override { return out_; }
    uint32_t read_oe() const override { return oe_; }

    bool has_ie_;
    std::function<void(uint32_t)> drive_block_;
    uint32_t out_ = 0, oe_ = 0, ie_ = 0;
};

}  // namespace vp
