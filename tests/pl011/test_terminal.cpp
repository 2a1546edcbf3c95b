// The terminal guard and the stdio backend on a pseudo-terminal: raw mode is set and restored
// on every way out of a process (exit, signals, uncaught exceptions), and the Ctrl-A escape
// keys (x quits, h helps, Ctrl-A Ctrl-A sends Ctrl-A).
#include <gtest/gtest.h>
#include <pty.h>
#include <sys/wait.h>
#include <termios.h>

#include <csignal>
#include <cstdlib>
#include <cstring>
#include <stdexcept>

#include "core/host_events.h"
#include "models/chardev/stdio_backend.h"
#include "models/chardev/terminal_guard.h"
#include "pl011_test_util.h"
#include "platform/simulation.h"

using namespace pl011_test;

namespace {

struct Pty {
    int master = -1, slave = -1;
    termios original{};
    Pty() {
        EXPECT_EQ(::openpty(&master, &slave, nullptr, nullptr, nullptr), 0);
        ::tcgetattr(slave, &original);
    }
    ~Pty() {
        ::close(master);
        ::close(slave);
    }
    termios now() const {
        termios t{};
        ::tcgetattr(slave, &t);
        return t;
    }
    bool is_original() const {
        termios t = now();
        return t.c_iflag == original.c_iflag && t.c_oflag == original.c_oflag &&
               t.c_cflag == original.c_cflag && t.c_lflag == original.c_lflag;
    }
};

bool is_raw(const termios& t) {
    return !(t.c_lflag & (ICANON | ECHO | ISIG)) && !(t.c_iflag & (ICRNL | IXON)) && (t.c_oflag & OPOST);
}

// Runs `body` in a child process that first puts the pty into raw mode; returns the wait status.
template <class F>
int in_child(Pty& pty, F body) {
    pid_t pid = ::fork();
    if (pid == 0) {
        if (!vp::terminal::make_raw(pty.slave) || !is_raw(pty.now())) ::_exit(99);
        body();
        ::_exit(98);  // body should not return
    }
    int status = 0;
    ::waitpid(pid, &status, 0);
    return status;
}

}  // namespace

TEST(TerminalGuard, RawModeIsSetAndRestored) {
    Pty pty;
    ASSERT_TRUE(pty.is_original());
    ASSERT_FALSE(is_raw(pty.now()));
    ASSERT_TRUE(vp::terminal::make_raw(pty.slave));
    EXPECT_TRUE(is_raw(pty.now()));
    EXPECT_TRUE(vp::terminal::is_raw());
    vp::terminal::restore();
    EXPECT_TRUE(pty.is_original());
    EXPECT_FALSE(vp::terminal::is_raw());
}

TEST(TerminalGuard, NotATerminalIsLeftAlone) {
    int p[2];
    ASSERT_EQ(::pipe(p), 0);
    EXPECT_FALSE(vp::terminal::make_raw(p[0]));
    EXPECT_FALSE(vp::terminal::is_raw());
    ::close(p[0]);
    ::close(p[1]);
}

TEST(TerminalGuard, RestoredByExit) {
    Pty pty;
    int status = in_child(pty, [] { std::exit(0); });
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
    EXPECT_TRUE(pty.is_original());
}

TEST(TerminalGuard, RestoredBySigterm) {
    Pty pty;
    int status = in_child(pty, [] { ::raise(SIGTERM); });
    EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM) << status;
    EXPECT_TRUE(pty.is_original());
}

TEST(TerminalGuard, RestoredBySigint) {
    Pty pty;
    int status = in_child(pty, [] { ::kill(::getpid(), SIGINT); });
    EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGINT) << status;
    EXPECT_TRUE(pty.is_original());
}

TEST(TerminalGuard, RestoredBySegfault) {
    Pty pty;
    int status = in_child(pty, [] {
        volatile int* p = nullptr;
        *p = 1;
    });
    EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV) << status;
    EXPECT_TRUE(pty.is_original());
}

TEST(TerminalGuard, RestoredByAbort) {
    Pty pty;
    int status = in_child(pty, [] { std::abort(); });
    EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT) << status;
    EXPECT_TRUE(pty.is_original());
}

TEST(TerminalGuard, RestoredByAnUncaughtException) {
    Pty pty;
    int status = in_child(pty, [] { std::thread([] { throw std::runtime_error("escapes"); }).join(); });
    EXPECT_TRUE(WIFSIGNALED(status)) << status;
    EXPECT_TRUE(pty.is_original());
}

