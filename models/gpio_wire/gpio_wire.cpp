#include "models/gpio_wire/gpio_wire.h"

#include <fmt/format.h>

#include "core/error.h"
#include "core/model_registry.h"

namespace vp {

const std::vector<PropertySpec>& GpioWire::properties() {
    static const std::vector<PropertySpec> props = {
        {"from", PropType::string, "", "the GPIO block whose output pin drives the wire (a device name)",
         true},
        {"from_line", PropType::integer, "0", "that output pin"},
        {"to", PropType::string, "", "the GPIO block whose input pin the wire drives (may be `from`)", true},
        {"to_line", PropType::integer, "0", "that input pin"},
    };
    return props;
}

GpioWire::GpioWire(const sc_core::sc_module_name& name, const DeviceConfig& config) : Device(name, config) {
    apply_defaults(properties(), config_.props);
    from_ = {"from", config_.props.get_string("from"),
             static_cast<unsigned>(config_.props.get_u64("from_line"))};
    to_ = {"to", config_.props.get_string("to"), static_cast<unsigned>(config_.props.get_u64("to_line"))};
    SC_HAS_PROCESS(GpioWire);
    SC_METHOD(propagate);  // also once at the start: the input takes the output's reset level
    sensitive << changed_;
}

TargetSocket& GpioWire::target_socket(unsigned index) {
    throw Error(
        fmt::format("gpio_wire '{}' has no memory regions (asked for region {})", config_.name, index));
}

void GpioWire::find_end(End& end, const DeviceFinder& find) {
    const auto& loc = config_.props.at(end.key).loc;
    Device* dev = find(end.device);
    if (!dev) throw ConfigError(loc, config_.name + "." + end.key, "no device '" + end.device + "'");
    end.pins = dev->gpio_pins();
    if (!end.pins)
        throw ConfigError(loc, config_.name + "." + end.key, "device '" + end.device + "' has no GPIO pins");
    const std::string line_key = end.key + "_line";
    if (end.line >= end.pins->pin_count())
        throw ConfigError(config_.props.at(line_key).loc, config_.name + "." + line_key,
                          fmt::format("'{}' has pins 0 to {}", end.device, end.pins->pin_count() - 1));
}

void GpioWire::connect(const DeviceFinder& find) {
    find_end(from_, find);
    find_end(to_, find);
    from_.pins->on_outputs([this](uint32_t, uint32_t) { changed_.notify(sc_core::SC_ZERO_TIME); });
}

void GpioWire::propagate() {
    if (!from_.pins) return;
    const uint32_t bit = 1u << from_.line;
    const bool driven = from_.pins->output_enables() & bit;
    to_.pins->set_input(to_.line, driven && (from_.pins->outputs() & bit));
}

static ModelRegistrar registrar{ModelInfo{
    .name = "gpio_wire",
    .doc = "a wire from a GPIO block's output pin to an input pin (of the same or another block)",
    .regions = {},
    .irqs = {},
    .props = GpioWire::properties(),
    .roles = {},
    .create = make_factory<GpioWire>(),
    .checkpoint = CheckpointSupport::stateless,
}};

}  // namespace vp
