#include "platform/checkpoint.h"

#include <set>

#include <fmt/format.h>

#include "core/model_registry.h"
#include "iss/systemc/cpu_module.h"
#include "iss/systemc/cpu_state_io.h"
#include "models/timer/arch_timer.h"
#include "models/timer/system_counter.h"
#include "yaml/machine_digest.h"

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

namespace {

const CheckpointSection& section(const Checkpoint& ckpt, const std::string& name) {
    const CheckpointSection* s = ckpt.find(name);
    if (!s) throw CheckpointError(fmt::format("checkpoint: no section '{}'", name));
    return *s;
}

// Every saved device has its section and every device section names one of them.
void check_device_sections(const Platform& platform, const Checkpoint& ckpt) {
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
}

void load_device(Device& d, const Checkpoint& ckpt) {
    StateReader r(section_name(d), section(ckpt, section_name(d)).data);
    d.load_state(r);
}

// The devices but the interrupt controller: devices re-drive their lines as they load (an
// edge-triggered line would latch in the controller), and its own saved state, loaded last,
// replaces what they drove.
void load_devices_but_controller(Platform& platform, const Checkpoint& ckpt) {
    Device* controller = platform.interrupt_controller();
    for (const auto& d : platform.devices())
        if (d.get() != controller && support_of(*d) == CheckpointSupport::saved) load_device(*d, ckpt);
}

void load_controller(Platform& platform, const Checkpoint& ckpt) {
    Device* controller = platform.interrupt_controller();
    if (controller && support_of(*controller) == CheckpointSupport::saved) load_device(*controller, ckpt);
}

template <class Save>
CheckpointSection make_section(std::string name, Save save) {
    StateWriter w;
    save(w);
    return {std::move(name), w.take()};
}

}  // namespace

void load_devices(Platform& platform, const Checkpoint& ckpt) {
    check_device_sections(platform, ckpt);
    load_devices_but_controller(platform, ckpt);
    load_controller(platform, ckpt);
}

Checkpoint capture_machine(const Platform& platform) {
    Checkpoint ckpt;
    ckpt.vp_version = vp_version();
    ckpt.topology_digest = machine_digest(platform.topology());
    ckpt.resolution_ps = static_cast<uint64_t>(sc_core::sc_get_time_resolution().to_seconds() * 1e12 + 0.5);
    ckpt.sim_time = sc_core::sc_time_stamp().value();
    ckpt.sections = save_devices(platform);
    if (const GenericCounter* own = platform.own_counter())
        ckpt.sections.push_back(make_section("counter", [&](StateWriter& w) { own->save(w); }));
    const auto cores = static_cast<unsigned>(platform.cpus().size());
    for (unsigned c = 0; c < cores; ++c) {
        ckpt.sections.push_back(
            make_section(fmt::format("timer {}", c), [&](StateWriter& w) { platform.timer(c).save(w); }));
        ckpt.sections.push_back(make_section(fmt::format("cpu {}", c),
                                             [&](StateWriter& w) { platform.cpus()[c]->save_state(w); }));
    }
    ckpt.sections.push_back(
        make_section("monitor", [&](StateWriter& w) { save_monitor(w, platform.monitor(), cores); }));
    return ckpt;
}

void load_machine(Platform& platform, const Checkpoint& ckpt) {
    check_device_sections(platform, ckpt);
    const auto cores = static_cast<unsigned>(platform.cpus().size());
    if (platform.own_counter()) section(ckpt, "counter");
    for (unsigned c = 0; c < cores; ++c) {
        section(ckpt, fmt::format("timer {}", c));
        section(ckpt, fmt::format("cpu {}", c));
    }
    section(ckpt, "monitor");

    load_devices_but_controller(platform, ckpt);
    if (GenericCounter* own = platform.own_counter()) {
        StateReader r("counter", section(ckpt, "counter").data);
        own->load(r, sc_core::sc_time_stamp());
        r.expect_end();
    }
    for (unsigned c = 0; c < cores; ++c) {
        const std::string timer = fmt::format("timer {}", c), cpu = fmt::format("cpu {}", c);
        StateReader rt(timer, section(ckpt, timer).data);
        platform.timer(c).load(rt);
        StateReader rc(cpu, section(ckpt, cpu).data);
        platform.cpus()[c]->load_state(rc);
    }
    StateReader rm("monitor", section(ckpt, "monitor").data);
    load_monitor(rm, platform.monitor(), cores);
    load_controller(platform, ckpt);
}

}  // namespace vp
