#include "tlm_bridges/apb_checker.h"

namespace vp {

ApbChecker::ApbChecker(const sc_core::sc_module_name& name) : sc_core::sc_module(name) {
    SC_HAS_PROCESS(ApbChecker);
    SC_METHOD(on_edge);
    sensitive << pclk.pos();
    dont_initialize();
}

void ApbChecker::bind(ApbSignals& s) {
    bind_apb_ports(*this, s);
}

void ApbChecker::on_edge() {
    if (!presetn.read()) {
        rules_.reset();
        return;
    }
    ApbSample s;
    s.psel = psel.read();
    s.penable = penable.read();
    s.pwrite = pwrite.read();
    s.pready = pready.read();
    s.paddr = static_cast<uint32_t>(paddr.read());
    s.pwdata = static_cast<uint32_t>(pwdata.read());
    s.pstrb = static_cast<unsigned>(pstrb.read());
    s.pprot = static_cast<unsigned>(pprot.read());
    rules_.check(s, log_, name());
}

}  // namespace vp
