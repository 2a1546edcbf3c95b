// The one place that says what a topology file may contain.
#include "yaml/schema.h"

#include <fmt/format.h>

#include "core/units.h"
#include "yaml/context.h"
#include "yaml/topology.h"

namespace vp::schema {

namespace {

// The table. Order = the order of `schema_help()` and of suggestions.
const std::vector<Key> kKeys = {
    {"machine", Type::map, false, "the machine as the device tree root names it"},
    {"machine.name", Type::string, false, "short machine name (default virt)"},
    {"machine.model", Type::string, false, "device tree root `model` (default linux,dummy-virt)"},
    {"machine.compatible", Type::strings, false,
     "device tree root `compatible`: a string or a list (default [linux,dummy-virt])"},

    {"cpus", Type::map, false, "the application processors"},
    {"cpus.count", Type::integer, false, "number of cores, 1..64 (default 1; -smp N)"},
    {"cpus.model", Type::string, false, "CPU model: cortex-a53, cortex-a57 (default) or cortex-a72"},
    {"cpus.clock", Type::frequency, false, "core clock, e.g. 1GHz (default 1GHz)"},
    {"cpus.engine", Type::string, false,
     "execution tier: jit (x86-64 host code, default) or interp (the reference interpreter)"},
    {"cpus.code_buffer", Type::size, false,
     "host-code buffer of each core for cpus.engine=jit, 64K..4G (default 64M); when full, every "
     "block's host code is dropped and compiled again"},
    {"cpus.exception_cycles", Type::integer, false,
     "cycles an exception entry and an ERET each take, 1..10000 (default: the model's pipeline depth, "
     "8 on cortex-a53, 15 on cortex-a57 and cortex-a72)"},

    {"quantum", Type::time, false, "global TLM quantum, e.g. 10us (default 10us)"},
    {"stdout", Type::string, false,
     "device instance /chosen/stdout-path names (default: the first serial device)"},

    {"memory", Type::instances, false, "memory regions: instance name -> entry; model defaults to ram"},
    {"memory.*", Type::entry, false, "one memory region; other keys are properties of its model"},
    {"memory.*.model", Type::string, false, "registered model name (default ram)"},
    {"memory.*.base", Type::address, true, "physical base address"},
    {"memory.*.size", Type::size, false, "size, e.g. 4G (-m SIZE sets the first entry's)"},

    {"devices", Type::instances, false, "devices: instance name -> entry, in address-map order of the file"},
    {"devices.*", Type::entry, false, "one device; other keys are properties of its model"},
    {"devices.*.model", Type::string, true, "registered model name (vp --list-models)"},
    {"devices.*.base", Type::address, false,
     "physical base address (required when the model has memory-mapped regions)"},
    {"devices.*.size", Type::size, false,
     "size of a single-region model's region (default: the model's default size)"},
    {"devices.*.interrupts", Type::integers, false,
     "GIC INTIDs (SPI n = 32 + n), one per interrupt output of the model, in its order"},

    {"boot", Type::map, false, "what to load (each also settable on the command line)"},
    {"boot.kernel", Type::path, false, "kernel: arm64 Image, gzip'd Image or ELF (-kernel)"},
    {"boot.initrd", Type::path, false, "initial ramdisk (-initrd)"},
    {"boot.append", Type::string, false, "kernel command line, /chosen/bootargs (-append)"},
    {"boot.bootargs", Type::string, false, "same as boot.append", "boot.append"},
    {"boot.dtb", Type::path, false, "use this device tree blob instead of generating one (-dtb)"},
};

std::string parent_of(const std::string& pattern) {
    auto dot = pattern.rfind('.');
    return dot == std::string::npos ? std::string() : pattern.substr(0, dot);
}

}  // namespace

const std::vector<Key>& keys() {
    return kKeys;
}

const Key* find(const std::string& pattern) {
    for (const Key& k : kKeys)
        if (k.path == pattern) return &k;
    return nullptr;
}

std::vector<const Key*> children(const std::string& pattern) {
    std::vector<const Key*> out;
    for (const Key& k : kKeys)
        if (parent_of(k.path) == pattern) out.push_back(&k);
    return out;
}

const char* type_name(Type t) {
    switch (t) {
        case Type::map: return "map";
        case Type::instances: return "map of instances";
        case Type::entry: return "map";
        case Type::string: return "string";
        case Type::strings: return "string or list of strings";
        case Type::integer: return "integer";
        case Type::address: return "address";
        case Type::size: return "size";
        case Type::time: return "time";
        case Type::frequency: return "frequency";
        case Type::path: return "path";
        case Type::integers: return "integer or list of integers";
    }
    return "?";
}

std::string check_scalar(Type t, const std::string& text) {
    switch (t) {
        case Type::integer:
        case Type::integers:
            if (!units::parse_uint(text))
                return "expected an integer (decimal or 0x-hex), got '" + text + "'";
            break;
        case Type::address:
            if (!yamlx::parse_size(text)) return "expected an address such as 0x40000000, got '" + text + "'";
            break;
        case Type::size:
            if (!yamlx::parse_size(text))
                return "expected a size such as 4096, 0x1000, 64K or 2G, got '" + text + "'";
            break;
        case Type::time:
            if (!units::parse_time_ps(text)) return "expected a time such as 10us or 1ms, got '" + text + "'";
            break;
        case Type::frequency:
            if (!units::parse_frequency(text))
                return "expected a frequency such as 1GHz or 24MHz, got '" + text + "'";
            break;
        default: break;
    }
    return {};
}

bool is_reserved_entry_key(const std::string& key) {
    return key == "model" || key == "base" || key == "size" || key == "interrupts";
}

}  // namespace vp::schema

namespace vp {

std::string schema_help() {
    std::string s =
        "Topology file keys (a '*' is an instance name of your choice; in memory:/devices: entries\n"
        "every other key is a property of the entry's model, see vp --describe-model NAME):\n";
    for (const schema::Key& k : schema::keys())
        s += fmt::format("  {:<22} {:<28} {}{}\n", k.path, schema::type_name(k.type), k.doc,
                         k.required ? " (required)" : "");
    s += "Numbers: decimal or 0x-hex, '_' separators allowed; sizes take K/M/G/T (binary) suffixes.\n"
         "Relative paths in the file are relative to the file's directory.\n";
    return s;
}

}  // namespace vp
