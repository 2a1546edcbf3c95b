#include "platform/qemu_config.h"

#include <fmt/format.h>

#include <fstream>
#include <map>
#include <set>

#include "core/error.h"

namespace vp {

namespace {

std::string trim(const std::string& s) {
    const size_t b = s.find_first_not_of(" \t\r");
    if (b == std::string::npos) return "";
    return s.substr(b, s.find_last_not_of(" \t\r") - b + 1);
}

std::string unquote(const std::string& s) {
    if (s.size() >= 2 && s.front() == '"' && s.back() == '"') return s.substr(1, s.size() - 2);
    return s;
}

struct Section {
    std::string name, id;
    int line = 0;
    std::vector<std::pair<std::string, std::string>> keys;
    std::vector<int> key_lines;
};

// The keys each section may hold.
const std::map<std::string, std::set<std::string>> kKeys = {
    {"machine", {"type", "kernel", "initrd", "append", "dtb"}},
    {"smp-opts", {"cpus"}},
    {"memory", {"size"}},
    {"drive", {"file", "format", "if", "readonly", "snapshot"}},
    {"device", {"driver", "drive", "serial", "netdev", "mac", "chardev"}},
    {"netdev", {"type", "hostfwd"}},
};

}  // namespace

QemuConfig read_qemu_config(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw ConfigError(SourceLoc{path, 0, 0}, "-readconfig", "cannot open " + path);
    auto fail = [&](int line, const std::string& key, const std::string& why) {
        throw ConfigError(SourceLoc{path, line, 1}, key, why);
    };
    std::vector<Section> sections;
    std::string text;
    for (int line = 1; std::getline(in, text); ++line) {
        std::string l = trim(text);
        if (l.empty() || l[0] == '#') continue;
        if (l[0] == '[') {
            if (l.back() != ']') fail(line, "-readconfig", "a section header must end with ']': " + l);
            std::string inner = trim(l.substr(1, l.size() - 2));
            Section s;
            s.line = line;
            const size_t sp = inner.find_first_of(" \t");
            s.name = inner.substr(0, sp);
            if (sp != std::string::npos) s.id = unquote(trim(inner.substr(sp)));
            if (!kKeys.count(s.name))
                fail(line, s.name,
                     "section [" + s.name +
                         "] has no vp equivalent (vp reads machine, smp-opts, "
                         "memory, drive, device, netdev)");
            sections.push_back(s);
            continue;
        }
        const size_t eq = l.find('=');
        if (eq == std::string::npos) fail(line, "-readconfig", "expected `key = \"value\"`, got: " + l);
        if (sections.empty()) fail(line, "-readconfig", "a key before any [section]");
        Section& s = sections.back();
        const std::string key = trim(l.substr(0, eq)), value = unquote(trim(l.substr(eq + 1)));
        if (!kKeys.at(s.name).count(key))
            fail(line, s.name + "." + key, "[" + s.name + "] key '" + key + "' has no vp equivalent");
        s.keys.emplace_back(key, value);
        s.key_lines.push_back(line);
    }

    QemuConfig out;
    for (const Section& s : sections) {
        auto add = [&](const char* option, const std::string& value, int line) {
            for (Override o : short_form_override(option, value)) {
                o.origin = fmt::format("{}:{}: {} = \"{}\"", path, line, option + 1, value);
                out.overrides.push_back(o);
            }
        };
        std::string options;  // drive/device as their command-line option strings
        bool driver = false;
        for (size_t i = 0; i < s.keys.size(); ++i) {
            const auto& [key, value] = s.keys[i];
            const int line = s.key_lines[i];
            if (s.name == "machine") {
                if (key == "type") {
                    if (value != "virt")
                        fail(line, "machine.type",
                             "machine type '" + value + "': vp models QEMU's virt only");
                } else {
                    add(("-" + key).c_str(), value, line);
                }
            } else if (s.name == "smp-opts") {
                add("-smp", value, line);
            } else if (s.name == "memory") {
                add("-m", value, line);
            } else if ((s.name == "device" && key == "driver") || (s.name == "netdev" && key == "type")) {
                options = value + (options.empty() ? "" : "," + options);
                driver = true;
            } else {
                options += (options.empty() ? "" : ",") + key + "=" + value;
            }
        }
        if (s.name == "drive") out.drives.push_back(options + (s.id.empty() ? "" : ",id=" + s.id));
        if (s.name == "netdev") {
            if (!driver) fail(s.line, "netdev.type", "[netdev] needs a type (type = \"user\")");
            if (s.id.empty()) fail(s.line, "netdev", "[netdev] needs an id: [netdev \"ID\"]");
            out.netdevs.push_back(options + ",id=" + s.id);
        }
        if (s.name == "device") {
            if (!driver)
                fail(s.line, "device.driver",
                     "[device] needs a driver (e.g. driver = \"virtio-blk-device\")");
            out.devices.push_back(options);
        }
    }
    return out;
}

}  // namespace vp
