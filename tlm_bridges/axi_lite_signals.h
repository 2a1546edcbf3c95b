// The wires of one AMBA AXI4-Lite interface (AMBA AXI and ACE Protocol Specification, ARM IHI
// 0022E, part B1 "AMBA AXI4-Lite"), 32-bit data, as SystemC signals: 1-bit pins bool, wider
// pins sc_uint<N>. Bind a manager (vp::AxiLiteBridge), a subordinate and a checker to one set.
#pragma once
#include <string>

#include <systemc>

namespace vp {

struct AxiLiteSignals {
    explicit AxiLiteSignals(const std::string& p = "axi")
        : awvalid((p + "_awvalid").c_str()),
          awready((p + "_awready").c_str()),
          awaddr((p + "_awaddr").c_str()),
          awprot((p + "_awprot").c_str()),
          wvalid((p + "_wvalid").c_str()),
          wready((p + "_wready").c_str()),
          wdata((p + "_wdata").c_str()),
          wstrb((p + "_wstrb").c_str()),
          bvalid((p + "_bvalid").c_str()),
          bready((p + "_bready").c_str()),
          bresp((p + "_bresp").c_str()),
          arvalid((p + "_arvalid").c_str()),
          arready((p + "_arready").c_str()),
          araddr((p + "_araddr").c_str()),
          arprot((p + "_arprot").c_str()),
          rvalid((p + "_rvalid").c_str()),
          rready((p + "_rready").c_str()),
          rdata((p + "_rdata").c_str()),
          rresp((p + "_rresp").c_str()) {}

    // Write address channel.
    sc_core::sc_signal<bool> awvalid, awready;
    sc_core::sc_signal<sc_dt::sc_uint<32>> awaddr;
    sc_core::sc_signal<sc_dt::sc_uint<3>> awprot;
    // Write data channel.
    sc_core::sc_signal<bool> wvalid, wready;
    sc_core::sc_signal<sc_dt::sc_uint<32>> wdata;
    sc_core::sc_signal<sc_dt::sc_uint<4>> wstrb;
    // Write response channel.
    sc_core::sc_signal<bool> bvalid, bready;
    sc_core::sc_signal<sc_dt::sc_uint<2>> bresp;
    // Read address channel.
    sc_core::sc_signal<bool> arvalid, arready;
    sc_core::sc_signal<sc_dt::sc_uint<32>> araddr;
    sc_core::sc_signal<sc_dt::sc_uint<3>> arprot;
    // Read data channel.
    sc_core::sc_signal<bool> rvalid, rready;
    sc_core::sc_signal<sc_dt::sc_uint<32>> rdata;
    sc_core::sc_signal<sc_dt::sc_uint<2>> rresp;
};

// xRESP encodings (AXI spec A3.4.4).
enum AxiResp : unsigned { AXI_OKAY = 0, AXI_EXOKAY = 1, AXI_SLVERR = 2, AXI_DECERR = 3 };

// Binds every pin of a module whose ports carry the signal names (bridge, checker, test
// slave) to one signal bundle.
template <class Module>
void bind_axi_lite_ports(Module& m, AxiLiteSignals& s) {
    m.awvalid(s.awvalid);
    m.awready(s.awready);
    m.awaddr(s.awaddr);
    m.awprot(s.awprot);
    m.wvalid(s.wvalid);
    m.wready(s.wready);
    m.wdata(s.wdata);
    m.wstrb(s.wstrb);
    m.bvalid(s.bvalid);
    m.bready(s.bready);
    m.bresp(s.bresp);
    m.arvalid(s.arvalid);
    m.arready(s.arready);
    m.araddr(s.araddr);
    m.arprot(s.arprot);
    m.rvalid(s.rvalid);
    m.rready(s.rready);
    m.rdata(s.rdata);
    m.rresp(s.rresp);
}

}  // namespace vp
