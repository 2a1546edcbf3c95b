#include "tlm_bridges/axi_lite_rules.h"

#include <algorithm>

#include <fmt/format.h>

#include "tlm_bridges/axi_lite_signals.h"

namespace vp {

void AxiLiteRules::reset() {
    for (Channel* c : {&aw_, &w_, &b_, &ar_, &r_}) *c = Channel{c->name, c->payload_sig};
}

// `c` holds the previous edge's sample.
void AxiLiteRules::check_channel(Channel& c, bool valid, bool ready, uint64_t payload, ViolationLog& log,
                                 const std::string& checker, const sc_core::sc_time& at) {
    const bool waiting = c.valid && !c.ready;  // VALID was up without a handshake at the last edge
    if (waiting && !valid)
        log.report(
            checker, fmt::format("{}VALID", c.name), "axi.valid_dropped",
            fmt::format("{0}VALID, once asserted, must remain asserted until {0}READY is high at a rising "
                        "clock edge",
                        c.name),
            at);
    if (waiting && valid && payload != c.payload)
        log.report(
            checker, c.payload_sig, "axi.payload_unstable",
            fmt::format("the {} channel payload must remain stable while {}VALID is high and {}READY is low "
                        "(was {:#x}, now {:#x})",
                        c.name, c.name, c.name, c.payload, payload),
            at);
    c.valid = valid;
    c.ready = ready;
    c.payload = payload;
}

void AxiLiteRules::check(const AxiLiteSample& s, ViolationLog& log, const std::string& checker,
                         const sc_core::sc_time& at) {
    const auto violation = [&](const char* signal, const char* rule, const char* text) {
        log.report(checker, signal, rule, text, at);
    };
    const bool bv = s.bvalid, rv = s.rvalid;
    // Dependencies: the handshake counts are those of earlier edges (a VALID seen now was raised
    // after the previous edge).
    if (bv && !(b_.valid && !b_.ready) && std::min(aw_.handshakes, w_.handshakes) <= b_.handshakes)
        violation("BVALID", "axi.bvalid_early",
                  "the subordinate asserts BVALID only after both the AW and the W handshakes of the write");
    if (rv && !(r_.valid && !r_.ready) && ar_.handshakes <= r_.handshakes)
        violation("RVALID", "axi.rvalid_early", "the subordinate asserts RVALID only after the AR handshake");
    if (bv && s.bresp == AXI_EXOKAY && !(b_.valid && !b_.ready))
        violation("BRESP", "axi.exokay_in_lite", "AXI4-Lite does not support exclusive accesses: no EXOKAY");
    if (rv && s.rresp == AXI_EXOKAY && !(r_.valid && !r_.ready))
        violation("RRESP", "axi.exokay_in_lite", "AXI4-Lite does not support exclusive accesses: no EXOKAY");

    const auto u = [](auto v) { return static_cast<uint64_t>(v); };
    check_channel(aw_, s.awvalid, s.awready, u(s.awaddr) | u(s.awprot) << 32, log, checker, at);
    check_channel(w_, s.wvalid, s.wready, u(s.wdata) | u(s.wstrb) << 32, log, checker, at);
    check_channel(b_, bv, s.bready, u(s.bresp), log, checker, at);
    check_channel(ar_, s.arvalid, s.arready, u(s.araddr) | u(s.arprot) << 32, log, checker, at);
    check_channel(r_, rv, s.rready, u(s.rdata) | u(s.rresp) << 32, log, checker, at);
    for (Channel* c : {&aw_, &w_, &b_, &ar_, &r_})
        if (c->valid && c->ready) ++c->handshakes;
}

}  // namespace vp
