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
            if (v != "raw") refuse(origin, "format=" + v + ": vp reads raw images only");
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

// The overrides that give the next free transport a device: properties first, then the model, so
// that every one of them selects the same (still virtio_mmio) transport.
void attach(std::vector<Override>& out, const std::string& origin, const std::string& model,
            const std::vector<std::pair<std::string, std::string>>& props) {
    const std::string free = "devices.@model=virtio_mmio.";
    for (const auto& [k, v] : props) out.push_back(Override{free + k, v, origin});
    out.push_back(Override{free + "model", model, origin});
}

}  // namespace

std::vector<Override> qemu_device_overrides(const std::vector<std::string>& drives,
                                            const std::vector<std::string>& devices, bool snapshot) {
    std::vector<Drive> parsed;
    for (const auto& d : drives) parsed.push_back(parse_drive(d));
    auto disk = [&](std::vector<Override>& out, Drive& d, const std::string& origin,
                    const std::string& serial) {
        d.used = true;
        std::vector<std::pair<std::string, std::string>> props = {
            {"image", d.file}, {"readonly", d.readonly}, {"snapshot", snapshot ? "true" : d.snapshot}};
        if (!serial.empty()) props.emplace_back("serial", serial);
        attach(out, origin, "virtio_blk", props);
    };
    std::vector<Override> out;
    for (Drive& d : parsed)
        if (d.on_virtio) disk(out, d, d.origin, "");
    for (const auto& text : devices) {
        const std::string origin = "-device " + text;
        Options o = parse_options(text);
        if (o.name == "virtio-blk-device") {
            std::string drive, serial;
            for (const auto& [k, v] : o.items) {
                if (k == "drive")
                    drive = v;
                else if (k == "serial")
                    serial = v;
                else
                    refuse(origin, "'" + k + "': not a virtio-blk-device option vp knows (drive, serial)");
            }
            Drive* found = nullptr;
            for (Drive& d : parsed)
                if (!d.on_virtio && d.id == drive) found = &d;
            if (!found) refuse(origin, "drive=" + drive + ": no -drive ...,if=none,id=" + drive);
            if (found->used) refuse(origin, "drive=" + drive + " is already attached to a device");
            disk(out, *found, origin, serial);
        } else if (o.name == "virtio-rng-device") {
            if (!o.items.empty())
                refuse(origin, "'" + o.items[0].first + "': virtio-rng-device takes no options in vp");
            attach(out, origin, "virtio_rng", {});
        } else {
            refuse(origin, "'" + o.name + "': not a device vp models (virtio-blk-device, virtio-rng-device)");
        }
    }
    for (const Drive& d : parsed)
        if (!d.used)
            refuse(d.origin, "id=" + d.id + " is not attached: add -device virtio-blk-device,drive=" + d.id);
    return out;
}

}  // namespace vp
