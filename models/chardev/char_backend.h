// Character backends: where a UART's bytes go to and come from (the user's terminal, a file,
// a TCP socket, nowhere). A backend is owned by one model (the "front end", e.g. a PL011).
//
// Output: the model calls send() from SystemC context; a backend never blocks the simulation on
// its consumer without bound (see each backend's policy). A write error is reported once and
// ends the run with status 1 (output_failed()).
// Input: host threads (a terminal reader, a socket reader) queue bytes in a thread-safe queue
// and signal the simulation through a HostSource (core/host_events.h); the bytes are
// then delivered into the model from a SystemC method (evaluation phase), as many as the model's
// can_receive() allows. A model whose FIFO was full calls ready() once it has room again.
// An idle simulation therefore never polls for input.
#pragma once
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <systemc>

#include "core/host_events.h"

namespace vp {

class CharBackend : public sc_core::sc_prim_channel {
public:
    // The owning model's side of the line.
    struct Frontend {
        std::function<size_t()> can_receive;   // bytes the model can take right now
        std::function<void(uint8_t)> receive;  // one byte from the outside
    };

    explicit CharBackend(const char* name);
    ~CharBackend() override;
    CharBackend(const CharBackend&) = delete;
    CharBackend& operator=(const CharBackend&) = delete;

    // Bytes to the outside world (SystemC context): seen by every output observer, then written.
    void send(const uint8_t* data, size_t len);
    void send(uint8_t byte) { send(&byte, 1); }
    // Watches the output without changing it (console watchers, loggers). SystemC context.
    using OutputObserver = std::function<void(const uint8_t* data, size_t len)>;
    void add_output_observer(OutputObserver observer) { observers_.push_back(std::move(observer)); }
    // "stdio", "file:/tmp/x", "tcp:127.0.0.1:4444,server" ...: for messages.
    virtual std::string describe() const = 0;

    void attach(Frontend frontend);
    // The model has room again: deliver queued input (callable from any context).
    void ready();
    // Bytes queued on the host side, not yet taken by the model.
    size_t pending_input() const;

    // Interactive runs (the vp executable): while a backend can still deliver input, an idle
    // simulation waits for it (HostSource::keep_alive) instead of ending for lack of events.
    // Off by default, so that library users and tests driving sc_start(duration) never block.
    static void set_idle_waits_for_input(bool on);

protected:
    // The backend's own output path.
    virtual void write_out(const uint8_t* data, size_t len) = 0;
    // Whether input can still arrive (an open terminal or pipe, a listening or connected socket).
    // While it can (and set_idle_waits_for_input is on), an idle simulation waits for it instead
    // of ending. Any thread.
    void set_input_may_arrive(bool may_arrive);
    // Host side (any thread): queue input bytes and wake the simulation.
    void push_input(const uint8_t* data, size_t len);
    // The user asked to end the run (Ctrl-A x): any thread.
    void request_quit(const std::string& reason);
    // This backend's output cannot be written (errno `error`): reported once, naming the
    // backend; the run ends with status 1. Any thread.
    void output_failed(int error);
    // "output of vp.uart0 ('file:/tmp/x')": the owning model and the spec, for messages.
    std::string output_name() const;
    // Host readers stop reading while this many bytes wait (simple back-pressure).
    static constexpr size_t kMaxQueued = 64 * 1024;

private:
    void on_host_signal();  // simulation thread: input arrived or may_arrive changed
    void deliver();         // SC_METHOD body, evaluation phase

    mutable std::mutex mutex_;
    std::deque<uint8_t> queue_;
    std::atomic<bool> may_arrive_{false};
    std::atomic<bool> failed_{false};
    Frontend frontend_;
    std::vector<OutputObserver> observers_;
    sc_core::sc_event deliver_event_;
    HostSource host_;
};

// Builds a backend from its spec:
//   stdio                              the terminal (raw mode when it is one), Ctrl-A x quits
//   null                               output dropped, no input
//   file:PATH[,append]                 output written (truncated, or appended) to PATH, no input
//   tcp:[HOST]:PORT,server[,nowait]    listen on HOST (default 127.0.0.1); without nowait the
//                                      simulation start waits for a client
//   tcp:HOST:PORT                      connect to a listening HOST:PORT
// Throws vp::Error with a message naming the spec when it is malformed or cannot be opened.
// Backends are SystemC primitive channels: create them during elaboration (before sc_start).
std::unique_ptr<CharBackend> make_char_backend(const std::string& spec, const char* name = "backend");

}  // namespace vp
