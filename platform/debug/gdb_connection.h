// The GDB stub's TCP connection. Its socket I/O runs on a host thread: it accepts one debugger at
// a time, frames packets (packet_codec.h), answers the `+`/`-` acknowledgements itself (a `-`
// retransmits the last packet), and queues complete packets, Ctrl-C and connection events for the
// simulation, signalling them through a HostSource (core/host_events.h, the one host-thread
// bridge). The simulation side takes events from the queue and sends replies without blocking;
// on a full socket it waits with HostEvents::wait_fd, so a debugger that stops reading cannot
// hold the run past its limits.
#pragma once
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>

#include "core/host_events.h"

namespace vp::gdb {

struct Event {
    enum Kind { packet, interrupt, connect, disconnect } kind;
    std::string payload;  // packet: still escaped as sent
};

class Connection {
public:
    // Binds and listens on host:port at once (port 0: any free port), so a bad address is
    // reported before the run; throws vp::Error. `on_event` runs on the simulation thread, in the
    // update phase after events arrived.
    Connection(const std::string& host, uint16_t port, std::function<void()> on_event);
    ~Connection();
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    uint16_t port() const { return port_; }
    void start();  // starts the I/O thread

    // ---- simulation side
    std::optional<Event> pop();
    bool has_event();
    // Blocks the whole simulation (host time) until an event is queued; false when the run is
    // asked to end meanwhile (HostEvents::wait_until).
    bool wait_for_event();
    void send(std::string_view payload);
    // While a debugger is connected an idle machine waits for it (HostSource::keep_alive).
    void keep_alive(bool on) { host_.keep_alive(on); }

private:
    void io_loop();
    void push(Event e);
    // Sends without blocking; `may_wait`: the simulation side waits for a full socket.
    void send_raw(const std::string& bytes, bool may_wait);

    uint16_t port_ = 0;
    std::mutex mutex_;  // guards queue_
    std::deque<Event> queue_;
    std::mutex send_mutex_;
    int client_fd_ = -1;     // guarded by send_mutex_
    std::string last_sent_;  // for `-` retransmission; guarded by send_mutex_
    int listen_fd_ = -1;
    int wake_pipe_[2] = {-1, -1};  // a byte ends the I/O thread
    std::thread io_thread_;
    HostSource host_;
};

}  // namespace vp::gdb
