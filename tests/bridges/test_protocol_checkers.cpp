// The APB and AXI4-Lite pin checkers against known-bad pin sequences from a test driver, and
// the TLM-2.0 LT checker against misbehaving targets. Each bad sequence must produce exactly
// the named rule.
#include <gtest/gtest.h>

#include <tlm_utils/simple_target_socket.h>

#include "bridges/bridge_test_util.h"
#include "support/test_initiator.h"
#include "tlm_bridges/apb_checker.h"
#include "tlm_bridges/axi_lite_checker.h"
#include "tlm_bridges/tlm_lt_checker.h"

using namespace sc_core;
using vp::test::ThreadRunner;

namespace {

const sc_time kPeriod(10, SC_NS);

struct ApbDriverBench {
    sc_clock clk{"clk", kPeriod};
    sc_signal<bool> resetn{"resetn", true};
    vp::ApbSignals s{"apb"};
    vp::ApbChecker checker{"checker"};
    ApbDriverBench() {
        checker.pclk(clk);
        checker.presetn(resetn);
        checker.bind(s);
        checker.log().set_quiet(true);
    }
    // Drives the wires for one cycle: set after a rising edge, sampled at the next one.
    void cycle(bool psel, bool penable, uint32_t addr, bool pready, bool write = false, unsigned strb = 0) {
        wait(clk.posedge_event());
        s.psel.write(psel);
        s.penable.write(penable);
        s.paddr.write(addr);
        s.pready.write(pready);
        s.pwrite.write(write);
        s.pstrb.write(strb);
    }
};

void expect_only(const std::vector<vp::ProtocolViolation>& v, const std::string& rule,
                 const std::string& signal, bool timed = false) {
    ASSERT_EQ(v.size(), 1u) << (v.empty() ? std::string("no violation")
                                          : v[0].str() + (v.size() > 1 ? " / " + v[1].str() : ""));
    EXPECT_EQ(v[0].rule, rule);
    EXPECT_EQ(v[0].signal, signal);
    if (timed) {
        EXPECT_GT(v[0].time, SC_ZERO_TIME);  // pin checkers report the edge time
    }
    EXPECT_FALSE(v[0].text.empty());
}

}  // namespace

TEST(ApbChecker, CleanTransferHasNoViolation) {
    ApbDriverBench b;
    ThreadRunner t("t", [&] {
        b.cycle(true, false, 0x10, false, true, 0xF);  // setup
        b.cycle(true, true, 0x10, false, true, 0xF);   // access, wait state
        b.cycle(true, true, 0x10, true, true, 0xF);    // access, completes
        b.cycle(false, false, 0x10, false);
        b.cycle(false, false, 0, false);
    });
    sc_start(200, SC_NS);
    EXPECT_TRUE(b.checker.violations().empty()) << b.checker.violations()[0].str();
}

TEST(ApbChecker, PenableWithoutSetup) {
    ApbDriverBench b;
    ThreadRunner t("t", [&] {
        b.cycle(true, true, 0x10, true);  // access phase straight from IDLE
        b.cycle(false, false, 0x10, false);
        b.cycle(false, false, 0, false);
    });
    sc_start(200, SC_NS);
    expect_only(b.checker.violations(), "apb.penable_without_setup", "PENABLE", true);
}

TEST(ApbChecker, AddressChangeDuringAccess) {
    ApbDriverBench b;
    ThreadRunner t("t", [&] {
        b.cycle(true, false, 0x10, false);
        b.cycle(true, true, 0x10, false);  // wait state
        b.cycle(true, true, 0x14, true);   // PADDR moved before PREADY
        b.cycle(false, false, 0x14, false);
        b.cycle(false, false, 0, false);
    });
    sc_start(200, SC_NS);
    expect_only(b.checker.violations(), "apb.unstable", "PADDR", true);
}

