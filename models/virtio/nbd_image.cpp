#include "models/virtio/nbd_image.h"

#include <fcntl.h>
#include <libnbd.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <vector>

#include "core/error.h"

extern char** environ;

namespace vp::virtio {

namespace {

const char* format_name(ImageFormat f) {
    return f == ImageFormat::qcow2 ? "qcow2" : "raw";
}

void sleep_ms(long ms) {
    const timespec ts{ms / 1000, (ms % 1000) * 1000000};
    ::nanosleep(&ts, nullptr);
}

// Waits up to `ms` for the child; true once it is gone (or was never ours to reap).
bool reaped(pid_t pid, long ms, int* status) {
    for (long waited = 0;; waited += 5) {
        const pid_t r = ::waitpid(pid, status, WNOHANG);
        if (r == pid || (r < 0 && errno != EINTR)) return true;
        if (waited >= ms) return false;
        sleep_ms(5);
    }
}

}  // namespace

std::string find_qemu_nbd() {
    if (const char* env = std::getenv("VP_QEMU_NBD"); env && *env) return ::access(env, X_OK) == 0 ? env : "";
    const char* path = std::getenv("PATH");
    std::string dirs = path && *path ? path : "/usr/bin:/bin";
    for (size_t start = 0; start <= dirs.size();) {
        const size_t end = std::min(dirs.find(':', start), dirs.size());
        const std::string dir = end > start ? dirs.substr(start, end - start) : ".";
        const std::string candidate = dir + "/qemu-nbd";
        if (::access(candidate.c_str(), X_OK) == 0) return candidate;
        start = end + 1;
    }
    return "";
}

NbdImage::NbdImage(const std::string& path, ImageFormat format, bool read_only, bool snapshot)
    : BlockImage(path, read_only), identity_(path) {
    const auto fail = [&](const std::string& why) {
        return Error(fmt::format("disk image '{}' ({}): {}", path, format_name(format), why));
    };
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) throw Error(fmt::format("disk image '{}': {}", path, std::strerror(errno)));
    struct stat st {};
    const bool regular = ::fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
    const bool magic = regular && has_qcow_magic(fd);
    ::close(fd);
    if (!regular) throw Error(fmt::format("disk image '{}': not a regular file", path));
    if (format == ImageFormat::qcow2 && !magic)
        throw fail("not a qcow2 image (it does not begin with the QCOW magic QFI\\xfb)");
    const std::string program = find_qemu_nbd();
    if (program.empty())
        throw fail(
            "vp serves qcow2 images through qemu-nbd (Debian package qemu-utils), and there is "
            "none on PATH (or VP_QEMU_NBD)");

    // qemu-nbd accepts on a listening socket (socket activation passes one, not a connection):
    // an autobound abstract Unix address, so nothing is left in the file system.
    const int listener = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    socklen_t len = sizeof(sa_family_t);
    if (listener < 0 || ::bind(listener, reinterpret_cast<sockaddr*>(&addr), len) != 0 ||
        ::listen(listener, 1) != 0 ||
        (len = sizeof addr, ::getsockname(listener, reinterpret_cast<sockaddr*>(&addr), &len)) != 0) {
        const int e = errno;
        if (listener >= 0) ::close(listener);
        throw fail(fmt::format("listening socket for qemu-nbd: {}", std::strerror(e)));
    }
    const int conn = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (conn < 0 || ::connect(conn, reinterpret_cast<sockaddr*>(&addr), len) != 0) {
        const int e = errno;
        ::close(listener);
        if (conn >= 0) ::close(conn);
        throw fail(fmt::format("connecting to qemu-nbd's socket: {}", std::strerror(e)));
    }
    try {
        start_server(program, format, !read_only && !snapshot, listener);  // snapshot: vp's overlay writes
    } catch (...) {
        ::close(listener), ::close(conn);
        throw;
    }
    ::close(listener);
    nbd_ = nbd_create();
    if (!nbd_) {
        ::close(conn);
        stop_server();
        throw fail("nbd_create failed");
    }
    if (const std::string why = handshake(conn); !why.empty()) {
        stop_server();
        throw fail(fmt::format("qemu-nbd did not serve it ({}; its own message, if any, is above)", why));
    }
    const int64_t size = nbd_get_size(nbd_);
    if (size < 0) {
        const std::string why = nbd_get_error();
        stop_server();
        throw fail(why);
    }
    size_ = static_cast<uint64_t>(size);
    can_flush_ = nbd_can_flush(nbd_) == 1;
    can_trim_ = nbd_can_trim(nbd_) == 1;
    can_zero_ = nbd_can_zero(nbd_) == 1;
    if (const int64_t max = nbd_get_block_size(nbd_, LIBNBD_SIZE_MAXIMUM); max > 0)
        max_request_ = std::min<uint64_t>(max_request_, static_cast<uint64_t>(max));
    file_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (file_ < 0) {
        const int e = errno;
        stop_server();
        throw fail(std::strerror(e));
    }
    if (snapshot && !read_only) {
        try {
            overlay_ = std::make_unique<SnapshotOverlay>(
                path, size_, [this](uint64_t off, uint8_t* p, size_t n) { return read_server(off, p, n); });
        } catch (...) {
            ::close(file_);
            stop_server();
            throw;
        }
    }
}

