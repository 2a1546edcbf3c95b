// TLM-2.0 -> AXI4-Lite bridge against a pin-level test subordinate with READY/VALID delays.
// Handshakes per the AMBA AXI spec (ARM IHI 0022E) A3.2: a transfer happens at the rising edge
// where VALID and READY are both high. The test subordinate's READY is registered (see
// AxiTestSlave), so with no extra delay: VALID at edge 1, READY at edge 2, handshake at edge 3,
// response VALID at the next edge, seen by the bridge one edge later.
#include <gtest/gtest.h>

#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>
#include "bridges/bridge_test_util.h"

#include "support/test_initiator.h"
#include "tlm_bridges/axi_lite_bridge.h"
#include "tlm_bridges/axi_lite_checker.h"

using namespace sc_core;
using vp::test::AxiTestSlave;
using vp::test::ThreadRunner;

namespace {

const sc_time kPeriod(10, SC_NS);

struct AxiBench {
    sc_clock clk{"clk", kPeriod};
    sc_signal<bool> resetn{"resetn", true};
    vp::AxiLiteSignals axi{"axi"};
    vp::test::TestInitiator init{"init"};
    vp::AxiLiteBridge bridge{"bridge"};
    AxiTestSlave slave{"slave"};
    vp::AxiLiteChecker checker{"checker"};
    AxiBench() {
        init.socket.bind(bridge.socket);
        bridge.aclk(clk);
        bridge.aresetn(resetn);
        bridge.bind(axi);
        slave.aclk(clk);
        slave.aresetn(resetn);
        slave.bind(axi);
        checker.aclk(clk);
        checker.aresetn(resetn);
        checker.bind(axi);
    }
};

void run(std::function<void()> body) {
    ThreadRunner t("runner", std::move(body));
    sc_start(10, SC_US);
    ASSERT_TRUE(t.done) << "test body did not finish";
}

}  // namespace

TEST(AxiLiteBridge, WriteThenReadData) {
    AxiBench b;
    run([&] {
        EXPECT_TRUE(b.init.write(0x10, 0x12345678).ok());
        auto r = b.init.read(0x10);
        EXPECT_TRUE(r.ok());
        EXPECT_EQ(r.data, 0x12345678u);
    });
    EXPECT_EQ(b.slave.mem[0x10], 0x12345678u);
    EXPECT_TRUE(b.checker.violations().empty());
}

TEST(AxiLiteBridge, WstrbFromByteEnables) {
    AxiBench b;
    b.slave.mem[0x20] = 0x11223344;
    run([&] {
        uint32_t v = 0xAABBCCDD;
        const uint8_t be[4] = {0xFF, 0x00, 0x00, 0xFF};
        EXPECT_TRUE(b.init.access(tlm::TLM_WRITE_COMMAND, 0x20, &v, 4, be, 4).ok());
        EXPECT_TRUE(b.init.write(0x25, 0x77, 1).ok());
    });
    ASSERT_EQ(b.slave.wstrbs.size(), 2u);
    EXPECT_EQ(b.slave.wstrbs[0], 0b1001u);
    EXPECT_EQ(b.slave.wstrbs[1], 0b0010u);
    EXPECT_EQ(b.slave.mem[0x20], 0xAA2233DDu);
    EXPECT_EQ(b.slave.mem[0x24], 0x00007700u);
}

TEST(AxiLiteBridge, ReadyDelaysOnEveryChannel) {
    AxiBench b;
    b.slave.aw_delay = 2;
    b.slave.w_delay = 4;
    b.slave.b_delay = 3;
    b.slave.ar_delay = 1;
    b.slave.r_delay = 5;
    sc_time w_end, r_end, r_start;
    run([&] {
        wait(1, SC_NS);
        EXPECT_TRUE(b.init.write(0x0, 0xA5A5A5A5).ok());
        w_end = sc_time_stamp();
        wait(1, SC_NS);
        r_start = sc_time_stamp();
        auto r = b.init.read(0x0);
        r_end = sc_time_stamp();
        EXPECT_EQ(r.data, 0xA5A5A5A5u);
    });
    // VALIDs at 10 ns; W handshake (the later one) at 30 ns + 4 cycles; BVALID 3 cycles later
    // plus one registered edge; the bridge samples it one edge after that.
    EXPECT_EQ(w_end, kPeriod + (3 + 4 + 3) * kPeriod);
    EXPECT_EQ(r_end, w_end + kPeriod + (3 + 1 + 5) * kPeriod);
    EXPECT_TRUE(b.checker.violations().empty());
}

