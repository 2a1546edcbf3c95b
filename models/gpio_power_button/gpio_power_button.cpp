#include "models/gpio_power_button/gpio_power_button.h"

#include <fmt/format.h>

#include "core/error.h"
#include "core/model_registry.h"

namespace vp {

const std::vector<PropertySpec>& GpioPowerButton::properties() {
    static const std::vector<PropertySpec> props = {
        {"gpio", PropType::string, "", "the GPIO block the button is wired to (a device name)", true},
        {"line", PropType::integer, "3", "its pin on that block (QEMU virt: 3)"},
        {"label", PropType::string, "GPIO Key Poweroff", "the key's label in the device tree"},
        {"press", PropType::time, "100ms", "how long a press holds the line high (simulated time)"},
    };
    return props;
}

GpioPowerButton::GpioPowerButton(const sc_core::sc_module_name& name, const DeviceConfig& config)
    : Device(name, config) {
    apply_defaults(properties(), config_.props);
    gpio_ = config_.props.get_string("gpio");
    line_ = static_cast<unsigned>(config_.props.get_u64("line"));
    press_time_ = sc_core::sc_time(static_cast<double>(config_.props.get_time_ps("press")), sc_core::SC_PS);
    if (press_time_ == sc_core::SC_ZERO_TIME)
        throw ConfigError(config_.props.at("press").loc, config_.name + ".press", "must be longer than 0");
    SC_HAS_PROCESS(GpioPowerButton);
    SC_METHOD(release);
    sensitive << release_event_;
    dont_initialize();
}

TargetSocket& GpioPowerButton::target_socket(unsigned index) {
    throw Error(fmt::format("gpio_power_button '{}' has no memory regions (asked for region {})",
                            config_.name, index));
}

void GpioPowerButton::connect(const DeviceFinder& find) {
    const auto& loc = config_.props.at("gpio").loc;
    Device* dev = find(gpio_);
    if (!dev) throw ConfigError(loc, config_.name + ".gpio", "no device '" + gpio_ + "'");
    pins_ = dev->gpio_pins();
    if (!pins_) throw ConfigError(loc, config_.name + ".gpio", "device '" + gpio_ + "' has no GPIO pins");
    if (line_ >= pins_->pin_count())
        throw ConfigError(config_.props.at("line").loc, config_.name + ".line",
                          fmt::format("'{}' has pins 0 to {}", gpio_, pins_->pin_count() - 1));
}

// QEMU virt's node: gpio-keys { compatible = "gpio-keys"; poweroff { label; linux,code;
// gpios = <&gpio LINE 0> (active high) } }.
void GpioPowerButton::write_dtb(DtbWriter& dtb) const {
    dtb.begin_node("gpio-keys");
    dtb.prop_string("compatible", "gpio-keys");
    dtb.begin_node("poweroff");
    dtb.prop_string("label", config_.props.get_string("label"));
    dtb.prop_u32("linux,code", kKeyPower);
    dtb.prop_cells("gpios", {dtb.phandle(gpio_), line_, 0});
    dtb.end_node();
    dtb.end_node();
}

void GpioPowerButton::press() {
    if (!pins_ || pressed_) return;  // a press while held changes nothing
    pressed_ = true;
    pins_->set_input(line_, true);
    release_at_ = sc_core::sc_time_stamp() + press_time_;
    release_event_.notify(press_time_);
}

void GpioPowerButton::release() {
    pressed_ = false;
    pins_->set_input(line_, false);
}

// The line's level is the GPIO block's (its saved input); only the pending release is the button's.
void GpioPowerButton::save_state(StateWriter& out) const {
    out.boolean(pressed_);
    out.time(release_at_);
}

void GpioPowerButton::load_state(StateReader& in) {
    pressed_ = in.boolean();
    release_at_ = in.time();
    in.expect_end();
    release_event_.cancel();
    if (!pressed_) return;
    if (release_at_ < sc_core::sc_time_stamp()) in.bad("the release lies before the checkpoint");
    release_event_.notify(release_at_ - sc_core::sc_time_stamp());
}

static ModelRegistrar registrar{ModelInfo{
    .name = "gpio_power_button",
    .doc = "power button on a GPIO line (Linux gpio-keys, KEY_POWER): pressed by SIGTERM or Ctrl-A p",
    .regions = {},
    .irqs = {},
    .props = GpioPowerButton::properties(),
    .roles = {Role::power_button},
    .create = make_factory<GpioPowerButton>(),
    .checkpoint = CheckpointSupport::saved,
}};

}  // namespace vp
