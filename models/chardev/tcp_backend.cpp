#include "models/chardev/tcp_backend.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstring>

#include <fmt/format.h>

#include "platform/core/error.h"

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
    stop_ = true;
    wake_.wake();
    connected_cv_.notify_all();
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

void TcpBackend::wait_for_client() {
    std::unique_lock<std::mutex> lock(mutex_);
    connected_cv_.wait(lock, [this] { return client_fd_ >= 0 || stop_; });
}

void TcpBackend::start_of_simulation() {
    if (!options_.server || !options_.wait || connected()) return;
    std::fprintf(stderr, "vp: waiting for a connection on %s\n", describe().c_str());
    wait_for_client();
}

void TcpBackend::close_client() {
    std::lock_guard<std::mutex> lock(mutex_);
    if (client_fd_ >= 0) ::close(client_fd_);
    client_fd_ = -1;
}

void TcpBackend::write_out(const uint8_t* data, size_t len) {
    std::lock_guard<std::mutex> lock(mutex_);
    while (len > 0 && client_fd_ >= 0) {
        ssize_t n = ::send(client_fd_, data, len, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return;  // the peer is gone: the reader thread closes the socket
        data += n;
        len -= static_cast<size_t>(n);
    }
}

void TcpBackend::io_thread() {
    uint8_t buf[1024];
    while (!stop_) {
        int client;
        {
            std::lock_guard<std::mutex> lock(mutex_);
            client = client_fd_;
        }
        if (client >= 0 && pending_input() > kMaxQueued) {  // the guest is not reading
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
            continue;
        }
        pollfd fds[2] = {{wake_.read_fd(), POLLIN, 0}, {client >= 0 ? client : listen_fd_, POLLIN, 0}};
        nfds_t count = fds[1].fd >= 0 ? 2 : 1;
        if (::poll(fds, count, -1) < 0) {
            if (errno == EINTR) continue;
            return;
        }
        if (stop_ || fds[0].revents) return;
        if (!fds[1].revents) continue;
        if (client < 0) {
            int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
            if (fd < 0) continue;
            set_nodelay(fd);
            {
                std::lock_guard<std::mutex> lock(mutex_);
                client_fd_ = fd;
            }
            connected_cv_.notify_all();
            continue;
        }
        ssize_t n = ::recv(client, buf, sizeof buf, 0);
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
