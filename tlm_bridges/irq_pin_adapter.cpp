#include "tlm_bridges/irq_pin_adapter.h"

namespace vp {

IrqPinAdapter::IrqPinAdapter(const sc_core::sc_module_name& name) : sc_core::sc_module(name) {
    SC_HAS_PROCESS(IrqPinAdapter);
    SC_METHOD(update);
    sensitive << pin;
}

void IrqPinAdapter::update() {
    out.set(pin.read());
}

}  // namespace vp
