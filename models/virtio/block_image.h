// A disk image on the host as virtio-blk sees it: byte-addressed reads and writes, flush,
// write-zeroes and discard. Two kinds (open_block_image):
// - raw (raw_image.h): the file itself, with pread/pwrite;
// - qcow2 (nbd_image.h): QEMU's own qcow2 implementation, qemu-nbd, reached through libnbd.
// Snapshot mode leaves the host file untouched (vp's overlay takes the writes:
// snapshot_overlay.h); read-only refuses every write.
#pragma once
#include <cstdint>
#include <memory>
#include <string>

#include "core/state_stream.h"

namespace vp::virtio {

enum class ImageFormat { raw, qcow2 };

class BlockImage {
public:
    static constexpr uint64_t kSector = 512;

    virtual ~BlockImage() = default;

    uint64_t size() const { return size_; }
    bool read_only() const { return read_only_; }
    const std::string& path() const { return path_; }

    // False on a host I/O error. Ranges are within size() (the caller checks).
    virtual bool read(uint64_t offset, void* data, size_t len) = 0;
    virtual bool write(uint64_t offset, const void* data, size_t len) = 0;
    virtual bool write_zeroes(uint64_t offset, uint64_t len) = 0;
    // A discard may leave the data as it was or zero it (virtio 1.2 §5.2.6.2).
    virtual bool discard(uint64_t offset, uint64_t len) = 0;
    virtual bool flush() = 0;

    // Checkpoints: what a restore needs to see the same disk (image_identity.h, the snapshot
    // overlay); a CheckpointError naming the file for an image a checkpoint cannot hold (a
    // writable one without snapshot).
    virtual void save_state(StateWriter& out) const = 0;
    virtual void load_state(StateReader& in) = 0;

protected:
    BlockImage(std::string path, bool read_only) : path_(std::move(path)), read_only_(read_only) {}
    uint64_t size_ = 0;

private:
    std::string path_;
    bool read_only_;
};

// Whether the file (descriptor) begins with the QCOW magic, the qcow2 header's first field
// 'Q' 'F' 'I' 0xfb (false when it cannot be read).
bool probe_qcow2(const std::string& path);
bool has_qcow_magic(int fd);

// Throws vp::Error naming `path` when it cannot be opened as `format`.
std::unique_ptr<BlockImage> open_block_image(const std::string& path, ImageFormat format, bool read_only,
                                             bool snapshot);

}  // namespace vp::virtio
