// TLM-2.0 -> APB4 bridge against a pin-level test completer. Expected timings follow the AMBA
// APB Protocol Specification (ARM IHI 0024C) 3.1: a transfer is a setup cycle and an access
// cycle, plus one cycle per wait state (PREADY low).
#include <gtest/gtest.h>

#include <memory>

#include "bridges/bridge_test_util.h"
#include "support/test_initiator.h"
#include "tlm_bridges/apb_bridge.h"
#include "tlm_bridges/apb_checker.h"

using namespace sc_core;
using vp::test::ApbTestSlave;
using vp::test::ThreadRunner;

namespace {

const sc_time kPeriod(10, SC_NS);

// Initiator -> bridge -> APB wires -> test completer, with a checker on the wires.
struct ApbBench {
    sc_clock clk{"clk", kPeriod};  // first rising edge at 0
    sc_signal<bool> resetn{"resetn", true};
    vp::ApbSignals apb{"apb"};
    vp::test::TestInitiator init{"init"};
    vp::ApbBridge bridge{"bridge"};
    ApbTestSlave slave{"slave"};
    vp::ApbChecker checker{"checker"};
    ApbBench() {
        init.socket.bind(bridge.socket);
        bridge.pclk(clk);
        bridge.presetn(resetn);
        bridge.bind(apb);
        slave.pclk(clk);
        slave.presetn(resetn);
        slave.bind(apb);
        checker.pclk(clk);
        checker.presetn(resetn);
        checker.bind(apb);
    }
};

void run(std::function<void()> body, sc_time limit = sc_time(10, SC_US)) {
    ThreadRunner t("runner", std::move(body));
    sc_start(limit);
    ASSERT_TRUE(t.done) << "test body did not finish";
}

}  // namespace

TEST(ApbBridge, WriteThenReadData) {
    ApbBench b;
    run([&] {
        EXPECT_TRUE(b.init.write(0x100, 0xCAFEF00D).ok());
        auto r = b.init.read(0x100);
        EXPECT_TRUE(r.ok());
        EXPECT_EQ(r.data, 0xCAFEF00Du);
    });
    EXPECT_EQ(b.slave.mem[0x100], 0xCAFEF00Du);
    ASSERT_EQ(b.slave.transfers.size(), 2u);
    EXPECT_TRUE(b.slave.transfers[0].write);
    EXPECT_EQ(b.slave.transfers[0].strb, 0xFu);
    EXPECT_FALSE(b.slave.transfers[1].write);
    EXPECT_EQ(b.slave.transfers[1].strb, 0u);  // reads drive PSTRB low (IHI 0024C 3.2.1)
    EXPECT_TRUE(b.checker.violations().empty());
}

TEST(ApbBridge, PstrbFromByteEnablesAndSubwordAccess) {
    ApbBench b;
    b.slave.mem[0x40] = 0x11223344;
    run([&] {
        // Bytes 1 and 3 of the word enabled.
        uint32_t v = 0xAABBCCDD;
        const uint8_t be[4] = {0x00, 0xFF, 0x00, 0xFF};
        EXPECT_TRUE(b.init.access(tlm::TLM_WRITE_COMMAND, 0x40, &v, 4, be, 4).ok());
        // A 2-byte write at offset 2 of word 0x44: lanes 2 and 3.
        EXPECT_TRUE(b.init.write(0x46, 0x5566, 2).ok());
        // A 1-byte read at offset 1.
        auto r = b.init.read(0x41, 1);
        EXPECT_EQ(r.data, 0xCCu);
    });
    ASSERT_EQ(b.slave.transfers.size(), 3u);
    EXPECT_EQ(b.slave.transfers[0].strb, 0b1010u);
    EXPECT_EQ(b.slave.mem[0x40], 0xAA22CC44u);
    EXPECT_EQ(b.slave.transfers[1].addr, 0x44u);
    EXPECT_EQ(b.slave.transfers[1].strb, 0b1100u);
    EXPECT_EQ(b.slave.mem[0x44] >> 16, 0x5566u);
    EXPECT_EQ(b.slave.transfers[2].addr, 0x40u);  // word-aligned PADDR
    EXPECT_TRUE(b.checker.violations().empty());
}

TEST(ApbBridge, ZeroWaitTransferTakesTwoCycles) {
    ApbBench b;
    sc_time end;
    run([&] {
        wait(1, SC_NS);  // the next rising edge (10 ns) starts the setup phase
        EXPECT_TRUE(b.init.write(0x0, 1).ok());
        end = sc_time_stamp();
    });
    EXPECT_EQ(end, kPeriod + 2 * kPeriod);
}

