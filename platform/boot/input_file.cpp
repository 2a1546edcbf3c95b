#include "platform/boot/input_file.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

#include "core/error.h"

namespace vp::boot {

namespace {

class Fd {
public:
    explicit Fd(int fd) : fd_(fd) {}
    ~Fd() {
        if (fd_ >= 0) ::close(fd_);
    }
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    int get() const { return fd_; }

private:
    int fd_;
};

std::string quoted(const std::string& path) {
    return "'" + path + "'";
}

// Reads to the end of the file, refusing more than `limit` bytes.
std::vector<uint8_t> read_bounded(int fd, const std::string& path, uint64_t limit,
                                  const std::string& limit_text) {
    std::vector<uint8_t> out;
    uint8_t buf[1 << 16];
    for (;;) {
        ssize_t n = ::read(fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) throw Error(quoted(path) + ": read error: " + std::strerror(errno));
        if (n == 0) return out;
        if (static_cast<uint64_t>(n) > limit - out.size())
            throw Error(quoted(path) + ": more than " + size_text(limit) + " of data, larger than " +
                        limit_text);
        out.insert(out.end(), buf, buf + n);
    }
}

}  // namespace

std::string size_text(uint64_t bytes) {
    static constexpr const char* units[] = {"bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    unsigned u = 0;
    uint64_t v = bytes;
    while (v >= 1024 && v % 1024 == 0 && u < 6) {
        v /= 1024;
        ++u;
    }
    return std::to_string(v) + " " + units[u];
}

InputFile InputFile::open(const std::string& path, uint64_t stream_limit, const std::string& limit_text) {
    InputFile f;
    f.path_ = path;
    Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (fd.get() < 0) throw Error(quoted(path) + ": cannot open: " + std::strerror(errno));
    struct stat st {};
    if (::fstat(fd.get(), &st) != 0) throw Error(quoted(path) + ": cannot stat: " + std::strerror(errno));
    if (S_ISDIR(st.st_mode)) throw Error(quoted(path) + " is a directory, not a file");
    if (S_ISREG(st.st_mode) && st.st_size > 0) {
        f.size_ = static_cast<uint64_t>(st.st_size);
        void* m = ::mmap(nullptr, f.size_, PROT_READ, MAP_PRIVATE, fd.get(), 0);
        if (m != MAP_FAILED) {
            f.mapping_ = m;
            f.data_ = static_cast<const uint8_t*>(m);
            return f;
        }
        // A file system without mmap: read it, within the limit.
    }
    f.owned_ = read_bounded(fd.get(), path, stream_limit, limit_text);
    f.data_ = f.owned_.data();
    f.size_ = f.owned_.size();
    return f;
}

InputFile::InputFile(InputFile&& o) noexcept
    : path_(std::move(o.path_)),
      data_(std::exchange(o.data_, nullptr)),
      size_(std::exchange(o.size_, 0)),
      mapping_(std::exchange(o.mapping_, nullptr)),
      owned_(std::move(o.owned_)) {
    if (!mapping_) data_ = owned_.data();
}

InputFile& InputFile::operator=(InputFile&& o) noexcept {
    if (this != &o) {
        if (mapping_) ::munmap(mapping_, size_);
        path_ = std::move(o.path_);
        data_ = std::exchange(o.data_, nullptr);
        size_ = std::exchange(o.size_, 0);
        mapping_ = std::exchange(o.mapping_, nullptr);
        owned_ = std::move(o.owned_);
        if (!mapping_) data_ = owned_.data();
    }
    return *this;
}

InputFile::~InputFile() {
    if (mapping_) ::munmap(mapping_, size_);
}

}  // namespace vp::boot
