#include "models/chardev/tcp_backend.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstring>

#include <fmt/format.h>

#include "core/error.h"
#include "core/host_events.h"

namespace vp {

namespace {

sockaddr_in resolve(const TcpOptions& o) {
    addrinfo hints{};
    hints.ai_family = AF_INET;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* res = nullptr;
    int err = ::getaddrinfo(o.host.c_str(), nullptr, &hints, &res);
    if (err != 0 || !res)
        throw Error(fmt::format("character backend tcp:{}:{}: cannot resolve '{}': {}", o.host, o.port,
                                o.host, gai_strerror(err)));
    sockaddr_in addr;
    std::memcpy(&addr, res->ai_addr, sizeof addr);
    ::freeaddrinfo(res);
    addr.sin_port = htons(o.port);
    return addr;
}

int new_socket(const TcpOptions& o) {
    int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        throw Error(
            fmt::format("character backend tcp:{}:{}: socket: {}", o.host, o.port, std::strerror(errno)));
    return fd;
}

void set_nodelay(int fd) {
    int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

}  // namespace

TcpBackend::TcpBackend(const char* name, const TcpOptions& options) : CharBackend(name), options_(options) {
    sockaddr_in addr = resolve(options_);
    int fd = new_socket(options_);
    if (options_.server) {
        int one = 1;
        ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(fd, 1) != 0) {
            int e = errno;
            ::close(fd);
            throw Error(fmt::format("character backend {}: cannot listen: {}", describe(), std::strerror(e)));
        }
        listen_fd_ = fd;
    } else {
        if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
            int e = errno;
            ::close(fd);
            throw Error(
                fmt::format("character backend {}: cannot connect: {}", describe(), std::strerror(e)));
        }
        set_nodelay(fd);
        client_fd_ = fd;
    }
    set_input_may_arrive(true);  // a server takes clients for the whole run; a client until the peer closes
    thread_ = std::thread([this] { io_thread(); });
}

TcpBackend::~TcpBackend() {
    // Drop policy: the peer gets a moment to take what is buffered, never an unbounded wait.
    HostEvents::get().wait_after_run(
        [this] {
            std::lock_guard<std::mutex> lock(mutex_);
            return out_.empty() || client_fd_ < 0;
        },
        kFinalFlush);
    stop_ = true;
    wake_.wake();
    if (thread_.joinable()) thread_.join();
    close_client();
    if (listen_fd_ >= 0) ::close(listen_fd_);
}

std::string TcpBackend::describe() const {
    return fmt::format("tcp:{}:{}{}{}", options_.host, options_.port, options_.server ? ",server" : "",
                       options_.server && !options_.wait ? ",nowait" : "");
}

bool TcpBackend::connected() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return client_fd_ >= 0;
}

uint64_t TcpBackend::dropped() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return dropped_;
}

void TcpBackend::start_of_simulation() {
    if (!options_.server || !options_.wait || connected()) return;
    std::fprintf(stderr, "vp: waiting for a connection on %s\n", describe().c_str());
    // Ends early (false) when the run is asked to end: the wall-clock limit, Ctrl-A x.
    HostEvents::get().wait_until([this] { return connected(); });
}

void TcpBackend::close_client() {
    std::lock_guard<std::mutex> lock(mutex_);
    if (client_fd_ >= 0) ::close(client_fd_);
    client_fd_ = -1;
    out_.clear();
    drop_reported_ = false;
}

bool TcpBackend::send_buffered() {
    while (!out_.empty()) {
        ssize_t n = ::send(client_fd_, out_.data(), out_.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n > 0) {
            out_.erase(0, static_cast<size_t>(n));
            continue;
        }
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return true;
        out_.clear();  // the peer is gone: the I/O thread closes the socket
        return false;
    }
    return true;
}

void TcpBackend::write_out(const uint8_t* data, size_t len) {
    bool was_empty;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        if (client_fd_ < 0) return;  // no client: dropped
        was_empty = out_.empty();
        const size_t take = std::min(len, kOutputBuffer - out_.size());
        out_.append(reinterpret_cast<const char*>(data), take);
        if (take < len) {
            dropped_ += len - take;
            if (!drop_reported_) {
                drop_reported_ = true;
                std::fprintf(stderr,
                             "vp: %s: the client is not reading: console output is dropped while %zu KiB "
                             "wait for it\n",
                             describe().c_str(), kOutputBuffer / 1024);
            }
        }
    }
    // The I/O thread sends, in chunks, as the peer reads; it sleeps while nothing waits.
    if (was_empty) wake_.wake();
}

void TcpBackend::io_thread() {
    uint8_t buf[1024];
    while (!stop_) {
        int client;
        bool output_waits;
        {
            std::lock_guard<std::mutex> lock(mutex_);
            client = client_fd_;
            output_waits = client >= 0 && !out_.empty();
        }
        // While the guest does not take its input, stop reading (simple back-pressure) and look
        // again every 10 ms.
        const bool input_full = client >= 0 && pending_input() > kMaxQueued;
        pollfd fds[2] = {{wake_.read_fd(), POLLIN, 0}, {client >= 0 ? client : listen_fd_, 0, 0}};
        if (client < 0 || !input_full) fds[1].events |= POLLIN;
        if (output_waits) fds[1].events |= POLLOUT;
        nfds_t count = fds[1].fd >= 0 ? 2 : 1;
        if (::poll(fds, count, input_full ? 10 : -1) < 0) {
            if (errno == EINTR) continue;
            return;
        }
        if (fds[0].revents) {
            wake_.drain();
            if (stop_) return;
        }
        if (count < 2 || !fds[1].revents) continue;
        if (client < 0) {
            int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
            if (fd < 0) continue;
            set_nodelay(fd);
            {
                std::lock_guard<std::mutex> lock(mutex_);
                client_fd_ = fd;
            }
            HostEvents::get().wake();  // a start waiting for its client
            continue;
        }
        if (fds[1].revents & POLLOUT) {
            {
                std::lock_guard<std::mutex> lock(mutex_);
                if (client_fd_ == client) send_buffered();
            }
            HostEvents::get().wake();  // progress for the final flush
        }
        if (!(fds[1].revents & (POLLIN | POLLHUP | POLLERR))) continue;
        ssize_t n = ::recv(client, buf, sizeof buf, MSG_DONTWAIT);
        if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
        if (n <= 0) {  // the peer closed: a server accepts the next client, a client is done
            close_client();
            if (!options_.server) {
                set_input_may_arrive(false);
                return;
            }
            continue;
        }
        push_input(buf, static_cast<size_t>(n));
    }
}

}  // namespace vp
