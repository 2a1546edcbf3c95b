// TLM-2.0 -> AXI4 bridge against a pin-level test subordinate (axi4_test_subordinate.h) whose
// memory is addressed by its own A3.4.1 formulas, with the AXI4 checker watching. Expected burst
// shapes from the AMBA AXI and ACE Protocol Specification, ARM IHI 0022E: A3.4.1 (AxLEN = beats
// - 1, AxSIZE = log2 bytes, AxBURST FIXED 0 / INCR 1 / WRAP 2, no burst crossing 4 KiB, at
// most 256 INCR and 16 FIXED beats, WRAP lengths 2/4/8/16 and aligned start), A3.4.4 (BRESP/
// RRESP b10 SLVERR, b11 DECERR), A5 (IDs: responses of different IDs in any order).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <numeric>
#include <sstream>

#include <unistd.h>

#include "bridges/axi4_test_subordinate.h"
#include "bridges/bridge_test_util.h"
#include "core/trace.h"
#include "support/test_initiator.h"
#include "tlm_bridges/axi4_bridge.h"
#include "tlm_bridges/axi4_checker.h"

using namespace sc_core;
using vp::test::ThreadRunner;

namespace {

const sc_time kPeriod(10, SC_NS);

template <unsigned W>
struct Bench {
    sc_clock clk{"clk", kPeriod};
    sc_signal<bool> resetn{"resetn", true};
    vp::Axi4Signals<W> axi{"axi4"};
    vp::test::TestInitiator init{"init"}, init2{"init2"};
    vp::test::Fanin fanin{"fanin"};  // two initiators into the bridge's one socket
    vp::Axi4Bridge<W> bridge{"bridge"};
    vp::test::Axi4TestSubordinate<W> sub{"sub"};
    vp::Axi4Checker<W> checker{"checker"};
    Bench() {
        init.socket.bind(fanin.t1);
        init2.socket.bind(fanin.t2);
        fanin.out.bind(bridge.socket);
        bridge.aclk(clk);
        bridge.aresetn(resetn);
        bridge.bind(axi);
        sub.aclk(clk);
        sub.aresetn(resetn);
        sub.bind(axi);
        checker.aclk(clk);
        checker.aresetn(resetn);
        checker.bind(axi);
    }
    void expect_clean() {
        EXPECT_TRUE(checker.violations().empty()) << checker.violations()[0].str();
        EXPECT_EQ(sub.strobe_errors, 0u);
        EXPECT_EQ(sub.wlast_errors, 0u);
    }
    uint8_t at(uint64_t a) { return sub.mem.count(a) ? sub.mem[a] : 0xEE; }  // 0xEE: never written
};

void run(std::function<void()> body) {
    ThreadRunner t("runner", std::move(body));
    sc_start(200, SC_US);
    ASSERT_TRUE(t.done) << "test body did not finish";
}

std::vector<uint8_t> pattern(unsigned n, uint8_t seed) {
    std::vector<uint8_t> v(n);
    for (unsigned i = 0; i < n; ++i) v[i] = static_cast<uint8_t>(seed + 7 * i);
    return v;
}

struct Shape {
    bool write;
    uint32_t addr;
    unsigned len, size, burst;
};
template <class Rec>
std::vector<Shape> shapes(const std::vector<Rec>& r) {
    std::vector<Shape> s;
    for (const Rec& b : r) s.push_back({b.write, b.addr, b.len, b.size, b.burst});
    return s;
}
bool operator==(const Shape& a, const Shape& b) {
    return a.write == b.write && a.addr == b.addr && a.len == b.len && a.size == b.size && a.burst == b.burst;
}
std::ostream& operator<<(std::ostream& o, const Shape& s) {
    return o << (s.write ? "W" : "R") << std::hex << " 0x" << s.addr << std::dec << " len " << s.len
             << " size " << s.size << " burst " << s.burst;
}

}  // namespace

TEST(Axi4Bridge, LongPayloadIsOneIncrBurst) {
    Bench<64> b;
    const auto data = pattern(64, 1);
    run([&] {
        EXPECT_TRUE(b.init.write_bytes(0x100, data).ok());
        EXPECT_EQ(b.init.read_bytes(0x100, 64), data);
    });
    EXPECT_EQ(shapes(b.sub.bursts), (std::vector<Shape>{{true, 0x100, 7, 3, 1}, {false, 0x100, 7, 3, 1}}));
    for (unsigned i = 0; i < 64; ++i) EXPECT_EQ(b.at(0x100 + i), data[i]) << i;
    b.expect_clean();
}

