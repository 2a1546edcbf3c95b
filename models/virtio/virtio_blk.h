// virtio block device (OASIS virtio 1.2 §5.2) on a disk image file (block_image.h).
//
// Properties: image (the file), format (raw, qcow2, or auto: qcow2 when the file begins with the
// QCOW magic, as QEMU probes an image given without format=), readonly (VIRTIO_BLK_F_RO: writes fail with
// IOERR), snapshot (writes go to a temporary overlay, the file is untouched), serial (what GET_ID returns, at
// most 20 bytes; default the device's name). One request queue of 256 entries. Requests (§5.2.6): IN, OUT,
// FLUSH (fdatasync), GET_ID, DISCARD, WRITE_ZEROES; others answer UNSUPP. A request whose sectors lie beyond
// the capacity, or whose data is not a whole number of sectors, answers IOERR; a request without a header or
// a status byte is a broken chain (DEVICE_NEEDS_RESET).
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/device_config.h"
#include "core/properties.h"
#include "models/virtio/block_image.h"
#include "models/virtio/virtio_device.h"

namespace vp::virtio {

namespace blk {
// §5.2.3 feature bits.
constexpr unsigned kSizeMax = 1, kSegMax = 2, kReadOnly = 5, kBlkSize = 6, kFlush = 9, kDiscard = 13,
                   kWriteZeroes = 14;
// §5.2.6 request types and status values.
constexpr uint32_t kIn = 0, kOut = 1, kFlushReq = 4, kGetId = 8, kDiscardReq = 11, kWriteZeroesReq = 13;
constexpr uint8_t kOk = 0, kIoErr = 1, kUnsupp = 2;
constexpr unsigned kIdBytes = 20;       // VIRTIO_BLK_ID_BYTES
constexpr uint32_t kSegMaxValue = 254;  // the queue size less the header and status descriptors
constexpr uint32_t kMaxDiscardSectors = 0x3FFFFF;
}  // namespace blk

class VirtioBlk : public VirtioDevice {
public:
    static const std::vector<PropertySpec>& properties();
    explicit VirtioBlk(const DeviceConfig& config);

    uint32_t device_id() const override { return 2; }
    uint64_t features() const override;
    unsigned num_queues() const override { return 1; }
    const std::vector<uint8_t>& config() const override { return config_; }
    void notify(unsigned q, DeviceQueues& queues) override;
    // The image's (BlockImage::save_state): refused for a writable disk without snapshot.
    void save_state(StateWriter& out) const override;
    void load_state(StateReader& in, DeviceQueues*) override { image_->load_state(in); }

    BlockImage& image() { return *image_; }

private:
    uint8_t serve(DeviceQueues& queues, const Chain& c, uint32_t type, uint64_t sector, uint32_t& written);
    uint8_t ranges(DeviceQueues& queues, const Chain& c, bool zeroes);
    bool in_range(uint64_t sector, uint64_t bytes) const;

    std::unique_ptr<BlockImage> image_;
    std::string name_;  // the device's, for messages
    std::string serial_;
    std::vector<uint8_t> config_;
    std::vector<uint8_t> buffer_;
};

}  // namespace vp::virtio
