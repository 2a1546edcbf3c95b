// The "stdio" character backend: output to standard output, input from standard input.
// When the input is a terminal it is put into raw mode (restored by vp::terminal on every
// way out) and the QEMU-style escape key applies: Ctrl-A x quits the simulation, Ctrl-A p sends
// vp SIGTERM (the power button, platform/shutdown_signal.h), Ctrl-A s saves a checkpoint
// (HostEvents::request_checkpoint), Ctrl-A h prints help, Ctrl-A Ctrl-A sends a literal Ctrl-A. Otherwise
// input is read as plain bytes until end of file. Only one stdio backend may exist at a time. Output goes
// through an OutputWriter (a host thread; back-pressure, no loss, bounded by the run-control requests): a
// reader that stops reading slows the guest down but never holds the simulation beyond Ctrl-A x or the
// wall-clock limit; a reader that goes away (EPIPE, with SIGPIPE ignored as the vp executable does) or a
// failed write ends the run with status 1.
#pragma once
#include <atomic>
#include <memory>
#include <string>
#include <thread>

#include "models/chardev/char_backend.h"
#include "models/chardev/output_writer.h"
#include "models/chardev/wake_pipe.h"

namespace vp {

// The Ctrl-A escape state machine, separate so it can be tested on its own.
class EscapeFilter {
public:
    static constexpr uint8_t kEscape = 0x01;  // Ctrl-A
    enum class Action { none, quit, help, power, checkpoint };
    // Feeds one typed byte; appends the bytes meant for the guest to `out`.
    Action feed(uint8_t c, std::string& out);
    static const char* help_text();

private:
    bool pending_ = false;
};

class StdioBackend : public CharBackend {
public:
    // in_fd/out_fd other than 0/1: for tests (a pipe or a pseudo-terminal).
    explicit StdioBackend(const char* name, int in_fd = 0, int out_fd = 1);
    ~StdioBackend() override;

    void write_out(const uint8_t* data, size_t len) override;
    std::string describe() const override { return "stdio"; }
    bool is_terminal() const { return terminal_; }
    bool input_closed() const { return eof_.load(); }

private:
    void reader();
    void post(const char* text);  // from the reader thread, never waits

    int in_fd_, out_fd_;
    bool terminal_ = false;
    std::atomic<bool> stop_{false};
    std::atomic<bool> eof_{false};
    EscapeFilter escape_;
    WakePipe wake_;
    std::unique_ptr<OutputWriter> writer_;
    std::thread thread_;
};

}  // namespace vp
