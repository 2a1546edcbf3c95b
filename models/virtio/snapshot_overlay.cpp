#include "models/virtio/snapshot_overlay.h"

#include <fcntl.h>
#include <unistd.h>

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "core/error.h"

namespace vp::virtio {

bool pread_all(int fd, uint8_t* p, size_t len, uint64_t off) {
    while (len > 0) {
        const ssize_t n = ::pread(fd, p, len, static_cast<off_t>(off));
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return false;
        if (n == 0) {
            std::memset(p, 0, len);
            return true;
        }
        p += n, off += static_cast<uint64_t>(n), len -= static_cast<size_t>(n);
    }
    return true;
}

bool pwrite_all(int fd, const uint8_t* p, size_t len, uint64_t off) {
    while (len > 0) {
        const ssize_t n = ::pwrite(fd, p, len, static_cast<off_t>(off));
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        p += n, off += static_cast<uint64_t>(n), len -= static_cast<size_t>(n);
    }
    return true;
}

bool zero_range(int fd, uint64_t off, uint64_t len) {
    if (::fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, static_cast<off_t>(off),
                    static_cast<off_t>(len)) == 0)
        return true;
    static const std::vector<uint8_t> zeros(64 * 1024);
    while (len > 0) {
        const size_t n = static_cast<size_t>(std::min<uint64_t>(len, zeros.size()));
        if (!pwrite_all(fd, zeros.data(), n, off)) return false;
        off += n, len -= n;
    }
    return true;
}

SnapshotOverlay::SnapshotOverlay(const std::string& image, uint64_t size, ReadBase base)
    : image_(image), size_(size), base_(std::move(base)) {
    const char* tmp = std::getenv("TMPDIR");
    const std::string dir = tmp && *tmp ? tmp : "/tmp";
    fd_ = ::open(dir.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
    if (fd_ < 0)
        throw Error(
            fmt::format("disk image '{}': snapshot overlay in {}: {}", image, dir, std::strerror(errno)));
    written_.assign((size_ / kSector + 64) / 64, 0);
}

SnapshotOverlay::~SnapshotOverlay() {
    ::close(fd_);
}

void SnapshotOverlay::mark(uint64_t offset, uint64_t len) {
    for (uint64_t s = offset / kSector; s < (offset + len + kSector - 1) / kSector; ++s)
        written_[s / 64] |= 1ull << (s % 64);
}

// Runs of sectors from the overlay or the base.
bool SnapshotOverlay::read(uint64_t offset, uint8_t* p, size_t len) {
    while (len > 0) {
        const uint64_t sector = offset / kSector;
        const bool mine = has(sector);
        uint64_t end = sector + 1;
        while ((end - sector) * kSector < len && has(end) == mine) ++end;
        const size_t n = static_cast<size_t>(std::min<uint64_t>(len, end * kSector - offset));
        if (!(mine ? pread_all(fd_, p, n, offset) : base_(offset, p, n))) return false;
        p += n, offset += n, len -= n;
    }
    return true;
}

bool SnapshotOverlay::write(uint64_t offset, const uint8_t* data, size_t len) {
    if (!pwrite_all(fd_, data, len, offset)) return false;
    mark(offset, len);
    return true;
}

bool SnapshotOverlay::write_zeroes(uint64_t offset, uint64_t len) {
    if (!zero_range(fd_, offset, len)) return false;
    mark(offset, len);
    return true;
}

void SnapshotOverlay::save(StateWriter& out) const {
    const uint64_t sectors = (size_ + kSector - 1) / kSector;
    std::vector<std::pair<uint64_t, uint64_t>> runs;
    for (uint64_t s = 0; s < sectors;) {
        if (!has(s)) {
            s = s % 64 == 0 && written_[s / 64] == 0 ? s + 64 : s + 1;  // a large image is mostly unwritten
            continue;
        }
        uint64_t e = s + 1;
        while (e < sectors && has(e)) ++e;
        runs.emplace_back(s, e - s);
        s = e;
    }
    out.u64(runs.size());
    std::vector<uint8_t> data;
    for (auto [first, count] : runs) {
        out.u64(first);
        out.u64(count);
        data.resize(static_cast<size_t>(count * kSector));
        if (!pread_all(fd_, data.data(), data.size(), first * kSector))
            throw CheckpointError(
                fmt::format("disk image '{}': snapshot overlay: {}", image_, std::strerror(errno)));
        out.bytes(data);
    }
}

void SnapshotOverlay::load(StateReader& in) {
    const uint64_t runs = in.u64();
    const uint64_t sectors = (size_ + kSector - 1) / kSector;
    for (uint64_t i = 0; i < runs; ++i) {
        const uint64_t first = in.u64(), count = in.u64();
        if (count == 0 || first >= sectors || count > sectors - first)
            in.bad(fmt::format("disk image '{}': overlay sectors {}+{} beyond its {}", image_, first, count,
                               sectors));
        const std::vector<uint8_t> data = in.bytes();
        if (data.size() != count * kSector)
            in.bad(fmt::format("disk image '{}': overlay run of the wrong size", image_));
        if (!pwrite_all(fd_, data.data(), data.size(), first * kSector))
            throw CheckpointError(
                fmt::format("disk image '{}': snapshot overlay: {}", image_, std::strerror(errno)));
        mark(first * kSector, count * kSector);
    }
}

}  // namespace vp::virtio