NbdImage::~NbdImage() {
    overlay_.reset();
    stop_server();
    if (file_ >= 0) ::close(file_);
}

// The NBD handshake, bounded: a server that neither answers nor exits must not hold vp before
// its signal handling exists. "" once the connection is ready, else why not.
std::string NbdImage::handshake(int conn) {
    if (nbd_aio_connect_socket(nbd_, conn) != 0) return nbd_get_error();  // libnbd owns conn now
    constexpr int kLimitMs = 30000;
    for (int waited = 0; nbd_aio_is_connecting(nbd_) == 1; waited += 100) {
        if (waited >= kLimitMs) return "no NBD handshake within 30 s";
        if (nbd_poll(nbd_, 100) < 0) return nbd_get_error();
    }
    if (nbd_aio_is_ready(nbd_) != 1) {
        const char* e = nbd_get_error();
        return e && *e ? e : "the connection closed during the handshake";
    }
    return "";
}

// systemd socket activation (sd_listen_fds(3)): the listening socket is fd 3, LISTEN_FDS=1 and LISTEN_PID
// the server's own pid, which only the child knows: its digits are written into a buffer made
// before fork(), since between fork and exec only async-signal-safe calls are allowed.
void NbdImage::start_server(const std::string& program, ImageFormat format, bool writable, int sock) {
    const std::string image = std::filesystem::absolute(path()).string();
    std::vector<std::string> args = {program,
                                     fmt::format("--format={}", format_name(format)),
                                     "--cache=writeback",
                                     "--aio=threads",
                                     "--discard=unmap",
                                     "--shared=1"};
    if (!writable) args.emplace_back("--read-only");
    args.push_back(image);
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);

    std::vector<std::string> env_store;
    for (char** e = environ; *e; ++e)
        if (std::strncmp(*e, "LISTEN_", 7) != 0) env_store.emplace_back(*e);
    env_store.emplace_back("LISTEN_FDS=1");
    env_store.emplace_back("LISTEN_PID=" + std::string(20, ' '));
    std::vector<char*> envp;
    for (auto& e : env_store) envp.push_back(e.data());
    envp.push_back(nullptr);
    char* pid_digits = envp[envp.size() - 2] + std::strlen("LISTEN_PID=");

    const int devnull = ::open("/dev/null", O_RDWR | O_CLOEXEC);
    if (devnull < 0) throw Error(fmt::format("/dev/null: {}", std::strerror(errno)));
    const pid_t pid = ::fork();
    if (pid < 0) {
        const int e = errno;
        ::close(devnull);
        throw Error(fmt::format("disk image '{}': fork: {}", path(), std::strerror(e)));
    }
    if (pid == 0) {
        ::setpgid(0, 0);
        sigset_t none;
        sigemptyset(&none);
        ::sigprocmask(SIG_SETMASK, &none, nullptr);
        struct sigaction dfl {};
        dfl.sa_handler = SIG_DFL;
        ::sigaction(SIGPIPE, &dfl, nullptr);
        ::dup2(devnull, 0), ::dup2(devnull, 1);
        if (sock == 3)
            ::fcntl(3, F_SETFD, 0);
        else
            ::dup2(sock, 3);
        ::close_range(4, ~0u, 0);
        char digits[20];
        int n = 0;
        for (pid_t p = ::getpid(); p > 0; p /= 10) digits[n++] = static_cast<char>('0' + p % 10);
        for (int i = 0; i < n; ++i) pid_digits[i] = digits[n - 1 - i];
        pid_digits[n] = '\0';
        ::execve(argv[0], argv.data(), envp.data());
        ::_exit(127);
    }
    ::close(devnull);
    server_ = pid;
}

