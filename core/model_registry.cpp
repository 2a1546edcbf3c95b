#include "core/model_registry.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>

namespace vp {

const char* role_name(Role role) {
    switch (role) {
        case Role::ram: return "RAM (the guest is loaded into it)";
        case Role::boot_rom: return "boot ROM (holds the boot stub)";
        case Role::console: return "console (a serial port `stdout:` may name)";
        case Role::interrupt_controller:
            return "interrupt controller (accepts other devices' interrupt lines)";
        case Role::system_counter: return "system counter (the count of every core's generic timer)";
        case Role::power_button:
            return "power button (pressed by SIGTERM or Ctrl-A p for a graceful shutdown)";
    }
    return "?";
}

const PropertySpec* ModelInfo::find_prop(const std::string& prop) const {
    for (const auto& p : props)
        if (p.name == prop) return &p;
    return nullptr;
}

ModelRegistry& ModelRegistry::instance() {
    static ModelRegistry registry;
    return registry;
}

void ModelRegistry::add(ModelInfo info) {
    if (find(info.name)) {
        std::fprintf(stderr, "vp: model '%s' registered twice\n", info.name.c_str());
        std::abort();
    }
    // Every TLM target takes read/write latency annotations: models that do not declare them
    // get them here, applied by the router on the model's regions.
    if (!info.regions.empty() && !info.find_prop("read_latency") && !info.find_prop("write_latency")) {
        info.props.push_back(
            {"read_latency", PropType::time, info.access_latency, "added to each read's annotated delay"});
        info.props.push_back(
            {"write_latency", PropType::time, info.access_latency, "added to each write's annotated delay"});
        info.router_latency = true;
    }
    if (!info.find_prop("log"))
        info.props.push_back(
            {.name = "log",
             .type = PropType::string,
             .default_value = "error",
             .doc =
                 "this device's log level: error, warn (+ guest errors), info, debug (+ register accesses)",
             .host_side = true});
    models_.push_back(std::move(info));
}

const ModelInfo* ModelRegistry::find(const std::string& name) const {
    for (const auto& m : models_)
        if (m.name == name) return &m;
    return nullptr;
}

std::vector<const ModelInfo*> ModelRegistry::all() const {
    std::vector<const ModelInfo*> out;
    for (const auto& m : models_) out.push_back(&m);
    std::sort(out.begin(), out.end(), [](auto* a, auto* b) { return a->name < b->name; });
    return out;
}

std::string ModelRegistry::list_text() const {
    std::string s = "Models (use as `model:` in a topology; --describe-model NAME for details):\n";
    for (const ModelInfo* m : all()) s += fmt::format("  {:<16} {}\n", m->name, m->doc);
    return s;
}

std::string ModelRegistry::describe(const std::string& name) const {
    const ModelInfo* m = find(name);
    if (!m) return {};
    std::string s = fmt::format("{}: {}\n", m->name, m->doc);
    if (!m->regions.empty()) {
        s += "  regions:\n";
        for (const auto& r : m->regions)
            s += fmt::format("    {:<12} base+{:#x}, default size {:#x}\n", r.name, r.offset, r.default_size);
    }
    if (!m->irqs.empty()) {
        s += "  interrupt outputs (YAML `interrupts:` list, GIC INTIDs, in this order):\n";
        for (const auto& i : m->irqs) s += fmt::format("    {}\n", i);
    }
    for (Role r : {Role::ram, Role::boot_rom, Role::console, Role::interrupt_controller, Role::system_counter,
                   Role::power_button})
        if (m->has(r)) s += fmt::format("  role: {}\n", role_name(r));
    if (!m->props.empty()) {
        s += "  properties:\n";
        for (const auto& p : m->props)
            s += fmt::format("    {:<16} {:<9} default {:<12} {}{}\n", p.name, prop_type_name(p.type),
                             p.default_value.empty() ? "-" : p.default_value, p.doc,
                             p.required ? " (required)" : "");
    }
    return s;
}

}  // namespace vp
