// `-s path.to.key=value` and the QEMU-style short forms, applied to the YAML tree.
#include "yaml/overrides.h"

#include "yaml/schema.h"

#include <cctype>

namespace vp {

namespace {

[[noreturn]] void command_line_error(const std::string& key, const std::string& message,
                                     const std::string& origin) {
    throw ConfigError(SourceLoc{"<command line>", 0, 0}, key, message + " (in '" + origin + "')");
}

std::string trim(const std::string& s) {
    size_t b = 0, e = s.size();
    while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
    while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
    return s.substr(b, e - b);
}

// QEMU's "-m 4G,slots=2" / "-m size=4G" / "-smp cpus=2,sockets=1": the main value.
std::string main_value(const std::string& value, const std::string& name) {
    std::string first;
    size_t pos = 0;
    while (pos <= value.size()) {
        size_t comma = value.find(',', pos);
        std::string part = value.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos);
        if (part.rfind(name + "=", 0) == 0) return part.substr(name.size() + 1);
        if (pos == 0 && part.find('=') == std::string::npos) first = part;
        if (comma == std::string::npos) break;
        pos = comma + 1;
    }
    return first.empty() ? value : first;
}

}  // namespace

Override parse_override(const std::string& text) {
    // The first '=' that is not part of a "@model=NAME" or "@last-model=NAME" path segment.
    size_t from = 0;
    for (const std::string marker : {"@model=", "@last-model="})
        for (size_t m = text.find(marker); m != std::string::npos; m = text.find(marker, m + 1))
            from = std::max(from, m + marker.size());
    auto eq = text.find('=', from);
    if (eq == std::string::npos)
        command_line_error(text, "expected KEY=VALUE, e.g. devices.uart0.backend=stdio", "-s " + text);
    std::string path = trim(text.substr(0, eq));
    if (path.empty()) command_line_error(text, "the key before '=' is empty", "-s " + text);
    return Override{path, text.substr(eq + 1), "-s " + text};
}

std::vector<Override> short_form_override(const std::string& option, const std::string& value) {
    std::string opt = option;
    while (!opt.empty() && opt[0] == '-') opt.erase(0, 1);
    const std::string origin = "-" + opt + " " + value;
    if (opt == "m") {
        std::string size = trim(main_value(value, "size"));
        // QEMU reads a number without a suffix as MiB.
        bool digits_only = !size.empty();
        for (char c : size) digits_only = digits_only && std::isdigit(static_cast<unsigned char>(c));
        if (digits_only) size += "M";
        return {Override{"memory.@first.size", size, origin}};
    }
    if (opt == "smp") return {Override{"cpus.count", trim(main_value(value, "cpus")), origin}};
    if (opt == "cpu") return {Override{"cpus.model", value, origin}};
    if (opt == "kernel") return {Override{"boot.kernel", value, origin}};
    if (opt == "initrd") return {Override{"boot.initrd", value, origin}};
    if (opt == "append") return {Override{"boot.append", value, origin}};
    if (opt == "dtb") return {Override{"boot.dtb", value, origin}};
    if (opt == "serial") return {Override{"devices.@model=pl011.backend", value, origin}};
    command_line_error("-" + opt,
                       "not a short form vp knows (-m, -smp, -cpu, -kernel, -initrd, -append, -dtb, -serial)",
                       origin);
}

std::vector<std::string> short_form_options() {
    return {"-m", "-smp", "-cpu", "-kernel", "-initrd", "-append", "-dtb", "-serial"};
}

}  // namespace vp

