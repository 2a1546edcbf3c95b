// The AXI4 pin checker against known-bad pin sequences from a test driver: each must produce
// exactly the named rule (ARM IHI 0022E sections in axi4_checker.h); a clean write and read
// produce none.
#include <gtest/gtest.h>

#include <functional>

#include "bridges/bridge_test_util.h"
#include "tlm_bridges/axi4_checker.h"

using namespace sc_core;
using vp::test::ThreadRunner;

namespace {

const sc_time kPeriod(10, SC_NS);

struct Driver {
    sc_clock clk{"clk", kPeriod};
    sc_signal<bool> resetn{"resetn", true};
    vp::Axi4Signals<64> s{"axi4"};
    vp::Axi4Checker<64> checker{"checker"};
    Driver() {
        checker.aclk(clk);
        checker.aresetn(resetn);
        checker.bind(s);
        checker.log().set_quiet(true);
    }
    // Sets pins after a rising edge; the checker samples them at the next one.
    void cycle(const std::function<void()>& set = [] {}) {
        wait(clk.posedge_event());
        set();
    }
    void addr(vp::Axi4AddrSignals& a, unsigned id, uint32_t address, unsigned len, unsigned size,
              unsigned burst) {
        a.valid.write(true);
        a.ready.write(true);
        a.id.write(id);
        a.addr.write(address);
        a.len.write(len);
        a.size.write(size);
        a.burst.write(burst);
    }
    void idle() {
        for (auto* v : {&s.aw.valid, &s.ar.valid, &s.wvalid, &s.bvalid, &s.rvalid}) v->write(false);
    }
    // One AW handshake, then idle.
    void aw(unsigned id, uint32_t address, unsigned len, unsigned size, unsigned burst) {
        cycle([&] { addr(s.aw, id, address, len, size, burst); });
        cycle([&] { idle(); });
    }
    void w_beat(bool last) {
        cycle([&] {
            s.wvalid.write(true);
            s.wready.write(true);
            s.wlast.write(last);
        });
    }
    void b(unsigned id) {
        cycle([&] {
            s.bvalid.write(true);
            s.bready.write(true);
            s.bid.write(id);
        });
    }
    void r_beat(unsigned id, bool last) {
        cycle([&] {
            s.rvalid.write(true);
            s.rready.write(true);
            s.rid.write(id);
            s.rlast.write(last);
        });
    }
};

void expect_only(const std::vector<vp::ProtocolViolation>& v, const std::string& rule,
                 const std::string& signal) {
    ASSERT_EQ(v.size(), 1u) << (v.empty() ? std::string("no violation")
                                          : v[0].str() + (v.size() > 1 ? " / " + v[1].str() : ""));
    EXPECT_EQ(v[0].rule, rule);
    EXPECT_EQ(v[0].signal, signal);
    EXPECT_GT(v[0].time, SC_ZERO_TIME);
    EXPECT_FALSE(v[0].text.empty());
}

void drive(Driver& d, const std::function<void()>& body) {
    ThreadRunner t("t", [&] {
        d.cycle();
        body();
        d.cycle([&] { d.idle(); });
        d.cycle();
        d.cycle();
    });
    sc_start(2, SC_US);
    ASSERT_TRUE(t.done);
}

}  // namespace

TEST(Axi4Checker, CleanWriteAndReadHaveNoViolation) {
    Driver d;
    drive(d, [&] {
        d.aw(1, 0x100, 1, 3, vp::AXI4_INCR);
        d.w_beat(false);
        d.w_beat(true);
        d.cycle([&] { d.idle(); });
        d.b(1);
        d.cycle([&] { d.idle(); });
        d.cycle([&] { d.addr(d.s.ar, 2, 0x1010, 3, 3, vp::AXI4_WRAP); });
        d.cycle([&] { d.idle(); });
        for (unsigned i = 0; i < 4; ++i) d.r_beat(2, i == 3);
    });
    EXPECT_TRUE(d.checker.violations().empty()) << d.checker.violations()[0].str();
}

TEST(Axi4Checker, ValidHighDuringReset) {
    Driver d;
    d.resetn.write(false);
    drive(d, [&] { d.cycle([&] { d.s.wvalid.write(true); }); });
    expect_only(d.checker.violations(), "axi4.valid_in_reset", "WVALID");
}

TEST(Axi4Checker, ValidDroppedBeforeReady) {
    Driver d;
    drive(d, [&] {
        d.cycle([&] {
            d.addr(d.s.ar, 0, 0x0, 0, 3, vp::AXI4_INCR);
            d.s.ar.ready.write(false);
        });
        d.cycle([&] { d.s.ar.valid.write(false); });
    });
    expect_only(d.checker.violations(), "axi4.valid_dropped", "ARVALID");
}

