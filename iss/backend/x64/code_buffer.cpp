#include "iss/backend/x64/code_buffer.h"

#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>

namespace vp::iss::x64 {

namespace {
[[noreturn]] void fail(const char* what) {
    throw std::runtime_error(std::string("code buffer: ") + what + ": " + std::strerror(errno));
}
}  // namespace

CodeBuffer::CodeBuffer(size_t size) : size_((size + 0xFFFF) & ~size_t(0xFFFF)) {
    const int fd = memfd_create("vp-jit-code", MFD_CLOEXEC);
    if (fd < 0) fail("memfd_create");
    if (ftruncate(fd, static_cast<off_t>(size_)) != 0) {
        close(fd);
        fail("ftruncate");
    }
    void* w = mmap(nullptr, size_, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    void* x = w == MAP_FAILED ? MAP_FAILED : mmap(nullptr, size_, PROT_READ | PROT_EXEC, MAP_SHARED, fd, 0);
    close(fd);  // the mappings keep the file alive
    if (w == MAP_FAILED || x == MAP_FAILED) {
        if (w != MAP_FAILED) munmap(w, size_);
        fail("mmap");
    }
    write_ = static_cast<uint8_t*>(w);
    exec_ = static_cast<const uint8_t*>(x);
}

CodeBuffer::~CodeBuffer() {
    munmap(write_, size_);
    munmap(const_cast<uint8_t*>(exec_), size_);
}

}  // namespace vp::iss::x64
