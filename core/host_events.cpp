#include "core/host_events.h"

#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>

#include "core/exit_status.h"

namespace vp {

namespace {
RunEnd* g_run_end = nullptr;
}

HostEvents& HostEvents::get() {
    // Never destroyed: host threads may still signal while the process exits.
    static HostEvents* events = new HostEvents;
    return *events;
}

RunEnd* HostEvents::set_run_end(RunEnd* end) {
    RunEnd* previous = g_run_end;
    g_run_end = end;
    return previous;
}

HostEvents::HostEvents()
    : sc_core::sc_prim_channel("vp_host_events"), wake_fd_(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)) {}

void HostEvents::wake() {
    uint64_t one = 1;
    [[maybe_unused]] ssize_t n = ::write(wake_fd_, &one, sizeof one);
}

bool HostEvents::request_checkpoint() {
    HostSource* source = checkpoint_source_.load();
    if (!source) return false;
    source->signal();
    return true;
}

void HostEvents::request_end(int status, const std::string& reason) {
    {
        std::lock_guard lock(mutex_);
        if (!end_pending_) {
            end_pending_ = true;
            end_status_ = status;
            end_reason_ = reason;
        }
    }
    end_requests_.fetch_add(1);
    async_request_update();
    wake();
}

void HostEvents::output_failed(const std::string& what, int error) {
    std::string text = error == EPIPE ? "closed by its reader (" + std::string(std::strerror(error)) + ")"
                                      : "write failed: " + std::string(std::strerror(error));
    std::fprintf(stderr, "vp: error: %s: %s\n", what.c_str(), text.c_str());
    output_failed_ = true;
    request_end(sim::exit_error, "");  // reported above, whichever request ends the run
}

void HostEvents::signal(HostSource* source) {
    bool first;
    {
        std::lock_guard lock(mutex_);
        first = !source->signalled_;
        source->signalled_ = true;
        if (first) signalled_.push_back(source);
    }
    if (first) async_request_update();
    wake();  // always: a blocking wait may be waiting for what this source's thread just did
}

void HostEvents::set_keep_alive(HostSource* source, bool on) {
    {
        std::lock_guard lock(mutex_);
        if (source->keep_alive_ == on) return;
        source->keep_alive_ = on;
        keep_alive_ += on ? 1 : -1;
    }
    async_request_update();
}

void HostEvents::forget(HostSource* source) {
    bool was_alive;
    {
        std::lock_guard lock(mutex_);
        std::erase(signalled_, source);
        was_alive = source->keep_alive_;
        if (was_alive) --keep_alive_;
        source->keep_alive_ = false;
    }
    if (was_alive) async_request_update();  // detach at the next update phase
}

void HostEvents::run_signalled(bool run_control_only) {
    for (;;) {
        HostSource* next = nullptr;
        {
            std::lock_guard lock(mutex_);
            auto it = std::find_if(signalled_.begin(), signalled_.end(), [&](HostSource* s) {
                return !run_control_only || s->kind_ == HostSource::Kind::run_control;
            });
            if (it == signalled_.end()) return;
            next = *it;
            signalled_.erase(it);
            next->signalled_ = false;
        }
        next->callback_();
    }
}

bool HostEvents::deliver_end() {
    int status;
    std::string reason;
    {
        std::lock_guard lock(mutex_);
        if (!end_pending_) return g_run_end && g_run_end->run_ended();
        end_pending_ = false;
        status = end_status_;
        reason = end_reason_;
    }
    if (g_run_end)
        g_run_end->end_run(status, reason);
    else if (sc_core::sc_is_running())
        sc_core::sc_stop();
    return true;
}

void HostEvents::update() {
    run_signalled(false);
    bool want;
    {
        std::lock_guard lock(mutex_);
        want = keep_alive_ > 0;
    }
    if (want != suspending_) {
        suspending_ = want;
        if (want)
            async_attach_suspending();
        else
            async_detach_suspending();
    }
    deliver_end();
}

bool HostEvents::wait_until(const std::function<bool()>& ready) {
    return wait_impl(ready, -1, 0, false, Clock::time_point::max());
}

bool HostEvents::wait_fd(int fd, short events) {
    return wait_impl(nullptr, fd, events, false, Clock::time_point::max());
}

bool HostEvents::wait_after_run(const std::function<bool()>& ready, std::chrono::milliseconds limit) {
    Clock::time_point deadline = wall_deadline_.load();
    if (limit != std::chrono::milliseconds::max()) deadline = std::min(deadline, Clock::now() + limit);
    return wait_impl(ready, -1, 0, true, deadline);
}

bool HostEvents::wait_impl(const std::function<bool()>& ready, int fd, short events, bool after_run,
                           Clock::time_point deadline) {
    const unsigned requests_at_start = end_requests_.load();
    for (;;) {
        if (after_run) {
            if (end_requests_.load() != requests_at_start) return false;
        } else {
            run_signalled(true);
            if (deliver_end()) return false;
        }
        if (ready && ready()) return true;
        int timeout_ms = -1;
        if (deadline != Clock::time_point::max()) {
            auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now()).count();
            if (left <= 0) return false;
            timeout_ms = static_cast<int>(std::min<decltype(left)>(left, 1 << 30));
        }
        pollfd fds[2] = {{wake_fd_, POLLIN, 0}, {fd, events, 0}};
        int n = ::poll(fds, fd >= 0 ? 2 : 1, timeout_ms);
        if (n < 0 && errno != EINTR) return false;
        uint64_t count;
        [[maybe_unused]] ssize_t r = ::read(wake_fd_, &count, sizeof count);
        if (fd >= 0 && (fds[1].revents & (events | POLLERR | POLLHUP | POLLNVAL))) return true;
    }
}

HostSource::HostSource(std::function<void()> callback, Kind kind)
    : events_(HostEvents::get()), callback_(std::move(callback)), kind_(kind) {}

HostSource::~HostSource() {
    events_.forget(this);
}

}  // namespace vp
