// A backend's output written to a file descriptor by a host thread, so that the simulation never
// blocks in write(2) on a consumer that does not keep up (a pipe nobody reads, a stalled terminal).
//
// Policy: back-pressure, no loss. Up to `capacity` bytes wait in memory; when the buffer is full
// the simulation waits for the writer, in HostEvents::wait_until, so that the wait ends when the
// run is asked to end (Ctrl-A x, the wall-clock limit); what is left then is dropped. A write
// error (EPIPE: the reader went away; ENOSPC ...) is reported once through
// HostEvents::output_failed, which ends the run with status 1; later output is dropped.
// close() (or the destructor) flushes the buffer (HostEvents::wait_after_run) for as long as the
// reader takes bytes; it gives up after kFlushStall without progress, on a new end request (a
// second Ctrl-A x) or at the wall-clock limit.
#pragma once
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <thread>

namespace vp {

class OutputWriter {
public:
    static constexpr std::chrono::milliseconds kFlushStall{1000};

    // `what` names the output in the error message ("console output 'stdio' (standard output)").
    OutputWriter(int fd, std::string what, size_t capacity = 64 * 1024);
    ~OutputWriter() { close(); }
    OutputWriter(const OutputWriter&) = delete;
    OutputWriter& operator=(const OutputWriter&) = delete;

    // Simulation thread: queues `data`, waiting for room when the buffer is full.
    void write(const uint8_t* data, size_t len);
    // Any thread, never waits: queues `data`, or drops it when the buffer is full.
    void post(const uint8_t* data, size_t len);
    bool failed() const;
    // Flushes (see above) and stops the writer; later output is dropped. Idempotent.
    void close();

private:
    struct State;  // shared with the thread, which a stalled write keeps past the destructor
    static void writer_loop(const std::shared_ptr<State>& s);
    std::shared_ptr<State> state_;
    std::thread thread_;
};

}  // namespace vp