// BRESP/RRESP encodings (AMBA AXI and ACE Protocol Specification, IHI 0022, "Read and write
// response structure"): b00 OKAY, b01 EXOKAY, b10 SLVERR, b11 DECERR.
TEST(AxiLiteBridge, ResponsesMapToTlm) {
    AxiBench b;
    b.slave.resp[0x100] = 0b10;  // SLVERR
    b.slave.resp[0x104] = 0b11;  // DECERR
    b.slave.r_delay = 1;
    b.slave.b_delay = 2;
    run([&] {
        EXPECT_EQ(b.init.write(0x100, 1).status, tlm::TLM_GENERIC_ERROR_RESPONSE);
        EXPECT_EQ(b.init.read(0x100).status, tlm::TLM_GENERIC_ERROR_RESPONSE);
        EXPECT_EQ(b.init.write(0x104, 1).status, tlm::TLM_ADDRESS_ERROR_RESPONSE);
        EXPECT_EQ(b.init.read(0x104).status, tlm::TLM_ADDRESS_ERROR_RESPONSE);
        EXPECT_TRUE(b.init.write(0x108, 1).ok());
        EXPECT_TRUE(b.init.read(0x108).ok());
    });
    EXPECT_EQ(vp::AxiLiteBridge::response_for(0b00), tlm::TLM_OK_RESPONSE);  // OKAY
    EXPECT_TRUE(b.checker.violations().empty());
}

TEST(AxiLiteBridge, ConcurrentReadAndWrite) {
    sc_clock clk{"clk", kPeriod};
    sc_signal<bool> resetn{"resetn", true};
    vp::AxiLiteSignals axi{"axi"};
    vp::AxiLiteBridge bridge{"bridge"};
    AxiTestSlave slave{"slave"};
    vp::AxiLiteChecker checker{"checker"};
    vp::test::Fanin fanin{"fanin"};  // two initiators into the bridge's one target socket
    vp::test::TestInitiator wr{"wr"}, rd{"rd"};
    wr.socket.bind(fanin.t1);
    rd.socket.bind(fanin.t2);
    fanin.out.bind(bridge.socket);
    bridge.aclk(clk);
    bridge.aresetn(resetn);
    bridge.bind(axi);
    slave.aclk(clk);
    slave.aresetn(resetn);
    slave.bind(axi);
    checker.aclk(clk);
    checker.aresetn(resetn);
    checker.bind(axi);
    slave.mem[0x40] = 0xBEEF;
    slave.b_delay = 2;
    slave.r_delay = 2;
    sc_time w_end, r_end;
    ThreadRunner tw("tw", [&] {
        wait(1, SC_NS);
        EXPECT_TRUE(wr.write(0x80, 0x1234).ok());
        w_end = sc_time_stamp();
    });
    ThreadRunner tr("tr", [&] {
        wait(1, SC_NS);
        auto r = rd.read(0x40);
        EXPECT_EQ(r.data, 0xBEEFu);
        r_end = sc_time_stamp();
    });
    sc_start(10, SC_US);
    ASSERT_TRUE(tw.done && tr.done);
    EXPECT_TRUE(slave.saw_concurrent);  // AWVALID and ARVALID were up at the same edge
    // Each completes as it would alone (not one after the other).
    EXPECT_EQ(w_end, kPeriod + (3 + 0 + 2) * kPeriod);
    EXPECT_EQ(r_end, kPeriod + (3 + 0 + 2) * kPeriod);
    EXPECT_EQ(slave.mem[0x80], 0x1234u);
    EXPECT_TRUE(checker.violations().empty());
}
