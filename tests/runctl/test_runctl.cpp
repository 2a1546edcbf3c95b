// Run control and output paths of the `vp` executable, run as a child process with the streams
// a user would give it (issue 13): a simulated-time limit on an idle machine whose console can
// still deliver input; host-side waits (a core held for gdb, a TCP console waiting for its
// client, a client that stops reading) that honour the wall-clock limit, Ctrl-A x and SIGUSR1;
// a console reader that goes away (EPIPE); outputs that cannot be written (/dev/full); the
// terminal restored on every way out.
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <sys/socket.h>
#include <termios.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <atomic>
#include <regex>
#include <thread>

#include "vp_child.h"

using namespace std::chrono_literals;
using vp::test::ChildExit;
using vp::test::count_of;
using vp::test::describe;
using vp::test::guest;
using vp::test::VpChild;

namespace {

// The documented exit statuses (README "Exit statuses").
constexpr int kOk = 0, kError = 1, kTimeout = 3;

struct Pipe {
    int r = -1, w = -1;
    Pipe() {
        int fds[2];
        EXPECT_EQ(pipe2(fds, O_CLOEXEC), 0);
        r = fds[0];
        w = fds[1];
    }
    ~Pipe() {
        close_read();
        close_write();
    }
    void close_read() {
        if (r >= 0) close(r);
        r = -1;
    }
    void close_write() {
        if (w >= 0) close(w);
        w = -1;
    }
};

// A pseudo-terminal; the slave is vp's terminal. A thread drains what vp writes to it.
struct Pty {
    int master = -1, slave = -1;
    termios original{};
    std::atomic<bool> stop{false};
    std::thread drain;
    Pty() {
        EXPECT_EQ(openpty(&master, &slave, nullptr, nullptr, nullptr), 0);
        fcntl(master, F_SETFD, FD_CLOEXEC);
        fcntl(slave, F_SETFD, FD_CLOEXEC);
        tcgetattr(slave, &original);
        drain = std::thread([this] {
            char buf[4096];
            while (!stop) {
                pollfd p{master, POLLIN, 0};
                if (poll(&p, 1, 50) > 0 && read(master, buf, sizeof buf) <= 0) return;
            }
        });
    }
    ~Pty() {
        stop = true;
        drain.join();
        close(master);
        close(slave);
    }
    bool raw() const {
        termios t{};
        tcgetattr(slave, &t);
        return !(t.c_lflag & ICANON);
    }
    bool restored() const {
        termios t{};
        tcgetattr(slave, &t);
        return t.c_iflag == original.c_iflag && t.c_oflag == original.c_oflag &&
               t.c_cflag == original.c_cflag && t.c_lflag == original.c_lflag;
    }
    bool wait_raw(std::chrono::milliseconds limit) const {
        auto end = std::chrono::steady_clock::now() + limit;
        while (!raw()) {
            if (std::chrono::steady_clock::now() > end) return false;
            std::this_thread::sleep_for(10ms);
        }
        return true;
    }
    void type(const std::string& keys) {
        ASSERT_EQ(write(master, keys.data(), keys.size()), ssize_t(keys.size()));
    }
};

int gdb_port(VpChild& vp) {
    if (!vp.stderr_shows("vp: gdb: listening on", 10s)) return 0;
    std::smatch m;
    std::string text = vp.stderr_text();
    static const std::regex re("listening on [^ ]*:([0-9]+)");
    return std::regex_search(text, m, re) ? std::stoi(m[1]) : 0;
}

}  // namespace

// ---- a simulated-time limit on an idle machine (item 4)

// `sleep 60 | vp -kernel idle.elf --timeout 5s`: every core in WFI with interrupts masked,
// nothing scheduled, console input still possible. Without --realtime idle simulated time costs
// no wall time, so the limit is reached at once.
TEST(SimTimeout, EndsAnIdleGuestWhoseConsoleInputIsStillOpen) {
    Pipe in;
    VpChild vp({"-smp", "1", "-kernel", guest("idle"), "--timeout", "5s"}, in.r);
    ChildExit r = vp.wait(20s);
    ASSERT_TRUE(r.exited && r.status == kTimeout) << describe(r) << "\n" << vp.stderr_text();
    EXPECT_LT(r.seconds, 5.0);
    EXPECT_NE(vp.stderr_text().find("timeout: 5s of simulated time reached"), std::string::npos)
        << vp.stderr_text();
}

TEST(SimTimeout, EndsARunWithoutAKernel) {
    Pipe in;
    VpChild vp({"--timeout", "1s"}, in.r);
    ChildExit r = vp.wait(20s);
    EXPECT_TRUE(r.exited && r.status == kTimeout) << describe(r) << "\n" << vp.stderr_text();
}

