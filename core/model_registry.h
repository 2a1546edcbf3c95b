// The model registry: each model declares, in its own source file, its name, regions,
// interrupt outputs, properties and factory. The YAML loader validates against it,
// `vp --list-models` prints it, the platform builder instantiates from it.
#pragma once
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <memory>
#include <string>
#include <vector>

#include "core/device.h"
#include "core/properties.h"

namespace vp {

// What a device is to the platform beyond its own registers. The platform asks for a role, never
// for a model name, and reaches the device through the Device interface the role names.
enum class Role : uint8_t {
    ram,                   // guest memory: the kernel, initrd and device tree are loaded into it
    boot_rom,              // holds the boot stub (the first such device)
    console,               // a serial port `stdout:` may name: Device::char_backend(), console_setup()
    interrupt_controller,  // takes other devices' lines: irq_sink(), cpu_output(), ppi_sink()
    system_counter,        // the count every core's generic timer reads: Device::system_counter()
    power_button,          // pressed for a graceful shutdown (SIGTERM, Ctrl-A p): Device::power_button()
};
const char* role_name(Role role);

class Roles {
public:
    constexpr Roles() = default;
    constexpr Roles(std::initializer_list<Role> roles) {
        for (Role r : roles) bits_ |= 1u << unsigned(r);
    }
    constexpr bool has(Role r) const { return (bits_ >> unsigned(r)) & 1; }

private:
    uint32_t bits_ = 0;
};

// How a model's state reaches a checkpoint. A model that does not say is `undeclared`, and
// Checkpoint.EveryModelDeclaresItsState (tests/checkpoint) fails for it.
enum class CheckpointSupport : uint8_t {
    undeclared,
    saved,      // Device::save_state/load_state hold all of it
    stateless,  // nothing beyond what its topology entry gives
    refused,    // a checkpoint of a machine with it is refused, saying ModelInfo::checkpoint_refusal
};

struct RegionSpec {
    std::string name;
    uint64_t offset = 0;        // from the device's base address
    uint64_t default_size = 0;  // YAML `size` overrides it for single-region models
};

struct ModelInfo {
    std::string name;  // the YAML `model:` value, e.g. "pl011"
    std::string doc;   // one line
    std::vector<RegionSpec> regions;
    std::vector<std::string> irqs;  // names of interrupt outputs, in order
    std::vector<PropertySpec> props;
    Roles roles;              // e.g. {Role::console}
    bool shared_irq = false;  // its outputs may share a line with another device
    std::function<std::unique_ptr<Device>(const sc_core::sc_module_name&, const DeviceConfig&)> create;
    // The default of the read_latency/write_latency properties the registry adds (below): the
    // time one register access takes, added by the router (e.g. "10ns" for the GIC).
    std::string access_latency = "0ns";
    // Set by the registry: the model does not time its accesses itself, so the registry gave it
    // the common read_latency/write_latency properties and the router applies them.
    bool router_latency = false;
    // Interrupt controllers: one past the highest INTID their irq_sink() takes from devices,
    // for the controller's properties (GICv2: num_irqs, as GICD_TYPER.ITLinesNumber reports
    // it); 0 when the properties are invalid (the model refuses them when it is built).
    std::function<unsigned(const PropertyValues&)> intid_limit = nullptr;
    CheckpointSupport checkpoint = CheckpointSupport::undeclared;
    std::string checkpoint_refusal = "";  // with `refused`: why ("in-flight requests are not saved yet")

    const PropertySpec* find_prop(const std::string& prop) const;
    bool has(Role role) const { return roles.has(role); }
};

class ModelRegistry {
public:
    static ModelRegistry& instance();
    void add(ModelInfo info);  // a second model with the same name is a programming error
    const ModelInfo* find(const std::string& name) const;
    std::vector<const ModelInfo*> all() const;  // sorted by name
    std::string describe(const std::string& name) const;
    std::string list_text() const;

private:
    std::vector<ModelInfo> models_;
};

// Registers a model at static-initialisation time:
//   static vp::ModelRegistrar reg{vp::ModelInfo{...}};
struct ModelRegistrar {
    explicit ModelRegistrar(ModelInfo info) { ModelRegistry::instance().add(std::move(info)); }
};

// The factory for a model class constructed as T(name, config).
template <class T>
auto make_factory() {
    return [](const sc_core::sc_module_name& n, const DeviceConfig& c) -> std::unique_ptr<Device> {
        return std::make_unique<T>(n, c);
    };
}

}  // namespace vp
