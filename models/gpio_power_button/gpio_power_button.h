// A power button on a GPIO pin, as Linux's gpio-keys binding (input/gpio-keys.yaml) describes one
// and QEMU's virt machine wires it: the node `gpio-keys` with a `poweroff` key (KEY_POWER) on a
// line of a GPIO block. The platform presses it for a graceful shutdown (SIGTERM to vp, Ctrl-A p):
// the line goes high for `press` of simulated time, then low, an edge on each change.
// Properties: gpio (the GPIO block's device name), line, label, press. No registers.
#pragma once
#include <string>
#include <vector>

#include <systemc>

#include "core/device.h"
#include "core/power_button.h"
#include "core/properties.h"

namespace vp {

class GpioPowerButton : public Device, public PowerButton {
public:
    static constexpr uint32_t kKeyPower = 116;  // KEY_POWER, linux/input-event-codes.h

    GpioPowerButton(const sc_core::sc_module_name& name, const DeviceConfig& config);
    static const std::vector<PropertySpec>& properties();

    TargetSocket& target_socket(unsigned index) override;
    PowerButton* power_button() override { return this; }
    void connect(const DeviceFinder& find) override;
    void write_dtb(DtbWriter& dtb) const override;
    void save_state(StateWriter& out) const override;
    void load_state(StateReader& in) override;

    void press() override;
    bool heeded() const override { return pins_ && ((pins_->interrupt_enables() >> line_) & 1); }
    bool pressed() const { return pressed_; }

private:
    void release();

    std::string gpio_;  // the GPIO block's device name
    unsigned line_ = 0;
    sc_core::sc_time press_time_;
    GpioPins* pins_ = nullptr;
    bool pressed_ = false;
    sc_core::sc_event release_event_;
    sc_core::sc_time release_at_;  // while pressed
};

}  // namespace vp
