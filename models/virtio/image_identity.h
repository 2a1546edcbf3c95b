// A disk image's identity in a checkpoint: the size the guest sees and a CRC-32 (zlib) of the
// host file's whole content, not its size and mtime: a checkpoint is restored on other hosts,
// where a copied file's mtime and inode differ. The CRC is computed once and reused while the
// file's size and mtime stay; it costs a read of the whole file (about 0.3 s per 100 MB) at the
// first save and at each restore.
#pragma once
#include <sys/types.h>

#include <cstdint>
#include <ctime>
#include <string>

#include "core/state_stream.h"
#include "models/virtio/snapshot_overlay.h"

namespace vp::virtio {

class ImageIdentity {
public:
    explicit ImageIdentity(std::string path) : path_(std::move(path)) {}
    const std::string& path() const { return path_; }

    // `fd`: the host file, open for reading; `size`: the guest's size of the image.
    void save(StateWriter& out, int fd, uint64_t size) const;
    // Refuses (StateReader::bad, naming the file) an image whose size or content differs.
    void check(StateReader& in, int fd, uint64_t size) const;

private:
    uint32_t crc(int fd) const;

    std::string path_;
    mutable uint32_t crc_ = 0;
    mutable bool known_ = false;
    mutable off_t file_size_ = 0;
    mutable timespec mtime_{};
};

// The checkpoint state of an image: its identity, then the snapshot overlay's runs (none
// without snapshot). Loading refuses overlay runs for an image without an overlay.
void save_image_state(StateWriter& out, const ImageIdentity& id, int fd, uint64_t size,
                      const SnapshotOverlay* overlay);
void load_image_state(StateReader& in, const ImageIdentity& id, int fd, uint64_t size,
                      SnapshotOverlay* overlay);

}  // namespace vp::virtio
