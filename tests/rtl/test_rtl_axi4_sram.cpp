// rtl.axi4_sram (models/rtl/axi4_sram.v, Verilated --cc, driven by RtlCycleDevice's AXI4 cycle
// loop) in each clock mode: bursts of each kind, strobes, unaligned accesses, 4 KiB and 256-beat
// splits, a long payload's next burst issued before the previous one's response, two initiators
// one after the other, the AXI4 rules silent throughout. Oracle: the test's own model of the memory, written
// beat by beat with the burst address formulas of ARM IHI 0022E A3.4.1 (vp::test::axi4_beat_address), read
// back through the block.
#include <gtest/gtest.h>

#include <tlm_utils/simple_initiator_socket.h>

#include "bridges/axi4_test_subordinate.h"
#include "bridges/bridge_test_util.h"
#include "core/model_registry.h"
#include "rtl/rtl_cycle_device.h"
#include "support/test_initiator.h"
#include "tlm_bridges/axi4_burst.h"

using namespace sc_core;
using vp::test::ThreadRunner;

namespace {

constexpr unsigned kSize = 0x4000, kBus = 8;

std::unique_ptr<vp::Device> make_sram(const char* name, const std::string& mode) {
    const vp::ModelInfo* info = vp::ModelRegistry::instance().find("rtl.axi4_sram");
    if (!info) return nullptr;
    vp::DeviceConfig c;
    c.name = name;
    c.model = "rtl.axi4_sram";
    c.regions = {{"regs", 0x50000000, kSize}};
    c.props.set("clock_mode", {mode, {"t.yaml", 1, 1}, vp::PropType::string});
    return info->create(name, c);
}

// The AW and AR handshakes on the block's pins, and how many bursts were in flight at once: from
// the edge its AxVALID is first high to the edge of its response (B, or R with RLAST).
struct PinMonitor {
    struct Burst {
        bool write;
        unsigned id, len, size, burst;
        uint32_t addr;
    };
    std::vector<Burst> bursts;
    unsigned aw_done = 0, b_done = 0, ar_done = 0, r_done = 0, max_writes = 0, max_reads = 0;
    void channel(bool write, const vp::RtlPin& valid, const vp::RtlPin& ready, const vp::RtlPin& id,
                 const vp::RtlPin& len, const vp::RtlPin& size, const vp::RtlPin& burst,
                 const vp::RtlPin& addr) {
        if (!valid.get() || !ready.get()) return;
        bursts.push_back({write, unsigned(id.get()), unsigned(len.get()), unsigned(size.get()),
                          unsigned(burst.get()), uint32_t(addr.get())});
    }
    void on_edge(const vp::RtlBlockPins& pins) {
        const vp::RtlAxi4Pins& p = pins.axi4;
        max_writes = std::max(max_writes, aw_done + unsigned(p.awvalid.get()) - b_done);
        max_reads = std::max(max_reads, ar_done + unsigned(p.arvalid.get()) - r_done);
        channel(true, p.awvalid, p.awready, p.awid, p.awlen, p.awsize, p.awburst, p.awaddr);
        channel(false, p.arvalid, p.arready, p.arid, p.arlen, p.arsize, p.arburst, p.araddr);
        aw_done += p.awvalid.get() && p.awready.get();
        ar_done += p.arvalid.get() && p.arready.get();
        b_done += p.bvalid.get() && p.bready.get();
        r_done += p.rvalid.get() && p.rready.get() && p.rlast.get();
    }
};

// The memory as the spec's address rules say the block must hold it.
struct Model {
    std::vector<uint8_t> mem = std::vector<uint8_t>(kSize, 0);
    // A burst's write: beat n carries data[(n-1)*bytes_per_beat + k] on its lanes lower..upper.
    void burst(uint32_t start, unsigned size, unsigned burst, unsigned beats, const uint8_t* data,
               const std::vector<bool>* enabled = nullptr) {
        unsigned i = 0;
        for (unsigned n = 1; n <= beats; ++n) {
            const auto ba = vp::test::axi4_beat_address(start, size, burst, beats, n, kBus);
            for (unsigned lane = ba.lower; lane <= ba.upper; ++lane, ++i)
                if (!enabled || (*enabled)[i]) mem[(ba.addr / kBus * kBus + lane) % kSize] = data[i];
        }
    }
};

struct Bench {
    std::unique_ptr<vp::Device> dev;
    vp::test::TestInitiator a{"a"}, b{"b"};
    std::unique_ptr<vp::test::Fanin> fanin;
    std::unique_ptr<PinMonitor> mon;
    Model model;
    explicit Bench(const std::string& mode) : dev(make_sram("sram", mode)) {
        if (!dev) return;
        fanin = std::make_unique<vp::test::Fanin>("fanin");
        a.socket.bind(fanin->t1);
        b.socket.bind(fanin->t2);
        fanin->out.bind(dev->target_socket(0));
        mon = std::make_unique<PinMonitor>();
        device().watch_pins([m = mon.get()](const vp::RtlBlockPins& p) { m->on_edge(p); });
    }
    vp::RtlCycleDevice& device() { return dynamic_cast<vp::RtlCycleDevice&>(*dev); }
    const std::vector<vp::ProtocolViolation>& violations() { return device().protocol_log().violations(); }
    tlm::tlm_response_status access(tlm::tlm_command cmd, uint32_t addr, std::vector<uint8_t>& data,
                                    unsigned streaming, bool wrap = false) {
        return vp::test::axi4_transport(a.socket, cmd, addr, data.data(), static_cast<unsigned>(data.size()),
                                        streaming, wrap);
    }
    void expect_memory_matches_model() {
        std::vector<uint8_t> all = a.read_bytes(0, kSize);
        ASSERT_EQ(all.size(), model.mem.size());
        for (unsigned i = 0; i < kSize; ++i) ASSERT_EQ(all[i], model.mem[i]) << "byte " << i;
    }
};

std::vector<uint8_t> pattern(unsigned n, uint8_t seed) {
    std::vector<uint8_t> v(n);
    for (unsigned i = 0; i < n; ++i) v[i] = static_cast<uint8_t>(seed + 13 * i + (i >> 8));
    return v;
}

#define NEED_SRAM(b)                                                            \
    if (!(b).dev) {                                                             \
        if (getenv("VP_ALLOW_MISSING_ORACLES")) GTEST_SKIP();                   \
        FAIL() << "rtl.axi4_sram is not registered (built without Verilator?)"; \
    }

}  // namespace

