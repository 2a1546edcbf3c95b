// virtio entropy device (OASIS virtio 1.2 §5.4): one request queue whose device-writable buffers
// are filled with random bytes. Properties: source `seeded` (default: a deterministic stream from
// `seed`, the same bytes every run) or `host` (the host's getrandom(2)).
#pragma once
#include <cstdint>
#include <vector>

#include "core/device_config.h"
#include "core/properties.h"
#include "models/virtio/virtio_device.h"

namespace vp::virtio {

class VirtioRng : public VirtioDevice {
public:
    static const std::vector<PropertySpec>& properties();
    explicit VirtioRng(const DeviceConfig& config);

    uint32_t device_id() const override { return 4; }
    uint64_t features() const override { return 0; }
    unsigned num_queues() const override { return 1; }
    void notify(unsigned q, DeviceQueues& queues) override;
    // The seeded generator's state (a host source has none).
    void save_state(StateWriter& out) const override { out.u64(state_); }
    void load_state(StateReader& in, DeviceQueues*) override { state_ = in.u64(); }

private:
    void fill(uint8_t* p, size_t n);

    bool host_ = false;
    uint64_t state_ = 0;  // splitmix64
    std::vector<uint8_t> buffer_;
};

}  // namespace vp::virtio