TEST(SimTimeout, EndsAMachineWhoseCoresAreAllOff) {
    Pipe in;
    VpChild vp({"-smp", "1", "-kernel", guest("cpu_off"), "--timeout", "2s"}, in.r);
    ChildExit r = vp.wait(20s);
    EXPECT_TRUE(r.exited && r.status == kTimeout) << describe(r) << "\n" << vp.stderr_text();
    EXPECT_NE(vp.stderr_text().find("cpu_off\n"), std::string::npos) << vp.stderr_text();
    EXPECT_EQ(vp.stderr_text().find("FAIL"), std::string::npos) << vp.stderr_text();
}

// A TCP console server keeps input possible for the whole run (a client may come at any time).
TEST(SimTimeout, EndsAnIdleGuestWithATcpConsoleServer) {
    int port = vp::test::free_tcp_port();
    VpChild vp({"-smp", "1", "-kernel", guest("idle"), "-serial",
                "tcp::" + std::to_string(port) + ",server,nowait", "--timeout", "2s"});
    ChildExit r = vp.wait(20s);
    EXPECT_TRUE(r.exited && r.status == kTimeout) << describe(r) << "\n" << vp.stderr_text();
}

// With --realtime simulated time follows wall time, idle or not: the console can deliver input
// until the limit, which comes after that much wall time.
TEST(SimTimeout, WithRealtimeIdleTimePassesInWallTime) {
    Pipe in;
    VpChild vp({"-smp", "1", "-kernel", guest("idle"), "--timeout", "500ms", "--realtime"}, in.r);
    ChildExit r = vp.wait(20s);
    EXPECT_TRUE(r.exited && r.status == kTimeout) << describe(r) << "\n" << vp.stderr_text();
    EXPECT_GE(r.seconds, 0.45);
}

// ---- host-side waits honour the run-control requests (item 5)

TEST(WallTimeout, EndsARunHeldAtResetWithoutADebugger) {
    VpChild vp({"-S", "-gdb", "tcp:127.0.0.1:0", "-kernel", guest("hello"), "-serial", "null", "--timeout",
                "wall:1s"});
    ChildExit r = vp.wait(20s);
    EXPECT_TRUE(r.exited && r.status == kTimeout) << describe(r) << "\n" << vp.stderr_text();
    EXPECT_GE(r.seconds, 1.0);
    EXPECT_NE(vp.stderr_text().find("1s of wall-clock time reached"), std::string::npos) << vp.stderr_text();
}

TEST(WallTimeout, EndsARunHaltedUnderGdb) {
    VpChild vp({"-S", "-gdb", "tcp:127.0.0.1:0", "-kernel", guest("hello"), "-serial", "null", "--timeout",
                "wall:1500ms"});
    int port = gdb_port(vp);
    ASSERT_NE(port, 0) << vp.stderr_text();
    int fd = vp::test::connect_tcp(port, 5s);
    ASSERT_GE(fd, 0);
    const char query[] = "$?#3f";  // "?": why did the target stop (GDB manual, Remote Protocol)
    ASSERT_EQ(send(fd, query, 5, MSG_NOSIGNAL), 5);
    ChildExit r = vp.wait(20s);
    close(fd);
    EXPECT_TRUE(r.exited && r.status == kTimeout) << describe(r) << "\n" << vp.stderr_text();
}

TEST(WallTimeout, EndsARunWaitingForItsTcpConsoleClient) {
    int port = vp::test::free_tcp_port();
    VpChild vp({"-kernel", guest("hello"), "-serial", "tcp::" + std::to_string(port) + ",server", "--timeout",
                "wall:1s"});
    ChildExit r = vp.wait(20s);
    EXPECT_TRUE(r.exited && r.status == kTimeout) << describe(r) << "\n" << vp.stderr_text();
}

TEST(Sigusr1, PrintsTheSummaryWhileTheCoresAreHeldForGdb) {
    VpChild vp({"-S", "-gdb", "tcp:127.0.0.1:0", "-kernel", guest("hello"), "-serial", "null", "--timeout",
                "wall:5s"});
    ASSERT_NE(gdb_port(vp), 0) << vp.stderr_text();
    vp.signal(SIGUSR1);
    EXPECT_TRUE(vp.stderr_shows("vp statistics:", 3s)) << vp.stderr_text();
    EXPECT_TRUE(vp.running());
}