TEST(ApbChecker, PenableHeldAfterTransfer) {
    ApbDriverBench b;
    ThreadRunner t("t", [&] {
        b.cycle(true, false, 0x10, false);
        b.cycle(true, true, 0x10, true);    // completes
        b.cycle(false, true, 0x10, false);  // PENABLE still high (and PSEL low)
        b.cycle(false, false, 0, false);
    });
    sc_start(200, SC_NS);
    const auto& v = b.checker.violations();
    EXPECT_EQ(b.checker.log().count("apb.penable_after_transfer"), 1u);
    EXPECT_EQ(b.checker.log().count("apb.penable_without_psel"), 1u);
    EXPECT_EQ(v.size(), 2u);
}

TEST(ApbChecker, StrictModeThrows) {
    ApbDriverBench b;
    b.checker.log().set_strict(true);
    ThreadRunner t("t", [&] {
        b.cycle(true, true, 0x10, true);
        b.cycle(false, false, 0, false);
    });
    EXPECT_ANY_THROW(sc_start(200, SC_NS));
    EXPECT_EQ(b.checker.violations().size(), 1u);
}

namespace {
struct AxiDriverBench {
    sc_clock clk{"clk", kPeriod};
    sc_signal<bool> resetn{"resetn", true};
    vp::AxiLiteSignals s{"axi"};
    vp::AxiLiteChecker checker{"checker"};
    AxiDriverBench() {
        checker.aclk(clk);
        checker.aresetn(resetn);
        checker.bind(s);
        checker.log().set_quiet(true);
    }
    void edge() { wait(clk.posedge_event()); }
};
}  // namespace

TEST(AxiLiteChecker, ValidDroppedBeforeReady) {
    AxiDriverBench b;
    ThreadRunner t("t", [&] {
        b.edge();
        b.s.awvalid.write(true);
        b.s.awaddr.write(0x100);
        b.edge();  // sampled: AWVALID high, AWREADY low
        b.s.awvalid.write(false);
        b.edge();  // sampled: AWVALID dropped without a handshake
        b.edge();
    });
    sc_start(200, SC_NS);
    expect_only(b.checker.violations(), "axi.valid_dropped", "AWVALID", true);
}

TEST(AxiLiteChecker, PayloadChangeWhileValid) {
    AxiDriverBench b;
    ThreadRunner t("t", [&] {
        b.edge();
        b.s.wvalid.write(true);
        b.s.wdata.write(1);
        b.s.wstrb.write(0xF);
        b.edge();  // waiting for WREADY
        b.s.wdata.write(2);
        b.s.wready.write(true);
        b.edge();  // handshake, but WDATA changed while waiting
        b.s.wvalid.write(false);
        b.s.wready.write(false);
        b.edge();
        b.edge();
    });
    sc_start(200, SC_NS);
    expect_only(b.checker.violations(), "axi.payload_unstable", "WDATA/WSTRB", true);
}

TEST(AxiLiteChecker, ResponseBeforeAddress) {
    AxiDriverBench b;
    ThreadRunner t("t", [&] {
        b.edge();
        b.s.rvalid.write(true);  // no AR handshake yet
        b.s.rready.write(true);
        b.edge();
        b.s.rvalid.write(false);
        b.edge();
    });
    sc_start(200, SC_NS);
    expect_only(b.checker.violations(), "axi.rvalid_early", "RVALID", true);
}

// ---- TLM LT checker ----

namespace {
// A target whose misbehaviour is chosen per test.
struct BadTarget : sc_module {
    tlm_utils::simple_target_socket<BadTarget> socket{"socket"};
    bool set_status = true, change_length = false, bad_dmi = false;
    unsigned dbg_return = 4;
    unsigned char mem[64] = {};
    explicit BadTarget(const sc_module_name& n) : sc_module(n) {
        socket.register_b_transport(this, &BadTarget::b_transport);
        socket.register_transport_dbg(this, &BadTarget::dbg);
        socket.register_get_direct_mem_ptr(this, &BadTarget::dmi);
    }
    void b_transport(tlm::tlm_generic_payload& gp, sc_time&) {
        if (change_length) gp.set_data_length(1);
        if (set_status) gp.set_response_status(tlm::TLM_OK_RESPONSE);
    }
    unsigned dbg(tlm::tlm_generic_payload&) { return dbg_return; }
    bool dmi(tlm::tlm_generic_payload&, tlm::tlm_dmi& d) {
        d.set_dmi_ptr(bad_dmi ? nullptr : mem);
        d.set_start_address(bad_dmi ? 0x100 : 0);
        d.set_end_address(bad_dmi ? 0x13F : 63);
        d.allow_read_write();
        return true;
    }
};

struct LtBench {
    vp::test::TestInitiator init{"init"};
    vp::TlmLtChecker checker{"checker"};
    BadTarget target{"target"};
    LtBench() {
        init.socket.bind(checker.target);
        checker.initiator.bind(target.socket);
        checker.log().set_quiet(true);
    }
};
}  // namespace

