// QEMU's user-network port forwarding rule, `hostfwd=[tcp|udp]:[HOSTADDR]:HOSTPORT-[GUESTADDR]:GUESTPORT`:
// connections (tcp, the default) or datagrams (udp) to HOSTADDR:HOSTPORT on the host (default
// 0.0.0.0, every interface, as QEMU) go to GUESTADDR:GUESTPORT in the guest network (default the
// address DHCP gives the guest, 10.0.2.15).
#pragma once
#include <netinet/in.h>

#include <cstdint>
#include <string>

namespace vp::net {

struct HostForward {
    bool udp = false;
    in_addr host_addr{};  // INADDR_ANY unless given
    uint16_t host_port = 0;
    in_addr guest_addr{};  // the DHCP address unless given
    uint16_t guest_port = 0;
};

// Throws vp::Error with a message naming `rule` when it is malformed.
HostForward parse_hostfwd(const std::string& rule, in_addr default_guest);

}  // namespace vp::net
