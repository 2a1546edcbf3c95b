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
    rules_.check(sample_apb(*this), log_, name());
}

}  // namespace vp
