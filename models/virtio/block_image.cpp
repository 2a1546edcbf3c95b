#include "models/virtio/block_image.h"

#include <fcntl.h>
#include <unistd.h>

#include "models/virtio/nbd_image.h"
#include "models/virtio/raw_image.h"

namespace vp::virtio {

bool has_qcow_magic(int fd) {
    unsigned char m[4] = {};
    return ::pread(fd, m, sizeof m, 0) == 4 && m[0] == 'Q' && m[1] == 'F' && m[2] == 'I' && m[3] == 0xfb;
}

bool probe_qcow2(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return false;
    const bool magic = has_qcow_magic(fd);
    ::close(fd);
    return magic;
}

std::unique_ptr<BlockImage> open_block_image(const std::string& path, ImageFormat format, bool read_only,
                                             bool snapshot) {
    if (format == ImageFormat::raw) return std::make_unique<RawImage>(path, read_only, snapshot);
    return std::make_unique<NbdImage>(path, format, read_only, snapshot);
}

}  // namespace vp::virtio
