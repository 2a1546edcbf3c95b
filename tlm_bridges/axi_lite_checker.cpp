#include "tlm_bridges/axi_lite_checker.h"

#include <algorithm>

#include <fmt/format.h>

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

void AxiLiteChecker::violation(const std::string& signal, const char* rule, const std::string& text) {
    log_.report(name(), signal, rule, text);
}

// `c` holds the previous edge's sample.
void AxiLiteChecker::check_channel(Channel& c, bool valid, bool ready, uint64_t payload) {
    const bool waiting = c.valid && !c.ready;  // VALID was up without a handshake at the last edge
    if (waiting && !valid)
        violation(
            fmt::format("{}VALID", c.name), "axi.valid_dropped",
            fmt::format("{0}VALID, once asserted, must remain asserted until {0}READY is high at a rising "
                        "clock edge",
                        c.name));
    if (waiting && valid && payload != c.payload)
        violation(
            c.payload_sig, "axi.payload_unstable",
            fmt::format("the {} channel payload must remain stable while {}VALID is high and {}READY is low "
                        "(was {:#x}, now {:#x})",
                        c.name, c.name, c.name, c.payload, payload));
    c.valid = valid;
    c.ready = ready;
    c.payload = payload;
}

void AxiLiteChecker::on_edge() {
    if (!aresetn.read()) {
        for (Channel* c : {&aw_, &w_, &b_, &ar_, &r_}) *c = Channel{c->name, c->payload_sig};
        return;
    }
    const bool bv = bvalid.read(), rv = rvalid.read();
    // Dependencies: the handshake counts are those of earlier edges (a VALID seen now was raised
    // after the previous edge).
    if (bv && !(b_.valid && !b_.ready) && std::min(aw_.handshakes, w_.handshakes) <= b_.handshakes)
        violation("BVALID", "axi.bvalid_early",
                  "the subordinate asserts BVALID only after both the AW and the W handshakes of the write");
    if (rv && !(r_.valid && !r_.ready) && ar_.handshakes <= r_.handshakes)
        violation("RVALID", "axi.rvalid_early", "the subordinate asserts RVALID only after the AR handshake");
    if (bv && bresp.read() == AXI_EXOKAY && !(b_.valid && !b_.ready))
        violation("BRESP", "axi.exokay_in_lite", "AXI4-Lite does not support exclusive accesses: no EXOKAY");
    if (rv && rresp.read() == AXI_EXOKAY && !(r_.valid && !r_.ready))
        violation("RRESP", "axi.exokay_in_lite", "AXI4-Lite does not support exclusive accesses: no EXOKAY");

    auto u = [](auto v) { return static_cast<uint64_t>(v); };
    check_channel(aw_, awvalid.read(), awready.read(), u(awaddr.read()) | u(awprot.read()) << 32);
    check_channel(w_, wvalid.read(), wready.read(), u(wdata.read()) | u(wstrb.read()) << 32);
    check_channel(b_, bv, bready.read(), u(bresp.read()));
    check_channel(ar_, arvalid.read(), arready.read(), u(araddr.read()) | u(arprot.read()) << 32);
    check_channel(r_, rv, rready.read(), u(rdata.read()) | u(rresp.read()) << 32);
    for (Channel* c : {&aw_, &w_, &b_, &ar_, &r_})
        if (c->valid && c->ready) ++c->handshakes;
}

}  // namespace vp
