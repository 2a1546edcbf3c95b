// A raw disk image: reads and writes at byte offsets with pread/pwrite (nothing is cached in vp,
// so a write is in the host file, through the kernel's page cache, as soon as it returns,
// whichever way vp ends), flush = fdatasync, discard = a punched hole. Snapshot mode writes to
// vp's own overlay (snapshot_overlay.h).
//
// Checkpoints: the image's identity (image_identity.h) and, with snapshot, the overlay's sectors.
// Loading refuses an image whose identity differs, naming the file. A writable image without
// snapshot is refused: a checkpoint cannot roll the host file back to the saved moment.
#pragma once
#include <memory>

#include "models/virtio/block_image.h"
#include "models/virtio/image_identity.h"
#include "models/virtio/snapshot_overlay.h"

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
    int fd_ = -1;
    std::unique_ptr<SnapshotOverlay> overlay_;  // snapshot: where writes go
    ImageIdentity identity_;
};

}  // namespace vp::virtio
