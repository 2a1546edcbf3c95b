#include "platform/qemu_devices.h"

#include <map>
#include <optional>

#include "core/error.h"

namespace vp {

namespace {

[[noreturn]] void refuse(const std::string& origin, const std::string& message) {
    throw ConfigError(SourceLoc{"<command line>", 0, 0}, origin, message);
}

// QEMU's option syntax: comma-separated key=value, ",," a literal comma; the first item may be a
// bare name (the -device driver).
struct Options {
    std::string name;
    std::vector<std::pair<std::string, std::string>> items;
};

Options parse_options(const std::string& text) {
    Options out;
    std::vector<std::string> parts(1);
    for (size_t i = 0; i < text.size(); ++i) {
        if (text[i] == ',' && i + 1 < text.size() && text[i + 1] == ',') {
            parts.back() += ',';
            ++i;
        } else if (text[i] == ',') {
            parts.emplace_back();
        } else {
            parts.back() += text[i];
        }
    }
    for (size_t i = 0; i < parts.size(); ++i) {
        const auto eq = parts[i].find('=');
        if (eq == std::string::npos && i == 0)
            out.name = parts[i];
        else if (eq == std::string::npos)
            out.items.emplace_back(parts[i], "");
        else
            out.items.emplace_back(parts[i].substr(0, eq), parts[i].substr(eq + 1));
    }
    return out;
}

std::string on_off(const std::string& origin, const std::string& key, const std::string& v) {
    if (v == "on" || v == "true" || v == "yes" || v.empty()) return "true";
    if (v == "off" || v == "false" || v == "no") return "false";
    refuse(origin, key + "=" + v + ": expected on or off");
}

struct Drive {
    std::string origin, file, id;
    std::string readonly = "false", snapshot = "false";
    std::string format = "auto";  // QEMU probes an image given without format=
    bool on_virtio = false;
    bool used = false;
};

Drive parse_drive(const std::string& text) {
    const std::string origin = "-drive " + text;
    Drive d;
    d.origin = origin;
    Options o = parse_options(text);
    if (!o.name.empty()) refuse(origin, "'" + o.name + "': expected key=value options (file=..., if=...)");
    for (const auto& [k, v] : o.items) {
        if (k == "file")
            d.file = v;
        else if (k == "id")
            d.id = v;
        else if (k == "format") {
            if (v != "raw" && v != "qcow2") refuse(origin, "format=" + v + ": vp reads raw and qcow2 images");
            d.format = v;
        } else if (k == "if") {
            if (v == "virtio")
                d.on_virtio = true;
            else if (v != "none")
                refuse(origin, "if=" + v + ": vp has virtio disks only (if=virtio, or if=none with -device)");
        } else if (k == "readonly")
            d.readonly = on_off(origin, k, v);
        else if (k == "snapshot")
            d.snapshot = on_off(origin, k, v);
        else if (k == "media") {
            if (v != "disk") refuse(origin, "media=" + v + ": vp has disks only");
        } else
            refuse(origin,
                   "'" + k + "': not a -drive option vp knows (file, format, if, id, readonly, snapshot)");
    }
    if (d.file.empty()) refuse(origin, "no file=");
    if (!d.on_virtio && d.id.empty()) refuse(origin, "if=none needs an id= for -device ...,drive=ID");
    return d;
}

// A device for the next free transport: its model and properties.
struct Attachment {
    std::string origin, model;
    std::vector<std::pair<std::string, std::string>> props;
};

// The overrides that give the next free transport a device: properties first, then the model, so
// that every one of them selects the same (still virtio_mmio) transport. As in QEMU's virt machine,
// the first -device takes the free transport with the highest address, the next one the one below:
// Linux probes them in address order, so two disks get the names QEMU gives them (the last -device
// is vda).
void attach(std::vector<Override>& out, const Attachment& a) {
    const std::string free = "devices.@last-model=virtio_mmio.";
    for (const auto& [k, v] : a.props) out.push_back(Override{free + k, v, a.origin});
    out.push_back(Override{free + "model", a.model, a.origin});
}

// -netdev TYPE,id=ID[,hostfwd=RULE]...: user networking only.
struct Netdev {
    std::string origin, id, hostfwd;  // hostfwd: the rules comma-separated (virtio_net's property)
    bool used = false;
};

std::string netdev_type_refusal(const std::string& type) {
    return "netdev type '" + type + "': vp has user-mode networking only (user)";
}

// The user-network options of -netdev user and -nic user: hostfwd (repeatable), appended to
// `hostfwd`; false for any other key.
bool user_option(const std::string& key, const std::string& value, std::string& hostfwd) {
    if (key != "hostfwd") return false;
    hostfwd += (hostfwd.empty() ? "" : ",") + value;
    return true;
}

Netdev parse_netdev(const std::string& text) {
    Netdev n;
    n.origin = "-netdev " + text;
    Options o = parse_options(text);
    if (o.name.empty()) refuse(n.origin, "expected a type first (-netdev user,id=ID)");
    if (o.name != "user") refuse(n.origin, netdev_type_refusal(o.name));
    for (const auto& [k, v] : o.items) {
        if (k == "id")
            n.id = v;
        else if (!user_option(k, v, n.hostfwd))
            refuse(n.origin, "'" + k + "': not a -netdev user option vp knows (id, hostfwd)");
    }
    if (n.id.empty()) refuse(n.origin, "no id= (for -device virtio-net-device,netdev=ID)");
    return n;
}

// -nic none | -nic user[,hostfwd=...][,mac=...][,model=virtio-net-device]: nullopt for none.
std::optional<Attachment> parse_nic(const std::string& text) {
    const std::string origin = "-nic " + text;
    Options o = parse_options(text);
    if (o.name == "none") {
        if (!o.items.empty()) refuse(origin, "-nic none takes no options");
        return std::nullopt;
    }
    if (o.name.empty()) refuse(origin, "expected a type first (-nic user or -nic none)");
    if (o.name != "user") refuse(origin, netdev_type_refusal(o.name));
    Attachment a{origin, "virtio_net", {{"netdev", "user"}}};
    std::string hostfwd;
    for (const auto& [k, v] : o.items) {
        if (user_option(k, v, hostfwd)) continue;
        if (k == "mac")
            a.props.emplace_back("mac", v);  // virtio_net checks its form
        else if (k == "model") {
            if (v != "virtio-net-device" && v != "virtio")
                refuse(origin, "model=" + v + ": vp models virtio-net only (model=virtio-net-device)");
        } else if (k != "id")
            refuse(origin, "'" + k + "': not a -nic option vp knows (hostfwd, mac, model, id)");
    }
    if (!hostfwd.empty()) a.props.emplace_back("hostfwd", hostfwd);
    return a;
}

// -chardev TYPE,id=ID,...: the character backend spec (models/chardev/char_backend.h) it maps to.
std::pair<std::string, std::string> parse_chardev(const std::string& text) {
    const std::string origin = "-chardev " + text;
    Options o = parse_options(text);
    std::string id, path, host = "127.0.0.1", port;
    bool server = false, wait = true;
    for (const auto& [k, v] : o.items) {
        if (k == "id")
            id = v;
        else if (k == "path" && o.name == "file")
            path = v;
        else if (k == "host" && o.name == "socket")
            host = v;
        else if (k == "port" && o.name == "socket")
            port = v;
        else if (k == "server" && o.name == "socket")
            server = on_off(origin, k, v) == "true";
        else if (k == "wait" && o.name == "socket")
            wait = on_off(origin, k, v) == "true";
        else if (k == "nowait" && o.name == "socket" && v.empty())
            wait = false;
        else
            refuse(origin, "'" + k + "': not a -chardev " + o.name +
                               " option vp knows (id; file: path; socket: host, port, server, wait)");
    }
    if (id.empty()) refuse(origin, "no id= (for -device virtconsole,chardev=ID)");
    if (o.name == "stdio" || o.name == "null") return {id, o.name};
    if (o.name == "file") {
        if (path.empty()) refuse(origin, "no path=");
        return {id, "file:" + path};
    }
    if (o.name == "socket") {
        if (port.empty()) refuse(origin, "no port= (vp's socket backends are TCP)");
        return {id,
                "tcp:" + host + ":" + port + (server ? ",server" : "") + (server && !wait ? ",nowait" : "")};
    }
    refuse(origin, "'" + o.name + "': not a chardev vp has (stdio, null, file, socket)");
}

void no_options(const std::string& origin, const Options& o) {
    if (!o.items.empty()) refuse(origin, "'" + o.items[0].first + "': " + o.name + " takes no options in vp");
}

}  // namespace

std::vector<Override> qemu_device_overrides(const std::vector<std::string>& drives,
                                            const std::vector<std::string>& devices, bool snapshot) {
    QemuDeviceOptions o;
    o.drives = drives;
    o.devices = devices;
    o.snapshot = snapshot;
    return qemu_device_overrides(o);
}

std::vector<Override> qemu_device_overrides(const QemuDeviceOptions& options) {
    std::vector<Drive> parsed;
    for (const auto& d : options.drives) parsed.push_back(parse_drive(d));
    std::vector<Netdev> netdevs;
    for (const auto& n : options.netdevs) {
        netdevs.push_back(parse_netdev(n));
        for (size_t i = 0; i + 1 < netdevs.size(); ++i)
            if (netdevs[i].id == netdevs.back().id)
                refuse(netdevs.back().origin, "id=" + netdevs.back().id + " is already a -netdev");
    }
    std::map<std::string, std::string> chardevs;
    for (const auto& c : options.chardevs) {
        auto [id, spec] = parse_chardev(c);
        if (!chardevs.emplace(id, spec).second)
            refuse("-chardev " + c, "id=" + id + " is already a -chardev");
    }
    for (const auto& n : options.nets) {
        if (n != "none")
            refuse("-net " + n,
                   "vp takes -net none only; a network is -nic user,... or -netdev user,id=ID with "
                   "-device virtio-net-device,netdev=ID");
    }
    std::vector<Attachment> out;
    auto disk = [&](Drive& d, const std::string& origin, const std::string& serial) {
        d.used = true;
        Attachment a{origin,
                     "virtio_blk",
                     {{"image", d.file},
                      {"format", d.format},
                      {"readonly", d.readonly},
                      {"snapshot", options.snapshot ? "true" : d.snapshot}}};
        if (!serial.empty()) a.props.emplace_back("serial", serial);
        out.push_back(a);
    };
    for (Drive& d : parsed)
        if (d.on_virtio) disk(d, d.origin, "");
    for (const auto& n : options.nics)
        if (auto a = parse_nic(n)) out.push_back(*a);
    constexpr size_t kNone = ~size_t{0};
    size_t serial = kNone;  // the last virtio-serial-device, while its port is still free
    for (const auto& text : options.devices) {
        const std::string origin = "-device " + text;
        Options o = parse_options(text);
        if (o.name == "virtio-blk-device") {
            std::string drive, serial_text;
            for (const auto& [k, v] : o.items) {
                if (k == "drive")
                    drive = v;
                else if (k == "serial")
                    serial_text = v;
                else
                    refuse(origin, "'" + k + "': not a virtio-blk-device option vp knows (drive, serial)");
            }
            Drive* found = nullptr;
            for (Drive& d : parsed)
                if (!d.on_virtio && d.id == drive) found = &d;
            if (!found) refuse(origin, "drive=" + drive + ": no -drive ...,if=none,id=" + drive);
            if (found->used) refuse(origin, "drive=" + drive + " is already attached to a device");
            disk(*found, origin, serial_text);
        } else if (o.name == "virtio-rng-device") {
            no_options(origin, o);
            out.push_back({origin, "virtio_rng", {}});
        } else if (o.name == "virtio-net-device") {
            Attachment a{origin, "virtio_net", {{"netdev", "none"}}};  // QEMU: a NIC without a netdev
            for (const auto& [k, v] : o.items) {
                if (k == "netdev") {
                    Netdev* found = nullptr;
                    for (Netdev& n : netdevs)
                        if (n.id == v) found = &n;
                    if (!found) refuse(origin, "netdev=" + v + ": no -netdev user,id=" + v);
                    if (found->used) refuse(origin, "netdev=" + v + " is already attached to a device");
                    found->used = true;
                    a.props = {{"netdev", "user"}};
                    if (!found->hostfwd.empty()) a.props.emplace_back("hostfwd", found->hostfwd);
                } else if (k == "mac") {
                    a.props.emplace_back("mac", v);  // virtio_net checks its form
                } else if (k == "host_mtu") {
                    a.props.emplace_back("mtu", v);
                } else {
                    refuse(origin,
                           "'" + k + "': not a virtio-net-device option vp knows (netdev, mac, host_mtu)");
                }
            }
            out.push_back(a);
        } else if (o.name == "virtio-serial-device") {
            no_options(origin, o);
            out.push_back({origin, "virtio_console", {{"backend", "null"}}});
            serial = out.size() - 1;
        } else if (o.name == "virtconsole") {
            if (serial == kNone)
                refuse(origin,
                       "a virtconsole needs a -device virtio-serial-device before it (vp's has one port)");
            std::string backend = "null";
            for (const auto& [k, v] : o.items) {
                if (k == "chardev") {
                    auto it = chardevs.find(v);
                    if (it == chardevs.end()) refuse(origin, "chardev=" + v + ": no -chardev ...,id=" + v);
                    backend = it->second;
                } else {
                    refuse(origin, "'" + k + "': not a virtconsole option vp knows (chardev)");
                }
            }
            out[serial].origin = origin;
            out[serial].props = {{"backend", backend}};
            serial = kNone;
        } else {
            refuse(origin,
                   "'" + o.name +
                       "': not a device vp models (virtio-blk-device, virtio-rng-device, virtio-net-device, "
                       "virtio-serial-device, virtconsole)");
        }
    }
    for (const Drive& d : parsed)
        if (!d.used)
            refuse(d.origin, "id=" + d.id + " is not attached: add -device virtio-blk-device,drive=" + d.id);
    for (const Netdev& n : netdevs)
        if (!n.used)
            refuse(n.origin, "id=" + n.id + " is not attached: add -device virtio-net-device,netdev=" + n.id);
    std::vector<Override> overrides;
    for (const Attachment& a : out) attach(overrides, a);
    return overrides;
}

}  // namespace vp