namespace vp::yamlx {

namespace {

std::vector<std::string> split_path(const Override& o) {
    std::vector<std::string> segs;
    size_t pos = 0;
    while (true) {
        size_t dot = o.path.find('.', pos);
        // "@model=NAME" may not contain dots, so a plain split is enough.
        segs.push_back(o.path.substr(pos, dot == std::string::npos ? std::string::npos : dot - pos));
        if (dot == std::string::npos) break;
        pos = dot + 1;
    }
    for (const auto& s : segs)
        if (s.empty()) command_line_error(o.path, "empty key in dotted path", o.origin);
    return segs;
}

YAML::Node parse_value(const Override& o) {
    const std::string& v = o.value;
    if (!v.empty() && (v[0] == '[' || v[0] == '{' || v[0] == '"' || v[0] == '\'')) {
        try {
            return YAML::Load(v);
        } catch (const YAML::Exception& e) {
            command_line_error(o.path, "cannot read '" + v + "' as YAML: " + e.msg, o.origin);
        }
    }
    return YAML::Node(v);
}

const char* kind(const YAML::Node& n) {
    if (n.IsSequence()) return "list";
    if (n.IsScalar()) return "scalar";
    return "value";
}

// "@first" = the map's first key; "@model=NAME" = the first entry whose model is NAME;
// "@last-model=NAME" = the last one.
std::string resolve_marker(const YAML::Node& map, const std::string& seg, const std::string& done,
                           const Override& o) {
    if (seg == "@first") {
        for (const auto& kv : map) return kv.first.Scalar();
        command_line_error(o.path, "'" + done + "' has no entry to apply this to", o.origin);
    }
    const bool last = seg.rfind("@last-model=", 0) == 0;
    if (last || seg.rfind("@model=", 0) == 0) {
        std::string model = seg.substr(seg.find('=') + 1), found;
        for (const auto& kv : map) {
            YAML::Node m = child(kv.second, "model");
            if (m.IsDefined() && m.IsScalar() && m.Scalar() == model) {
                found = kv.first.Scalar();
                if (!last) break;
            }
        }
        if (!found.empty()) return found;
        command_line_error(o.path, "no '" + done + "' entry has model '" + model + "'", o.origin);
    }
    return seg;
}

void apply_one(YAML::Node& root, const Override& o, Context& cx) {
    std::vector<std::string> segs = split_path(o);
    YAML::Node cur;
    cur.reset(root);
    std::string done;
    for (size_t i = 0; i < segs.size(); ++i) {
        if (!cur.IsMap()) {
            if (!cur.IsNull())
                command_line_error(o.path, "'" + done + "' is a " + kind(cur) + ", not a map", o.origin);
            cur = YAML::Node(YAML::NodeType::Map);  // `memory:` with no value: becomes a map
        }
        std::string seg = segs[i][0] == '@' ? resolve_marker(cur, segs[i], done, o) : segs[i];
        done = dotted(done, seg);
        if (i + 1 == segs.size()) {
            // The override replaces the key under any of its spellings (boot.append / boot.bootargs).
            for (const schema::Key& k : schema::keys()) {
                std::string other;
                if (k.path == done && !k.alias_of.empty()) other = k.alias_of;
                if (k.alias_of == done) other = k.path;
                if (!other.empty()) cur.remove(other.substr(other.rfind('.') + 1));
            }
            cur[seg] = parse_value(o);
            cx.mark_override(child(cur, seg), o);
            return;
        }
        if (!child(cur, seg).IsDefined()) {  // a new key, e.g. a new device instance
            cur[seg] = YAML::Node(YAML::NodeType::Map);
            cx.mark_override(child(cur, seg), o);
        }
        YAML::Node next = child(cur, seg);
        cur.reset(next);
    }
}

}  // namespace

// `-s NAME.key=value` for a device instance NAME (e.g. uart0.log=debug): the path is taken
// under devices: or memory: when NAME is not a top-level key and names an instance there.
static Override device_shorthand(const YAML::Node& root, const Override& o) {
    const std::string first = o.path.substr(0, o.path.find('.'));
    if (first.empty() || first[0] == '@' || first == o.path || child(root, first).IsDefined()) return o;
    for (const char* section : {"devices", "memory"}) {
        YAML::Node sec = child(root, section);
        if (sec.IsDefined() && sec.IsMap() && child(sec, first).IsDefined()) {
            Override out = o;
            out.path = std::string(section) + "." + o.path;
            return out;
        }
    }
    return o;
}

void apply_overrides(YAML::Node& root, const std::vector<Override>& overrides, Context& cx) {
    for (const Override& o : overrides) apply_one(root, device_shorthand(root, o), cx);
}

}  // namespace vp::yamlx