TEST(CtrlAX, EndsARunHeldAtReset) {
    Pty pty;
    VpChild vp({"-S", "-gdb", "tcp:127.0.0.1:0", "-kernel", guest("hello")}, pty.slave, pty.slave);
    ASSERT_NE(gdb_port(vp), 0) << vp.stderr_text();
    ASSERT_TRUE(pty.wait_raw(5s));
    pty.type("\x01x");
    ChildExit r = vp.wait(20s);
    EXPECT_TRUE(r.exited && r.status == kOk) << describe(r) << "\n" << vp.stderr_text();
    EXPECT_EQ(count_of(vp.stderr_text(), "terminated by C-a x"), 1u) << vp.stderr_text();
    EXPECT_TRUE(pty.restored());
}

TEST(CtrlAX, PrintsTheReasonOnce) {
    Pty pty;
    VpChild vp({"-smp", "1", "-kernel", guest("idle")}, pty.slave, pty.slave);
    ASSERT_TRUE(pty.wait_raw(5s));
    pty.type("\x01x");
    ChildExit r = vp.wait(20s);
    EXPECT_TRUE(r.exited && r.status == kOk) << describe(r) << "\n" << vp.stderr_text();
    EXPECT_EQ(count_of(vp.stderr_text(), "terminated by C-a x"), 1u) << vp.stderr_text();
    EXPECT_TRUE(pty.restored());
}

// A connected console client that never reads: the guest's output is dropped once vp's bounded
// buffer is full, and the run goes on to its limits.
TEST(TcpConsole, AClientThatStopsReadingDoesNotStallTheWallTimeout) {
    int port = vp::test::free_tcp_port();
    VpChild vp({"-kernel", guest("flood"), "-serial", "tcp::" + std::to_string(port) + ",server", "--timeout",
                "wall:2s"});
    int fd = vp::test::connect_tcp(port, 10s, 4096);
    ASSERT_GE(fd, 0) << vp.stderr_text();
    ChildExit r = vp.wait(30s);
    close(fd);
    EXPECT_TRUE(r.exited && r.status == kTimeout) << describe(r) << "\n" << vp.stderr_text();
    EXPECT_LT(r.seconds, 10.0);
}

// 30 ms of flood is about 10 MB of output, more than the sockets on both sides hold.
TEST(TcpConsole, AClientThatStopsReadingDoesNotStallSimulatedTime) {
    int port = vp::test::free_tcp_port();
    VpChild vp({"-kernel", guest("flood"), "-serial", "tcp::" + std::to_string(port) + ",server", "--timeout",
                "30ms"});
    int fd = vp::test::connect_tcp(port, 10s, 4096);
    ASSERT_GE(fd, 0) << vp.stderr_text();
    ChildExit r = vp.wait(120s);  // seconds; a sanitizer build takes tens
    close(fd);
    EXPECT_TRUE(r.exited && r.status == kTimeout) << describe(r) << "\n" << vp.stderr_text();
    EXPECT_EQ(count_of(vp.stderr_text(), "the client is not reading"), 1u) << vp.stderr_text();
}

// A console reader that stops reading (`vp ... | less`, paused): vp's output waits for it
// (back-pressure, nothing lost), but the wall-clock limit and Ctrl-A x still end the run.
TEST(StalledConsoleReader, TheWallTimeoutStillEndsTheRun) {
    Pipe out;  // never read
    VpChild vp({"-kernel", guest("flood"), "--timeout", "wall:1s"}, -1, out.w);
    out.close_write();
    ChildExit r = vp.wait(30s);
    EXPECT_TRUE(r.exited && r.status == kTimeout) << describe(r) << "\n" << vp.stderr_text();
}

TEST(StalledConsoleReader, CtrlAXStillEndsTheRun) {
    Pty pty;
    Pipe out;  // never read
    VpChild vp({"-kernel", guest("flood")}, pty.slave, out.w);
    out.close_write();
    ASSERT_TRUE(pty.wait_raw(5s));
    std::this_thread::sleep_for(300ms);  // the pipe is full by now
    pty.type("\x01x");
    ChildExit r = vp.wait(30s);
    EXPECT_TRUE(r.exited && r.status == kOk) << describe(r) << "\n" << vp.stderr_text();
    EXPECT_TRUE(pty.restored());
}

// ---- a console reader that goes away (item 6)

