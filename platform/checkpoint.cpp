#include "platform/checkpoint.h"

#include <set>

#include <fmt/format.h>

#include "core/model_registry.h"

namespace vp {

namespace {

CheckpointSupport support_of(const Device& d) {
    const ModelInfo* info = ModelRegistry::instance().find(d.config().model);
    return info ? info->checkpoint : CheckpointSupport::undeclared;
}

std::string section_name(const Device& d) {
    return "device " + d.config().name;
}

}  // namespace

std::vector<std::string> checkpoint_refusals(const Platform& platform) {
    std::vector<std::string> lines;
    for (const auto& d : platform.devices()) {
        const ModelInfo* info = ModelRegistry::instance().find(d->config().model);
        const auto& name = d->config().name;
        const auto& model = d->config().model;
        if (!info || info->checkpoint == CheckpointSupport::undeclared)
            lines.push_back(
                fmt::format("device '{}' ({}): its model does not declare its state", name, model));
        else if (info->checkpoint == CheckpointSupport::refused)
            lines.push_back(fmt::format("device '{}' ({}): {}", name, model, info->checkpoint_refusal));
    }
    return lines;
}

std::vector<CheckpointSection> save_devices(const Platform& platform) {
    auto refusals = checkpoint_refusals(platform);
    if (!refusals.empty())
        throw CheckpointError(fmt::format("checkpoint refused:\n  {}", fmt::join(refusals, "\n  ")));
    std::vector<CheckpointSection> sections;
    for (const auto& d : platform.devices()) {
        if (support_of(*d) != CheckpointSupport::saved) continue;
        StateWriter w;
        d->save_state(w);
        sections.push_back({section_name(*d), w.take()});
    }
    return sections;
}

void load_devices(Platform& platform, const Checkpoint& ckpt) {
    std::set<std::string> expected;
    for (const auto& d : platform.devices()) {
        if (support_of(*d) != CheckpointSupport::saved) continue;
        if (!ckpt.find(section_name(*d)))
            throw CheckpointError(fmt::format("checkpoint: no state for device '{}'", d->config().name));
        expected.insert(section_name(*d));
    }
    for (const auto& s : ckpt.sections)
        if (s.name.starts_with("device ") && !expected.contains(s.name))
            throw CheckpointError(fmt::format(
                "checkpoint: state for device '{}', which this machine does not have", s.name.substr(7)));
    // The interrupt controller last: devices re-drive their lines as they load (an edge-triggered
    // line would latch in the controller), and its own saved state then replaces what they drove.
    auto load = [&](Device& d) {
        const CheckpointSection* s = ckpt.find(section_name(d));
        StateReader r(section_name(d), s->data);
        d.load_state(r);
    };
    Device* controller = platform.interrupt_controller();
    for (const auto& d : platform.devices())
        if (d.get() != controller && support_of(*d) == CheckpointSupport::saved) load(*d);
    if (controller && support_of(*controller) == CheckpointSupport::saved) load(*controller);
}

}  // namespace vp
