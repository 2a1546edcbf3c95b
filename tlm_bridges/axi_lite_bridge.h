// TLM-2.0 target -> AMBA AXI4-Lite manager (master) bridge, 32-bit data, after the AMBA AXI
// and ACE Protocol Specification, ARM IHI 0022E ("AXI spec"): A3.2 handshake process, A3.3
// relationships between the channels, A3.4.4 read and write response structure, B1 AXI4-Lite.
//
// b_transport drives pins and WAITS: call it from an SC_THREAD. It syncs the annotated delay
// first (wait(delay), delay = 0) and returns after the last response handshake. Accesses are
// split into aligned 32-bit beats (one AXI4-Lite transaction per word touched, one at a time).
// Write: at a rising ACLK edge AWVALID and WVALID rise together with AWADDR/AWPROT and
// WDATA/WSTRB (byte enables -> WSTRB), and BREADY is raised; each VALID drops after the edge that
// samples its READY high; the write ends at the edge that samples BVALID high (BREADY is then
// lowered). Read: ARVALID with ARADDR/ARPROT and RREADY; ends at the edge that samples RVALID.
// The read and write paths are independent (each has its own lock): one thread's read can be
// in flight while another thread's write is.
// Responses: OKAY -> TLM_OK_RESPONSE, SLVERR -> TLM_GENERIC_ERROR_RESPONSE, DECERR ->
// TLM_ADDRESS_ERROR_RESPONSE; EXOKAY (not allowed in AXI4-Lite, AXI spec B1.1) is taken as OK
// (the AxiLiteChecker reports it). The first failing beat ends the access.
// transport_dbg returns 0 (no pin-level debug access); DMI is refused.
#pragma once
#include <cstdint>

#include <tlm_utils/simple_target_socket.h>
#include <systemc>
#include <tlm>

#include "tlm_bridges/axi_lite_signals.h"

namespace vp {

class AxiLiteBridge : public sc_core::sc_module {
public:
    tlm_utils::simple_target_socket<AxiLiteBridge> socket{"socket"};

    sc_core::sc_in<bool> aclk{"aclk"};
    sc_core::sc_in<bool> aresetn{"aresetn"};
    sc_core::sc_out<bool> awvalid{"awvalid"};
    sc_core::sc_in<bool> awready{"awready"};
    sc_core::sc_out<sc_dt::sc_uint<32>> awaddr{"awaddr"};
    sc_core::sc_out<sc_dt::sc_uint<3>> awprot{"awprot"};
    sc_core::sc_out<bool> wvalid{"wvalid"};
    sc_core::sc_in<bool> wready{"wready"};
    sc_core::sc_out<sc_dt::sc_uint<32>> wdata{"wdata"};
    sc_core::sc_out<sc_dt::sc_uint<4>> wstrb{"wstrb"};
    sc_core::sc_in<bool> bvalid{"bvalid"};
    sc_core::sc_out<bool> bready{"bready"};
    sc_core::sc_in<sc_dt::sc_uint<2>> bresp{"bresp"};
    sc_core::sc_out<bool> arvalid{"arvalid"};
    sc_core::sc_in<bool> arready{"arready"};
    sc_core::sc_out<sc_dt::sc_uint<32>> araddr{"araddr"};
    sc_core::sc_out<sc_dt::sc_uint<3>> arprot{"arprot"};
    sc_core::sc_in<bool> rvalid{"rvalid"};
    sc_core::sc_out<bool> rready{"rready"};
    sc_core::sc_in<sc_dt::sc_uint<32>> rdata{"rdata"};
    sc_core::sc_in<sc_dt::sc_uint<2>> rresp{"rresp"};

    explicit AxiLiteBridge(const sc_core::sc_module_name& name);
    void bind(AxiLiteSignals& s);                        // every pin except ACLK and ARESETn
    void set_prot(unsigned prot) { prot_ = prot & 7u; }  // AxPROT (AXI spec A4.7), default 0

    // TLM response for an xRESP value.
    static tlm::tlm_response_status response_for(unsigned resp);

private:
    void b_transport(tlm::tlm_generic_payload& gp, sc_core::sc_time& delay);
    unsigned transport_dbg(tlm::tlm_generic_payload& gp);
    bool get_direct_mem_ptr(tlm::tlm_generic_payload& gp, tlm::tlm_dmi& dmi);
    unsigned write_beat(uint32_t addr, uint32_t data, unsigned strb);  // returns BRESP
    unsigned read_beat(uint32_t addr, uint32_t& data);                 // returns RRESP
    void end_of_elaboration() override;

    sc_core::sc_mutex read_mutex_, write_mutex_;
    unsigned prot_ = 0;
};

}  // namespace vp
