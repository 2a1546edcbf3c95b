#include "platform/qemu_rtc.h"

#include <ctime>
#include <sstream>

#include <fmt/format.h>

#include "core/error.h"
#include "models/pl031/rtc_start.h"

namespace vp {

namespace {

[[noreturn]] void refuse(const std::string& spec, const std::string& why) {
    throw Error("-rtc " + spec + ": " + why);
}

// The host's local wall time now, written as a UTC date (QEMU's base=localtime: the guest's RTC
// shows the local time).
std::string local_time_as_utc() {
    const std::time_t now = std::time(nullptr);
    std::tm local{};
    localtime_r(&now, &local);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &local);
    return text;
}

std::string start_of(const std::string& spec, const std::string& base) {
    if (base == "utc") return "host";
    if (base == "localtime") return local_time_as_utc();
    // QEMU: "2006-06-17T16:01:21" or "2006-06-17" (midnight), both UTC.
    const std::string expected =
        "base=" + base + ": expected utc, localtime, YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS";
    if (base.size() != 10 && base.size() != 19) refuse(spec, expected);
    const std::string date = base.size() == 10 ? base + "T00:00:00Z" : base + "Z";
    std::string why;
    if (!pl031::parse_utc_date(date, why)) refuse(spec, expected + " (" + why + ")");
    return date;
}

}  // namespace

std::vector<Override> qemu_rtc_overrides(const std::string& spec) {
    std::string start;
    std::stringstream parts(spec);
    std::string part;
    while (std::getline(parts, part, ',')) {
        const auto eq = part.find('=');
        const std::string key = part.substr(0, eq);
        const std::string value = eq == std::string::npos ? "" : part.substr(eq + 1);
        if (eq == std::string::npos)
            refuse(spec, "'" + part + "': expected KEY=VALUE (base=, clock=, driftfix=)");
        if (key == "base") {
            start = start_of(spec, value);
        } else if (key == "clock") {
            if (value != "vm")
                refuse(spec, "clock=" + value +
                                 ": vp's RTC counts simulated time (clock=vm); a host or real-time clock "
                                 "source is not modelled");
        } else if (key == "driftfix") {
            if (value != "none")
                refuse(spec, "driftfix=" + value + ": vp has no drift to fix (driftfix=none)");
        } else {
            refuse(spec, "unknown key '" + key + "' (base=, clock=, driftfix=)");
        }
    }
    if (start.empty()) return {};
    return {Override{"devices.@model=pl031.start", start, "-rtc " + spec}};
}

}  // namespace vp