TEST(Axi4Bridge, UnalignedStartAndEndBecomeStrobes) {
    Bench<64> b;
    const auto data = pattern(13, 0x30);
    run([&] {
        EXPECT_TRUE(b.init.write_bytes(0x103, data).ok());  // bytes 0x103..0x10f: two words
        EXPECT_EQ(b.init.read_bytes(0x103, 13), data);
        EXPECT_TRUE(b.init.write_bytes(0x205, pattern(6, 0x50)).ok());  // 0x205..0x20a: two words
    });
    EXPECT_EQ(shapes(b.sub.bursts),
              (std::vector<Shape>{{true, 0x103, 1, 3, 1}, {false, 0x103, 1, 3, 1}, {true, 0x205, 1, 3, 1}}));
    for (unsigned a = 0x100; a < 0x103; ++a) EXPECT_EQ(b.at(a), 0xEE) << a;
    for (unsigned i = 0; i < 13; ++i) EXPECT_EQ(b.at(0x103 + i), data[i]);
    EXPECT_EQ(b.at(0x204), 0xEE);
    EXPECT_EQ(b.at(0x20b), 0xEE);
    b.expect_clean();
}

TEST(Axi4Bridge, AccessInsideOneContainerIsANarrowBeat) {
    Bench<64> b;
    run([&] {
        EXPECT_TRUE(b.init.write(0x12, 0xBEEF, 2).ok());
        EXPECT_TRUE(b.init.write(0x14, 0x11223344, 4).ok());
        EXPECT_EQ(b.init.read(0x12, 2).data, 0xBEEFu);
        EXPECT_EQ(b.init.read(0x14, 4).data, 0x11223344u);
        EXPECT_TRUE(b.init.write(0x17, 0xAA, 1).ok());
    });
    EXPECT_EQ(shapes(b.sub.bursts), (std::vector<Shape>{{true, 0x12, 0, 1, 1},
                                                        {true, 0x14, 0, 2, 1},
                                                        {false, 0x12, 0, 1, 1},
                                                        {false, 0x14, 0, 2, 1},
                                                        {true, 0x17, 0, 0, 1}}));
    EXPECT_EQ(b.at(0x17), 0xAA);
    b.expect_clean();
}

TEST(Axi4Bridge, ByteEnablesClearStrobes) {
    Bench<64> b;
    auto data = pattern(16, 9);
    const uint8_t be[4] = {0xFF, 0x00, 0x00, 0xFF};
    run([&] { EXPECT_TRUE(b.init.access(tlm::TLM_WRITE_COMMAND, 0x40, data.data(), 16, be, 4).ok()); });
    for (unsigned i = 0; i < 16; ++i)
        EXPECT_EQ(b.at(0x40 + i), (i % 4 == 0 || i % 4 == 3) ? data[i] : 0xEE) << i;
    b.expect_clean();
}

TEST(Axi4Bridge, BurstsSplitAt4KiBAndAt256Beats) {
    Bench<64> b;
    const auto across = pattern(64, 3), big = pattern(2056, 5);
    run([&] {
        EXPECT_TRUE(b.init.write_bytes(0xFE0, across).ok());
        EXPECT_EQ(b.init.read_bytes(0xFE0, 64), across);
        EXPECT_TRUE(b.init.write_bytes(0x2000, big).ok());
        EXPECT_EQ(b.init.read_bytes(0x2000, 2056), big);
        EXPECT_TRUE(b.init.write_bytes(0x3FFC, pattern(8, 1)).ok());  // 4 bytes each side of 0x4000
    });
    EXPECT_EQ(shapes(b.sub.bursts), (std::vector<Shape>{{true, 0xFE0, 3, 3, 1},
                                                        {true, 0x1000, 3, 3, 1},
                                                        {false, 0xFE0, 3, 3, 1},
                                                        {false, 0x1000, 3, 3, 1},
                                                        {true, 0x2000, 255, 3, 1},
                                                        {true, 0x2800, 0, 3, 1},
                                                        {false, 0x2000, 255, 3, 1},
                                                        {false, 0x2800, 0, 3, 1},
                                                        {true, 0x3FFC, 0, 3, 1},
                                                        {true, 0x4000, 0, 3, 1}}));
    for (unsigned i = 0; i < 2056; ++i) ASSERT_EQ(b.at(0x2000 + i), big[i]) << i;
    b.expect_clean();
}

