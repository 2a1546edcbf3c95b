// The `vp` executable as a child process whose standard streams the test chooses: a pipe it
// holds open or closes early, a pseudo-terminal, a socket. stderr always goes to a file.
#pragma once
#include <sys/types.h>

#include <chrono>
#include <string>
#include <vector>

namespace vp::test {

struct ChildExit {
    bool timed_out = false;  // still running at the deadline (then killed)
    bool exited = false;
    int status = -1;  // exit status when exited
    int signal = 0;   // terminating signal when killed by one
    double seconds = 0;
};

class VpChild {
public:
    // Runs VP_BINARY with `args`. stdin_fd / stdout_fd: descriptors to give the child as its
    // fds 0 and 1 (-1: /dev/null for stdin, the stderr file for stdout).
    explicit VpChild(const std::vector<std::string>& args, int stdin_fd = -1, int stdout_fd = -1);
    ~VpChild();
    VpChild(const VpChild&) = delete;
    VpChild& operator=(const VpChild&) = delete;

    // Waits for the exit; kills the child after `limit`.
    ChildExit wait(std::chrono::milliseconds limit);
    bool running();
    void signal(int sig);
    std::string stderr_text() const;
    // Polls stderr until it contains `text` (false after `limit`).
    bool stderr_shows(const std::string& text, std::chrono::milliseconds limit);

private:
    std::string dir_, err_path_;
    pid_t pid_ = -1;
    bool reaped_ = false;
    std::chrono::steady_clock::time_point start_;
};

// "exit status N", "killed by signal N" or the timeout, for failure messages.
std::string describe(const ChildExit& r);

// A bare-metal test program of tests/baremetal (VP_GUEST_DIR/NAME.elf).
#ifdef VP_GUEST_DIR
inline std::string guest(const std::string& name) {
    return std::string(VP_GUEST_DIR) + "/" + name + ".elf";
}
#endif

// How many times `needle` occurs in `text`.
size_t count_of(const std::string& text, const std::string& needle);

// A TCP port on 127.0.0.1 that was free a moment ago.
int free_tcp_port();
// Connects to 127.0.0.1:port, retrying for up to `limit` (vp may not be listening yet); -1 on failure.
int connect_tcp(int port, std::chrono::milliseconds limit, int receive_buffer = 0);

}  // namespace vp::test
