#include "models/virtio/raw_image.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include <cerrno>
#include <cstring>

#include "core/error.h"

namespace vp::virtio {

RawImage::RawImage(const std::string& path, bool read_only, bool snapshot)
    : BlockImage(path, read_only), identity_(path) {
    fd_ = ::open(path.c_str(), (read_only || snapshot ? O_RDONLY : O_RDWR) | O_CLOEXEC);
    if (fd_ < 0) throw Error(fmt::format("disk image '{}': {}", path, std::strerror(errno)));
    struct stat st {};
    if (::fstat(fd_, &st) != 0 || !S_ISREG(st.st_mode)) {
        ::close(fd_);
        throw Error(fmt::format("disk image '{}': not a regular file", path));
    }
    size_ = static_cast<uint64_t>(st.st_size);
    if (snapshot && !read_only) {
        try {
            overlay_ = std::make_unique<SnapshotOverlay>(
                path, size_,
                [this](uint64_t off, uint8_t* p, size_t n) { return pread_all(fd_, p, n, off); });
        } catch (...) {
            ::close(fd_);
            throw;
        }
    }
}

RawImage::~RawImage() {
    if (!read_only() && !overlay_) ::fdatasync(fd_);
    overlay_.reset();
    ::close(fd_);
}

bool RawImage::read(uint64_t offset, void* data, size_t len) {
    auto* p = static_cast<uint8_t*>(data);
    return overlay_ ? overlay_->read(offset, p, len) : pread_all(fd_, p, len, offset);
}

bool RawImage::write(uint64_t offset, const void* data, size_t len) {
    if (read_only()) return false;
    const auto* p = static_cast<const uint8_t*>(data);
    return overlay_ ? overlay_->write(offset, p, len) : pwrite_all(fd_, p, len, offset);
}

bool RawImage::write_zeroes(uint64_t offset, uint64_t len) {
    if (read_only()) return false;
    return overlay_ ? overlay_->write_zeroes(offset, len) : zero_range(fd_, offset, len);
}

// A punched hole reads as zeros.
bool RawImage::discard(uint64_t offset, uint64_t len) {
    return write_zeroes(offset, len);
}

void RawImage::save_state(StateWriter& out) const {
    if (!read_only() && !overlay_)
        throw CheckpointError(fmt::format(
            "disk image '{}' is writable: a checkpoint cannot roll the host file back to the saved "
            "moment; use snapshot=on (or readonly=on)",
            path()));
    save_image_state(out, identity_, fd_, size_, overlay_.get());
}

void RawImage::load_state(StateReader& in) {
    load_image_state(in, identity_, fd_, size_, overlay_.get());
}

bool RawImage::flush() {
    if (read_only() || overlay_) return true;  // nothing of the guest's reaches the host file
    return ::fdatasync(fd_) == 0;
}

}  // namespace vp::virtio