// `vp -kernel flood.elf --timeout 100ms | head -c 100`: the end of that output ends the run
// with status 1 and one message, not SIGPIPE.
TEST(BrokenPipe, ConsoleReaderGoneEndsTheRunWithStatus1) {
    Pipe out;
    VpChild vp({"-kernel", guest("flood"), "--timeout", "100ms"}, -1, out.w);
    out.close_write();
    char buf[100];
    size_t got = 0;
    while (got < sizeof buf) {
        ssize_t n = read(out.r, buf + got, sizeof buf - got);
        if (n <= 0) break;
        got += static_cast<size_t>(n);
    }
    ASSERT_EQ(got, sizeof buf);
    out.close_read();
    ChildExit r = vp.wait(60s);
    EXPECT_TRUE(r.exited && r.status == kError) << describe(r) << "\n" << vp.stderr_text();
    EXPECT_EQ(count_of(vp.stderr_text(), "Broken pipe"), 1u) << vp.stderr_text();
}

TEST(BrokenPipe, TheTerminalIsRestored) {
    Pty pty;
    Pipe out;
    VpChild vp({"-kernel", guest("flood"), "--timeout", "1s"}, pty.slave, out.w);
    out.close_write();
    ASSERT_TRUE(pty.wait_raw(5s));
    char buf[100];
    ASSERT_GT(read(out.r, buf, sizeof buf), 0);
    out.close_read();
    ChildExit r = vp.wait(60s);
    EXPECT_TRUE(r.exited && r.status == kError) << describe(r) << "\n" << vp.stderr_text();
    EXPECT_TRUE(pty.restored());
}

TEST(FatalSignal, TheTerminalIsRestored) {
    for (int sig : {SIGTERM, SIGHUP, SIGINT}) {
        Pty pty;
        VpChild vp({"-smp", "1", "-kernel", guest("spin"), "--timeout", "wall:30s"}, pty.slave, pty.slave);
        ASSERT_TRUE(pty.wait_raw(5s)) << sig;
        vp.signal(sig);  // SIGTERM too: the spinning guest does not listen to the power button
        ChildExit r = vp.wait(20s);
        EXPECT_EQ(r.signal, sig) << describe(r) << "\n" << vp.stderr_text();
        EXPECT_TRUE(pty.restored()) << sig;
    }
}

// ---- outputs that cannot be written (item 10): reported once, naming the output; status 1

TEST(OutputError, SerialFileOnAFullDevice) {
    VpChild vp({"-kernel", guest("hello"), "-serial", "file:/dev/full"});
    ChildExit r = vp.wait(20s);
    EXPECT_TRUE(r.exited && r.status == kError) << describe(r) << "\n" << vp.stderr_text();
    EXPECT_EQ(count_of(vp.stderr_text(), "No space left on device"), 1u) << vp.stderr_text();
    EXPECT_NE(vp.stderr_text().find("file:/dev/full"), std::string::npos) << vp.stderr_text();
}

TEST(OutputError, LogFileOnAFullDevice) {
    VpChild vp({"-kernel", guest("hello"), "-serial", "null", "-d", "in_asm", "-D", "/dev/full"});
    ChildExit r = vp.wait(20s);
    EXPECT_TRUE(r.exited && r.status == kError) << describe(r) << "\n" << vp.stderr_text();
    EXPECT_EQ(count_of(vp.stderr_text(), "No space left on device"), 1u) << vp.stderr_text();
    EXPECT_NE(vp.stderr_text().find("/dev/full"), std::string::npos) << vp.stderr_text();
}

TEST(OutputError, StatsFileOnAFullDevice) {
    VpChild vp({"-kernel", guest("hello"), "-serial", "null", "--stats", "/dev/full"});
    ChildExit r = vp.wait(20s);
    EXPECT_TRUE(r.exited && r.status == kError) << describe(r) << "\n" << vp.stderr_text();
    EXPECT_NE(vp.stderr_text().find("/dev/full"), std::string::npos) << vp.stderr_text();
}

TEST(OutputError, DumpDtbToAFullDevice) {
    VpChild vp({"--dump-dtb", "/dev/full"});
    ChildExit r = vp.wait(20s);
    EXPECT_TRUE(r.exited && r.status == kError) << describe(r) << "\n" << vp.stderr_text();
    EXPECT_NE(vp.stderr_text().find("/dev/full"), std::string::npos) << vp.stderr_text();
}

TEST(OutputError, StandardOutputOnAFullDevice) {
    int full = open("/dev/full", O_WRONLY | O_CLOEXEC);
    ASSERT_GE(full, 0);
    VpChild vp({"--list-models"}, -1, full);
    close(full);
    ChildExit r = vp.wait(20s);
    EXPECT_TRUE(r.exited && r.status == kError) << describe(r) << "\n" << vp.stderr_text();
    EXPECT_NE(vp.stderr_text().find("standard output"), std::string::npos) << vp.stderr_text();
}
