#include "models/chardev/terminal_guard.h"

#include <signal.h>
#include <termios.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <exception>

namespace vp::terminal {

namespace {

// Plain globals: the signal handlers read them, so no constructors or locks.
int g_fd = -1;
termios g_saved{};
std::atomic<bool> g_raw{false};
bool g_handlers_installed = false;
std::terminate_handler g_previous_terminate = nullptr;

constexpr int kSignals[] = {SIGINT,  SIGTERM, SIGHUP, SIGQUIT, SIGPIPE,
                            SIGSEGV, SIGBUS,  SIGFPE, SIGILL,  SIGABRT};
struct sigaction g_previous[sizeof(kSignals) / sizeof(kSignals[0])];

void on_signal(int sig) {
    restore();
    // Hand the signal to whoever had it before, or to the default action.
    for (size_t i = 0; i < sizeof(kSignals) / sizeof(kSignals[0]); ++i) {
        if (kSignals[i] != sig) continue;
        sigaction(sig, &g_previous[i], nullptr);
        break;
    }
    raise(sig);
}

void on_terminate() {
    restore();
    if (g_previous_terminate)
        g_previous_terminate();
    else
        std::abort();
}

void on_exit() {
    restore();
}

void install_handlers() {
    if (g_handlers_installed) return;
    g_handlers_installed = true;
    std::atexit(on_exit);
    std::at_quick_exit(on_exit);
    g_previous_terminate = std::set_terminate(on_terminate);
    for (size_t i = 0; i < sizeof(kSignals) / sizeof(kSignals[0]); ++i) {
        struct sigaction sa {};
        sa.sa_handler = on_signal;
        sigemptyset(&sa.sa_mask);
        sa.sa_flags = SA_RESETHAND | SA_NODEFER;
        sigaction(kSignals[i], &sa, &g_previous[i]);
        // A signal the process ignored (e.g. SIGINT under nohup) stays ignored.
        if (g_previous[i].sa_handler == SIG_IGN) sigaction(kSignals[i], &g_previous[i], nullptr);
    }
}

}  // namespace

bool make_raw(int fd) {
    termios t{};
    if (!isatty(fd) || tcgetattr(fd, &t) != 0) return false;
    if (!g_raw.load()) {
        g_saved = t;
        g_fd = fd;
    }
    install_handlers();
    t.c_iflag &= ~static_cast<tcflag_t>(IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR | IGNCR | ICRNL | IXON);
    t.c_lflag &= ~static_cast<tcflag_t>(ECHO | ECHONL | ICANON | ISIG | IEXTEN);
    t.c_cflag &= ~static_cast<tcflag_t>(CSIZE | PARENB);
    t.c_cflag |= CS8;
    t.c_oflag |= OPOST;
    t.c_cc[VMIN] = 1;
    t.c_cc[VTIME] = 0;
    if (tcsetattr(fd, TCSANOW, &t) != 0) return false;
    g_raw.store(true);
    return true;
}

void restore() {
    if (!g_raw.exchange(false)) return;
    tcsetattr(g_fd, TCSANOW, &g_saved);
}

bool is_raw() {
    return g_raw.load();
}

}  // namespace vp::terminal