TEST(TlmLtChecker, CorrectTargetHasNoViolation) {
    LtBench b;
    EXPECT_TRUE(b.init.write(0, 1).ok());
    uint32_t v;
    EXPECT_EQ(b.init.debug(tlm::TLM_READ_COMMAND, 0, &v, 4), 4u);
    tlm::tlm_dmi dmi;
    EXPECT_TRUE(b.init.get_dmi(8, tlm::TLM_READ_COMMAND, dmi));
    EXPECT_TRUE(b.checker.violations().empty());
    EXPECT_EQ(b.checker.transactions(), 1u);
}

TEST(TlmLtChecker, TargetLeavesIncompleteResponse) {
    LtBench b;
    b.target.set_status = false;
    auto r = b.init.read(0x10);
    EXPECT_EQ(r.status, tlm::TLM_INCOMPLETE_RESPONSE);  // passed through unchanged
    expect_only(b.checker.violations(), "tlm.status_incomplete_on_return", "response_status");
}

TEST(TlmLtChecker, InitiatorObligations) {
    LtBench b;
    tlm::tlm_generic_payload gp;
    gp.set_command(tlm::TLM_READ_COMMAND);
    gp.set_data_ptr(nullptr);
    gp.set_data_length(0);
    gp.set_streaming_width(0);
    gp.set_response_status(tlm::TLM_OK_RESPONSE);
    sc_time d = SC_ZERO_TIME;
    b.init.socket->b_transport(gp, d);
    const auto& log = b.checker.log();
    EXPECT_EQ(log.count("tlm.status_not_incomplete_on_call"), 1u);
    EXPECT_EQ(log.count("tlm.data_ptr_null"), 1u);
    EXPECT_EQ(log.count("tlm.data_length_zero"), 1u);
    EXPECT_EQ(log.count("tlm.streaming_width_zero"), 1u);
    EXPECT_EQ(log.violations().size(), 4u);
}

TEST(TlmLtChecker, TargetModifiesDataLength) {
    LtBench b;
    b.target.change_length = true;
    b.init.write(0, 1);
    expect_only(b.checker.violations(), "tlm.attribute_modified", "data_length");
}

TEST(TlmLtChecker, DmiRangeMissingAddressAndNullPointer) {
    LtBench b;
    b.target.bad_dmi = true;
    tlm::tlm_dmi dmi;
    b.init.get_dmi(0x8, tlm::TLM_READ_COMMAND, dmi);
    EXPECT_EQ(b.checker.log().count("tlm.dmi_null_pointer"), 1u);
    EXPECT_EQ(b.checker.log().count("tlm.dmi_range_excludes_address"), 1u);
    EXPECT_EQ(b.checker.violations().size(), 2u);
}

TEST(TlmLtChecker, DebugReturnExceedsLength) {
    LtBench b;
    b.target.dbg_return = 8;
    uint32_t v;
    b.init.debug(tlm::TLM_READ_COMMAND, 0, &v, 4);
    expect_only(b.checker.violations(), "tlm.debug_count_exceeds_length", "return");
}

TEST(TlmLtChecker, StrictModeThrowsProtocolError) {
    LtBench b;
    b.target.set_status = false;
    b.checker.log().set_strict(true);
    EXPECT_THROW(b.init.read(0), vp::ProtocolError);
}
