// Character backends behind a PL011: file, null, TCP server/client over loopback, stdio on
// pipes; the spec parser's errors; flow control (input waits while the RX FIFO is full); the
// output policies (a TCP client that does not read, a pipe nobody reads, a file that cannot be
// written).
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "models/chardev/char_backend.h"
#include "models/chardev/stdio_backend.h"
#include "models/chardev/tcp_backend.h"
#include "pl011_test_util.h"
#include "core/host_events.h"

using namespace pl011_test;

namespace {
std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}
size_t rx_count(Uart& u) {
    return 32 - u.dev.rx_room();
}
}  // namespace

TEST(CharBackend, FileTruncatesOrAppends) {
    const std::string path = "/tmp/vp_chardev_" + std::to_string(::getpid());
    {
        auto b = vp::make_char_backend("file:" + path);
        b->send(reinterpret_cast<const uint8_t*>("one"), 3);
    }
    {
        auto b = vp::make_char_backend("file:" + path + ",append");
        b->send('+');
    }
    EXPECT_EQ(slurp(path), "one+");
    {
        auto b = vp::make_char_backend("file:" + path);
        EXPECT_EQ(b->describe(), "file:" + path);
    }
    EXPECT_EQ(slurp(path), "");
    std::remove(path.c_str());
}

TEST(CharBackend, NullDropsOutputAndGivesNoInput) {
    Uart u("null");
    u.enable();
    u.wr(UARTDR, 'n');
    EXPECT_EQ(u.dev.backend().describe(), "null");
    sc_core::sc_start(1, sc_core::SC_MS);
    EXPECT_EQ(u.rd(UARTFR) & FR_RXFE, FR_RXFE);
}

TEST(CharBackend, BadSpecsAreErrors) {
    for (const char* spec :
         {"bogus", "file:", "tcp:", "tcp:4444", "tcp::http,server", "tcp::0,server", "tcp::70000,server",
          "tcp::4444,nowait", "tcp::4444,server,fast", "file:/nonexistent-dir/x/y"}) {
        EXPECT_THROW(vp::make_char_backend(spec), vp::Error) << spec;
    }
    try {
        vp::make_char_backend("serial0");
        FAIL();
    } catch (const vp::Error& e) {
        EXPECT_NE(std::string(e.what()).find("serial0"), std::string::npos) << e.what();
    }
}

TEST(CharBackend, Pl011ReportsBackendErrorsAsConfigErrors) {
    try {
        vp::Pl011 dev("uart0", uart_config("file:/nonexistent-dir/out.txt"));
        FAIL();
    } catch (const vp::ConfigError& e) {
        EXPECT_EQ(e.key(), "uart0.backend");
        EXPECT_EQ(e.loc().line, 3);
        EXPECT_NE(std::string(e.what()).find("/nonexistent-dir/out.txt"), std::string::npos) << e.what();
    }
}

TEST(CharBackend, TcpPortInUseIsAnError) {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
    ASSERT_EQ(::listen(fd, 1), 0);
    socklen_t len = sizeof a;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
    const std::string spec = "tcp::" + std::to_string(ntohs(a.sin_port)) + ",server,nowait";
    try {
        vp::make_char_backend(spec);
        FAIL();
    } catch (const vp::Error& e) {
        EXPECT_NE(std::string(e.what()).find("in use"), std::string::npos) << e.what();
    }
    ::close(fd);
}

TEST(CharBackend, TcpServerNowaitBothDirections) {
    const uint16_t port = free_port();
    Uart u("tcp::" + std::to_string(port) + ",server,nowait");
    u.enable();
    u.wr(UARTDR, '-');                     // no client yet: dropped
    sc_core::sc_start(1, sc_core::SC_US);  // nowait: the start does not block
    int client = connect_to(port);
    ASSERT_GE(client, 0);
    auto& tcp = dynamic_cast<vp::TcpBackend&>(u.dev.backend());
    ASSERT_TRUE(run_until([&] { return tcp.connected(); }));
    ASSERT_EQ(::send(client, "hello", 5, 0), 5);
    ASSERT_TRUE(run_until([&] { return rx_count(u) == 5; }));
    EXPECT_EQ(u.drain(), "hello");
    u.wr(UARTDR, 'o');
    u.wr(UARTDR, 'k');
    EXPECT_EQ(read_n(client, 2), "ok");
    ::close(client);
}

