// A passive monitor of one AMBA AXI4-Lite interface. At every rising ACLK edge with ARESETn
// high it samples the five channels and checks the rules of the AMBA AXI and ACE Protocol
// Specification, ARM IHI 0022E ("AXI spec"), by AxiLiteRules. Rule ids (the report names the signal):
//   axi.valid_dropped      xVALID deasserted before the handshake: once VALID is asserted it
//                          stays asserted until the rising edge at which READY is high (A3.2.1).
//   axi.payload_unstable   the channel's payload (AWADDR/AWPROT, WDATA/WSTRB, BRESP, ARADDR/
//                          ARPROT, RDATA/RRESP) changed while VALID was high and READY low (A3.2.1).
//   axi.bvalid_early       BVALID asserted before both the write address and the write data
//                          handshakes of that write (A3.3.1, Figure A3-7 dependencies).
//   axi.rvalid_early       RVALID asserted before the read address handshake (A3.3.1).
//   axi.exokay_in_lite     BRESP/RRESP = EXOKAY, which AXI4-Lite does not support (B1.1).
// The pin types are two-valued, so there is no X check.
#pragma once
#include <cstdint>

#include <systemc>

#include "tlm_bridges/axi_lite_rules.h"
#include "tlm_bridges/axi_lite_signals.h"
#include "tlm_bridges/protocol_violation.h"

namespace vp {

class AxiLiteChecker : public sc_core::sc_module {
public:
    sc_core::sc_in<bool> aclk{"aclk"};
    sc_core::sc_in<bool> aresetn{"aresetn"};
    sc_core::sc_in<bool> awvalid{"awvalid"}, awready{"awready"};
    sc_core::sc_in<sc_dt::sc_uint<32>> awaddr{"awaddr"};
    sc_core::sc_in<sc_dt::sc_uint<3>> awprot{"awprot"};
    sc_core::sc_in<bool> wvalid{"wvalid"}, wready{"wready"};
    sc_core::sc_in<sc_dt::sc_uint<32>> wdata{"wdata"};
    sc_core::sc_in<sc_dt::sc_uint<4>> wstrb{"wstrb"};
    sc_core::sc_in<bool> bvalid{"bvalid"}, bready{"bready"};
    sc_core::sc_in<sc_dt::sc_uint<2>> bresp{"bresp"};
    sc_core::sc_in<bool> arvalid{"arvalid"}, arready{"arready"};
    sc_core::sc_in<sc_dt::sc_uint<32>> araddr{"araddr"};
    sc_core::sc_in<sc_dt::sc_uint<3>> arprot{"arprot"};
    sc_core::sc_in<bool> rvalid{"rvalid"}, rready{"rready"};
    sc_core::sc_in<sc_dt::sc_uint<32>> rdata{"rdata"};
    sc_core::sc_in<sc_dt::sc_uint<2>> rresp{"rresp"};

    explicit AxiLiteChecker(const sc_core::sc_module_name& name);
    void bind(AxiLiteSignals& s);  // every pin except ACLK and ARESETn

    ViolationLog& log() { return log_; }
    const std::vector<ProtocolViolation>& violations() const { return log_.violations(); }

private:
    void on_edge();

    AxiLiteRules rules_;
    ViolationLog log_;
};

}  // namespace vp
