// Snapshot mode of a disk image: the guest's writes go to an unlinked temporary file (O_TMPFILE
// in $TMPDIR, sparse, the image's size) and a map with one bit per 512-byte sector says which
// sectors it holds; the other sectors are read from the image below (the base), which is never
// written. Raw images (raw_image.h) read the base with pread, qcow2 ones (nbd_image.h) through a
// read-only qemu-nbd.
//
// Checkpoints: the overlay's written sectors as runs (first sector, count, data); loading writes
// them into this overlay, which must be fresh.
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/state_stream.h"

namespace vp::virtio {

class SnapshotOverlay {
public:
    static constexpr uint64_t kSector = 512;
    // Reads `len` bytes at `offset` of the image below the overlay; false on a host I/O error.
    using ReadBase = std::function<bool(uint64_t offset, uint8_t* data, size_t len)>;

    // Throws vp::Error naming `image` when the temporary file cannot be made.
    SnapshotOverlay(const std::string& image, uint64_t size, ReadBase base);
    ~SnapshotOverlay();
    SnapshotOverlay(const SnapshotOverlay&) = delete;
    SnapshotOverlay& operator=(const SnapshotOverlay&) = delete;

    // Whole-sector requests within the image's size (the caller checks); false on a host I/O error.
    bool read(uint64_t offset, uint8_t* data, size_t len);
    bool write(uint64_t offset, const uint8_t* data, size_t len);
    bool write_zeroes(uint64_t offset, uint64_t len);

    // CheckpointError naming the image on a host I/O error; StateReader::bad for a run outside it.
    void save(StateWriter& out) const;
    void load(StateReader& in);

private:
    bool has(uint64_t sector) const { return written_[sector / 64] >> (sector % 64) & 1; }
    void mark(uint64_t offset, uint64_t len);

    std::string image_;
    uint64_t size_;
    ReadBase base_;
    int fd_ = -1;
    std::vector<uint64_t> written_;
};

// pread/pwrite of the whole range (EINTR retried); pread past the end of the file reads zeros
// (a sparse overlay shorter than the image). False on a host I/O error.
bool pread_all(int fd, uint8_t* p, size_t len, uint64_t off);
bool pwrite_all(int fd, const uint8_t* p, size_t len, uint64_t off);
// Zeros the range: a punched hole, else written zeros.
bool zero_range(int fd, uint64_t off, uint64_t len);

}  // namespace vp::virtio
