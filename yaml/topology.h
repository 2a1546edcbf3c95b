// The machine as one YAML file describes it, validated against the schema (schema.cpp)
// and the model registry. Every error names file, line, column and key.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "platform/core/device_config.h"
#include "platform/core/error.h"

namespace vp {

struct CpuConfig {
    unsigned count = 1;
    std::string model = "cortex-a57";
    double clock_hz = 1e9;
    SourceLoc loc;
};

struct BootConfig {
    std::string kernel;  // paths as given, resolved relative to the working directory
    std::string initrd;
    std::string append;
    std::string dtb;  // when set: use this DTB file instead of generating one
    SourceLoc loc;
};

struct Topology {
    std::string file;  // the YAML file it was loaded from
    std::string machine_name = "virt";
    std::string machine_model = "linux,dummy-virt";
    std::vector<std::string> compatible = {"linux,dummy-virt"};
    CpuConfig cpus;
    // memory: entries (model "ram" unless given) and devices: entries, in file order.
    std::vector<DeviceConfig> devices;
    BootConfig boot;
    uint64_t quantum_ps = 10'000'000;  // 10 us (see docs/ARCHITECTURE.md, "Time")
    std::string stdout_device;         // instance that /chosen/stdout-path names ("" = first serial)

    const DeviceConfig* find_device(const std::string& name) const;
};

// A command-line override: `-s path.to.key=value` or a short form (-m, -smp, ...).
struct Override {
    std::string path;   // dotted path, e.g. "devices.uart0.backend", "memory.ram.size"
    std::string value;  // YAML scalar text; "[...]"/"{...}" parsed as YAML flow
    std::string origin; // what the user typed, for error messages ("-m 2G")
};

// Parses "-s" text "a.b.c=value". Throws ConfigError on a missing '='.
Override parse_override(const std::string& text);

// Loads, applies overrides, validates. Throws ConfigError (file:line:col: 'key': message).
Topology load_topology(const std::string& path, const std::vector<Override>& overrides = {});
// Same from YAML text already in memory; `file` is the name used in messages.
Topology load_topology_text(const std::string& text, const std::string& file,
                            const std::vector<Override>& overrides = {});

}  // namespace vp
