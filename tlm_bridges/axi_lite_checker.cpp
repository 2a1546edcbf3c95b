#include "tlm_bridges/axi_lite_checker.h"

namespace vp {

AxiLiteChecker::AxiLiteChecker(const sc_core::sc_module_name& name) : sc_core::sc_module(name) {
    SC_HAS_PROCESS(AxiLiteChecker);
    SC_METHOD(on_edge);
    sensitive << aclk.pos();
    dont_initialize();
}

void AxiLiteChecker::bind(AxiLiteSignals& s) {
    bind_axi_lite_ports(*this, s);
}

void AxiLiteChecker::on_edge() {
    if (!aresetn.read()) {
        rules_.reset();
        return;
    }
    AxiLiteSample s;
    s.awvalid = awvalid.read();
    s.awready = awready.read();
    s.wvalid = wvalid.read();
    s.wready = wready.read();
    s.bvalid = bvalid.read();
    s.bready = bready.read();
    s.arvalid = arvalid.read();
    s.arready = arready.read();
    s.rvalid = rvalid.read();
    s.rready = rready.read();
    s.awaddr = static_cast<uint32_t>(awaddr.read());
    s.wdata = static_cast<uint32_t>(wdata.read());
    s.araddr = static_cast<uint32_t>(araddr.read());
    s.rdata = static_cast<uint32_t>(rdata.read());
    s.awprot = static_cast<unsigned>(awprot.read());
    s.wstrb = static_cast<unsigned>(wstrb.read());
    s.bresp = static_cast<unsigned>(bresp.read());
    s.arprot = static_cast<unsigned>(arprot.read());
    s.rresp = static_cast<unsigned>(rresp.read());
    rules_.check(s, log_, name());
}

}  // namespace vp
