// The rules of AXI4-Lite (ARM IHI 0022E, A3.2.1, A3.3.1, B1.1) checked on the pins sampled at one
// rising ACLK edge after another: the rule ids and texts of AxiLiteChecker (axi_lite_checker.h),
// shared by that SystemC monitor and by the C++ cycle driver of a Verilated AXI4-Lite block
// (rtl/rtl_cycle_device.h).
#pragma once
#include <cstdint>
#include <string>

#include <systemc>

#include "tlm_bridges/protocol_violation.h"

namespace vp {

struct AxiLiteSample {
    bool awvalid = false, awready = false, wvalid = false, wready = false, bvalid = false, bready = false;
    bool arvalid = false, arready = false, rvalid = false, rready = false;
    uint32_t awaddr = 0, wdata = 0, araddr = 0, rdata = 0;
    unsigned awprot = 0, wstrb = 0, bresp = 0, arprot = 0, rresp = 0;
};

// The pins of `p` (an AxiLiteChecker's ports or a C++ block's pins: members named as the
// signals, each with read()).
template <class Pins>
AxiLiteSample sample_axi_lite(const Pins& p) {
    AxiLiteSample s;
    s.awvalid = p.awvalid.read();
    s.awready = p.awready.read();
    s.wvalid = p.wvalid.read();
    s.wready = p.wready.read();
    s.bvalid = p.bvalid.read();
    s.bready = p.bready.read();
    s.arvalid = p.arvalid.read();
    s.arready = p.arready.read();
    s.rvalid = p.rvalid.read();
    s.rready = p.rready.read();
    s.awaddr = static_cast<uint32_t>(p.awaddr.read());
    s.wdata = static_cast<uint32_t>(p.wdata.read());
    s.araddr = static_cast<uint32_t>(p.araddr.read());
    s.rdata = static_cast<uint32_t>(p.rdata.read());
    s.awprot = static_cast<unsigned>(p.awprot.read());
    s.wstrb = static_cast<unsigned>(p.wstrb.read());
    s.bresp = static_cast<unsigned>(p.bresp.read());
    s.arprot = static_cast<unsigned>(p.arprot.read());
    s.rresp = static_cast<unsigned>(p.rresp.read());
    return s;
}

class AxiLiteRules {
public:
    // One rising edge (at `at`) with ARESETn high; reports to `log` under the checker's name.
    void check(const AxiLiteSample& s, ViolationLog& log, const std::string& checker,
               const sc_core::sc_time& at = sc_core::sc_time_stamp());
    void reset();  // an edge with ARESETn low

private:
    struct Channel {
        const char* name;         // "AW", "W", ...
        const char* payload_sig;  // names of the payload signals, for the report
        bool valid = false, ready = false;
        uint64_t payload = 0;
        uint64_t handshakes = 0;
    };
    void check_channel(Channel& c, bool valid, bool ready, uint64_t payload, ViolationLog& log,
                       const std::string& checker, const sc_core::sc_time& at);

    Channel aw_{"AW", "AWADDR/AWPROT"}, w_{"W", "WDATA/WSTRB"}, b_{"B", "BRESP"}, ar_{"AR", "ARADDR/ARPROT"},
        r_{"R", "RDATA/RRESP"};
};

}  // namespace vp