TEST(RtlAxi4Sram, RegistersWhatTheCMakeCallDeclares) {
    const vp::ModelInfo* info = vp::ModelRegistry::instance().find("rtl.axi4_sram");
    ASSERT_NE(info, nullptr);
    ASSERT_EQ(info->regions.size(), 1u);
    EXPECT_EQ(info->regions[0].default_size, kSize);
    EXPECT_TRUE(info->irqs.empty());
}

class RtlAxi4SramIn : public testing::TestWithParam<std::string> {};

TEST_P(RtlAxi4SramIn, BurstsOfEachKindStrobesAndSplits) {
    Bench t(GetParam());
    NEED_SRAM(t);
    ThreadRunner run("run", [&] {
        // INCR, aligned, 64 bytes.
        auto d = pattern(64, 1);
        EXPECT_EQ(t.access(tlm::TLM_WRITE_COMMAND, 0x100, d, 64), tlm::TLM_OK_RESPONSE);
        t.model.burst(0x100, 3, vp::AXI4_INCR, 8, d.data());
        // INCR, unaligned start and end.
        d = pattern(21, 2);
        EXPECT_EQ(t.access(tlm::TLM_WRITE_COMMAND, 0x203, d, 21), tlm::TLM_OK_RESPONSE);
        {
            std::vector<uint8_t> beats(3 * 8, 0);  // the burst's lanes: 5 + 8 + 8 bytes
            std::vector<bool> en(beats.size(), false);
            for (unsigned i = 0; i < 21; ++i) {
                beats[i] = d[i];
                en[i] = true;
            }
            t.model.burst(0x203, 3, vp::AXI4_INCR, 3, beats.data(), &en);
        }
        // Narrow single beats.
        EXPECT_TRUE(t.a.write(0x302, 0xA1B2, 2).ok());
        EXPECT_TRUE(t.a.write(0x307, 0xC3, 1).ok());
        const uint8_t n1[2] = {0xB2, 0xA1}, n2[1] = {0xC3};
        t.model.burst(0x302, 1, vp::AXI4_INCR, 1, n1);
        t.model.burst(0x307, 0, vp::AXI4_INCR, 1, n2);
        // Byte enables -> strobes.
        d = pattern(32, 3);
        const uint8_t be[3] = {0xFF, 0x00, 0xFF};
        EXPECT_TRUE(t.a.access(tlm::TLM_WRITE_COMMAND, 0x400, d.data(), 32, be, 3).ok());
        {
            std::vector<bool> en(32);
            for (unsigned i = 0; i < 32; ++i) en[i] = i % 3 != 1;
            t.model.burst(0x400, 3, vp::AXI4_INCR, 4, d.data(), &en);
        }
        // FIXED: a FIFO-like stream of 5 words into one address.
        d = pattern(40, 4);
        EXPECT_EQ(t.access(tlm::TLM_WRITE_COMMAND, 0x500, d, 8), tlm::TLM_OK_RESPONSE);
        t.model.burst(0x500, 3, vp::AXI4_FIXED, 5, d.data());
        // WRAP: 4 beats from 0x610 in the 32-byte window at 0x600.
        d = pattern(32, 5);
        EXPECT_EQ(t.access(tlm::TLM_WRITE_COMMAND, 0x610, d, 32, true), tlm::TLM_OK_RESPONSE);
        t.model.burst(0x610, 3, vp::AXI4_WRAP, 4, d.data());
        // Across 4 KiB (0xFF0..0x100f) and longer than 256 beats (2056 bytes at 0x1800).
        d = pattern(32, 6);
        EXPECT_EQ(t.access(tlm::TLM_WRITE_COMMAND, 0xFF0, d, 32), tlm::TLM_OK_RESPONSE);
        t.model.burst(0xFF0, 3, vp::AXI4_INCR, 2, d.data());
        t.model.burst(0x1000, 3, vp::AXI4_INCR, 2, d.data() + 16);
        d = pattern(2056, 7);
        EXPECT_EQ(t.access(tlm::TLM_WRITE_COMMAND, 0x1800, d, 2056), tlm::TLM_OK_RESPONSE);
        t.model.burst(0x1800, 3, vp::AXI4_INCR, 256, d.data());
        t.model.burst(0x2000, 3, vp::AXI4_INCR, 1, d.data() + 2048);

        // Reads of each kind, against the model.
        std::vector<uint8_t> r(32);
        EXPECT_EQ(t.access(tlm::TLM_READ_COMMAND, 0x610, r, 32, true), tlm::TLM_OK_RESPONSE);
        for (unsigned k = 0; k < 4; ++k) {
            const auto ba = vp::test::axi4_beat_address(0x610, 3, vp::AXI4_WRAP, 4, k + 1, kBus);
            for (unsigned i = 0; i < 8; ++i) EXPECT_EQ(r[8 * k + i], t.model.mem[ba.addr + i]) << k;
        }
        r.assign(24, 0);
        EXPECT_EQ(t.access(tlm::TLM_READ_COMMAND, 0x500, r, 8), tlm::TLM_OK_RESPONSE);
        for (unsigned k = 0; k < 3; ++k)
            for (unsigned i = 0; i < 8; ++i) EXPECT_EQ(r[8 * k + i], t.model.mem[0x500 + i]);
        EXPECT_EQ(t.a.read(0x305, 1).data, t.model.mem[0x305]);
        t.expect_memory_matches_model();
    });
    sc_start(2, SC_MS);
    ASSERT_TRUE(run.done);
    const auto& m = t.mon->bursts;
    auto has = [&](bool w, uint32_t addr, unsigned len, unsigned size, unsigned burst) {
        return std::any_of(m.begin(), m.end(), [&](const PinMonitor::Burst& x) {
            return x.write == w && x.addr == addr && x.len == len && x.size == size && x.burst == burst;
        });
    };
    EXPECT_TRUE(has(true, 0x500, 4, 3, vp::AXI4_FIXED));
    EXPECT_TRUE(has(true, 0x610, 3, 3, vp::AXI4_WRAP));
    EXPECT_TRUE(has(false, 0x610, 3, 3, vp::AXI4_WRAP));
    EXPECT_TRUE(has(true, 0xFF0, 1, 3, vp::AXI4_INCR));
    EXPECT_TRUE(has(true, 0x1000, 1, 3, vp::AXI4_INCR));
    EXPECT_TRUE(has(true, 0x1800, 255, 3, vp::AXI4_INCR));
    EXPECT_TRUE(has(true, 0x2000, 0, 3, vp::AXI4_INCR));
    EXPECT_TRUE(has(true, 0x302, 0, 1, vp::AXI4_INCR));
    EXPECT_TRUE(t.violations().empty()) << t.violations()[0].str();
}

