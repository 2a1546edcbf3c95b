// Loading a topology: read the YAML, apply overrides, validate against the schema, then
// build DeviceConfigs against the model registry and check the machine as a whole.
#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "core/model_registry.h"
#include "core/units.h"
#include "yaml/context.h"
#include "yaml/overrides.h"
#include "yaml/schema.h"
#include "yaml/topology.h"
#include "yaml/validate.h"

namespace vp {

namespace {

using namespace yamlx;

constexpr unsigned kMaxCpus = 64;
// GIC architecture (IHI 0048B 2.2.1): INTIDs 0-15 are SGIs, 16-31 PPIs, 32-1019 SPIs. SGIs
// and PPIs are private to each core (software, the core's generic timer, the GIC's own
// maintenance interrupt); a device on the bus signals an SPI.
constexpr unsigned kFirstPpi = 16;
constexpr unsigned kFirstSpi = 32;
constexpr unsigned kLastSpiIntid = 1019;

// One entry of memory:/devices: being built, with the nodes later checks point at.
struct Entry {
    DeviceConfig cfg;
    const ModelInfo* info = nullptr;
    std::string path;  // "devices.uart0"
    YAML::Node key;    // the instance-name key
    YAML::Node base;   // base: (undefined when absent)
    YAML::Node size;   // size: (undefined when absent)
    std::vector<YAML::Node> irq_items;
};

uint64_t size_of(const YAML::Node& n) {
    return *yamlx::parse_size(n.Scalar());
}

std::string str(const YAML::Node& n) {
    return n.IsScalar() ? n.Scalar() : std::string();
}

std::string range(const RegionConfig& r) {
    return fmt::format("[{:#x}, {:#x})", r.base, r.base + r.size);
}

const ModelInfo& find_model(const Context& cx, const YAML::Node& model_node, const YAML::Node& key,
                            const YAML::Node& entry, const std::string& model, const std::string& path) {
    if (const ModelInfo* info = ModelRegistry::instance().find(model)) return *info;
    std::vector<std::string> names;
    for (const ModelInfo* m : ModelRegistry::instance().all()) names.push_back(m->name);
    std::string msg = "unknown model '" + model + "'" + did_you_mean(model, names) +
                      "; registered models: " + (names.empty() ? std::string("none") : join(names));
    if (model_node.IsDefined()) cx.fail(model_node, path + ".model", msg);
    cx.fail_key(key, entry, path + ".model", msg);
}

void build_props(const Context& cx, const YAML::Node& e, Entry& out) {
    const ModelInfo& info = *out.info;
    for (const auto& kv : e) {
        const std::string k = kv.first.Scalar();
        if (schema::is_reserved_entry_key(k)) continue;
        const std::string key_path = dotted(out.path, k);
        const PropertySpec* spec = info.find_prop(k);
        if (!spec) {
            std::vector<std::string> cands = {"model", "base", "size", "interrupts"};
            std::vector<std::string> props;
            for (const auto& p : info.props) props.push_back(p.name);
            cands.insert(cands.end(), props.begin(), props.end());
            cx.fail_key(kv.first, kv.second, key_path,
                        "unknown key '" + k + "': not a property of model '" + info.name + "'" +
                            did_you_mean(k, cands) +
                            "; its properties: " + (props.empty() ? std::string("none") : join(props)) +
                            " (other keys: model, base, size, interrupts)");
        }
        const YAML::Node& v = kv.second;
        if (v.IsMap() || v.IsSequence())
            cx.fail(v, key_path,
                    std::string("expected one ") + prop_type_name(spec->type) + " value, got " + describe(v));
        std::string raw = str(v);
        if (spec->type == PropType::path) raw = cx.resolve_path(v, raw);
        std::string err = check_property(*spec, raw);
        if (!err.empty()) cx.fail(v, key_path, err);
        out.cfg.props.set(k, PropertyValues::Value{raw, cx.loc(v), spec->type});
    }
    for (const auto& p : info.props)
        if (p.required && !out.cfg.props.has(p.name))
            cx.fail_key(out.key, e, dotted(out.path, p.name),
                        "model '" + info.name + "' requires property '" + p.name + "' (" + p.doc + ")");
    apply_defaults(info.props, out.cfg.props);
}

void build_regions(const Context& cx, const YAML::Node& e, Entry& out) {
    const ModelInfo& info = *out.info;
    YAML::Node size_n = child(e, "size");
    out.size = size_n;
    if (info.regions.empty()) {
        if (out.base.IsDefined())
            cx.fail(out.base, out.path + ".base", "model '" + info.name + "' has no memory-mapped regions");
        if (size_n.IsDefined())
            cx.fail(size_n, out.path + ".size", "model '" + info.name + "' has no memory-mapped regions");
        return;
    }
    if (!out.base.IsDefined())
        cx.fail_key(out.key, e, out.path + ".base",
                    "missing required key 'base' (model '" + info.name + "' has memory-mapped regions)");
    if (size_n.IsDefined() && info.regions.size() > 1) {
        std::vector<std::string> names;
        for (const auto& r : info.regions) names.push_back(r.name);
        cx.fail(size_n, out.path + ".size",
                fmt::format(
                    "model '{}' has {} regions ({}) of fixed size; 'size' applies to single-region models",
                    info.name, info.regions.size(), join(names)));
    }
    const uint64_t base = size_of(out.base);
    for (const RegionSpec& r : info.regions) {
        const uint64_t size = size_n.IsDefined() ? size_of(size_n) : r.default_size;
        if (size == 0) {
            if (size_n.IsDefined()) cx.fail(size_n, out.path + ".size", "a region cannot have size zero");
            cx.fail_key(
                out.key, e, out.path + ".size",
                "missing 'size': model '" + info.name + "' has no default size for region '" + r.name + "'");
        }
        // The region [start, start + size) must end at or below 2^64 - 1 (its end must be representable).
        if (r.offset > UINT64_MAX - base || size > UINT64_MAX - (base + r.offset)) {
            // Point at the size unless there is none or the base came from the command line.
            bool at_size = size_n.IsDefined() && !(cx.override_of(out.base) && !cx.override_of(size_n));
            cx.fail(
                at_size ? size_n : out.base, out.path + (at_size ? ".size" : ".base"),
                fmt::format("region '{}' at {:#x} + {:#x} of size {:#x} overflows the 64-bit address space",
                            r.name, base, r.offset, size));
        }
        out.cfg.regions.push_back(RegionConfig{r.name, base + r.offset, size});
    }
}

void build_interrupts(const Context& cx, const YAML::Node& e, Entry& out) {
    const ModelInfo& info = *out.info;
    YAML::Node irq_n = child(e, "interrupts");
    const std::string key_path = out.path + ".interrupts";
    if (irq_n.IsDefined()) {
        if (irq_n.IsSequence())
            for (const auto& item : irq_n) out.irq_items.push_back(item);
        else
            out.irq_items.push_back(irq_n);
    }
    // An interrupt controller's own outputs (a GIC maintenance interrupt) may be PPIs.
    const unsigned first = info.has(Role::interrupt_controller) ? kFirstPpi : kFirstSpi;
    for (const auto& item : out.irq_items) {
        uint64_t id = *units::parse_uint(item.Scalar());
        if (id > kLastSpiIntid)
            cx.fail(item, key_path,
                    fmt::format("INTID {} is not a peripheral interrupt: SPIs are INTID 32..1019 "
                                "(SPI n is INTID 32 + n)",
                                id));
        if (id < first)
            cx.fail(item, key_path,
                    fmt::format("INTID {} is {}, private to each core (SGIs 0..15 are software's, PPIs "
                                "16..31 the core's own: the generic timer takes 26, 27, 29 and 30); a "
                                "device's interrupt must be an SPI, INTID 32..1019 (SPI n is INTID 32 + n)",
                                id, id < kFirstPpi ? "an SGI" : "a PPI"));
        out.cfg.interrupts.push_back(static_cast<unsigned>(id));
    }
    if (out.cfg.interrupts.size() != info.irqs.size()) {
        std::string msg =
            info.irqs.empty()
                ? fmt::format("model '{}' has no interrupt outputs, got {} interrupt(s)", info.name,
                              out.cfg.interrupts.size())
                : fmt::format("model '{}' has {} interrupt output(s) ({}), so give {} INTID(s), got {}",
                              info.name, info.irqs.size(), join(info.irqs), info.irqs.size(),
                              out.cfg.interrupts.size());
        if (irq_n.IsDefined()) cx.fail(irq_n, key_path, msg);
        cx.fail_key(out.key, e, key_path, msg);
    }
}

Entry build_entry(const Context& cx, const YAML::Node& key, const YAML::Node& e, const std::string& section,
                  const std::string& default_model) {
    Entry out;
    out.cfg.name = key.Scalar();
    out.path = section + "." + out.cfg.name;
    out.key = key;
    out.cfg.loc = key.Mark().is_null() ? cx.loc(e) : cx.loc(key);
    YAML::Node model_n = child(e, "model");
    out.cfg.model = model_n.IsDefined() ? str(model_n) : default_model;
    out.info = &find_model(cx, model_n, key, e, out.cfg.model, out.path);
    out.base = child(e, "base");
    build_props(cx, e, out);  // first: a misspelt key ("sise") is the error to report
    build_regions(cx, e, out);
    build_interrupts(cx, e, out);
    return out;
}

// No two regions may overlap; report at the device given later.
void check_overlaps(const Context& cx, const std::vector<Entry>& entries) {
    struct Item {
        size_t dev, region;
    };
    std::vector<Item> items;
    for (size_t d = 0; d < entries.size(); ++d)
        for (size_t r = 0; r < entries[d].cfg.regions.size(); ++r) items.push_back({d, r});
    auto region = [&](const Item& i) -> const RegionConfig& { return entries[i.dev].cfg.regions[i.region]; };
    std::stable_sort(items.begin(), items.end(),
                     [&](const Item& a, const Item& b) { return region(a).base < region(b).base; });
    for (size_t i = 1; i < items.size(); ++i) {
        // Compare with the region reaching highest among those starting at or before this one.
        size_t widest = 0;
        for (size_t j = 0; j < i; ++j)
            if (region(items[j]).end() > region(items[widest]).end()) widest = j;
        if (region(items[i]).base >= region(items[widest]).end()) continue;
        Item a = items[widest], b = items[i];
        // Report at b: the one given later in the file, unless only the other one's placement
        // came from the command line (then the override is what the user has to fix).
        if (a.dev > b.dev) std::swap(a, b);
        auto overridden = [&](const Entry& e) { return cx.override_of(e.base) || cx.override_of(e.size); };
        bool swap_for_override = overridden(entries[a.dev]) && !overridden(entries[b.dev]);
        if (swap_for_override) std::swap(a, b);
        const Entry& first = entries[a.dev];
        const Entry& later = entries[b.dev];
        auto name = [](const Entry& e, const RegionConfig& r) {
            return e.cfg.regions.size() > 1 ? e.path + " (region '" + r.name + "')" : e.path;
        };
        const bool at_size = cx.override_of(later.size) && !cx.override_of(later.base);
        cx.fail(at_size ? later.size : later.base, later.path + (at_size ? ".size" : ".base"),
                fmt::format("{} {} overlaps {} {}", name(later, region(b)), range(region(b)),
                            name(first, region(a)), range(region(a))));
    }
}

// One device per interrupt line, unless both models allow sharing.
void check_interrupt_lines(const Context& cx, const std::vector<Entry>& entries) {
    std::map<unsigned, std::pair<size_t, size_t>> used;  // INTID -> (entry, output)
    for (size_t d = 0; d < entries.size(); ++d) {
        const Entry& e = entries[d];
        for (size_t i = 0; i < e.cfg.interrupts.size(); ++i) {
            unsigned id = e.cfg.interrupts[i];
            auto [it, fresh] = used.emplace(id, std::make_pair(d, i));
            if (fresh) continue;
            const Entry& other = entries[it->second.first];
            if (other.info->shared_irq && e.info->shared_irq) continue;
            if (it->second.first == d) continue;  // one device's outputs wired to one line
            cx.fail(e.irq_items[i], e.path + ".interrupts",
                    fmt::format("INTID {} (output '{}') is already used by {} (output '{}'); a line may be "
                                "shared only when both models allow it",
                                id, e.info->irqs[i], other.path, other.info->irqs[it->second.second]));
        }
    }
}

// Every device's interrupt within the lines the interrupt controller implements, as its
// model says for its properties (GICv2: num_irqs). The platform wires device lines to the
// first interrupt controller.
void check_interrupt_limits(const Context& cx, const std::vector<Entry>& entries) {
    auto ic = std::find_if(entries.begin(), entries.end(),
                           [](const Entry& e) { return e.info->has(Role::interrupt_controller); });
    if (ic == entries.end() || !ic->info->intid_limit) return;
    const unsigned limit = ic->info->intid_limit(ic->cfg.props);
    if (limit == 0) return;  // invalid properties: the controller's model reports them
    for (const Entry& e : entries) {
        if (&e == &*ic) continue;
        for (size_t i = 0; i < e.cfg.interrupts.size(); ++i)
            if (e.cfg.interrupts[i] >= limit)
                cx.fail(
                    e.irq_items[i], e.path + ".interrupts",
                    fmt::format("INTID {} is beyond the interrupt controller {} (model '{}'), which "
                                "implements {} interrupt lines (INTIDs 0..{}, SPIs 32..{})",
                                e.cfg.interrupts[i], ic->path, ic->info->name, limit, limit - 1, limit - 1));
    }
}

void build_section(const Context& cx, const YAML::Node& root, const std::string& section,
                   const std::string& default_model, std::vector<Entry>& entries) {
    YAML::Node map = child(root, section);
    if (!map.IsDefined() || !map.IsMap()) return;
    for (const auto& kv : map) {
        for (const Entry& e : entries)
            if (e.cfg.name == kv.first.Scalar())
                cx.fail_key(kv.first, kv.second, section + "." + kv.first.Scalar(),
                            "instance name '" + e.cfg.name + "' already used by " + e.path + " (at " +
                                e.cfg.loc.str() + ")");
        entries.push_back(build_entry(cx, kv.first, kv.second, section, default_model));
    }
}

std::string boot_path(const Context& cx, const YAML::Node& boot, const std::string& key, SourceLoc& loc) {
    YAML::Node n = child(boot, key);
    if (!n.IsDefined()) return {};
    std::string written = n.Scalar();
    std::string resolved = cx.resolve_path(n, written);
    if (resolved.empty()) return {};
    loc = cx.loc(n);
    std::string shown =
        "'" + written + "'" + (resolved != written ? " (resolved to '" + resolved + "')" : "");
    std::error_code ec;
    if (!std::filesystem::exists(resolved, ec))
        cx.fail(n, "boot." + key, "file " + shown + " does not exist");
    if (std::filesystem::is_directory(resolved, ec))
        cx.fail(n, "boot." + key, shown + " is a directory, not a file");
    return resolved;
}

Topology build(const Context& cx, const YAML::Node& root) {
    Topology t;
    t.file = cx.file();
    if (YAML::Node m = child(root, "machine"); m.IsMap()) {
        if (auto n = child(m, "name"); n.IsDefined()) t.machine_name = str(n);
        if (auto n = child(m, "model"); n.IsDefined()) t.machine_model = str(n);
        if (auto n = child(m, "compatible"); n.IsDefined()) {
            t.compatible.clear();
            if (n.IsSequence())
                for (const auto& item : n) t.compatible.push_back(item.Scalar());
            else
                t.compatible.push_back(n.Scalar());
        }
    }
    if (YAML::Node c = child(root, "cpus"); c.IsMap()) {
        t.cpus.loc = cx.loc(c);
        if (auto n = child(c, "count"); n.IsDefined()) {
            uint64_t count = *units::parse_uint(n.Scalar());
            if (count < 1 || count > kMaxCpus)
                cx.fail(n, "cpus.count", fmt::format("must be 1..{}, got {}", kMaxCpus, count));
            t.cpus.count = static_cast<unsigned>(count);
        }
        if (auto n = child(c, "model"); n.IsDefined()) {
            t.cpus.model = str(n);
            if (!iss::find_cpu_model(t.cpus.model)) cx.fail(n, "cpus.model", unknown_cpu_model(t.cpus.model));
        }
        if (auto n = child(c, "clock"); n.IsDefined()) t.cpus.clock_hz = *units::parse_frequency(n.Scalar());
        if (auto n = child(c, "engine"); n.IsDefined()) {
            t.cpus.engine = str(n);
            if (t.cpus.engine != "interp" && t.cpus.engine != "jit")
                cx.fail(n, "cpus.engine", "must be interp or jit, got '" + t.cpus.engine + "'");
        }
        if (auto n = child(c, "code_buffer"); n.IsDefined()) {
            t.cpus.code_buffer = size_of(n);
            if (t.cpus.code_buffer < (64u << 10) || t.cpus.code_buffer > (4ull << 30))
                cx.fail(n, "cpus.code_buffer", fmt::format("must be 64K..4G, got {}", n.Scalar()));
        }
        if (auto n = child(c, "exception_cycles"); n.IsDefined()) {
            uint64_t cycles = *units::parse_uint(n.Scalar());
            if (cycles < 1 || cycles > 10000)
                cx.fail(n, "cpus.exception_cycles", fmt::format("must be 1..10000, got {}", cycles));
            t.cpus.exception_cycles = static_cast<unsigned>(cycles);
        }
    }
    if (auto n = child(root, "quantum"); n.IsDefined()) {
        t.quantum_ps = *units::parse_time_ps(n.Scalar());
        if (t.quantum_ps == 0) cx.fail(n, "quantum", "the quantum must be longer than zero");
    }

    std::vector<Entry> entries;
    build_section(cx, root, "memory", "ram", entries);
    t.memory_count = entries.size();
    build_section(cx, root, "devices", "", entries);
    check_overlaps(cx, entries);
    check_interrupt_lines(cx, entries);
    check_interrupt_limits(cx, entries);
    for (auto& e : entries) t.devices.push_back(std::move(e.cfg));

    if (auto n = child(root, "stdout"); n.IsDefined() && !str(n).empty()) {
        t.stdout_device = str(n);
        if (!t.find_device(t.stdout_device)) {
            std::vector<std::string> names;
            for (const auto& d : t.devices) names.push_back(d.name);
            cx.fail(n, "stdout",
                    "no device named '" + t.stdout_device + "'" + did_you_mean(t.stdout_device, names) +
                        "; devices: " + (names.empty() ? std::string("none") : join(names)));
        }
        const ModelInfo* info = ModelRegistry::instance().find(t.find_device(t.stdout_device)->model);
        if (!info || !info->has(Role::console)) {
            std::vector<std::string> serial;
            for (const auto& d : t.devices)
                if (const ModelInfo* m = ModelRegistry::instance().find(d.model); m && m->has(Role::console))
                    serial.push_back(d.name);
            cx.fail(n, "stdout",
                    "device '" + t.stdout_device + "' (model '" + t.find_device(t.stdout_device)->model +
                        "') is not a serial port; serial ports: " +
                        (serial.empty() ? std::string("none") : join(serial)));
        }
    }

    if (YAML::Node b = child(root, "boot"); b.IsMap()) {
        t.boot.loc = cx.loc(b);
        t.boot.kernel = boot_path(cx, b, "kernel", t.boot.kernel_loc);
        t.boot.initrd = boot_path(cx, b, "initrd", t.boot.initrd_loc);
        t.boot.dtb = boot_path(cx, b, "dtb", t.boot.dtb_loc);
        if (!t.boot.initrd.empty() && t.boot.kernel.empty())
            cx.fail(child(b, "initrd"), "boot.initrd",
                    "an initrd is given but no kernel to pass it to (boot.kernel, -kernel)");
        if (auto n = child(b, "append"); n.IsDefined()) t.boot.append = str(n);
        if (auto n = child(b, "bootargs"); n.IsDefined()) t.boot.append = str(n);
    }
    return t;
}

Topology load(const std::string& text, const std::string& file, const std::string& dir,
              const std::vector<Override>& overrides) {
    YAML::Node root;
    try {
        root = YAML::Load(text);
    } catch (const YAML::ParserException& e) {
        SourceLoc loc{file, e.mark.is_null() ? 0 : e.mark.line + 1, e.mark.is_null() ? 0 : e.mark.column + 1};
        throw ConfigError(loc, "", "YAML syntax error: " + e.msg);
    }
    Context cx(file, dir);
    if (!root.IsDefined() || root.IsNull()) root = YAML::Node(YAML::NodeType::Map);
    if (!root.IsMap())
        cx.fail(root, "",
                "the top level must be a map of keys (machine:, cpus:, memory:, devices:, ...), got " +
                    describe(root));
    apply_overrides(root, overrides, cx);
    validate_structure(root, cx);
    return build(cx, root);
}

}  // namespace

Topology load_topology(const std::string& path, const std::vector<Override>& overrides) {
    namespace fs = std::filesystem;
    if (!fs::exists(path)) throw ConfigError(SourceLoc{path, 0, 0}, "", "topology file does not exist");
    if (fs::is_directory(path))
        throw ConfigError(SourceLoc{path, 0, 0}, "", "is a directory, not a topology file");
    std::ifstream in(path, std::ios::binary);
    if (!in) throw ConfigError(SourceLoc{path, 0, 0}, "", "cannot open the topology file");
    std::stringstream ss;
    ss << in.rdbuf();
    return load(ss.str(), path, fs::path(path).parent_path().string(), overrides);
}

Topology load_topology_text(const std::string& text, const std::string& file,
                            const std::vector<Override>& overrides) {
    return load(text, file, std::filesystem::path(file).parent_path().string(), overrides);
}

}  // namespace vp
