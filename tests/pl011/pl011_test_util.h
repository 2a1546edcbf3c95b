// Shared set-up for the PL011 and character-backend tests: a PL011 behind a real TLM socket
// with its interrupt wired to a recorder, and helpers that run the simulation until host-side
// input (a socket, a pipe, a pseudo-terminal) has arrived.
#pragma once
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <thread>

#include <systemc>

#include "models/pl011/pl011.h"
#include "pl011/pl011_trm.h"
#include "core/irq.h"
#include "support/test_initiator.h"

namespace pl011_test {

using namespace pl011_trm;      // offsets and bits from the TRM, not from the model
constexpr unsigned kLine = 33;  // the GIC INTID the tests wire UARTINTR to

inline vp::DeviceConfig uart_config(const std::string& backend, const std::string& clock = "24MHz") {
    vp::DeviceConfig c;
    c.name = "uart0";
    c.model = "pl011";
    c.regions = {{"regs", 0x09000000, 0x1000}};
    c.interrupts = {kLine};
    c.props.set("backend", {backend, {"test.yaml", 3, 5}, vp::PropType::string});
    c.props.set("clock", {clock, {"test.yaml", 4, 5}, vp::PropType::frequency});
    return c;
}

struct Uart {
    vp::Pl011 dev;
    vp::test::TestInitiator cpu{"cpu"};
    vp::IrqRecorder irq;

    explicit Uart(const std::string& backend = "null", const std::string& clock = "24MHz")
        : dev("uart0", uart_config(backend, clock)) {
        cpu.socket.bind(dev.socket);
        dev.intr.bind(irq, kLine);
    }
    uint32_t rd(uint32_t off) {
        auto r = cpu.read(off);
        EXPECT_TRUE(r.ok()) << "read " << off;
        return static_cast<uint32_t>(r.data);
    }
    void wr(uint32_t off, uint32_t v) { EXPECT_TRUE(cpu.write(off, v).ok()) << "write " << off; }
    // UARTEN | TXE | RXE, and the FIFOs on or off.
    void enable(bool fifo = true) {
        wr(UARTLCR_H, (fifo ? LCR_FEN : 0u) | LCR_WLEN_8);
        wr(UARTCR, CR_UARTEN | CR_TXE | CR_RXE);
    }
    bool line() const { return irq.level(kLine); }
    // Reads UARTDR until RXFE; at most the 32 FIFO entries (a stuck RXFE fails, never hangs).
    std::string drain() {
        std::string s;
        while (!(rd(UARTFR) & FR_RXFE)) {
            if (s.size() == 32) {
                ADD_FAILURE() << "UARTFR.RXFE still clear after 32 reads of UARTDR";
                break;
            }
            s.push_back(static_cast<char>(rd(UARTDR) & 0xFF));
        }
        return s;
    }
};

// Runs the simulation in small steps until cond() holds or `limit` of host time has passed.
template <class F>
bool run_until(F cond, std::chrono::milliseconds limit = std::chrono::milliseconds(3000)) {
    auto end = std::chrono::steady_clock::now() + limit;
    while (!cond()) {
        if (std::chrono::steady_clock::now() > end) return false;
        sc_core::sc_start(1, sc_core::SC_US);
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    return true;
}

// A TCP port that was free a moment ago (bind port 0, read the number, close).
inline uint16_t free_port() {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
    socklen_t len = sizeof a;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
    ::close(fd);
    return ntohs(a.sin_port);
}

inline int connect_to(uint16_t port) {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = htons(port);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
        ::close(fd);
        return -1;
    }
    return fd;
}

// Reads from fd (socket, pipe or terminal) until `n` bytes arrived or 3 s passed.
inline std::string read_n(int fd, size_t n) {
    std::string s;
    auto end = std::chrono::steady_clock::now() + std::chrono::seconds(3);
    while (s.size() < n && std::chrono::steady_clock::now() < end) {
        char buf[256];
        pollfd pfd{fd, POLLIN, 0};
        if (::poll(&pfd, 1, 100) <= 0) continue;
        ssize_t r = ::read(fd, buf, std::min(sizeof buf, n - s.size()));
        if (r > 0) s.append(buf, static_cast<size_t>(r));
        if (r == 0) break;
    }
    return s;
}

}  // namespace pl011_test