TEST(CharBackend, TcpServerInputWaitsWhileTheFifoIsFull) {
    const uint16_t port = free_port();
    Uart u("tcp::" + std::to_string(port) + ",server,nowait");
    u.enable();
    int client = connect_to(port);
    ASSERT_GE(client, 0);
    std::string sent;
    for (int i = 0; i < 40; ++i) sent.push_back(static_cast<char>('0' + i % 10));
    ASSERT_EQ(::send(client, sent.data(), sent.size(), 0), 40);
    ASSERT_TRUE(run_until([&] { return rx_count(u) == 32 && u.dev.backend().pending_input() == 8; }));
    EXPECT_EQ(u.rd(UARTRSR) & RSR_OE, 0u);  // no overrun: the rest waits in the backend
    std::string got = u.drain();
    ASSERT_TRUE(run_until([&] { return rx_count(u) == 8; }));
    got += u.drain();
    EXPECT_EQ(got, sent);
    ::close(client);
}

TEST(CharBackend, TcpServerWaitBlocksTheStartUntilAClientConnects) {
    const uint16_t port = free_port();
    Uart u("tcp::" + std::to_string(port) + ",server");
    u.enable();
    int client = -1;
    std::thread late([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        client = connect_to(port);
    });
    auto t0 = std::chrono::steady_clock::now();
    sc_core::sc_start(1, sc_core::SC_US);
    auto waited = std::chrono::steady_clock::now() - t0;
    late.join();
    EXPECT_GE(waited, std::chrono::milliseconds(250));
    EXPECT_TRUE(dynamic_cast<vp::TcpBackend&>(u.dev.backend()).connected());
    u.wr(UARTDR, 'w');
    EXPECT_EQ(read_n(client, 1), "w");
    ::close(client);
}

