// The "tcp:" character backend: a TCP server (one client at a time) or a TCP client.
// Server: listens on HOST:PORT; with `wait` the simulation start blocks until a client has
// connected, otherwise the simulation runs and a client is accepted whenever it comes. Output
// while no client is connected is dropped; when the client leaves, the next one is accepted.
// Client: connects at construction; output after the peer has closed is dropped.
#pragma once
#include <atomic>
#include <condition_variable>
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
    TcpBackend(const char* name, const TcpOptions& options);
    ~TcpBackend() override;

    void write_out(const uint8_t* data, size_t len) override;
    std::string describe() const override;
    bool connected() const;
    // Blocks (host time) until a client is connected; used by start_of_simulation.
    void wait_for_client();

private:
    void start_of_simulation() override;
    void io_thread();
    void close_client();

    TcpOptions options_;
    int listen_fd_ = -1;
    int client_fd_ = -1;  // guarded by mutex_
    mutable std::mutex mutex_;
    std::condition_variable connected_cv_;
    std::atomic<bool> stop_{false};
    WakePipe wake_;
    std::thread thread_;
};

}  // namespace vp
