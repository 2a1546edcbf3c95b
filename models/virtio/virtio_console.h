// virtio console (OASIS virtio 1.2 §5.3), one port without VIRTIO_CONSOLE_F_SIZE or MULTIPORT:
// receiveq0 (queue 0) takes input from a character backend, transmitq0 (queue 1) sends output to
// it; Linux names it hvc0. Property `backend`: the same specs as PL011's (stdio, null, file:PATH,
// tcp:...). Input fills the driver's receive buffers a byte at a time as the backend delivers it;
// without a buffer the backend holds it (flow control).
#pragma once
#include <cstdint>
#include <memory>
#include <vector>

#include "core/device_config.h"
#include "core/properties.h"
#include "models/chardev/char_backend.h"
#include "models/virtio/virtio_device.h"

namespace vp::virtio {

class VirtioConsole : public VirtioDevice {
public:
    static constexpr unsigned kReceive = 0, kTransmit = 1;
    static const std::vector<PropertySpec>& properties();
    explicit VirtioConsole(const DeviceConfig& config);

    uint32_t device_id() const override { return 3; }
    uint64_t features() const override { return 0; }
    unsigned num_queues() const override { return 2; }
    void start(uint64_t features, DeviceQueues& queues) override;
    void reset() override;
    void notify(unsigned q, DeviceQueues& queues) override;
    // The receive chain it holds; input still queued in the backend is host-side and not saved.
    void save_state(StateWriter& out) const override;
    void load_state(StateReader& in, DeviceQueues* queues) override;

    CharBackend& backend() { return *backend_; }

private:
    size_t rx_room();
    void receive(uint8_t byte);

    std::unique_ptr<CharBackend> backend_;
    DeviceQueues* queues_ = nullptr;  // set at DRIVER_OK
    bool have_rx_ = false;            // a receive chain is held
    Chain rx_;
    std::vector<uint8_t> buffer_;
};

}  // namespace vp::virtio
