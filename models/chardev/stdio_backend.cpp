#include "models/chardev/stdio_backend.h"

#include <poll.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <cstring>

#include "core/error.h"
#include "core/host_events.h"
#include "models/chardev/terminal_guard.h"

namespace vp {

namespace {
std::atomic<int> g_instances{0};
}

EscapeFilter::Action EscapeFilter::feed(uint8_t c, std::string& out) {
    if (!pending_) {
        if (c == kEscape)
            pending_ = true;
        else
            out.push_back(static_cast<char>(c));
        return Action::none;
    }
    pending_ = false;
    switch (c) {
        case 'x':
        case 'X': return Action::quit;
        case 'h':
        case 'H':
        case '?': return Action::help;
        case 'p':
        case 'P': return Action::power;
        case 's':
        case 'S': return Action::checkpoint;
        case kEscape: out.push_back(static_cast<char>(kEscape)); return Action::none;
        default:  // not an escape command: pass both keys through
            out.push_back(static_cast<char>(kEscape));
            out.push_back(static_cast<char>(c));
            return Action::none;
    }
}

const char* EscapeFilter::help_text() {
    return "\r\n"
           "C-a h    print this help\r\n"
           "C-a x    exit the simulation\r\n"
           "C-a p    press the power button: the guest shuts down (as SIGTERM to vp)\r\n"
           "C-a s    save a checkpoint at the next quantum boundary (--checkpoint-file)\r\n"
           "C-a C-a  send C-a to the guest\r\n";
}

StdioBackend::StdioBackend(const char* name, int in_fd, int out_fd)
    : CharBackend(name), in_fd_(in_fd), out_fd_(out_fd) {
    if (g_instances.fetch_add(1) != 0) {
        g_instances.fetch_sub(1);
        throw Error(
            "character backend 'stdio' is already used by another device (only one may read the "
            "terminal; use null, file: or tcp: for the others)");
    }
    writer_ =
        std::make_unique<OutputWriter>(out_fd_, output_name() + (out_fd_ == 1 ? ", standard output" : ""));
    terminal_ = terminal::make_raw(in_fd_);
    set_input_may_arrive(true);  // until end of input: an idle guest waits for the user
    thread_ = std::thread([this] { reader(); });
}

StdioBackend::~StdioBackend() {
    writer_->close();  // the last output reaches its reader first (Ctrl-A x still cuts it short)
    stop_ = true;
    wake_.wake();
    if (thread_.joinable()) thread_.join();
    if (terminal_) terminal::restore();
    g_instances.fetch_sub(1);
}

void StdioBackend::write_out(const uint8_t* data, size_t len) {
    writer_->write(data, len);
}

void StdioBackend::post(const char* text) {
    writer_->post(reinterpret_cast<const uint8_t*>(text), std::strlen(text));
}

void StdioBackend::reader() {
    uint8_t buf[256];
    while (!stop_) {
        if (pending_input() > kMaxQueued) {  // the guest is not reading: wait for it
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
            continue;
        }
        pollfd fds[2] = {{in_fd_, POLLIN, 0}, {wake_.read_fd(), POLLIN, 0}};
        if (::poll(fds, 2, -1) < 0) {
            if (errno == EINTR) continue;
            break;
        }
        if (stop_ || fds[1].revents) break;
        if (!fds[0].revents) continue;
        ssize_t n = ::read(in_fd_, buf, sizeof buf);
        if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
        if (n <= 0) break;  // end of input (or the terminal went away)
        if (!terminal_) {
            push_input(buf, static_cast<size_t>(n));
            continue;
        }
        std::string out;
        for (ssize_t i = 0; i < n; ++i) {
            switch (escape_.feed(buf[i], out)) {
                case EscapeFilter::Action::none: break;
                case EscapeFilter::Action::help: post(EscapeFilter::help_text()); break;
                case EscapeFilter::Action::power:
                    // To the process, not this thread: vp's SIGTERM watcher (platform/shutdown_signal.h)
                    // presses the power button; without one SIGTERM stops vp.
                    ::kill(::getpid(), SIGTERM);
                    break;
                case EscapeFilter::Action::checkpoint:
                    if (!HostEvents::get().request_checkpoint())
                        post("\r\nvp: C-a s: this program takes no checkpoints\r\n");
                    break;
                case EscapeFilter::Action::quit:
                    push_input(reinterpret_cast<const uint8_t*>(out.data()), out.size());
                    out.clear();
                    post("\r\n");  // vp's closing message starts on a line of its own
                    request_quit("terminated by C-a x");
                    break;
            }
        }
        push_input(reinterpret_cast<const uint8_t*>(out.data()), out.size());
    }
    eof_ = true;
    set_input_may_arrive(false);
}

}  // namespace vp
