// A raw disk image on the host: reads and writes at byte offsets with pread/pwrite (nothing is
// cached in vp, so a write is in the host file, through the kernel's page cache, as soon as it
// returns, whichever way vp ends), flush = fdatasync, discard = a punched hole.
// Snapshot mode leaves the host file untouched: writes go to an unlinked temporary overlay file
// (sparse, the image's size) and a per-sector map says which sectors it holds.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace vp::virtio {

class BlockImage {
public:
    static constexpr uint64_t kSector = 512;

    // Throws vp::Error naming `path` when it cannot be opened (read-write unless `read_only`).
    BlockImage(const std::string& path, bool read_only, bool snapshot);
    ~BlockImage();
    BlockImage(const BlockImage&) = delete;
    BlockImage& operator=(const BlockImage&) = delete;

    uint64_t size() const { return size_; }
    bool read_only() const { return read_only_; }
    const std::string& path() const { return path_; }

    // False on a host I/O error (errno set). Ranges are within size() (the caller checks).
    bool read(uint64_t offset, void* data, size_t len);
    bool write(uint64_t offset, const void* data, size_t len);
    bool write_zeroes(uint64_t offset, uint64_t len);
    bool discard(uint64_t offset, uint64_t len);
    bool flush();

private:
    bool overlay_has(uint64_t sector) const { return written_[sector / 64] >> (sector % 64) & 1; }
    void mark(uint64_t offset, uint64_t len);

    std::string path_;
    bool read_only_;
    int fd_ = -1;
    int overlay_ = -1;               // snapshot: the temporary file writes go to
    std::vector<uint64_t> written_;  // snapshot: one bit per sector held by the overlay
    uint64_t size_ = 0;
};

}  // namespace vp::virtio
