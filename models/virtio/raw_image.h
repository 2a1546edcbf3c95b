// A raw disk image: reads and writes at byte offsets with pread/pwrite (nothing is cached in vp,
// so a write is in the host file, through the kernel's page cache, as soon as it returns,
// whichever way vp ends), flush = fdatasync, discard = a punched hole.
// Snapshot mode writes to an unlinked temporary overlay file (sparse, the image's size) and a
// per-sector map says which sectors it holds.
//
// Checkpoints: the image's identity (its size and a CRC-32 of its whole content: a checkpoint may
// be restored on another host, where inode and mtime differ; the CRC of a file unchanged since
// it was last computed, by size and mtime, is reused) and, with snapshot, the overlay's sectors.
// Loading refuses an image whose identity differs, naming the file. A writable image without
// snapshot is refused: a checkpoint cannot roll the host file back to the saved moment.
#pragma once
#include <sys/types.h>

#include <ctime>
#include <vector>

#include "models/virtio/block_image.h"

namespace vp::virtio {

class RawImage final : public BlockImage {
public:
    RawImage(const std::string& path, bool read_only, bool snapshot);
    ~RawImage() override;
    RawImage(const RawImage&) = delete;
    RawImage& operator=(const RawImage&) = delete;

    bool read(uint64_t offset, void* data, size_t len) override;
    bool write(uint64_t offset, const void* data, size_t len) override;
    bool write_zeroes(uint64_t offset, uint64_t len) override;
    bool discard(uint64_t offset, uint64_t len) override;
    bool flush() override;
    void save_state(StateWriter& out) const override;
    void load_state(StateReader& in) override;

private:
    uint32_t content_crc() const;
    bool overlay_has(uint64_t sector) const { return written_[sector / 64] >> (sector % 64) & 1; }
    void mark(uint64_t offset, uint64_t len);

    int fd_ = -1;
    int overlay_ = -1;               // snapshot: the temporary file writes go to
    std::vector<uint64_t> written_;  // snapshot: one bit per sector held by the overlay
    // content_crc()'s last result and the file's size and mtime it was computed for.
    mutable uint32_t crc_ = 0;
    mutable bool crc_known_ = false;
    mutable off_t crc_size_ = 0;
    mutable timespec crc_mtime_{};
};

}  // namespace vp::virtio
