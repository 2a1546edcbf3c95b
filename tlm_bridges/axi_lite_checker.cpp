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
    rules_.check(sample_axi_lite(*this), log_, name());
}

}  // namespace vp
