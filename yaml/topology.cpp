// Topology queries and the YAML dump of an effective topology.
#include "yaml/topology.h"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <cmath>

#include "core/model_registry.h"

namespace vp {

const DeviceConfig* Topology::find_device(const std::string& name) const {
    for (const DeviceConfig& d : devices)
        if (d.name == name) return &d;
    return nullptr;
}

std::string unknown_cpu_model(const std::string& name) {
    return "unknown CPU model '" + name + "'; vp models " + iss::cpu_model_names();
}

const iss::CpuModel& cpu_model(const CpuConfig& cpus) {
    if (const iss::CpuModel* m = iss::find_cpu_model(cpus.model)) return *m;
    throw ConfigError(cpus.loc, "cpus.model", unknown_cpu_model(cpus.model));
}

namespace {

std::string hex(uint64_t v) {
    return fmt::format("{:#x}", v);
}

std::string time_text(uint64_t ps) {
    static constexpr std::pair<const char*, uint64_t> units[] = {
        {"s", 1'000'000'000'000}, {"ms", 1'000'000'000}, {"us", 1'000'000}, {"ns", 1'000}};
    for (auto [name, scale] : units)
        if (ps != 0 && ps % scale == 0) return fmt::format("{}{}", ps / scale, name);
    return fmt::format("{}ps", ps);
}

std::string frequency_text(double hz) {
    static constexpr std::pair<const char*, double> units[] = {{"GHz", 1e9}, {"MHz", 1e6}, {"kHz", 1e3}};
    for (auto [name, scale] : units) {
        double v = hz / scale;
        if (v >= 1 && v * 1000 == std::floor(v * 1000)) return fmt::format("{}{}", v, name);
    }
    return fmt::format("{}Hz", hz);
}

void emit_entry(YAML::Emitter& out, const DeviceConfig& d, bool memory) {
    out << YAML::Key << d.name << YAML::Value << YAML::BeginMap;
    if (!memory || d.model != "ram") out << YAML::Key << "model" << YAML::Value << d.model;
    const ModelInfo* info = ModelRegistry::instance().find(d.model);
    if (!d.regions.empty()) {
        uint64_t offset = info && !info->regions.empty() ? info->regions[0].offset : 0;
        out << YAML::Key << "base" << YAML::Value << hex(d.regions[0].base - offset);
        if (d.regions.size() == 1) out << YAML::Key << "size" << YAML::Value << hex(d.regions[0].size);
    }
    if (!d.interrupts.empty()) {
        out << YAML::Key << "interrupts" << YAML::Value << YAML::Flow << YAML::BeginSeq;
        for (unsigned id : d.interrupts) out << id;
        out << YAML::EndSeq;
    }
    for (const auto& [name, v] : d.props.all()) out << YAML::Key << name << YAML::Value << v.raw;
    out << YAML::EndMap;
}

}  // namespace

std::string dump_topology(const Topology& t) {
    YAML::Emitter out;
    out << YAML::BeginMap;
    out << YAML::Key << "machine" << YAML::Value << YAML::BeginMap;
    out << YAML::Key << "name" << YAML::Value << t.machine_name;
    out << YAML::Key << "model" << YAML::Value << t.machine_model;
    out << YAML::Key << "compatible" << YAML::Value << YAML::Flow << t.compatible;
    out << YAML::EndMap;
    out << YAML::Key << "cpus" << YAML::Value << YAML::BeginMap;
    out << YAML::Key << "count" << YAML::Value << t.cpus.count;
    out << YAML::Key << "model" << YAML::Value << t.cpus.model;
    out << YAML::Key << "clock" << YAML::Value << frequency_text(t.cpus.clock_hz);
    out << YAML::Key << "engine" << YAML::Value << t.cpus.engine;
    out << YAML::Key << "code_buffer" << YAML::Value << t.cpus.code_buffer;
    out << YAML::Key << "exception_cycles" << YAML::Value
        << (t.cpus.exception_cycles ? t.cpus.exception_cycles : cpu_model(t.cpus).exception_cycles);
    out << YAML::EndMap;
    out << YAML::Key << "quantum" << YAML::Value << time_text(t.quantum_ps);
    if (!t.stdout_device.empty()) out << YAML::Key << "stdout" << YAML::Value << t.stdout_device;
    const size_t memory_count = std::min(t.memory_count, t.devices.size());
    if (memory_count > 0) {
        out << YAML::Key << "memory" << YAML::Value << YAML::BeginMap;
        for (size_t i = 0; i < memory_count; ++i) emit_entry(out, t.devices[i], true);
        out << YAML::EndMap;
    }
    if (t.devices.size() > memory_count) {
        out << YAML::Key << "devices" << YAML::Value << YAML::BeginMap;
        for (size_t i = memory_count; i < t.devices.size(); ++i) emit_entry(out, t.devices[i], false);
        out << YAML::EndMap;
    }
    const BootConfig& b = t.boot;
    if (!b.kernel.empty() || !b.initrd.empty() || !b.append.empty() || !b.dtb.empty()) {
        out << YAML::Key << "boot" << YAML::Value << YAML::BeginMap;
        if (!b.kernel.empty()) out << YAML::Key << "kernel" << YAML::Value << b.kernel;
        if (!b.initrd.empty()) out << YAML::Key << "initrd" << YAML::Value << b.initrd;
        if (!b.append.empty()) out << YAML::Key << "append" << YAML::Value << b.append;
        if (!b.dtb.empty()) out << YAML::Key << "dtb" << YAML::Value << b.dtb;
        out << YAML::EndMap;
    }
    out << YAML::EndMap;
    return std::string(out.c_str()) + "\n";
}

}  // namespace vp
