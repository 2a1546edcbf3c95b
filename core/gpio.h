// GPIO pins between models: a GPIO block's input pins, driven by the platform (a button), another
// model or a test, and its output pins, watched by them. Models that have such pins return this
// interface from Device::gpio_pins(). Simulation thread only; a change takes effect at the current
// simulated time (sc_time_stamp()).
#pragma once
#include <cstdint>
#include <functional>

namespace vp {

class GpioPins {
public:
    virtual ~GpioPins() = default;
    virtual unsigned pin_count() const = 0;
    // Drives input pin `line` (0..pin_count()-1) to `level`. A pin the block drives itself (an
    // output) keeps its output level; the input is seen again when it becomes an input.
    virtual void set_input(unsigned line, bool level) = 0;
    // Bit n: the level output pin n drives (meaningful where output_enables() has bit n set).
    virtual uint32_t outputs() const = 0;
    // Bit n: pin n is driven by the block (an output).
    virtual uint32_t output_enables() const = 0;
    // Bit n: the guest has unmasked pin n's interrupt, i.e. a driver listens for its edges or
    // levels (a button nobody listens to need not be pressed). Blocks that cannot tell: all ones.
    virtual uint32_t interrupt_enables() const { return ~0u; }
    // Called with (outputs(), output_enables()) whenever either changes.
    using OutputListener = std::function<void(uint32_t outputs, uint32_t enables)>;
    virtual void on_outputs(OutputListener listener) = 0;
};

}  // namespace vp