TEST(EscapeFilter, CtrlAKeys) {
    vp::EscapeFilter f;
    std::string out;
    using A = vp::EscapeFilter::Action;
    EXPECT_EQ(f.feed('a', out), A::none);
    EXPECT_EQ(f.feed(0x01, out), A::none);
    EXPECT_EQ(f.feed(0x01, out), A::none);  // Ctrl-A Ctrl-A: a literal Ctrl-A
    EXPECT_EQ(f.feed(0x01, out), A::none);
    EXPECT_EQ(f.feed('h', out), A::help);
    EXPECT_EQ(f.feed(0x01, out), A::none);
    EXPECT_EQ(f.feed('x', out), A::quit);
    EXPECT_EQ(f.feed(0x01, out), A::none);
    EXPECT_EQ(f.feed('s', out), A::checkpoint);
    EXPECT_EQ(f.feed('s', out), A::none);  // a plain s goes to the guest
    EXPECT_EQ(out, std::string("a\x01s"));
    EXPECT_NE(std::string(vp::EscapeFilter::help_text()).find("C-a s"), std::string::npos);
}

TEST(StdioBackend, TerminalIsRawWhileOpenAndRestoredAfter) {
    Pty pty;
    {
        vp::StdioBackend b("stdio", pty.slave, pty.slave);
        EXPECT_TRUE(b.is_terminal());
        EXPECT_TRUE(is_raw(pty.now()));
    }
    EXPECT_TRUE(pty.is_original());
}

TEST(StdioBackend, CtrlAXRequestsTheSimulationToStop) {
    Pty pty;
    vp::sim::reset_exit_state();
    Uart u("null");
    u.enable();
    vp::StdioBackend b("stdio", pty.slave, pty.slave);
    b.attach({[&] { return u.dev.rx_room(); }, [&](uint8_t c) { u.dev.receive_char(c); }});
    // Typed: "a", Ctrl-A Ctrl-A (a literal Ctrl-A), "b", Ctrl-A h (help), Ctrl-A x (quit).
    ASSERT_EQ(::write(pty.master,
                      "a\x01\x01"
                      "b\x01h",
                      6),
              6);
    ASSERT_TRUE(run_until([&] { return 32 - u.dev.rx_room() == 3; }));
    EXPECT_EQ(u.drain(), std::string("a\x01"
                                     "b"));
    EXPECT_NE(read_n(pty.master, std::strlen(vp::EscapeFilter::help_text())).find("C-a x"),
              std::string::npos);  // the help text
    EXPECT_FALSE(vp::sim::exit_requested());
    ASSERT_EQ(::write(pty.master, "\x01x", 2), 2);
    // The request reaches the platform's RunEnd (vp::sim::request_exit), which stops the
    // simulation (sc_stop).
    ASSERT_TRUE(run_until([] { return vp::sim::exit_requested(); }));
    EXPECT_EQ(vp::sim::exit_status(), vp::sim::exit_ok);
    EXPECT_NE(vp::sim::exit_reason().find("C-a x"), std::string::npos);
    EXPECT_EQ(sc_core::sc_get_status(), sc_core::SC_STOPPED);
}

// The backend depends on no platform: Ctrl-A x reaches whatever RunEnd is installed.
TEST(StdioBackend, CtrlAXGoesToTheInstalledRunEnd) {
    struct Recorder : vp::RunEnd {
        int status = -1;
        std::string reason;
        void end_run(int s, const std::string& r) override {
            status = s;
            reason = r;
        }
        bool run_ended() const override { return status >= 0; }
    } recorder;
    Pty pty;
    vp::sim::reset_exit_state();
    vp::RunEnd* platform_end = vp::HostEvents::set_run_end(&recorder);
    bool seen;
    {
        vp::StdioBackend b("stdio", pty.slave, pty.slave);
        EXPECT_EQ(::write(pty.master, "\x01X", 2), 2);
        seen = run_until([&] { return recorder.status >= 0; });
    }
    vp::HostEvents::set_run_end(platform_end);
    EXPECT_TRUE(seen);
    EXPECT_EQ(recorder.status, 0);
    EXPECT_EQ(recorder.reason, "terminated by C-a x");
    EXPECT_FALSE(vp::sim::exit_requested());
}