// A payload of 0x1100 bytes from 0xF80: INCR bursts of 16, 256, 256 and 16 beats (a new one at
// 4 KiB and after 256 beats, A3.4.1), each next AW raised before the previous burst's B.
TEST_P(RtlAxi4SramIn, LongPayloadIsSeveralBurstsEachIssuedBeforeThePreviousResponse) {
    Bench t(GetParam());
    NEED_SRAM(t);
    const auto d = pattern(0x1100, 10);
    std::vector<uint8_t> r(0x1100);
    ThreadRunner run("run", [&] {
        auto w = d;
        EXPECT_EQ(t.access(tlm::TLM_WRITE_COMMAND, 0xF80, w, 0x1100), tlm::TLM_OK_RESPONSE);
        EXPECT_EQ(t.access(tlm::TLM_READ_COMMAND, 0xF80, r, 0x1100), tlm::TLM_OK_RESPONSE);
    });
    sc_start(2, SC_MS);
    ASSERT_TRUE(run.done);
    EXPECT_EQ(r, d);
    const std::vector<std::pair<uint32_t, unsigned>> expected = {
        {0xF80, 15}, {0x1000, 255}, {0x1800, 255}, {0x2000, 15}};
    for (bool write : {true, false}) {
        std::vector<std::pair<uint32_t, unsigned>> seen;
        for (const auto& x : t.mon->bursts)
            if (x.write == write) {
                seen.emplace_back(x.addr, x.len);
                EXPECT_EQ(x.size, 3u);
                EXPECT_EQ(x.burst, vp::AXI4_INCR);
            }
        EXPECT_EQ(seen, expected) << (write ? "AW" : "AR");
    }
    EXPECT_GE(t.mon->max_writes, 2u);
    EXPECT_GE(t.mon->max_reads, 2u);
    EXPECT_TRUE(t.violations().empty()) << t.violations()[0].str();
}

