#include "models/virtio/raw_image.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>

#include <zlib.h>

#include "core/error.h"

namespace vp::virtio {

namespace {

bool pread_all(int fd, uint8_t* p, size_t len, uint64_t off) {
    while (len > 0) {
        const ssize_t n = ::pread(fd, p, len, static_cast<off_t>(off));
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return false;
        if (n == 0) {  // past the end of a file shorter than the image (a sparse overlay): zeros
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

}  // namespace

RawImage::RawImage(const std::string& path, bool read_only, bool snapshot) : BlockImage(path, read_only) {
    fd_ = ::open(path.c_str(), (read_only || snapshot ? O_RDONLY : O_RDWR) | O_CLOEXEC);
    if (fd_ < 0) throw Error(fmt::format("disk image '{}': {}", path, std::strerror(errno)));
    struct stat st {};
    if (::fstat(fd_, &st) != 0 || !S_ISREG(st.st_mode)) {
        ::close(fd_);
        throw Error(fmt::format("disk image '{}': not a regular file", path));
    }
    size_ = static_cast<uint64_t>(st.st_size);
    if (snapshot && !read_only) {
        const char* tmp = std::getenv("TMPDIR");
        const std::string dir = tmp && *tmp ? tmp : "/tmp";
        overlay_ = ::open(dir.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
        if (overlay_ < 0) {
            const int e = errno;
            ::close(fd_);
            throw Error(
                fmt::format("disk image '{}': snapshot overlay in {}: {}", path, dir, std::strerror(e)));
        }
        written_.assign((size_ / kSector + 64) / 64, 0);
    }
}

RawImage::~RawImage() {
    if (overlay_ >= 0) ::close(overlay_);
    if (fd_ >= 0) {
        if (!read_only() && overlay_ < 0) ::fdatasync(fd_);
        ::close(fd_);
    }
}

void RawImage::mark(uint64_t offset, uint64_t len) {
    for (uint64_t s = offset / kSector; s < (offset + len + kSector - 1) / kSector; ++s)
        written_[s / 64] |= 1ull << (s % 64);
}

bool RawImage::read(uint64_t offset, void* data, size_t len) {
    auto* p = static_cast<uint8_t*>(data);
    if (overlay_ < 0) return pread_all(fd_, p, len, offset);
    // Runs of sectors from the overlay or the image (requests are whole sectors).
    while (len > 0) {
        const uint64_t sector = offset / kSector;
        const bool from_overlay = overlay_has(sector);
        uint64_t end = sector + 1;
        while ((end - sector) * kSector < len && overlay_has(end) == from_overlay) ++end;
        const size_t n = static_cast<size_t>(std::min<uint64_t>(len, end * kSector - offset));
        if (!pread_all(from_overlay ? overlay_ : fd_, p, n, offset)) return false;
        p += n, offset += n, len -= n;
    }
    return true;
}

bool RawImage::write(uint64_t offset, const void* data, size_t len) {
    if (read_only()) return false;
    if (!pwrite_all(overlay_ >= 0 ? overlay_ : fd_, static_cast<const uint8_t*>(data), len, offset))
        return false;
    if (overlay_ >= 0) mark(offset, len);
    return true;
}

bool RawImage::write_zeroes(uint64_t offset, uint64_t len) {
    if (read_only()) return false;
    if (!zero_range(overlay_ >= 0 ? overlay_ : fd_, offset, len)) return false;
    if (overlay_ >= 0) mark(offset, len);
    return true;
}

// A punched hole reads as zeros.
bool RawImage::discard(uint64_t offset, uint64_t len) {
    return write_zeroes(offset, len);
}

uint32_t RawImage::content_crc() const {
    struct stat st {};
    if (::fstat(fd_, &st) != 0)
        throw CheckpointError(fmt::format("disk image '{}': {}", path(), std::strerror(errno)));
    if (crc_known_ && st.st_size == crc_size_ && st.st_mtim.tv_sec == crc_mtime_.tv_sec &&
        st.st_mtim.tv_nsec == crc_mtime_.tv_nsec)
        return crc_;
    std::vector<uint8_t> buf(1 << 20);
    uLong crc = crc32(0, nullptr, 0);
    for (uint64_t off = 0; off < static_cast<uint64_t>(st.st_size);) {
        const size_t n =
            static_cast<size_t>(std::min<uint64_t>(buf.size(), static_cast<uint64_t>(st.st_size) - off));
        if (!pread_all(fd_, buf.data(), n, off))
            throw CheckpointError(fmt::format("disk image '{}': {}", path(), std::strerror(errno)));
        crc = crc32(crc, buf.data(), static_cast<uInt>(n));
        off += n;
    }
    crc_ = static_cast<uint32_t>(crc);
    crc_known_ = true;
    crc_size_ = st.st_size;
    crc_mtime_ = st.st_mtim;
    return crc_;
}

void RawImage::save_state(StateWriter& out) const {
    if (!read_only() && overlay_ < 0)
        throw CheckpointError(fmt::format(
            "disk image '{}' is writable: a checkpoint cannot roll the host file back to the saved "
            "moment; use snapshot=on (or readonly=on)",
            path()));
    out.u64(size_);
    out.u32(content_crc());
    // The overlay's runs of written sectors: first sector, count, data.
    std::vector<uint8_t> data;
    const uint64_t sectors = overlay_ < 0 ? 0 : (size_ + kSector - 1) / kSector;
    std::vector<std::pair<uint64_t, uint64_t>> runs;
    for (uint64_t s = 0; s < sectors;) {
        if (!overlay_has(s)) {
            ++s;
            continue;
        }
        uint64_t e = s + 1;
        while (e < sectors && overlay_has(e)) ++e;
        runs.emplace_back(s, e - s);
        s = e;
    }
    out.u64(runs.size());
    for (auto [first, count] : runs) {
        out.u64(first);
        out.u64(count);
        data.resize(static_cast<size_t>(count * kSector));
        if (!pread_all(overlay_, data.data(), data.size(), first * kSector))
            throw CheckpointError(
                fmt::format("disk image '{}': snapshot overlay: {}", path(), std::strerror(errno)));
        out.bytes(data);
    }
}

void RawImage::load_state(StateReader& in) {
    const uint64_t size = in.u64();
    const uint32_t crc = in.u32();
    if (size != size_)
        in.bad(fmt::format("disk image '{}' is {} bytes, the checkpoint's was {}: the file changed", path(),
                           size_, size));
    if (crc != content_crc())
        in.bad(fmt::format("disk image '{}' has changed since the checkpoint (CRC-32 {:08x}, saved {:08x})",
                           path(), content_crc(), crc));
    const uint64_t runs = in.u64();
    if (runs && overlay_ < 0)
        in.bad(fmt::format("disk image '{}': overlay sectors without snapshot", path()));
    const uint64_t sectors = (size_ + kSector - 1) / kSector;
    for (uint64_t i = 0; i < runs; ++i) {
        const uint64_t first = in.u64(), count = in.u64();
        if (count == 0 || first >= sectors || count > sectors - first)
            in.bad(fmt::format("disk image '{}': overlay sectors {}+{} beyond its {}", path(), first, count,
                               sectors));
        const std::vector<uint8_t> data = in.bytes();
        if (data.size() != count * kSector)
            in.bad(fmt::format("disk image '{}': overlay run of the wrong size", path()));
        if (!pwrite_all(overlay_, data.data(), data.size(), first * kSector))
            throw CheckpointError(
                fmt::format("disk image '{}': snapshot overlay: {}", path(), std::strerror(errno)));
        mark(first * kSector, count * kSector);
    }
}

bool RawImage::flush() {
    if (read_only() || overlay_ >= 0) return true;  // nothing of the guest's reaches the host file
    return ::fdatasync(fd_) == 0;
}

}  // namespace vp::virtio
