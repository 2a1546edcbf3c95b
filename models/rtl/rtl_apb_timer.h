// The vp APB timer as RTL (registered as `rtl.apb_timer`): apb_timer.v, Verilated, behind a
// TLM-2.0 -> APB4 bridge. Same register map, properties, interrupt and device-tree node as the
// C++ model `apb_timer` (models/rtl/apb_timer_regs.h), so a platform swaps one for the other by
// its `model:` line.
//
// Inside: an sc_clock of the `clock` property (first rising edge at time 0), PRESETn held low
// until the second falling clock edge, an ApbBridge driving the RTL's APB pins (an ApbChecker
// watches them), and the RTL irq pin -> IrqPinAdapter -> IrqOut `irq`.
// The target socket is the bridge's: b_transport WAITS for the pin transfer, so callers must be
// SC_THREADs; transport_dbg returns 0; DMI is refused. The running sc_clock means simulated time
// always has events: run sc_start with a duration.
// Only built when Verilator is found (CMake option VP_WITH_VERILATOR).
#pragma once
#include <memory>

#include <systemc>

#include "core/device.h"
#include "tlm_bridges/apb_bridge.h"
#include "tlm_bridges/apb_checker.h"
#include "tlm_bridges/apb_signals.h"
#include "tlm_bridges/irq_pin_adapter.h"

namespace vp {

class RtlApbTimer : public Device {
public:
    RtlApbTimer(const sc_core::sc_module_name& name, const DeviceConfig& config);

    TargetSocket& target_socket(unsigned index) override;
    IrqOut* irq_output(unsigned index) override { return index == 0 ? &irq_adapter_.out : nullptr; }
    void write_dtb(DtbWriter& dtb) const override;

    const sc_core::sc_clock& clock() const { return clk_; }
    ApbChecker& checker() { return checker_; }
    ApbBridge& bridge() { return bridge_; }

private:
    void reset_sequence();

    sc_core::sc_clock clk_;
    sc_core::sc_signal<bool> presetn_{"presetn", false};
    ApbSignals apb_{"apb"};
    sc_core::sc_signal<bool> irq_pin_{"irq_pin"};
    ApbBridge bridge_{"bridge"};
    ApbChecker checker_{"checker"};
    IrqPinAdapter irq_adapter_{"irq_adapter"};
    std::unique_ptr<sc_core::sc_module> rtl_;
};

}  // namespace vp
