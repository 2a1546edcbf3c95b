#include "models/virtio/raw_image.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>

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

bool RawImage::flush() {
    if (read_only() || overlay_ >= 0) return true;  // nothing of the guest's reaches the host file
    return ::fdatasync(fd_) == 0;
}

}  // namespace vp::virtio
