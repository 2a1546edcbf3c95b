#include "models/virtio/virtio_net.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <cstring>

#include "core/error.h"
#include "core/trace.h"
#include "models/virtio/virtio_mmio.h"

namespace vp::virtio {

namespace {

std::vector<std::string> split_rules(const std::string& s) {
    std::vector<std::string> out;
    size_t start = 0;
    while (start <= s.size()) {
        const size_t comma = s.find(',', start);
        const std::string rule = s.substr(start, comma - start);
        if (!rule.empty()) out.push_back(rule);
        if (comma == std::string::npos) break;
        start = comma + 1;
    }
    return out;
}

std::array<uint8_t, 6> parse_mac(const DeviceConfig& config) {
    const std::string text = config.props.get_string("mac");
    std::array<uint8_t, 6> mac{};
    unsigned b[6];
    char tail;
    if (std::sscanf(text.c_str(), "%2x:%2x:%2x:%2x:%2x:%2x%c", &b[0], &b[1], &b[2], &b[3], &b[4], &b[5],
                    &tail) != 6 ||
        text.size() != 17)
        throw ConfigError(config.props.at("mac").loc, config.name + ".mac",
                          fmt::format("'{}': expected six hex bytes, e.g. 52:54:00:12:34:56", text));
    for (int i = 0; i < 6; ++i) mac[i] = static_cast<uint8_t>(b[i]);
    // IEEE 802: bit 0 of the first byte marks a multicast address, which no NIC may own.
    if (mac[0] & 1)
        throw ConfigError(config.props.at("mac").loc, config.name + ".mac",
                          fmt::format("'{}' is a multicast address (bit 0 of the first byte)", text));
    return mac;
}

unsigned parse_mtu(const DeviceConfig& config) {
    const uint64_t mtu = config.props.get_u64("mtu");
    if (mtu < net::kMinMtu || mtu > net::kMaxMtu)
        throw ConfigError(config.props.at("mtu").loc, config.name + ".mtu",
                          fmt::format("{}: expected {} to {}", mtu, net::kMinMtu, net::kMaxMtu));
    return static_cast<unsigned>(mtu);
}

std::unique_ptr<vp::net::NetBackend> backend_from(const DeviceConfig& config) {
    vp::net::NetBackendConfig nc{
        config.name, config.props.get_string("netdev"),
        split_rules(config.props.has("hostfwd") ? config.props.get_string("hostfwd") : ""),
        parse_mtu(config)};
    const char* key = nc.hostfwd.empty() ? "netdev" : "hostfwd";
    try {
        return vp::net::make_net_backend(nc);
    } catch (const ConfigError&) {
        throw;
    } catch (const Error& e) {
        const std::string k = std::string(e.what()).find("hostfwd") != std::string::npos ? key : "netdev";
        throw ConfigError(config.props.at(k).loc, config.name + "." + k, e.what());
    }
}

}  // namespace

const std::vector<PropertySpec>& VirtioNet::properties() {
    static const std::vector<PropertySpec> props = {
        {"mac", PropType::string, "52:54:00:12:34:56", "the NIC's MAC address (VIRTIO_NET_F_MAC)"},
        {.name = "netdev",
         .type = PropType::string,
         .default_value = "user",
         .doc = "network backend: user (libslirp: DHCP, DNS, the host at 10.0.2.2) or none (no network)",
         .host_side = true},
        {.name = "hostfwd",
         .type = PropType::string,
         .default_value = "",
         .doc = "user: forwarded host ports, comma-separated "
                "[tcp|udp]:[HOSTADDR]:HOSTPORT-[GUESTADDR]:GUESTPORT",
         .host_side = true},
        {"mtu", PropType::integer, "65520",
         "the link's MTU (VIRTIO_NET_F_MTU), 68 to 65520; QEMU's user network has 1500"},
    };
    return props;
}

VirtioNet::VirtioNet(const DeviceConfig& config) : VirtioNet(config, backend_from(config)) {}

VirtioNet::VirtioNet(const DeviceConfig& config, std::unique_ptr<vp::net::NetBackend> backend)
    : name_(config.name), max_frame_(parse_mtu(config) + net::kEthOverhead), backend_(std::move(backend)) {
    // §5.1.4 struct virtio_net_config: u8 mac[6], le16 status, le16 max_virtqueue_pairs, le16 mtu.
    const auto mac = parse_mac(config);
    config_.assign(mac.begin(), mac.end());
    for (const unsigned v : {unsigned{net::kLinkUp}, 1u, parse_mtu(config)}) {
        config_.push_back(static_cast<uint8_t>(v & 0xFF));
        config_.push_back(static_cast<uint8_t>(v >> 8));
    }
    backend_->attach([this](const uint8_t* f, size_t n) { receive(f, n); });
}

void VirtioNet::start(uint64_t features, DeviceQueues& queues) {
    queues_ = &queues;
    rx_flags_ = (features & bit(net::kFeatureGuestCsum)) ? net::kHdrDataValid : 0;
    deliver_held();
}

void VirtioNet::reset() {
    queues_ = nullptr;
    held_.clear();
}

void VirtioNet::guest_error(const std::string& why) {
    VP_TRACE(trace::guest_errors, "virtio-net '{}': {}", name_, why);
}

void VirtioNet::notify(unsigned q, DeviceQueues& queues) {
    queues_ = &queues;
    if (q == kReceive)
        deliver_held();
    else
        transmit();
}

// §5.1.6.2: each transmit chain is a virtio_net_hdr followed by one frame.
void VirtioNet::transmit() {
    Chain c;
    while (queues_ && queues_->pop(kTransmit, c) == Virtqueue::Pop::chain) {
        if (c.readable_bytes < net::kHeaderBytes) {
            queues_->fail(
                fmt::format("virtio-net: transmit chain of {} bytes, shorter than the {}-byte header",
                            c.readable_bytes, net::kHeaderBytes));
            return;
        }
        const uint64_t frame = c.readable_bytes - net::kHeaderBytes;
        uint8_t hdr[net::kHeaderBytes];
        bool send = true;
        if (frame < net::kEthHeader || frame > max_frame_) {
            guest_error(fmt::format("transmit frame of {} bytes dropped (an Ethernet frame is {} to {})",
                                    frame, net::kEthHeader, max_frame_));
            send = false;
        } else {
            tx_buffer_.resize(net::kHeaderBytes + frame);
            if (!gather(queues_->memory(), c, 0, tx_buffer_.data(), tx_buffer_.size())) {
                queues_->fail("virtio-net: transmit buffer not in memory");
                return;
            }
            std::memcpy(hdr, tx_buffer_.data(), sizeof hdr);
            // No offload was offered (§5.1.6.2.1: the driver MUST NOT ask for one it did not negotiate).
            if ((hdr[0] & net::kHdrNeedsCsum) || hdr[1] != net::kGsoNone) {
                guest_error(fmt::format("transmit frame dropped: flags {:#x} gso_type {:#x} without offloads",
                                        hdr[0], hdr[1]));
                send = false;
            }
        }
        if (send) {
            ++counters_.tx_frames;
            backend_->send(tx_buffer_.data() + net::kHeaderBytes, static_cast<size_t>(frame));
        } else {
            ++counters_.tx_dropped;
        }
        if (!queues_) return;  // the backend's answer reset the device
        queues_->complete(kTransmit, c.head, 0);
    }
}

void VirtioNet::receive(const uint8_t* frame, size_t len) {
    if (held_.size() >= net::kRxHeld) {
        held_.pop_front();
        ++counters_.rx_dropped;
    }
    held_.emplace_back(frame, frame + len);
    deliver_held();
}

// §5.1.6.3: each frame goes into one posted chain behind a header with num_buffers 1 (no
// VIRTIO_NET_F_MRG_RXBUF).
void VirtioNet::deliver_held() {
    if (!queues_) return;
    Chain c;
    while (!held_.empty() && queues_ && queues_->queue_ready(kReceive)) {
        if (queues_->pop(kReceive, c) != Virtqueue::Pop::chain) return;
        if (c.writable_bytes < net::kHeaderBytes) {
            queues_->fail(fmt::format(
                "virtio-net: receive chain of {} writable bytes, shorter than the header", c.writable_bytes));
            return;
        }
        const std::vector<uint8_t> f = std::move(held_.front());
        held_.pop_front();
        if (c.writable_bytes < net::kHeaderBytes + f.size()) {
            guest_error(fmt::format("receive buffer of {} bytes too short for a {}-byte frame: dropped",
                                    c.writable_bytes, f.size()));
            ++counters_.rx_dropped;
            queues_->complete(kReceive, c.head, 0);
            continue;
        }
        rx_buffer_.assign(net::kHeaderBytes, 0);
        rx_buffer_[0] = rx_flags_;
        rx_buffer_[10] = 1;  // num_buffers (le16 at offset 10)
        rx_buffer_.insert(rx_buffer_.end(), f.begin(), f.end());
        if (!scatter(queues_->memory(), c, 0, rx_buffer_.data(), rx_buffer_.size())) {
            queues_->fail("virtio-net: receive buffer not in memory");
            return;
        }
        ++counters_.rx_frames;
        queues_->complete(kReceive, c.head, static_cast<uint32_t>(rx_buffer_.size()));
    }
}

void VirtioNet::save_state(StateWriter& out) const {
    out.u8(rx_flags_);
    for (const uint64_t v :
         {counters_.tx_frames, counters_.tx_dropped, counters_.rx_frames, counters_.rx_dropped})
        out.u64(v);
    out.u64(held_.size());
    for (const auto& f : held_) out.bytes(f);
    out.string(backend_->describe());
    StateWriter backend;
    backend_->save_state(backend);
    out.bytes(backend.data());
}

void VirtioNet::load_state(StateReader& in, DeviceQueues* queues) {
    rx_flags_ = in.u8();
    if (rx_flags_ != 0 && rx_flags_ != net::kHdrDataValid)
        in.bad(fmt::format("receive flags {:#x}", rx_flags_));
    for (uint64_t* v :
         {&counters_.tx_frames, &counters_.tx_dropped, &counters_.rx_frames, &counters_.rx_dropped})
        *v = in.u64();
    const uint64_t held = in.u64();
    if (held > net::kRxHeld) in.bad(fmt::format("{} frames held, more than {}", held, net::kRxHeld));
    held_.clear();
    for (uint64_t i = 0; i < held; ++i) {
        held_.push_back(in.bytes());
        if (held_.back().size() > max_frame_)
            in.bad(fmt::format("a held frame of {} bytes", held_.back().size()));
    }
    const std::string kind = in.string();
    const std::vector<uint8_t> backend = in.bytes();
    if (kind == backend_->describe()) {
        StateReader r(fmt::format("device '{}' netdev {}", name_, kind), backend);
        backend_->load_state(r);
        r.expect_end();
    } else {
        trace::write_line(
            fmt::format("vp: '{}': saved on netdev {}, restored on {}: the {} backend's state is not used",
                        name_, kind, backend_->describe(), kind));
    }
    queues_ = queues;  // held frames go at the driver's next receive notification, as they would have
}

static ModelRegistrar registrar{VirtioMmio::model(
    "virtio_net",
    "virtio network device (virtio 1.2 §5.1) on user-mode networking (libslirp), on a virtio-mmio transport",
    VirtioNet::properties(), [](const DeviceConfig& c) { return std::make_unique<VirtioNet>(c); })};

}  // namespace vp::virtio
