#include "models/virtio/virtio_blk.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>

#include "core/error.h"
#include "models/virtio/virtio_mmio.h"

namespace vp::virtio {

using namespace blk;

const std::vector<PropertySpec>& VirtioBlk::properties() {
    static const std::vector<PropertySpec> props = {
        {"image", PropType::path, "", "the disk image file", true},
        {"format", PropType::string, "raw",
         "raw, qcow2 (served by qemu-nbd), or auto (qcow2 if the file has the QCOW magic, else raw)"},
        {"readonly", PropType::boolean, "false", "the guest may not write (VIRTIO_BLK_F_RO)"},
        {"snapshot", PropType::boolean, "false",
         "writes go to a temporary overlay; the image file is untouched"},
        {"serial", PropType::string, "", "the device ID string GET_ID returns (default: the device's name)"},
    };
    return props;
}

namespace {

template <class T>
void put(std::vector<uint8_t>& v, size_t off, T value) {
    std::memcpy(v.data() + off, &value, sizeof value);
}

}  // namespace

VirtioBlk::VirtioBlk(const DeviceConfig& config) {
    const std::string path = config.props.get_string("image");
    const std::string format = config.props.get_string("format");
    if (format != "raw" && format != "qcow2" && format != "auto")
        throw ConfigError(config.props.at("format").loc, config.name + ".format",
                          fmt::format("'{}': expected raw, qcow2 or auto", format));
    try {
        const ImageFormat f = format == "qcow2"                       ? ImageFormat::qcow2
                              : format == "auto" && probe_qcow2(path) ? ImageFormat::qcow2
                                                                      : ImageFormat::raw;
        image_ =
            open_block_image(path, f, config.props.get_bool("readonly"), config.props.get_bool("snapshot"));
    } catch (const Error& e) {
        throw ConfigError(config.props.at("image").loc, config.name + ".image", e.what());
    }
    name_ = config.name;
    serial_ = config.props.has("serial") ? config.props.get_string("serial") : "";
    if (serial_.empty()) serial_ = config.name;
    if (serial_.size() > kIdBytes)
        throw ConfigError(
            config.props.at("serial").loc, config.name + ".serial",
            fmt::format("'{}' is longer than the {} bytes of a virtio-blk ID", serial_, kIdBytes));
    // §5.2.4 struct virtio_blk_config, up to write_zeroes_may_unmap (60 bytes).
    config_.assign(60, 0);
    put<uint64_t>(config_, 0, image_->size() / BlockImage::kSector);  // capacity
    put<uint32_t>(config_, 8, 1u << 22);                              // size_max
    put<uint32_t>(config_, 12, kSegMaxValue);                         // seg_max
    put<uint32_t>(config_, 20, uint32_t(BlockImage::kSector));        // blk_size
    put<uint32_t>(config_, 36, kMaxDiscardSectors);                   // max_discard_sectors
    put<uint32_t>(config_, 40, 1);                                    // max_discard_seg
    put<uint32_t>(config_, 44, 1);                                    // discard_sector_alignment
    put<uint32_t>(config_, 48, kMaxDiscardSectors);                   // max_write_zeroes_sectors
    put<uint32_t>(config_, 52, 1);                                    // max_write_zeroes_seg
    config_[56] = 1;                                                  // write_zeroes_may_unmap
}

void VirtioBlk::save_state(StateWriter& out) const {
    try {
        image_->save_state(out);
    } catch (const CheckpointError& e) {
        throw CheckpointError(fmt::format("device '{}' (virtio_blk): {}", name_, e.what()));
    }
}

uint64_t VirtioBlk::features() const {
    uint64_t f =
        bit(kSizeMax) | bit(kSegMax) | bit(kBlkSize) | bit(kFlush) | bit(kDiscard) | bit(kWriteZeroes);
    if (image_->read_only()) f |= bit(kReadOnly);
    return f;
}

bool VirtioBlk::in_range(uint64_t sector, uint64_t bytes) const {
    const uint64_t capacity = image_->size() / BlockImage::kSector;
    return bytes % BlockImage::kSector == 0 && sector <= capacity &&
           bytes / BlockImage::kSector <= capacity - sector;
}

void VirtioBlk::notify(unsigned q, DeviceQueues& queues) {
    Chain c;
    while (queues.pop(q, c) == Virtqueue::Pop::chain) {
        // §5.2.6: le32 type, le32 reserved, le64 sector; ...; u8 status (the last writable byte).
        struct {
            uint32_t type, reserved;
            uint64_t sector;
        } hdr;
        if (c.readable_bytes < sizeof hdr || c.writable_bytes < 1) {
            queues.fail(fmt::format("virtio-blk request {} without a header or a status byte", c.head));
            return;
        }
        if (!gather(queues.memory(), c, 0, &hdr, sizeof hdr)) {
            queues.fail(fmt::format("virtio-blk request {}: header not in memory", c.head));
            return;
        }
        uint32_t written = 0;
        const uint8_t status = serve(queues, c, hdr.type, hdr.sector, written);
        if (!scatter(queues.memory(), c, c.writable_bytes - 1, &status, 1)) {
            queues.fail(fmt::format("virtio-blk request {}: status byte not in memory", c.head));
            return;
        }
        queues.complete(q, c.head, written + 1);
    }
}

uint8_t VirtioBlk::serve(DeviceQueues& queues, const Chain& c, uint32_t type, uint64_t sector,
                         uint32_t& written) {
    GuestMemory& mem = queues.memory();
    const uint64_t in_data = c.writable_bytes - 1;  // writable bytes before the status
    const uint64_t out_data = c.readable_bytes - 16;
    constexpr size_t kChunk = 1 << 20;
    switch (type) {
        case kIn: {
            if (!in_range(sector, in_data)) return kIoErr;
            for (uint64_t done = 0; done < in_data;) {
                const size_t n = static_cast<size_t>(std::min<uint64_t>(kChunk, in_data - done));
                buffer_.resize(n);
                if (!image_->read(sector * BlockImage::kSector + done, buffer_.data(), n)) return kIoErr;
                if (!scatter(mem, c, done, buffer_.data(), n)) {
                    queues.fail("virtio-blk IN: data buffer not in memory");
                    return kIoErr;
                }
                done += n;
                written = static_cast<uint32_t>(done);
            }
            return kOk;
        }
        case kOut: {
            if (image_->read_only() || !in_range(sector, out_data)) return kIoErr;
            for (uint64_t done = 0; done < out_data;) {
                const size_t n = static_cast<size_t>(std::min<uint64_t>(kChunk, out_data - done));
                buffer_.resize(n);
                if (!gather(mem, c, 16 + done, buffer_.data(), n)) {
                    queues.fail("virtio-blk OUT: data buffer not in memory");
                    return kIoErr;
                }
                if (!image_->write(sector * BlockImage::kSector + done, buffer_.data(), n)) return kIoErr;
                done += n;
            }
            return kOk;
        }
        case kFlushReq: return image_->flush() ? kOk : kIoErr;
        case kGetId: {
            char id[kIdBytes] = {};
            std::memcpy(id, serial_.data(), serial_.size());
            const size_t n = static_cast<size_t>(std::min<uint64_t>(in_data, kIdBytes));
            if (!scatter(mem, c, 0, id, n)) {
                queues.fail("virtio-blk GET_ID: buffer not in memory");
                return kIoErr;
            }
            written = static_cast<uint32_t>(n);
            return kOk;
        }
        case kDiscardReq:
        case kWriteZeroesReq: return ranges(queues, c, type == kWriteZeroesReq);
        default: return kUnsupp;
    }
}

// §5.2.6: struct virtio_blk_discard_write_zeroes { le64 sector; le32 num_sectors; le32 flags; }.
uint8_t VirtioBlk::ranges(DeviceQueues& queues, const Chain& c, bool zeroes) {
    if (image_->read_only()) return kIoErr;
    const uint64_t bytes = c.readable_bytes - 16;
    if (bytes == 0 || bytes % 16 != 0) return kIoErr;
    for (uint64_t off = 16; off < c.readable_bytes; off += 16) {
        struct {
            uint64_t sector;
            uint32_t num_sectors, flags;
        } seg;
        if (!gather(queues.memory(), c, off, &seg, sizeof seg)) {
            queues.fail("virtio-blk DISCARD/WRITE_ZEROES: segment not in memory");
            return kIoErr;
        }
        // Only the unmap flag (bit 0) of WRITE_ZEROES is defined; DISCARD takes none.
        if (seg.flags & ~(zeroes ? 1u : 0u)) return kUnsupp;
        const uint64_t len = uint64_t(seg.num_sectors) * BlockImage::kSector;
        if (!in_range(seg.sector, len)) return kIoErr;
        const uint64_t at = seg.sector * BlockImage::kSector;
        if (!(zeroes ? image_->write_zeroes(at, len) : image_->discard(at, len))) return kIoErr;
    }
    return kOk;
}

static ModelRegistrar registrar{VirtioMmio::model(
    "virtio_blk",
    "virtio block device on a raw or qcow2 image file (virtio 1.2 §5.2) on a virtio-mmio transport",
    VirtioBlk::properties(), [](const DeviceConfig& c) { return std::make_unique<VirtioBlk>(c); })};

}  // namespace vp::virtio
