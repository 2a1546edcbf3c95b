// The "tcp:" character backend: a TCP server (one client at a time) or a TCP client.
// Server: listens on HOST:PORT; with `wait` the simulation start blocks until a client has
// connected (HostEvents::wait_until: the wall-clock limit and Ctrl-A x still end it), otherwise
// the simulation runs and a client is accepted whenever it comes. Output while no client is
// connected is dropped; when the client leaves, the next one is accepted.
// Client: connects at construction; output after the peer has closed is dropped.
//
// Output policy: drop. The simulation never waits for the peer: output waits in a buffer of
// kOutputBuffer bytes that the I/O thread sends as the peer reads; when that is full, further
// output is dropped (reported once per connection on stderr) until the peer catches up. At the end of the run
// the peer gets up to kFinalFlush to take what is buffered.
#pragma once
#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>

#include "models/chardev/char_backend.h"
#include "models/chardev/wake_pipe.h"

namespace vp {

struct TcpOptions {
    std::string host = "127.0.0.1";
    uint16_t port = 0;
    bool server = false;
    bool wait = true;  // server: start_of_simulation waits for the first client
};

class TcpBackend : public CharBackend {
public:
    static constexpr size_t kOutputBuffer = 64 * 1024;
    static constexpr std::chrono::milliseconds kFinalFlush{1000};

    TcpBackend(const char* name, const TcpOptions& options);
    ~TcpBackend() override;

    void write_out(const uint8_t* data, size_t len) override;
    std::string describe() const override;
    bool connected() const;
    // Output bytes dropped because the peer did not keep up (since the run started).
    uint64_t dropped() const;

private:
    void start_of_simulation() override;
    void io_thread();
    void close_client();
    // With mutex_ held: sends what the socket takes now (never waits); false if the peer is gone.
    bool send_buffered();

    TcpOptions options_;
    int listen_fd_ = -1;
    int client_fd_ = -1;  // guarded by mutex_
    mutable std::mutex mutex_;
    std::string out_;             // guarded by mutex_: output the socket did not take yet
    uint64_t dropped_ = 0;        // guarded by mutex_
    bool drop_reported_ = false;  // guarded by mutex_: this connection's drop is reported
    std::atomic<bool> stop_{false};
    WakePipe wake_;
    std::thread thread_;
};

}  // namespace vp
