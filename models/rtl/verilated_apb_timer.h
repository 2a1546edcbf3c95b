// Factory for the Verilated apb_timer.v (compiled in its own object library, with Verilator's
// headers kept out of the rest of vp). Binds the RTL ports to the given wires.
#pragma once
#include <memory>

#include <systemc>

#include "tlm_bridges/apb_signals.h"

namespace vp::rtl {

std::unique_ptr<sc_core::sc_module> make_verilated_apb_timer(const char* name,
                                                             sc_core::sc_signal_in_if<bool>& pclk,
                                                             sc_core::sc_signal<bool>& presetn,
                                                             ApbSignals& apb, sc_core::sc_signal<bool>& irq);

}  // namespace vp::rtl
