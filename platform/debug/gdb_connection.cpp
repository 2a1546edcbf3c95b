#include "platform/debug/gdb_connection.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "core/error.h"
#include "platform/debug/packet_codec.h"

namespace vp::gdb {

Connection::Connection(const std::string& host, uint16_t port, std::function<void()> on_event)
    : host_(std::move(on_event)) {
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
    addrinfo* res = nullptr;
    std::string port_str = std::to_string(port);
    if (int rc = getaddrinfo(host.c_str(), port_str.c_str(), &hints, &res); rc != 0)
        throw Error(fmt::format("gdb: cannot resolve '{}': {}", host, gai_strerror(rc)));
    std::string last_error = "no address";
    for (addrinfo* ai = res; ai && listen_fd_ < 0; ai = ai->ai_next) {
        int fd = ::socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol);
        if (fd < 0) continue;
        int one = 1;
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        if (::bind(fd, ai->ai_addr, ai->ai_addrlen) == 0 && ::listen(fd, 1) == 0) {
            listen_fd_ = fd;
            sockaddr_storage ss{};
            socklen_t len = sizeof ss;
            getsockname(fd, reinterpret_cast<sockaddr*>(&ss), &len);
            port_ = ntohs(ss.ss_family == AF_INET6 ? reinterpret_cast<sockaddr_in6*>(&ss)->sin6_port
                                                   : reinterpret_cast<sockaddr_in*>(&ss)->sin_port);
        } else {
            last_error = std::strerror(errno);
            ::close(fd);
        }
    }
    freeaddrinfo(res);
    if (listen_fd_ < 0) throw Error(fmt::format("gdb: cannot listen on {}:{}: {}", host, port, last_error));
    if (::pipe2(wake_pipe_, O_CLOEXEC) != 0) {
        ::close(listen_fd_);
        throw Error("gdb: pipe: " + std::string(std::strerror(errno)));
    }
}

Connection::~Connection() {
    if (wake_pipe_[1] >= 0) {
        char c = 0;
        [[maybe_unused]] ssize_t n = ::write(wake_pipe_[1], &c, 1);
    }
    if (io_thread_.joinable()) io_thread_.join();
    {
        std::lock_guard lock(send_mutex_);
        if (client_fd_ >= 0) ::close(client_fd_);
        client_fd_ = -1;
    }
    if (listen_fd_ >= 0) ::close(listen_fd_);
    for (int fd : wake_pipe_)
        if (fd >= 0) ::close(fd);
}

void Connection::start() {
    io_thread_ = std::thread([this] { io_loop(); });
}

// ---------------------------------------------------------------- host thread

void Connection::push(Event e) {
    {
        std::lock_guard lock(mutex_);
        queue_.push_back(std::move(e));
    }
    host_.signal();  // also wakes wait_for_event()
}

void Connection::send_raw(const std::string& bytes, bool may_wait) {
    size_t done = 0;
    while (done < bytes.size()) {
        int fd;
        ssize_t n;
        {
            std::lock_guard lock(send_mutex_);
            fd = client_fd_;
            if (fd < 0) return;
            n = ::send(fd, bytes.data() + done, bytes.size() - done, MSG_NOSIGNAL | MSG_DONTWAIT);
        }
        if (n > 0) {
            done += static_cast<size_t>(n);
            continue;
        }
        if (n < 0 && errno == EINTR) continue;
        // A full socket: the simulation waits for room (or the end of the run); the I/O thread's
        // acknowledgements are dropped (gdb asks again).
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) && may_wait &&
            HostEvents::get().wait_fd(fd, POLLOUT))
            continue;
        return;  // the reader notices a broken connection
    }
}

void Connection::io_loop() {
    PacketDecoder decoder;
    int client = -1;  // this thread's copy; client_fd_ is the senders' copy
    for (;;) {
        pollfd fds[3] = {{wake_pipe_[0], POLLIN, 0}, {listen_fd_, POLLIN, 0}, {client, POLLIN, 0}};
        int n = ::poll(fds, client >= 0 ? 3 : 2, -1);
        if (n < 0) {
            if (errno == EINTR) continue;
            return;
        }
        if (fds[0].revents) return;  // shutting down
        if (fds[1].revents & POLLIN) {
            int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
            if (fd >= 0 && client >= 0) {
                ::close(fd);  // one debugger at a time
            } else if (fd >= 0) {
                int one = 1;
                setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
                client = fd;
                decoder = PacketDecoder{};
                {
                    std::lock_guard lock(send_mutex_);
                    client_fd_ = fd;
                    last_sent_.clear();
                }
                push({Event::connect, {}});
            }
        }
        if (client >= 0 && (fds[2].revents & (POLLIN | POLLHUP | POLLERR))) {
            char buf[4096];
            ssize_t got = ::recv(client, buf, sizeof buf, 0);
            if (got < 0 && errno == EINTR) continue;
            if (got <= 0) {
                {
                    std::lock_guard lock(send_mutex_);
                    client_fd_ = -1;
                }
                ::close(client);
                client = -1;
                push({Event::disconnect, {}});
                continue;
            }
            for (ssize_t i = 0; i < got; ++i) {
                auto r = decoder.feed(buf[i]);
                if (!r) continue;
                switch (r->kind) {
                    case Received::packet:
                        send_raw("+", false);
                        push({Event::packet, std::move(r->payload)});
                        break;
                    case Received::bad_checksum: send_raw("-", false); break;
                    case Received::interrupt: push({Event::interrupt, {}}); break;
                    case Received::nak: {
                        std::string again;
                        {
                            std::lock_guard lock(send_mutex_);
                            again = last_sent_;
                        }
                        if (!again.empty()) send_raw(again, false);
                        break;
                    }
                    case Received::ack: break;
                }
            }
        }
    }
}

// ---------------------------------------------------------------- simulation side

std::optional<Event> Connection::pop() {
    std::lock_guard lock(mutex_);
    if (queue_.empty()) return std::nullopt;
    Event e = std::move(queue_.front());
    queue_.pop_front();
    return e;
}

bool Connection::has_event() {
    std::lock_guard lock(mutex_);
    return !queue_.empty();
}

bool Connection::wait_for_event() {
    return HostEvents::get().wait_until([this] { return has_event(); });
}

void Connection::send(std::string_view payload) {
    std::string pkt = encode_packet(payload);
    {
        std::lock_guard lock(send_mutex_);
        last_sent_ = pkt;
    }
    send_raw(pkt, true);
}

}  // namespace vp::gdb
