// The machine as one YAML file describes it, validated against the schema (schema.cpp)
// and the model registry. Every error names file, line, column and key.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/device_config.h"
#include "core/error.h"
#include "iss/core/cpu_models.h"

namespace vp {

struct CpuConfig {
    unsigned count = 1;
    std::string model = "cortex-a57";  // a name in iss::cpu_models()
    double clock_hz = 1e9;
    unsigned exception_cycles = 0;       // cpus.exception_cycles; 0: the model's (iss::CpuModel)
    std::string engine = "jit";          // cpus.engine: interp or jit
    uint64_t code_buffer = 64ull << 20;  // cpus.code_buffer: host-code bytes per core (jit)
    SourceLoc loc;
};

// The core `cpus.model` names; a ConfigError naming cpus.model and the supported models when vp
// does not model it.
const iss::CpuModel& cpu_model(const CpuConfig& cpus);
std::string unknown_cpu_model(const std::string& name);  // the message

// Boot paths are stored resolved: a relative path written in the YAML file is taken relative
// to the file's directory, a relative path from the command line (-kernel, -s boot.kernel=...)
// relative to the working directory; either way the stored string opens from the working
// directory. Every path given must exist.
struct BootConfig {
    std::string kernel;
    std::string initrd;
    std::string append;
    std::string dtb;                            // when set: use this DTB file instead of generating one
    SourceLoc loc;                              // of the boot: map
    SourceLoc kernel_loc, initrd_loc, dtb_loc;  // of each path given (for errors in its file)
};

struct Topology {
    std::string file;  // the YAML file it was loaded from
    std::string machine_name = "virt";
    std::string machine_model = "linux,dummy-virt";
    std::vector<std::string> compatible = {"linux,dummy-virt"};
    CpuConfig cpus;
    // memory: entries (model "ram" unless given) and devices: entries, in file order.
    std::vector<DeviceConfig> devices;
    size_t memory_count = 0;  // devices[0, memory_count) came from memory:, the rest from devices:
    BootConfig boot;
    uint64_t quantum_ps = 10'000'000;  // 10 us (see docs/ARCHITECTURE.md, "Time")
    std::string stdout_device;         // instance that /chosen/stdout-path names ("" = first serial)

    // nullptr when no memory:/devices: entry has that instance name.
    const DeviceConfig* find_device(const std::string& name) const;
};

// A command-line override: `-s path.to.key=value` or a short form (-m, -smp, ...).
struct Override {
    std::string path;    // dotted path, e.g. "devices.uart0.backend", "memory.ram.size"
    std::string value;   // YAML scalar text; "[...]"/"{...}" parsed as YAML flow
    std::string origin;  // what the user typed, for error messages ("-m 2G")
};

// Override paths may use two markers as a key segment, resolved against the tree when the
// override is applied (after the file and the earlier overrides):
//   "@first"       the first entry of that map       ("memory.@first.size")
//   "@model=NAME"  the first entry whose model: is NAME ("devices.@model=pl011.backend")
// Missing keys along the path are created, so an override may add a device
// ("-s devices.uart1.model=pl011" plus base/interrupts). A value is one YAML scalar taken
// verbatim, unless it starts with '[', '{' or a quote: then it is read as YAML (flow list or
// map, quoted scalar). Path-typed values from overrides are relative to the working directory.

// Parses "-s" text "a.b.c=value" (origin "-s a.b.c=value"). Throws ConfigError on a missing '='.
Override parse_override(const std::string& text);

// QEMU-style short options as overrides; `option` with or without the leading '-':
//   -m SIZE     memory.@first.size  (a bare number is MiB as in QEMU; "4G,slots=.." / "size=4G" ok)
//   -smp N      cpus.count          ("N,sockets=.." / "cpus=N" ok)
//   -kernel F   boot.kernel     -initrd F  boot.initrd     -append S  boot.append    -dtb F  boot.dtb
//   -serial S   devices.@model=pl011.backend (the first PL011's backend)
// Throws ConfigError for an option not in this list.
std::vector<Override> short_form_override(const std::string& option, const std::string& value);
// The options short_form_override accepts, with their '-'.
std::vector<std::string> short_form_options();

// Every topology key with its type and meaning, for `vp --help-topology`.
std::string schema_help();

// The effective topology (after overrides and defaults) as YAML text that loads back to the
// same Topology (`vp --dump-config`). Paths are written as stored (resolved).
std::string dump_topology(const Topology& t);

// Loads, applies overrides, validates. Throws ConfigError (file:line:col: 'key': message).
Topology load_topology(const std::string& path, const std::vector<Override>& overrides = {});
// Same from YAML text already in memory; `file` is the name used in messages, and relative
// paths in the text are taken relative to its directory (none: the working directory).
Topology load_topology_text(const std::string& text, const std::string& file,
                            const std::vector<Override>& overrides = {});

}  // namespace vp
