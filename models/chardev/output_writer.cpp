#include "models/chardev/output_writer.h"

#include <unistd.h>

#include <cerrno>
#include <condition_variable>
#include <mutex>
#include <vector>

#include "core/host_events.h"

namespace vp {

struct OutputWriter::State {
    int fd;
    std::string what;
    size_t capacity;
    std::mutex mutex;
    std::condition_variable cv;  // the writer waits for output
    std::vector<uint8_t> queue;
    bool in_flight = false;  // the writer holds bytes taken from the queue
    uint64_t written = 0;    // bytes written so far (progress of the final flush)
    bool failed = false;
    bool stop = false;  // close(): no more output, the writer ends when idle

    bool drained() const { return failed || (queue.empty() && !in_flight); }
};

namespace {

// Returns 0, or the errno of the failed write.
int write_all(int fd, const uint8_t* p, size_t len) {
    while (len > 0) {
        ssize_t n = ::write(fd, p, len);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return errno;
        if (n == 0) return EIO;
        p += n;
        len -= static_cast<size_t>(n);
    }
    return 0;
}

}  // namespace

void OutputWriter::writer_loop(const std::shared_ptr<State>& s) {
    std::vector<uint8_t> chunk;
    for (;;) {
        {
            std::unique_lock lock(s->mutex);
            s->cv.wait(lock, [&] { return !s->queue.empty() || s->stop; });
            if (s->queue.empty()) return;
            chunk.swap(s->queue);
            s->in_flight = true;
        }
        int err = write_all(s->fd, chunk.data(), chunk.size());
        {
            std::lock_guard lock(s->mutex);
            s->in_flight = false;
            s->written += chunk.size();
            if (err) {
                s->failed = true;
                s->queue.clear();
            }
        }
        chunk.clear();
        if (err) HostEvents::get().output_failed(s->what, err);
        HostEvents::get().wake();  // room for a waiting write(), progress for the final flush
        if (err) return;
    }
}

OutputWriter::OutputWriter(int fd, std::string what, size_t capacity) : state_(std::make_shared<State>()) {
    state_->fd = fd;
    state_->what = std::move(what);
    state_->capacity = capacity;
    HostEvents::get();  // made now, during elaboration, for the waits below
    thread_ = std::thread([s = state_] { writer_loop(s); });
}

void OutputWriter::close() {
    if (!thread_.joinable()) return;
    State& s = *state_;
    // The final flush waits while the reader takes bytes; it gives up after kFlushStall without
    // progress, on a new end request or at the wall-clock limit.
    bool drained = false;
    for (;;) {
        uint64_t written;
        {
            std::lock_guard lock(s.mutex);
            drained = s.drained();
            written = s.written;
        }
        if (drained) break;
        bool moved = HostEvents::get().wait_after_run(
            [&] {
                std::lock_guard lock(s.mutex);
                return s.drained() || s.written != written;
            },
            kFlushStall);
        if (!moved) break;
    }
    {
        std::lock_guard lock(s.mutex);
        s.stop = true;
        drained = drained || s.drained();
    }
    s.cv.notify_one();
    // A writer still inside write(2) (a reader that never reads) is left to the process's exit.
    if (drained)
        thread_.join();
    else
        thread_.detach();
}

bool OutputWriter::failed() const {
    std::lock_guard lock(state_->mutex);
    return state_->failed;
}

void OutputWriter::post(const uint8_t* data, size_t len) {
    State& s = *state_;
    std::lock_guard lock(s.mutex);
    if (s.failed || s.stop || s.queue.size() + len > s.capacity) return;
    s.queue.insert(s.queue.end(), data, data + len);
    s.cv.notify_one();
}

void OutputWriter::write(const uint8_t* data, size_t len) {
    State& s = *state_;
    auto room = [&] { return s.failed || s.queue.empty() || s.queue.size() + len <= s.capacity; };
    std::unique_lock lock(s.mutex);
    if (!room()) {
        lock.unlock();  // the writer needs the lock to make room
        bool ok = HostEvents::get().wait_until([&] {
            std::lock_guard l(s.mutex);
            return room();
        });
        lock.lock();
        if (!ok) return;  // the run is ending: dropped
    }
    if (s.failed || s.stop) return;
    s.queue.insert(s.queue.end(), data, data + len);
    s.cv.notify_one();
}

}  // namespace vp
