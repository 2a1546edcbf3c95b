#include "vp_child.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <thread>

namespace vp::test {

VpChild::VpChild(const std::vector<std::string>& args, int stdin_fd, int stdout_fd) {
    char tmpl[] = "/tmp/vp-runctl-XXXXXX";
    dir_ = mkdtemp(tmpl);
    err_path_ = dir_ + "/stderr.txt";
    std::vector<std::string> full = {VP_BINARY};
    full.insert(full.end(), args.begin(), args.end());
    start_ = std::chrono::steady_clock::now();
    pid_ = fork();
    if (pid_ == 0) {
        int err = open(err_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        int in = stdin_fd >= 0 ? stdin_fd : open("/dev/null", O_RDONLY);
        dup2(in, 0);
        dup2(stdout_fd >= 0 ? stdout_fd : err, 1);
        dup2(err, 2);
        // Only 0, 1 and 2 reach vp: the test's other ends (pipe writers, pty master) stay here.
        for (int fd = 3; fd < 1024; ++fd) close(fd);
        std::vector<char*> argv;
        for (auto& a : full) argv.push_back(a.data());
        argv.push_back(nullptr);
        execv(argv[0], argv.data());
        _exit(127);
    }
}

VpChild::~VpChild() {
    if (pid_ > 0 && !reaped_) {
        kill(pid_, SIGKILL);
        waitpid(pid_, nullptr, 0);
    }
    std::remove(err_path_.c_str());
    rmdir(dir_.c_str());
}

ChildExit VpChild::wait(std::chrono::milliseconds limit) {
    ChildExit r;
    int status = 0;
    auto end = start_ + limit;
    pid_t got;
    while ((got = waitpid(pid_, &status, WNOHANG)) == 0) {
        if (std::chrono::steady_clock::now() > end) {
            r.timed_out = true;
            kill(pid_, SIGKILL);
            waitpid(pid_, &status, 0);
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    reaped_ = true;
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    if (!r.timed_out && WIFEXITED(status)) {
        r.exited = true;
        r.status = WEXITSTATUS(status);
    } else if (!r.timed_out && WIFSIGNALED(status)) {
        r.signal = WTERMSIG(status);
    }
    return r;
}

bool VpChild::running() {
    if (reaped_) return false;
    siginfo_t info{};
    return waitid(P_PID, static_cast<id_t>(pid_), &info, WEXITED | WNOHANG | WNOWAIT) == 0 &&
           info.si_pid == 0;
}

void VpChild::signal(int sig) {
    if (!reaped_) kill(pid_, sig);
}

std::string VpChild::stderr_text() const {
    std::ifstream in(err_path_, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

bool VpChild::stderr_shows(const std::string& text, std::chrono::milliseconds limit) {
    auto end = std::chrono::steady_clock::now() + limit;
    while (stderr_text().find(text) == std::string::npos) {
        if (std::chrono::steady_clock::now() > end) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return true;
}

std::string describe(const ChildExit& r) {
    if (r.timed_out) return "still running at the deadline (killed)";
    if (r.exited) return "exit status " + std::to_string(r.status);
    return "killed by signal " + std::to_string(r.signal);
}

size_t count_of(const std::string& text, const std::string& needle) {
    size_t n = 0;
    for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + needle.size()))
        ++n;
    return n;
}

int free_tcp_port() {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
    socklen_t len = sizeof a;
    getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
    close(fd);
    return ntohs(a.sin_port);
}

int connect_tcp(int port, std::chrono::milliseconds limit, int receive_buffer) {
    auto end = std::chrono::steady_clock::now() + limit;
    for (;;) {
        int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (receive_buffer > 0) setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &receive_buffer, sizeof receive_buffer);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        a.sin_port = htons(static_cast<uint16_t>(port));
        if (connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0) return fd;
        close(fd);
        if (std::chrono::steady_clock::now() > end) return -1;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
}

}  // namespace vp::test