TEST(ApbBridge, WaitStatesLengthenTheTransfer) {
    ApbBench b;
    b.slave.wait_states = 3;
    sc_time w_end, r_start, r_end;
    run([&] {
        wait(1, SC_NS);
        EXPECT_TRUE(b.init.write(0x8, 7).ok());
        w_end = sc_time_stamp();
        wait(1, SC_NS);
        r_start = sc_time_stamp();
        auto r = b.init.read(0x8);
        r_end = sc_time_stamp();
        EXPECT_EQ(r.data, 7u);
    });
    // setup + access + 3 wait cycles, starting at the 10 ns edge.
    EXPECT_EQ(w_end, kPeriod + (2 + 3) * kPeriod);
    // The read starts at the edge after r_start.
    EXPECT_EQ(r_end, w_end + kPeriod + (2 + 3) * kPeriod);
    ASSERT_EQ(b.slave.transfers.size(), 2u);
    EXPECT_EQ(b.slave.transfers[0].end_time - b.slave.transfers[0].setup_time, (1 + 3) * kPeriod);
    EXPECT_TRUE(b.checker.violations().empty());
}

TEST(ApbBridge, WideAccessIsSplitIntoBackToBackBeats) {
    ApbBench b;
    sc_time end;
    run([&] {
        wait(1, SC_NS);
        uint64_t v = 0x0123456789ABCDEFull;
        EXPECT_TRUE(b.init.access(tlm::TLM_WRITE_COMMAND, 0x200, &v, 8).ok());
        end = sc_time_stamp();
        auto r = b.init.read(0x200, 8);
        EXPECT_EQ(r.data, 0x0123456789ABCDEFull);
    });
    EXPECT_EQ(b.slave.mem[0x200], 0x89ABCDEFu);
    EXPECT_EQ(b.slave.mem[0x204], 0x01234567u);
    // Two transfers of two cycles each; the second setup phase follows the first access directly.
    EXPECT_EQ(end, kPeriod + 4 * kPeriod);
    EXPECT_EQ(b.slave.transfers.size(), 4u);
    EXPECT_TRUE(b.checker.violations().empty());
}

TEST(ApbBridge, PslverrIsGenericError) {
    ApbBench b;
    b.slave.error_addrs = {0x30};
    b.slave.wait_states = 1;
    run([&] {
        EXPECT_EQ(b.init.write(0x30, 5).status, tlm::TLM_GENERIC_ERROR_RESPONSE);
        EXPECT_EQ(b.init.read(0x30).status, tlm::TLM_GENERIC_ERROR_RESPONSE);
        EXPECT_TRUE(b.init.write(0x34, 5).ok());
        // An 8-byte read whose first beat fails stops there.
        uint64_t v = 0;
        EXPECT_EQ(b.init.access(tlm::TLM_READ_COMMAND, 0x30, &v, 8).status, tlm::TLM_GENERIC_ERROR_RESPONSE);
    });
    EXPECT_EQ(b.slave.mem.count(0x30), 0u);
    EXPECT_EQ(b.slave.transfers.size(), 4u);
    EXPECT_TRUE(b.checker.violations().empty());
}

TEST(ApbBridge, AnnotatedDelayIsWaitedFirst) {
    ApbBench b;
    sc_time end;
    run([&] {
        tlm::tlm_generic_payload gp;
        uint32_t v = 1;
        gp.set_command(tlm::TLM_WRITE_COMMAND);
        gp.set_address(0);
        gp.set_data_ptr(reinterpret_cast<unsigned char*>(&v));
        gp.set_data_length(4);
        gp.set_streaming_width(4);
        sc_time delay(25, SC_NS);
        b.init.socket->b_transport(gp, delay);
        EXPECT_EQ(delay, SC_ZERO_TIME);
        end = sc_time_stamp();
    });
    EXPECT_EQ(end, 3 * kPeriod + 2 * kPeriod);  // setup at the 30 ns edge
}

TEST(ApbBridge, DebugAndDmiAreRefused) {
    ApbBench b;
    uint32_t v = 0;
    EXPECT_EQ(b.init.debug(tlm::TLM_READ_COMMAND, 0, &v, 4), 0u);
    tlm::tlm_dmi dmi;
    EXPECT_FALSE(b.init.get_dmi(0, tlm::TLM_READ_COMMAND, dmi));
}

TEST(ApbBridge, WaitsForResetRelease) {
    ApbBench b;
    b.resetn.write(false);
    sc_time end;
    ThreadRunner rel("rel", [&] {
        wait(55, SC_NS);
        b.resetn.write(true);
    });
    run([&] {
        EXPECT_TRUE(b.init.write(0x0, 1).ok());
        end = sc_time_stamp();
    });
    EXPECT_EQ(end, 6 * kPeriod + 2 * kPeriod);
}
