#include "platform/platform.h"

#include <fmt/format.h>

#include <fstream>
#include <iterator>

#include "platform/core/model_registry.h"
#include "platform/dtb/dtb_generator.h"

namespace vp {

namespace {

// Properties that follow the machine unless the topology sets them.
void inherit_machine_properties(const Topology& topo, const ModelInfo& info, DeviceConfig& cfg) {
    if (info.find_prop("num_cpus") && cfg.props.at("num_cpus").loc.file == "<default>")
        cfg.props.set("num_cpus", {std::to_string(topo.cpus.count), topo.cpus.loc, PropType::integer});
}

}  // namespace

Platform::Platform(const sc_core::sc_module_name& name, Topology topology)
    : sc_core::sc_module(name), topology_(std::move(topology)), router_("router") {
    for (const DeviceConfig& original : topology_.devices) {
        const ModelInfo* info = ModelRegistry::instance().find(original.model);
        if (!info) throw ConfigError(original.loc, original.name, "unknown model '" + original.model + "'");
        DeviceConfig cfg = original;
        inherit_machine_properties(topology_, *info, cfg);
        std::unique_ptr<Device> dev = info->create(cfg.name.c_str(), cfg);
        for (unsigned i = 0; i < cfg.regions.size(); ++i) {
            const RegionConfig& r = cfg.regions[i];
            router_.map(r.base, r.size, dev->target_socket(i), cfg.name + "." + r.name);
        }
        if (info->interrupt_controller && !interrupt_controller_) interrupt_controller_ = dev.get();
        devices_.push_back(std::move(dev));
    }
    wire_interrupts();
}

Platform::~Platform() = default;

void Platform::wire_interrupts() {
    for (auto& dev : devices_) {
        const DeviceConfig& cfg = dev->config();
        for (unsigned i = 0; i < cfg.interrupts.size(); ++i) {
            IrqOut* out = dev->irq_output(i);
            if (!out) continue;
            if (!interrupt_controller_ || !interrupt_controller_->irq_sink())
                throw ConfigError(cfg.loc, cfg.name + ".interrupts",
                                  "the topology has no interrupt controller to take this line");
            out->bind(*interrupt_controller_->irq_sink(), cfg.interrupts[i]);
        }
    }
}

Device* Platform::device(const std::string& name) const {
    for (auto& d : devices_)
        if (d->config().name == name) return d.get();
    return nullptr;
}

Device* Platform::stdout_device() const {
    if (!topology_.stdout_device.empty()) return device(topology_.stdout_device);
    for (auto& d : devices_)
        if (d->config().model == "pl011") return d.get();
    return nullptr;
}

std::vector<uint8_t> Platform::dtb(const std::string& bootargs, uint64_t initrd_start, uint64_t initrd_end) const {
    std::vector<uint8_t> base;
    if (!topology_.boot.dtb.empty()) {
        std::ifstream in(topology_.boot.dtb, std::ios::binary);
        if (!in) throw ConfigError(topology_.boot.loc, "boot.dtb", "cannot read '" + topology_.boot.dtb + "'");
        base.assign(std::istreambuf_iterator<char>(in), {});
    } else {
        std::vector<const Device*> devs;
        for (auto& d : devices_) devs.push_back(d.get());
        base = generate_dtb(topology_, devs);
    }
    return finalize_dtb(base, DtbChosen{bootargs, initrd_start, initrd_end}, stdout_device());
}

}  // namespace vp
