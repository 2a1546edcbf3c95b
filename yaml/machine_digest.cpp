#include "yaml/machine_digest.h"

#include "core/checkpoint_file.h"
#include "core/model_registry.h"

namespace vp {

std::string machine_digest(const Topology& topology) {
    Topology machine = topology;
    machine.file.clear();
    machine.boot = BootConfig{};
    for (DeviceConfig& d : machine.devices) {
        const ModelInfo* info = ModelRegistry::instance().find(d.model);
        if (!info) continue;  // a validated topology names registered models only
        for (const PropertySpec& spec : info->props)
            if (spec.host_side) d.props.erase(spec.name);
    }
    return topology_digest(dump_topology(machine));
}

}  // namespace vp
