#include "models/net/hostfwd.h"

#include <arpa/inet.h>

#include <fmt/format.h>

#include <charconv>

#include "core/error.h"

namespace vp::net {

namespace {

bool parse_port(const std::string& s, uint16_t& port) {
    unsigned v = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || end != s.data() + s.size() || v == 0 || v > 65535) return false;
    port = static_cast<uint16_t>(v);
    return true;
}

// "ADDR:PORT" or ":PORT" (ADDR empty: `fallback`).
bool parse_endpoint(const std::string& s, in_addr fallback, in_addr& addr, uint16_t& port) {
    const size_t colon = s.rfind(':');
    if (colon == std::string::npos) return false;
    const std::string a = s.substr(0, colon);
    addr = fallback;
    if (!a.empty() && inet_pton(AF_INET, a.c_str(), &addr) != 1) return false;
    return parse_port(s.substr(colon + 1), port);
}

}  // namespace

HostForward parse_hostfwd(const std::string& rule, in_addr default_guest) {
    auto bad = [&](const std::string& why) -> Error {
        return Error(fmt::format(
            "hostfwd '{}': {} (expected [tcp|udp]:[HOSTADDR]:HOSTPORT-[GUESTADDR]:GUESTPORT)", rule, why));
    };
    HostForward f;
    std::string rest = rule;
    const size_t first = rest.find(':');
    if (first == std::string::npos) throw bad("no ':'");
    const std::string proto = rest.substr(0, first);
    if (proto == "udp")
        f.udp = true;
    else if (proto != "tcp" && !proto.empty())
        throw bad("protocol '" + proto + "': tcp or udp");
    rest = rest.substr(first + 1);
    const size_t dash = rest.find('-');
    if (dash == std::string::npos) throw bad("no '-' between the host and the guest side");
    in_addr any{};
    any.s_addr = htonl(INADDR_ANY);
    if (!parse_endpoint(rest.substr(0, dash), any, f.host_addr, f.host_port))
        throw bad("host side '" + rest.substr(0, dash) + "': [ADDR]:PORT with PORT 1-65535");
    if (!parse_endpoint(rest.substr(dash + 1), default_guest, f.guest_addr, f.guest_port))
        throw bad("guest side '" + rest.substr(dash + 1) + "': [ADDR]:PORT with PORT 1-65535");
    return f;
}

}  // namespace vp::net
