#include "tlm_bridges/axi4_checker.h"

namespace vp {

template <unsigned DataBits>
Axi4Checker<DataBits>::Axi4Checker(const sc_core::sc_module_name& name) : sc_core::sc_module(name) {
    SC_HAS_PROCESS(Axi4Checker);
    SC_METHOD(on_edge);
    sensitive << aclk.pos();
    dont_initialize();
}

template <unsigned DataBits>
void Axi4Checker<DataBits>::bind(Axi4Signals<DataBits>& s) {
    bind_axi4_ports(*this, s);
}

template <unsigned DataBits>
void Axi4Checker<DataBits>::on_edge() {
    if (!aresetn.read())
        rules_.check_reset(sample_axi4(*this), log_, name());
    else
        rules_.check(sample_axi4(*this), log_, name());
}

template class Axi4Checker<32>;
template class Axi4Checker<64>;

}  // namespace vp
