// The rules of AXI4 (ARM IHI 0022E) checked on the pins sampled at one rising ACLK edge after
// another: the rule ids and texts of Axi4Checker (axi4_checker.h), shared by that SystemC monitor
// and by the C++ cycle driver of a Verilated AXI4 block (rtl/rtl_cycle_device.h).
#pragma once
#include <array>
#include <cstdint>
#include <deque>
#include <map>
#include <string>

#include <systemc>

#include "tlm_bridges/protocol_violation.h"

namespace vp {

struct Axi4AddrSample {
    bool valid = false, ready = false, lock = false;
    unsigned id = 0, len = 0, size = 0, burst = 0, cache = 0, prot = 0, qos = 0, region = 0;
    uint32_t addr = 0;
};

struct Axi4Sample {
    Axi4AddrSample aw, ar;
    bool wvalid = false, wready = false, wlast = false, bvalid = false, bready = false;
    bool rvalid = false, rready = false, rlast = false;
    uint64_t wdata = 0, rdata = 0;
    unsigned wstrb = 0, bid = 0, bresp = 0, rid = 0, rresp = 0;
};

// The pins of `p` (an Axi4Checker's ports or a C++ block's pins: members named as the signals,
// awvalid ... rlast, each with read()).
template <class Pins>
Axi4Sample sample_axi4(const Pins& p) {
    const auto u = [](const auto& pin) { return static_cast<unsigned>(pin.read()); };
#define VP_AXI4_SAMPLE_ADDR(x)                           \
    Axi4AddrSample{static_cast<bool>(p.x##valid.read()), \
                   static_cast<bool>(p.x##ready.read()), \
                   static_cast<bool>(p.x##lock.read()),  \
                   u(p.x##id),                           \
                   u(p.x##len),                          \
                   u(p.x##size),                         \
                   u(p.x##burst),                        \
                   u(p.x##cache),                        \
                   u(p.x##prot),                         \
                   u(p.x##qos),                          \
                   u(p.x##region),                       \
                   static_cast<uint32_t>(p.x##addr.read())}
    Axi4Sample s{VP_AXI4_SAMPLE_ADDR(aw), VP_AXI4_SAMPLE_ADDR(ar)};
#undef VP_AXI4_SAMPLE_ADDR
    s.wvalid = p.wvalid.read();
    s.wready = p.wready.read();
    s.wlast = p.wlast.read();
    s.bvalid = p.bvalid.read();
    s.bready = p.bready.read();
    s.rvalid = p.rvalid.read();
    s.rready = p.rready.read();
    s.rlast = p.rlast.read();
    s.wdata = static_cast<uint64_t>(p.wdata.read());
    s.rdata = static_cast<uint64_t>(p.rdata.read());
    s.wstrb = u(p.wstrb);
    s.bid = u(p.bid);
    s.bresp = u(p.bresp);
    s.rid = u(p.rid);
    s.rresp = u(p.rresp);
    return s;
}

class Axi4Rules {
public:
    explicit Axi4Rules(unsigned data_bits = 64) : data_bits_(data_bits) {}

    // One rising edge (at `at`) with ARESETn high; reports to `log` under the checker's name.
    void check(const Axi4Sample& s, ViolationLog& log, const std::string& checker,
               const sc_core::sc_time& at = sc_core::sc_time_stamp());
    // One rising edge with ARESETn low: every VALID must be low (A3.1.2); the state starts afresh.
    void check_reset(const Axi4Sample& s, ViolationLog& log, const std::string& checker,
                     const sc_core::sc_time& at = sc_core::sc_time_stamp());
    void reset();

private:
    using Payload = std::array<uint64_t, 2>;
    struct Channel {
        const char* name;         // "AW", "W", ...
        const char* payload_sig;  // the payload signals, for the report
        bool valid = false, ready = false;
        Payload payload{};
    };
    struct Report {
        ViolationLog& log;
        const std::string& checker;
        const sc_core::sc_time& at;
        void operator()(const std::string& signal, const char* rule, const std::string& text) const {
            log.report(checker, signal, rule, text, at);
        }
    };
    bool check_channel(Channel& c, bool valid, bool ready, const Payload& payload,
                       const Report& violation);  // true: a handshake
    void check_addr(const char* ch, const Axi4AddrSample& a, const Report& violation) const;
    void check_w_burst(unsigned beats, unsigned expected, const Report& violation) const;

    unsigned data_bits_;
    Channel aw_{"AW", "AWID/AWADDR/AWLEN/AWSIZE/AWBURST/AWLOCK/AWCACHE/AWPROT/AWQOS/AWREGION"},
        w_{"W", "WDATA/WSTRB/WLAST"}, b_{"B", "BID/BRESP"},
        ar_{"AR", "ARID/ARADDR/ARLEN/ARSIZE/ARBURST/ARLOCK/ARCACHE/ARPROT/ARQOS/ARREGION"},
        r_{"R", "RID/RDATA/RRESP/RLAST"};
    std::deque<unsigned> aw_beats_;     // beats of the AW bursts whose data have not all been seen
    std::deque<unsigned> w_unmatched_;  // beats of W bursts ended (WLAST) before their AW
    unsigned w_count_ = 0;              // W beats of the current burst so far
    uint64_t w_bursts_done_ = 0, b_done_ = 0;
    std::map<unsigned, unsigned> writes_;             // per AWID: write responses outstanding
    std::map<unsigned, std::deque<unsigned>> reads_;  // per ARID: beats of the outstanding reads
    std::map<unsigned, unsigned> r_count_;            // per RID: beats of the current read burst
};

}  // namespace vp