TEST(Axi4Bridge, StreamingWidthMakesFixedBursts) {
    Bench<64> b;
    const auto data = pattern(160, 2);  // 20 beats of 8 bytes at one address
    std::vector<uint8_t> got(32);
    run([&] {
        auto copy = data;
        auto& sock = b.init.socket;
        EXPECT_EQ(vp::test::axi4_transport(sock, tlm::TLM_WRITE_COMMAND, 0x200, copy.data(), 160, 8),
                  tlm::TLM_OK_RESPONSE);
        // Narrow FIXED: 4-byte beats.
        EXPECT_EQ(vp::test::axi4_transport(sock, tlm::TLM_READ_COMMAND, 0x204, got.data(), 32, 4),
                  tlm::TLM_OK_RESPONSE);
        // Not a multiple of the streaming width.
        EXPECT_EQ(vp::test::axi4_transport(sock, tlm::TLM_READ_COMMAND, 0x202, got.data(), 32, 4),
                  tlm::TLM_BURST_ERROR_RESPONSE);
    });
    EXPECT_EQ(shapes(b.sub.bursts),
              (std::vector<Shape>{{true, 0x200, 15, 3, 0}, {true, 0x200, 3, 3, 0}, {false, 0x204, 7, 2, 0}}));
    for (unsigned i = 0; i < 8; ++i) EXPECT_EQ(b.at(0x200 + i), data[152 + i]);  // the last beat stays
    for (unsigned k = 0; k < 8; ++k)
        for (unsigned i = 0; i < 4; ++i) EXPECT_EQ(got[4 * k + i], data[156 + i]) << k;
    b.expect_clean();
}

TEST(Axi4Bridge, WrapExtensionMakesAWrapBurst) {
    Bench<64> b;
    const auto data = pattern(32, 4);
    std::vector<uint8_t> got(32);
    std::vector<tlm::tlm_response_status> bad;
    run([&] {
        auto copy = data;
        auto& sock = b.init.socket;
        EXPECT_EQ(vp::test::axi4_transport(sock, tlm::TLM_WRITE_COMMAND, 0x1010, copy.data(), 32, 32, true),
                  tlm::TLM_OK_RESPONSE);
        EXPECT_EQ(vp::test::axi4_transport(sock, tlm::TLM_READ_COMMAND, 0x1010, got.data(), 32, 32, true),
                  tlm::TLM_OK_RESPONSE);
        std::vector<uint8_t> buf(256);
        for (auto [addr, len] : {std::pair{0x1010u, 24u}, {0x1014u, 32u}, {0x1000u, 256u}, {0x1000u, 4u}})
            bad.push_back(
                vp::test::axi4_transport(sock, tlm::TLM_READ_COMMAND, addr, buf.data(), len, len, true));
    });
    EXPECT_EQ(shapes(b.sub.bursts), (std::vector<Shape>{{true, 0x1010, 3, 3, 2}, {false, 0x1010, 3, 3, 2}}));
    // Beats at 0x1010, 0x1018, then wrapping to 0x1000, 0x1008 (32-byte window).
    const unsigned order[4] = {0x1010, 0x1018, 0x1000, 0x1008};
    for (unsigned k = 0; k < 4; ++k)
        for (unsigned i = 0; i < 8; ++i) EXPECT_EQ(b.at(order[k] + i), data[8 * k + i]) << k;
    EXPECT_EQ(got, data);
    EXPECT_EQ(bad, std::vector<tlm::tlm_response_status>(4, tlm::TLM_BURST_ERROR_RESPONSE));
    b.expect_clean();
}

