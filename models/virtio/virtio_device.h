// A virtio device (OASIS virtio 1.2 §5) behind a transport: its ID, feature bits, configuration
// space and queues. The transport (virtio_mmio.h) owns the registers, the queues' state and the
// interrupt; the device serves the requests it finds on its queues through a DeviceQueues.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/state_stream.h"
#include "models/virtio/guest_memory.h"
#include "models/virtio/virtqueue.h"

namespace vp::virtio {

// §6 reserved feature bits the transport offers for every device.
constexpr unsigned kFeatureIndirectDesc = 28;  // VIRTIO_F_INDIRECT_DESC
constexpr unsigned kFeatureEventIdx = 29;      // VIRTIO_F_RING_EVENT_IDX
constexpr unsigned kFeatureVersion1 = 32;      // VIRTIO_F_VERSION_1

constexpr uint64_t bit(unsigned n) {
    return 1ull << n;
}

// What a device uses of its transport while it serves a queue.
class DeviceQueues {
public:
    virtual ~DeviceQueues() = default;
    virtual GuestMemory& memory() = 0;
    // The next available chain of queue `q`: chain, empty, or error (the transport has then set
    // DEVICE_NEEDS_RESET and logged why).
    virtual Virtqueue::Pop pop(unsigned q, Chain& out) = 0;
    // Returns chain `head` to the driver with `written` bytes written; interrupts as the driver asked.
    virtual void complete(unsigned q, uint16_t head, uint32_t written) = 0;
    // The guest did something no driver may: DEVICE_NEEDS_RESET, logged under guest_errors.
    virtual void fail(const std::string& why) = 0;
    virtual bool queue_ready(unsigned q) const = 0;
};

class VirtioDevice {
public:
    virtual ~VirtioDevice() = default;
    virtual uint32_t device_id() const = 0;  // §5: 2 block, 3 console, 4 entropy
    virtual uint64_t features() const = 0;   // device-specific bits (0..23); the transport adds §6's
    virtual unsigned num_queues() const = 0;
    virtual uint16_t queue_max(unsigned q) const {
        (void)q;
        return 256;
    }
    // The device-specific configuration space (§4.2.2: offset 0x100 on), little-endian.
    virtual const std::vector<uint8_t>& config() const { return no_config_; }
    // The driver wrote `len` bytes at `offset` of the configuration space (already bounds-checked).
    virtual void write_config(uint64_t offset, const uint8_t* data, unsigned len) {
        (void)offset;
        (void)data;
        (void)len;
    }
    // The driver set DRIVER_OK with these features accepted.
    virtual void start(uint64_t features, DeviceQueues& queues) {
        (void)features;
        (void)queues;
    }
    virtual void reset() {}
    // The driver notified queue `q` (QueueNotify).
    virtual void notify(unsigned q, DeviceQueues& queues) = 0;

    // Checkpoints (docs/ARCHITECTURE.md): the device's own state beyond the transport's registers
    // and queues; called only for a model registered as saved (VirtioMmio::model). A
    // CheckpointError says what cannot be saved (a writable disk).
    virtual void save_state(StateWriter& out) const { (void)out; }
    // `queues`: the transport when the driver had set DRIVER_OK (as start() got it), else null.
    virtual void load_state(StateReader& in, DeviceQueues* queues) {
        (void)in;
        (void)queues;
    }

private:
    std::vector<uint8_t> no_config_;
};

}  // namespace vp::virtio