TEST(CharBackend, TcpClientConnectsToAListener) {
    int ls = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ASSERT_EQ(::bind(ls, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
    ASSERT_EQ(::listen(ls, 1), 0);
    socklen_t len = sizeof a;
    ::getsockname(ls, reinterpret_cast<sockaddr*>(&a), &len);
    Uart u("tcp:127.0.0.1:" + std::to_string(ntohs(a.sin_port)));
    u.enable();
    int peer = ::accept(ls, nullptr, nullptr);
    ASSERT_GE(peer, 0);
    u.wr(UARTDR, 'c');
    EXPECT_EQ(read_n(peer, 1), "c");
    ASSERT_EQ(::send(peer, "xy", 2, 0), 2);
    ASSERT_TRUE(run_until([&] { return rx_count(u) == 2; }));
    EXPECT_EQ(u.drain(), "xy");
    ::close(peer);
    ::close(ls);
}

TEST(CharBackend, TcpClientWithoutAListenerIsAnError) {
    try {
        vp::make_char_backend("tcp:127.0.0.1:" + std::to_string(free_port()));
        FAIL();
    } catch (const vp::Error& e) {
        EXPECT_NE(std::string(e.what()).find("cannot connect"), std::string::npos) << e.what();
    }
}

// stdio when standard input and output are pipes (not a terminal): a child process with its
// fds 0 and 1 redirected builds a PL011 on "stdio", echoes what it receives after a greeting.
TEST(CharBackend, StdioOnPipesIsPlainInputAndOutput) {
    int to_child[2], from_child[2];
    ASSERT_EQ(::pipe(to_child), 0);
    ASSERT_EQ(::pipe(from_child), 0);
    pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
        ::dup2(to_child[0], 0);
        ::dup2(from_child[1], 1);
        ::close(to_child[1]);
        ::close(from_child[0]);
        int status = 10;
        {
            Uart u("stdio");
            u.enable();
            for (char c : std::string("hi:")) u.wr(UARTDR, static_cast<uint8_t>(c));
            if (run_until([&] { return rx_count(u) == 4; })) {
                std::string in = u.drain();
                for (char c : in) u.wr(UARTDR, static_cast<uint8_t>(c));
                status = 0;
            }
        }
        ::_exit(status);
    }
    ::close(to_child[0]);
    ::close(from_child[1]);
    ASSERT_EQ(::write(to_child[1], "ping", 4), 4);
    ::close(to_child[1]);  // end of input
    EXPECT_EQ(read_n(from_child[0], 7), "hi:ping");
    int status = 0;
    ::waitpid(pid, &status, 0);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
    ::close(from_child[0]);
}

TEST(CharBackend, OnlyOneStdioBackend) {
    int p[2];
    ASSERT_EQ(::pipe(p), 0);
    vp::StdioBackend first("first", p[0], p[1]);  // pipes: the test's own terminal stays untouched
    EXPECT_THROW(vp::make_char_backend("stdio"), vp::Error);
    ::close(p[0]);
    ::close(p[1]);
}

namespace {
// A RunEnd like the platform's (records the request, stops the kernel), installed for one test.
struct RecordedRun : vp::RunEnd {
    std::atomic<int> status{-1};
    std::atomic<int> requests{0};
    vp::RunEnd* previous = vp::HostEvents::set_run_end(this);
    ~RecordedRun() override { vp::HostEvents::set_run_end(previous); }
    void end_run(int s, const std::string&) override {
        ++requests;
        if (status >= 0) return;
        status = s;
        if (sc_core::sc_is_running()) sc_core::sc_stop();
    }
    bool run_ended() const override { return status >= 0; }
};
}  // namespace

// A client that never reads never holds the simulation: output beyond the backend's buffer and
// the sockets' is dropped (counted), and what the client finally reads is the output's start.
TEST(CharBackend, TcpServerDropsOutputForAClientThatDoesNotRead) {
    alarm(60);  // a send() that blocks would hang here: fail instead
    const uint16_t port = free_port();
    auto backend = vp::make_char_backend("tcp::" + std::to_string(port) + ",server,nowait");
    auto& tcp = dynamic_cast<vp::TcpBackend&>(*backend);
    int client = ::socket(AF_INET, SOCK_STREAM, 0);
    int small = 4096;
    ::setsockopt(client, SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = htons(port);
    ASSERT_EQ(::connect(client, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (!tcp.connected() && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    ASSERT_TRUE(tcp.connected());
    std::string sent;
    for (size_t i = 0; sent.size() < 32u << 20; ++i) sent += std::to_string(i) + ",";
    auto t0 = std::chrono::steady_clock::now();
    for (size_t at = 0; at < sent.size(); at += 4096)
        backend->send(reinterpret_cast<const uint8_t*>(sent.data() + at),
                      std::min<size_t>(4096, sent.size() - at));
    EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(10));
    EXPECT_GT(tcp.dropped(), 0u);
    std::string got;
    char buf[65536];
    for (;;) {
        pollfd p{client, POLLIN, 0};
        if (::poll(&p, 1, 500) <= 0) break;
        ssize_t n = ::recv(client, buf, sizeof buf, 0);
        if (n <= 0) break;
        got.append(buf, static_cast<size_t>(n));
    }
    // What was not dropped arrives, in order: the start of the output at least is intact.
    EXPECT_EQ(got.size() + tcp.dropped(), sent.size());
    ASSERT_GE(got.size(), 4096u);
    EXPECT_TRUE(got.compare(0, 4096, sent, 0, 4096) == 0);
    ::close(client);
    alarm(0);
}

TEST(CharBackend, AFileThatCannotBeWrittenEndsTheRunOnce) {
    RecordedRun run;
    auto backend = vp::make_char_backend("file:/dev/full");
    testing::internal::CaptureStderr();
    for (int i = 0; i < 3; ++i) backend->send(reinterpret_cast<const uint8_t*>("lost\n"), 5);
    sc_core::sc_start(1, sc_core::SC_US);
    std::string text = testing::internal::GetCapturedStderr();
    EXPECT_EQ(run.status, 1);
    EXPECT_EQ(run.requests, 1);
    EXPECT_NE(text.find("('file:/dev/full'): write failed: No space left on device"), std::string::npos)
        << text;
    EXPECT_EQ(text.find("write failed"), text.rfind("write failed")) << text;
}

// stdio on a pipe nobody reads: the output waits (back-pressure) until an end request, which
// cuts the wait short instead of leaving the simulation inside write(2).
TEST(CharBackend, StdioOutputWaitingForItsReaderEndsOnAnEndRequest) {
    alarm(60);
    std::signal(SIGPIPE, SIG_IGN);  // as in vp: the writer left behind meets a closed pipe
    RecordedRun run;
    int in[2], out[2];
    ASSERT_EQ(::pipe(in), 0);
    ASSERT_EQ(::pipe(out), 0);
    {
        vp::StdioBackend b("stdio", in[0], out[1]);
        std::thread quit([] {
            std::this_thread::sleep_for(std::chrono::milliseconds(200));
            vp::HostEvents::get().request_end(3, "timeout: wall:0.2s of wall-clock time reached");
        });
        std::string flood(1 << 20, 'f');
        auto t0 = std::chrono::steady_clock::now();
        for (size_t at = 0; at < flood.size(); at += 1024)
            b.send(reinterpret_cast<const uint8_t*>(flood.data() + at), 1024);
        double waited = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        quit.join();
        EXPECT_GE(waited, 0.15);
        EXPECT_EQ(run.status, 3);
    }
    for (int fd : {in[0], in[1], out[0], out[1]}) ::close(fd);
    alarm(0);
}
