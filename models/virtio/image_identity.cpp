#include "models/virtio/image_identity.h"

#include <sys/stat.h>

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <vector>

#include <zlib.h>

namespace vp::virtio {

uint32_t ImageIdentity::crc(int fd) const {
    struct stat st {};
    if (::fstat(fd, &st) != 0)
        throw CheckpointError(fmt::format("disk image '{}': {}", path_, std::strerror(errno)));
    if (known_ && st.st_size == file_size_ && st.st_mtim.tv_sec == mtime_.tv_sec &&
        st.st_mtim.tv_nsec == mtime_.tv_nsec)
        return crc_;
    std::vector<uint8_t> buf(1 << 20);
    uLong crc = crc32(0, nullptr, 0);
    for (uint64_t off = 0; off < static_cast<uint64_t>(st.st_size);) {
        const size_t n =
            static_cast<size_t>(std::min<uint64_t>(buf.size(), static_cast<uint64_t>(st.st_size) - off));
        if (!pread_all(fd, buf.data(), n, off))
            throw CheckpointError(fmt::format("disk image '{}': {}", path_, std::strerror(errno)));
        crc = crc32(crc, buf.data(), static_cast<uInt>(n));
        off += n;
    }
    crc_ = static_cast<uint32_t>(crc);
    known_ = true;
    file_size_ = st.st_size;
    mtime_ = st.st_mtim;
    return crc_;
}

void ImageIdentity::save(StateWriter& out, int fd, uint64_t size) const {
    out.u64(size);
    out.u32(crc(fd));
}

void ImageIdentity::check(StateReader& in, int fd, uint64_t size) const {
    const uint64_t saved_size = in.u64();
    const uint32_t saved_crc = in.u32();
    if (saved_size != size)
        in.bad(fmt::format("disk image '{}' is {} bytes, the checkpoint's was {}: the file changed", path_,
                           size, saved_size));
    if (saved_crc != crc(fd))
        in.bad(fmt::format("disk image '{}' has changed since the checkpoint (CRC-32 {:08x}, saved {:08x})",
                           path_, crc(fd), saved_crc));
}

void save_image_state(StateWriter& out, const ImageIdentity& id, int fd, uint64_t size,
                      const SnapshotOverlay* overlay) {
    id.save(out, fd, size);
    if (overlay)
        overlay->save(out);
    else
        out.u64(0);
}

void load_image_state(StateReader& in, const ImageIdentity& id, int fd, uint64_t size,
                      SnapshotOverlay* overlay) {
    id.check(in, fd, size);
    if (overlay)
        overlay->load(in);
    else if (in.u64() != 0)
        in.bad(fmt::format("disk image '{}': overlay sectors without snapshot", id.path()));
}

}  // namespace vp::virtio