TEST(Axi4Bridge, TwoInitiatorsOverlapWithDifferentIdsAnsweredOutOfOrder) {
    Bench<64> b;
    b.sub.batch = 2;
    const auto d1 = pattern(64, 11), d2 = pattern(32, 22);
    b.sub.mem[0x800] = 0x5A;
    bool done2 = false;
    ThreadRunner second("second", [&] {
        wait(kPeriod);  // after the first one's address
        EXPECT_TRUE(b.init2.write_bytes(0x600, d2).ok());
        EXPECT_EQ(b.init2.read_bytes(0x600, 32), d2);
        done2 = true;
    });
    run([&] {
        EXPECT_TRUE(b.init.write_bytes(0x400, d1).ok());
        EXPECT_EQ(b.init.read_bytes(0x400, 64), d1);
    });
    EXPECT_TRUE(done2);
    ASSERT_EQ(b.sub.bursts.size(), 4u);
    EXPECT_NE(b.sub.bursts[0].id, b.sub.bursts[1].id);  // both writes in flight, distinct IDs
    EXPECT_EQ(b.sub.max_writes_outstanding, 2u);
    EXPECT_EQ(b.sub.max_reads_outstanding, 2u);
    EXPECT_EQ(b.bridge.max_in_flight(), 2u);
    // The subordinate answers the later burst first: responses out of order across IDs.
    EXPECT_EQ(b.sub.b_order, (std::vector<unsigned>{b.sub.bursts[1].id, b.sub.bursts[0].id}));
    EXPECT_EQ(b.sub.r_order, (std::vector<unsigned>{b.sub.bursts[3].id, b.sub.bursts[2].id}));
    for (unsigned i = 0; i < 64; ++i) EXPECT_EQ(b.at(0x400 + i), d1[i]);
    for (unsigned i = 0; i < 32; ++i) EXPECT_EQ(b.at(0x600 + i), d2[i]);
    b.expect_clean();
}

TEST(Axi4Bridge, ResponsesMapToTlm) {
    Bench<64> b;
    b.sub.resp[0x300] = 0b10;  // SLVERR
    b.sub.resp[0x340] = 0b11;  // DECERR
    run([&] {
        EXPECT_EQ(b.init.write_bytes(0x300, pattern(16, 0)).status, tlm::TLM_GENERIC_ERROR_RESPONSE);
        tlm::tlm_response_status st;
        b.init.read_bytes(0x300, 16, &st);
        EXPECT_EQ(st, tlm::TLM_GENERIC_ERROR_RESPONSE);
        EXPECT_EQ(b.init.write(0x340, 1, 8).status, tlm::TLM_ADDRESS_ERROR_RESPONSE);
        EXPECT_EQ(b.init.read(0x340, 8).status, tlm::TLM_ADDRESS_ERROR_RESPONSE);
        EXPECT_TRUE(b.init.write(0x380, 1, 8).ok());
    });
    b.expect_clean();
}

TEST(Axi4Bridge, ThirtyTwoBitBus) {
    Bench<32> b;
    const auto data = pattern(30, 6);
    run([&] {
        EXPECT_TRUE(b.init.write_bytes(0x102, data).ok());  // 0x102..0x11f: 8 words
        EXPECT_EQ(b.init.read_bytes(0x102, 30), data);
        EXPECT_EQ(
            b.init.read(0x104, 8).data, 0x0u + [&] {
                uint64_t v = 0;
                for (unsigned i = 0; i < 8; ++i) v |= uint64_t{data[2 + i]} << (8 * i);
                return v;
            }());
    });
    EXPECT_EQ(shapes(b.sub.bursts),
              (std::vector<Shape>{{true, 0x102, 7, 2, 1}, {false, 0x102, 7, 2, 1}, {false, 0x104, 1, 2, 1}}));
    b.expect_clean();
}

TEST(Axi4Bridge, BurstsAreTracedUnderTlmAndDmiIsRefused) {
    const std::string log =
        (std::filesystem::temp_directory_path() / ("vp_axi4_tlm_" + std::to_string(getpid()) + ".log"))
            .string();
    vp::trace::open_log_file(log);
    vp::trace::tlm.set(true);
    Bench<64> b;
    run([&] { EXPECT_TRUE(b.init.write_bytes(0x1234, pattern(16, 0)).ok()); });
    vp::trace::open_log_file(log + ".next");
    std::ifstream in(log);
    std::stringstream text;
    text << in.rdbuf();
    std::filesystem::remove(log);
    std::filesystem::remove(log + ".next");
    EXPECT_NE(text.str().find("AW id 0 0x1234 len 2 size 3 INCR"), std::string::npos) << text.str();
    EXPECT_NE(text.str().find("B id 0 0x1234"), std::string::npos) << text.str();
    tlm::tlm_generic_payload gp;
    tlm::tlm_dmi dmi;
    EXPECT_FALSE(b.init.socket->get_direct_mem_ptr(gp, dmi));
    EXPECT_EQ(b.init.socket->transport_dbg(gp), 0u);
}
