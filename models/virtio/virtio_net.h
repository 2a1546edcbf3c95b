// virtio network device (OASIS virtio 1.2 §5.1) on a network backend (models/net/net_backend.h).
//
// Queues: receiveq1 (0) and transmitq1 (1); no control queue, one queue pair. Features:
// VIRTIO_NET_F_MAC (property `mac`, default 52:54:00:12:34:56 as QEMU), VIRTIO_NET_F_STATUS (link
// up), VIRTIO_NET_F_MTU (property `mtu`, default 65520: the link between the guest and the user
// backend carries frames up to 64 KiB, so a bulk transfer costs the guest a fortieth of the
// packets of a 1500-byte link; Linux then posts 64 KiB receive chains, its "big packets"),
// VIRTIO_NET_F_GUEST_CSUM (received frames carry DATA_VALID: the backend's checksums are correct,
// the guest need not verify them). No transmit offloads: every frame the guest sends carries a
// complete checksum. The 12-byte virtio_net_hdr (VERSION_1, §5.1.6) of each received frame has
// GSO_NONE and num_buffers 1.
//
// Transmit: each chain is a header then one frame; a frame shorter than an Ethernet header,
// longer than the MTU allows, or asking for an offload that was not negotiated is dropped (logged
// under guest_errors, counted), the chain still returned. A chain without a whole header breaks
// the queue's rules (DEVICE_NEEDS_RESET).
// Receive: frames from the backend wait in a queue of kRxHeld frames while the driver has posted
// no buffer (the oldest dropped first, counted); the simulation never waits for the guest. A
// posted chain too short for the header and frame drops that frame (logged); one without a
// whole writable header is a broken chain (DEVICE_NEEDS_RESET).
//
// Checkpoints: the frames held for the receive queue, the received header's flags, the counters,
// then the backend's name and state (NetBackend::save_state). Restored on another backend (an
// allowed override: `netdev` is host-side), the saved backend state is left out, logged.
#pragma once
#include <array>
#include <cstdint>
#include <deque>
#include <memory>
#include <vector>

#include "core/device_config.h"
#include "core/properties.h"
#include "models/net/net_backend.h"
#include "models/virtio/virtio_device.h"

namespace vp::virtio {

namespace net {
// §5.1.3 feature bits.
constexpr unsigned kFeatureGuestCsum = 1, kFeatureMtu = 3, kFeatureMac = 5, kFeatureStatus = 16;
// §5.1.4 struct virtio_net_config: mac at 0, status at 6; VIRTIO_NET_S_LINK_UP.
constexpr uint16_t kLinkUp = 1;
// §5.1.6 struct virtio_net_hdr with VERSION_1 (num_buffers included).
constexpr size_t kHeaderBytes = 12;
constexpr uint8_t kHdrNeedsCsum = 1, kHdrDataValid = 2;
constexpr uint8_t kGsoNone = 0;
constexpr size_t kEthHeader = 14;
constexpr size_t kEthOverhead = 14 + 4;            // Ethernet header and one 802.1Q tag
constexpr unsigned kMinMtu = 68, kMaxMtu = 65520;  // RFC 791's minimum; libslirp's maximum
constexpr size_t kRxHeld = 256;
}  // namespace net

class VirtioNet : public VirtioDevice {
public:
    static constexpr unsigned kReceive = 0, kTransmit = 1;
    static const std::vector<PropertySpec>& properties();
    // The backend from the properties (netdev, hostfwd).
    explicit VirtioNet(const DeviceConfig& config);
    // A given backend (tests).
    VirtioNet(const DeviceConfig& config, std::unique_ptr<vp::net::NetBackend> backend);

    uint32_t device_id() const override { return 1; }
    uint64_t features() const override {
        return bit(net::kFeatureGuestCsum) | bit(net::kFeatureMtu) | bit(net::kFeatureMac) |
               bit(net::kFeatureStatus);
    }
    unsigned num_queues() const override { return 2; }
    const std::vector<uint8_t>& config() const override { return config_; }
    void start(uint64_t features, DeviceQueues& queues) override;
    void reset() override;
    void notify(unsigned q, DeviceQueues& queues) override;
    void save_state(StateWriter& out) const override;
    void load_state(StateReader& in, DeviceQueues* queues) override;

    vp::net::NetBackend& backend() { return *backend_; }
    struct Counters {
        uint64_t tx_frames = 0, tx_dropped = 0, rx_frames = 0, rx_dropped = 0;
    };
    const Counters& counters() const { return counters_; }
    size_t rx_held() const { return held_.size(); }

private:
    void receive(const uint8_t* frame, size_t len);
    void deliver_held();
    void transmit();
    void guest_error(const std::string& why);

    std::string name_;
    size_t max_frame_;
    uint8_t rx_flags_ = 0;  // virtio_net_hdr.flags of received frames (DATA_VALID with GUEST_CSUM)
    std::unique_ptr<vp::net::NetBackend> backend_;
    std::vector<uint8_t> config_;
    DeviceQueues* queues_ = nullptr;  // set at DRIVER_OK
    std::deque<std::vector<uint8_t>> held_;
    std::vector<uint8_t> tx_buffer_, rx_buffer_;  // apart: a send can deliver a frame at once
    Counters counters_;
};

}  // namespace vp::virtio
