// A pin-level interrupt wire (sc_in<bool>, e.g. an RTL model's irq output) driving a platform
// interrupt line (vp::IrqOut). The level follows the pin; the IrqOut is updated in the delta
// cycle in which the pin changes, and once at the start of simulation.
#pragma once
#include <systemc>

#include "core/irq.h"

namespace vp {

class IrqPinAdapter : public sc_core::sc_module {
public:
    sc_core::sc_in<bool> pin{"pin"};
    IrqOut out;

    explicit IrqPinAdapter(const sc_core::sc_module_name& name);

private:
    void update();
};

}  // namespace vp