TEST(Axi4Checker, PayloadChangedWhileWaiting) {
    Driver d;
    drive(d, [&] {
        d.cycle([&] {
            d.addr(d.s.aw, 0, 0x40, 0, 3, vp::AXI4_INCR);
            d.s.aw.ready.write(false);
        });
        d.cycle([&] { d.s.aw.len.write(1); });
        d.cycle([&] { d.s.aw.ready.write(true); });
    });
    expect_only(d.checker.violations(), "axi4.payload_unstable",
                "AWID/AWADDR/AWLEN/AWSIZE/AWBURST/AWLOCK/AWCACHE/AWPROT/AWQOS/AWREGION");
}

TEST(Axi4Checker, WlastBeforeTheLastBeat) {
    Driver d;
    drive(d, [&] {
        d.aw(0, 0x0, 2, 3, vp::AXI4_INCR);  // 3 beats
        d.w_beat(false);
        d.w_beat(true);
    });
    expect_only(d.checker.violations(), "axi4.wlast", "WLAST");
}

TEST(Axi4Checker, NoWlastOnTheLastBeat) {
    Driver d;
    drive(d, [&] {
        d.w_beat(false);  // data before the address: checked when AW arrives
        d.w_beat(false);
        d.cycle([&] { d.idle(); });
        d.aw(0, 0x0, 1, 3, vp::AXI4_INCR);  // 2 beats
    });
    expect_only(d.checker.violations(), "axi4.wlast", "WLAST");
}

TEST(Axi4Checker, RlastOnTheWrongBeat) {
    Driver d;
    drive(d, [&] {
        d.cycle([&] { d.addr(d.s.ar, 3, 0x0, 1, 3, vp::AXI4_INCR); });
        d.cycle([&] { d.idle(); });
        d.r_beat(3, true);  // beat 1 of 2
    });
    expect_only(d.checker.violations(), "axi4.rlast", "RLAST");
}

TEST(Axi4Checker, ReadDataForAnIdWithNoRead) {
    Driver d;
    drive(d, [&] {
        d.cycle([&] { d.addr(d.s.ar, 3, 0x0, 0, 3, vp::AXI4_INCR); });
        d.cycle([&] { d.idle(); });
        d.r_beat(5, true);
    });
    expect_only(d.checker.violations(), "axi4.unexpected_id", "RID");
}

TEST(Axi4Checker, WriteResponseForAnIdWithNoWrite) {
    Driver d;
    drive(d, [&] {
        d.aw(1, 0x0, 0, 3, vp::AXI4_INCR);
        d.w_beat(true);
        d.cycle([&] { d.idle(); });
        d.b(2);
    });
    expect_only(d.checker.violations(), "axi4.unexpected_id", "BID");
}

TEST(Axi4Checker, WriteResponseBeforeTheData) {
    Driver d;
    drive(d, [&] {
        d.aw(1, 0x0, 0, 3, vp::AXI4_INCR);
        d.b(1);
    });
    expect_only(d.checker.violations(), "axi4.bvalid_early", "BVALID");
}

TEST(Axi4Checker, IncrBurstCrossing4KiB) {
    Driver d;
    drive(d, [&] { d.aw(0, 0xFF8, 1, 3, vp::AXI4_INCR); });
    expect_only(d.checker.violations(), "axi4.cross_4k", "AWADDR");
}

TEST(Axi4Checker, FixedBurstLongerThan16) {
    Driver d;
    drive(d, [&] { d.aw(0, 0x0, 16, 3, vp::AXI4_FIXED); });
    expect_only(d.checker.violations(), "axi4.fixed_length", "AWLEN");
}

TEST(Axi4Checker, WrapBurstOfThreeBeats) {
    Driver d;
    drive(d, [&] {
        d.cycle([&] { d.addr(d.s.ar, 0, 0x0, 2, 3, vp::AXI4_WRAP); });
        d.cycle([&] { d.idle(); });
    });
    expect_only(d.checker.violations(), "axi4.wrap_length", "ARLEN");
}

TEST(Axi4Checker, WrapBurstUnaligned) {
    Driver d;
    drive(d, [&] { d.aw(0, 0x4, 1, 3, vp::AXI4_WRAP); });
    expect_only(d.checker.violations(), "axi4.wrap_unaligned", "AWADDR");
}

TEST(Axi4Checker, ReservedBurstType) {
    Driver d;
    drive(d, [&] { d.aw(0, 0x0, 0, 3, 3); });
    expect_only(d.checker.violations(), "axi4.burst_reserved", "AWBURST");
}

TEST(Axi4Checker, SizeWiderThanTheBus) {
    Driver d;
    drive(d, [&] { d.aw(0, 0x0, 0, 4, vp::AXI4_INCR); });
    expect_only(d.checker.violations(), "axi4.size_too_wide", "AWSIZE");
}
