#include "platform/shutdown_signal.h"

#include <pthread.h>
#include <signal.h>

#include <cerrno>
#include <cstdio>
#include <ctime>

#include "models/chardev/terminal_guard.h"

namespace vp {

namespace {
sigset_t sigterm_set() {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    return set;
}
}  // namespace

void ShutdownSignal::block_sigterm() {
    sigset_t set = sigterm_set();
    pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

ShutdownSignal::ShutdownSignal(PowerButton* button, std::chrono::nanoseconds grace, std::string grace_text)
    : button_(button), source_([this] { press(); }), grace_(grace), grace_text_(std::move(grace_text)) {
    block_sigterm();
    thread_ = std::thread([this] { watch(); });
}

ShutdownSignal::~ShutdownSignal() {
    __atomic_store_n(&stop_, true, __ATOMIC_RELEASE);
    pthread_kill(thread_.native_handle(), SIGTERM);  // taken by the watcher's own wait
    thread_.join();
    sigset_t set = sigterm_set();
    pthread_sigmask(SIG_UNBLOCK, &set, nullptr);  // a pending SIGTERM is delivered now
}

void ShutdownSignal::watch() {
    const sigset_t set = sigterm_set();
    int sig = 0;
    while (sigwait(&set, &sig) != 0) {
    }
    if (__atomic_load_n(&stop_, __ATOMIC_ACQUIRE)) return;
    if (!button_) stop_by_signal("SIGTERM");
    source_.signal();
    const auto s = std::chrono::duration_cast<std::chrono::seconds>(grace_);
    timespec limit{static_cast<time_t>(s.count()), static_cast<long>((grace_ - s).count())};
    for (;;) {
        const int got = sigtimedwait(&set, nullptr, &limit);
        if (__atomic_load_n(&stop_, __ATOMIC_ACQUIRE)) return;
        if (got == SIGTERM) stop_by_signal("a second SIGTERM");
        if (errno == EAGAIN) stop_by_signal("the guest did not power off in time after SIGTERM");
        // EINTR: wait again (the rest of the period is not tracked; a longer wait is harmless)
    }
}

void ShutdownSignal::press() {
    if (!button_->heeded()) stop_by_signal("SIGTERM, and the guest does not listen to the power button");
    std::fprintf(stderr,
                 "vp: SIGTERM: pressed the power button; vp stops in %s unless the guest powers off, or at a "
                 "second SIGTERM\n",
                 grace_text_.c_str());
    button_->press();
}

// As SIGTERM ended vp before there was a power button: the terminal back to its saved mode, then
// the signal's default action.
void ShutdownSignal::stop_by_signal(const char* why) {
    std::fprintf(stderr, "vp: %s: stopping\n", why);
    terminal::restore();
    signal(SIGTERM, SIG_DFL);
    sigset_t set = sigterm_set();
    pthread_sigmask(SIG_UNBLOCK, &set, nullptr);
    raise(SIGTERM);
    for (;;) pause();  // not reached: the default action ends the process
}

}  // namespace vp