void NbdImage::stop_server() {
    if (nbd_) {
        nbd_shutdown(nbd_, 0);
        nbd_close(nbd_);
        nbd_ = nullptr;
    }
    if (server_ < 0) return;
    // The client is gone: qemu-nbd flushes the image and exits. Waiting for it means the host
    // file is complete when vp exits.
    int status = 0;
    if (!reaped(server_, 30000, &status)) {
        ::kill(server_, SIGTERM);
        if (!reaped(server_, 5000, &status)) {
            ::kill(server_, SIGKILL);
            reaped(server_, 5000, &status);
        }
    }
    server_ = -1;
}

bool NbdImage::read(uint64_t offset, void* data, size_t len) {
    auto* p = static_cast<uint8_t*>(data);
    return overlay_ ? overlay_->read(offset, p, len) : read_server(offset, p, len);
}

bool NbdImage::read_server(uint64_t offset, uint8_t* p, size_t len) {
    for (size_t done = 0; done < len;) {
        const size_t n = static_cast<size_t>(std::min<uint64_t>(len - done, max_request_));
        if (nbd_pread(nbd_, p + done, n, offset + done, 0) != 0) return false;
        done += n;
    }
    return true;
}

bool NbdImage::write(uint64_t offset, const void* data, size_t len) {
    if (read_only()) return false;
    const auto* p = static_cast<const uint8_t*>(data);
    if (overlay_) return overlay_->write(offset, p, len);
    for (size_t done = 0; done < len;) {
        const size_t n = static_cast<size_t>(std::min<uint64_t>(len - done, max_request_));
        if (nbd_pwrite(nbd_, p + done, n, offset + done, 0) != 0) return false;
        done += n;
    }
    return true;
}

bool NbdImage::write_zeroes(uint64_t offset, uint64_t len) {
    if (read_only()) return false;
    if (overlay_) return overlay_->write_zeroes(offset, len);
    constexpr uint64_t kMaxZero = 1u << 30;  // NBD lengths are 32-bit
    if (can_zero_) {
        for (uint64_t done = 0; done < len;) {
            const uint64_t n = std::min(len - done, kMaxZero);
            if (nbd_zero(nbd_, n, offset + done, 0) != 0) return false;
            done += n;
        }
        return true;
    }
    static const std::vector<uint8_t> zeros(1u << 20);
    for (uint64_t done = 0; done < len;) {
        const size_t n = static_cast<size_t>(std::min<uint64_t>(len - done, zeros.size()));
        if (!write(offset + done, zeros.data(), n)) return false;
        done += n;
    }
    return true;
}

bool NbdImage::discard(uint64_t offset, uint64_t len) {
    if (read_only()) return false;
    if (overlay_) return overlay_->write_zeroes(offset, len);  // a discard may zero (§5.2.6.2)
    if (!can_trim_) return true;  // leaving the data as it was is a valid discard
    constexpr uint64_t kMaxTrim = 1u << 30;
    for (uint64_t done = 0; done < len;) {
        const uint64_t n = std::min(len - done, kMaxTrim);
        if (nbd_trim(nbd_, n, offset + done, 0) != 0) return false;
        done += n;
    }
    return true;
}

bool NbdImage::flush() {
    if (read_only() || overlay_) return true;  // nothing of the guest's reaches the host file
    return !can_flush_ || nbd_flush(nbd_, 0) == 0;
}

void NbdImage::save_state(StateWriter& out) const {
    if (!read_only() && !overlay_)
        throw CheckpointError(fmt::format(
            "disk image '{}' (qcow2) is writable: qemu-nbd writes the host file, and a checkpoint cannot "
            "roll it back to the saved moment; use snapshot=on (or readonly=on)",
            path()));
    save_image_state(out, identity_, file_, size_, overlay_.get());
}

void NbdImage::load_state(StateReader& in) {
    load_image_state(in, identity_, file_, size_, overlay_.get());
}

}  // namespace vp::virtio