TEST_P(RtlAxi4SramIn, TwoInitiatorsOneAfterTheOther) {
    Bench t(GetParam());
    NEED_SRAM(t);
    const auto da = pattern(512, 8), db = pattern(512, 9);
    std::vector<uint8_t> ra, rb;
    ThreadRunner ta("ta", [&] {
        for (unsigned k = 0; k < 4; ++k) {
            EXPECT_TRUE(t.a.write_bytes(0x1000 + 0x80 * k, std::vector<uint8_t>(da.begin() + 128 * k,
                                                                                da.begin() + 128 * k + 128))
                            .ok());
        }
        ra = t.a.read_bytes(0x1000, 512);
    });
    ThreadRunner tb("tb", [&] {
        wait(35, SC_NS);
        for (unsigned k = 0; k < 4; ++k)
            EXPECT_TRUE(t.b.write_bytes(0x2000 + 0x80 * k, std::vector<uint8_t>(db.begin() + 128 * k,
                                                                                db.begin() + 128 * k + 128))
                            .ok());
        rb = t.b.read_bytes(0x2000, 512);
    });
    sc_start(2, SC_MS);
    ASSERT_TRUE(ta.done && tb.done);
    EXPECT_EQ(ra, da);
    EXPECT_EQ(rb, db);
    EXPECT_TRUE(t.violations().empty()) << t.violations()[0].str();
}

INSTANTIATE_TEST_SUITE_P(ClockModes, RtlAxi4SramIn, testing::Values("exact", "on_demand", "batched"));

TEST(RtlAxi4Sram, DmiIsRefused) {
    Bench t("on_demand");
    NEED_SRAM(t);
    tlm::tlm_generic_payload gp;
    tlm::tlm_dmi dmi;
    gp.set_address(0);
    EXPECT_FALSE(t.a.socket->get_direct_mem_ptr(gp, dmi));
}
