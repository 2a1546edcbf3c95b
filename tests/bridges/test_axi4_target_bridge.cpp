// AXI4 pins -> TLM-2.0 (Axi4TargetBridge) behind the TLM -> AXI4 bridge: a round trip through
// the pins into a TLM memory, with the AXI4 checker watching. Expected memory contents from the
// payloads and, for WRAP and FIXED, the test's own A3.4.1 beat addresses
// (vp::test::axi4_beat_address); responses per A3.4.4 (DECERR <-> address error, SLVERR <->
// other errors).
#include <gtest/gtest.h>

#include <tlm_utils/simple_target_socket.h>

#include "bridges/axi4_test_subordinate.h"
#include "bridges/bridge_test_util.h"
#include "support/test_initiator.h"
#include "tlm_bridges/axi4_bridge.h"
#include "tlm_bridges/axi4_checker.h"
#include "tlm_bridges/axi4_target_bridge.h"

using namespace sc_core;
using vp::test::ThreadRunner;

namespace {

const sc_time kPeriod(10, SC_NS);
constexpr unsigned kMem = 0x2000;

// 8 KiB; address error above it, generic error at 0x1f00..0x1fff; `delay` annotated per access.
struct MemTarget : sc_module {
    tlm_utils::simple_target_socket<MemTarget> socket{"socket"};
    std::vector<uint8_t> mem = std::vector<uint8_t>(kMem, 0xEE);
    sc_time delay = SC_ZERO_TIME;
    unsigned accesses = 0;
    explicit MemTarget(const sc_module_name& n) : sc_module(n) {
        socket.register_b_transport(this, &MemTarget::b_transport);
    }
    void b_transport(tlm::tlm_generic_payload& gp, sc_time& d) {
        ++accesses;
        d += delay;
        const uint64_t a = gp.get_address();
        const unsigned len = gp.get_data_length();
        if (a + len > kMem) return gp.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
        if (a >= 0x1f00) return gp.set_response_status(tlm::TLM_GENERIC_ERROR_RESPONSE);
        const unsigned char* be = gp.get_byte_enable_ptr();
        for (unsigned i = 0; i < len; ++i) {
            if (gp.is_read())
                gp.get_data_ptr()[i] = mem[a + i];
            else if (!be || be[i % gp.get_byte_enable_length()] == TLM_BYTE_ENABLED)
                mem[a + i] = gp.get_data_ptr()[i];
        }
        gp.set_response_status(tlm::TLM_OK_RESPONSE);
    }
};

struct Bench {
    sc_clock clk{"clk", kPeriod};
    sc_signal<bool> resetn{"resetn", true};
    vp::Axi4Signals<64> axi{"axi4"};
    vp::test::TestInitiator init{"init"};
    vp::Axi4Bridge<64> manager{"manager"};
    vp::Axi4TargetBridge<64> subordinate{"subordinate"};
    vp::Axi4Checker<64> checker{"checker"};
    MemTarget target{"target"};
    Bench() {
        init.socket.bind(manager.socket);
        subordinate.socket.bind(target.socket);
        manager.aclk(clk);
        manager.aresetn(resetn);
        manager.bind(axi);
        subordinate.aclk(clk);
        subordinate.aresetn(resetn);
        subordinate.bind(axi);
        checker.aclk(clk);
        checker.aresetn(resetn);
        checker.bind(axi);
    }
};

std::vector<uint8_t> pattern(unsigned n, uint8_t seed) {
    std::vector<uint8_t> v(n);
    for (unsigned i = 0; i < n; ++i) v[i] = static_cast<uint8_t>(seed + 11 * i);
    return v;
}

void run(std::function<void()> body) {
    ThreadRunner t("runner", std::move(body));
    sc_start(500, SC_US);
    ASSERT_TRUE(t.done) << "test body did not finish";
}

}  // namespace

TEST(Axi4TargetBridge, EachBurstKindRoundTripsIntoTlmMemory) {
    Bench b;
    b.target.delay = sc_time(25, SC_NS);  // longer than a cycle: the bridge holds WREADY/RVALID low
    std::vector<uint8_t> expect(kMem, 0xEE);
    const auto incr = pattern(100, 1), wrap = pattern(32, 2), fixed = pattern(24, 3), masked = pattern(16, 4);
    std::vector<uint8_t> r_incr, r_wrap(32), r_masked;
    run([&] {
        auto& s = b.init.socket;
        EXPECT_TRUE(b.init.write_bytes(0x103, incr).ok());
        std::copy(incr.begin(), incr.end(), expect.begin() + 0x103);
        auto w = wrap;
        EXPECT_EQ(vp::test::axi4_transport(s, tlm::TLM_WRITE_COMMAND, 0x410, w.data(), 32, 32, true),
                  tlm::TLM_OK_RESPONSE);
        for (unsigned n = 1; n <= 4; ++n) {
            const auto ba = vp::test::axi4_beat_address(0x410, 3, vp::AXI4_WRAP, 4, n, 8);
            std::copy(wrap.begin() + 8 * (n - 1), wrap.begin() + 8 * n, expect.begin() + ba.addr);
        }
        auto f = fixed;
        EXPECT_EQ(vp::test::axi4_transport(s, tlm::TLM_WRITE_COMMAND, 0x600, f.data(), 24, 8),
                  tlm::TLM_OK_RESPONSE);
        std::copy(fixed.begin() + 16, fixed.end(), expect.begin() + 0x600);  // the last beat stays
        auto m = masked;
        const uint8_t be[2] = {0x00, 0xFF};
        EXPECT_TRUE(b.init.access(tlm::TLM_WRITE_COMMAND, 0x700, m.data(), 16, be, 2).ok());
        for (unsigned i = 1; i < 16; i += 2) expect[0x700 + i] = masked[i];
        r_incr = b.init.read_bytes(0x103, 100);
        EXPECT_EQ(vp::test::axi4_transport(s, tlm::TLM_READ_COMMAND, 0x410, r_wrap.data(), 32, 32, true),
                  tlm::TLM_OK_RESPONSE);
        r_masked = b.init.read_bytes(0x700, 16);
    });
    EXPECT_EQ(b.target.mem, expect);
    EXPECT_EQ(r_incr, incr);
    EXPECT_EQ(r_wrap, wrap);
    EXPECT_EQ(r_masked, std::vector<uint8_t>(expect.begin() + 0x700, expect.begin() + 0x710));
    EXPECT_TRUE(b.checker.violations().empty()) << b.checker.violations()[0].str();
}

TEST(Axi4TargetBridge, TlmErrorsComeBackAsTheirResponses) {
    Bench b;
    run([&] {
        EXPECT_EQ(b.init.write(kMem, 1, 8).status, tlm::TLM_ADDRESS_ERROR_RESPONSE);  // DECERR
        EXPECT_EQ(b.init.read(kMem, 8).status, tlm::TLM_ADDRESS_ERROR_RESPONSE);
        EXPECT_EQ(b.init.write(0x1f00, 1, 8).status, tlm::TLM_GENERIC_ERROR_RESPONSE);  // SLVERR
        tlm::tlm_response_status st;
        b.init.read_bytes(0x1ef8, 16, &st);  // second beat fails
        EXPECT_EQ(st, tlm::TLM_GENERIC_ERROR_RESPONSE);
        EXPECT_TRUE(b.init.write(0x100, 1, 8).ok());
    });
    EXPECT_TRUE(b.checker.violations().empty()) << b.checker.violations()[0].str();
}
