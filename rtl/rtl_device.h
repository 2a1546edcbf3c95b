// A Verilated RTL block as a vp device: what `vp_add_rtl_model()` (cmake/vp-rtl.cmake) wraps
// around the block it Verilates. The generated source gives an RtlModelSpec (the CMake call's
// arguments) and a function that builds the Verilated module and binds its ports to RtlPins.
//
// Inside: an sc_clock of the `clock` property (first rising edge at time 0); the bus reset
// (PRESETn / ARESETn) held low until the second falling clock edge, and the block's reset pin
// driven from it (inverted for an active-high reset); a TLM-2.0 -> APB4 or -> AXI4-Lite bridge
// driving the bus pins, with the bus's protocol checker (child `checker`) watching them; each
// interrupt pin -> IrqPinAdapter -> IrqOut, in the order of the IRQS argument.
// The target socket is the bridge's: b_transport WAITS for the pin transfer, so callers must be
// SC_THREADs; transport_dbg returns 0; DMI is refused. The running sc_clock means simulated time
// always has events: run sc_start with a duration.
#pragma once
#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <vector>

#include <systemc>

#include "core/device.h"
#include "core/properties.h"
#include "tlm_bridges/apb_signals.h"
#include "tlm_bridges/axi_lite_signals.h"

namespace vp {

namespace rtl_detail {
struct BusSide;
struct IrqLine;
}  // namespace rtl_detail

enum class RtlBus { apb, axi4lite };

// The wires the block's ports bind to; `apb` or `axi` is set, as the bus says.
struct RtlPins {
    sc_core::sc_signal_in_if<bool>& clock;
    sc_core::sc_signal<bool>& reset;
    ApbSignals* apb;
    AxiLiteSignals* axi;
    std::vector<sc_core::sc_signal<bool>*> irqs;
};

struct RtlModelSpec {
    std::string model;       // the YAML `model:` name
    std::string compatible;  // the device-tree node's compatible
    std::string node_name;   // the device-tree node's name before the @address
    RtlBus bus;
    std::string default_clock;  // of the `clock` property
    std::vector<std::string> irqs;
    bool reset_active_high;
    std::unique_ptr<sc_core::sc_module> (*build)(const char* name, RtlPins& pins);
};

// The properties of every RTL model: `clock` with the default given to vp_add_rtl_model.
std::vector<PropertySpec> rtl_properties(const std::string& default_clock);

class RtlDevice : public Device {
public:
    RtlDevice(const sc_core::sc_module_name& name, const DeviceConfig& config, const RtlModelSpec& spec);
    ~RtlDevice() override;

    TargetSocket& target_socket(unsigned index) override;
    IrqOut* irq_output(unsigned index) override;
    void write_dtb(DtbWriter& dtb) const override;

    const sc_core::sc_clock& clock() const { return clk_; }

private:
    void reset_sequence();
    void drive_block_reset();

    const RtlModelSpec& spec_;
    sc_core::sc_clock clk_;
    sc_core::sc_signal<bool> resetn_{"resetn", false};
    sc_core::sc_signal<bool> block_reset_{"block_reset"};
    std::unique_ptr<rtl_detail::BusSide> bus_;
    std::deque<rtl_detail::IrqLine> irqs_;
    std::unique_ptr<sc_core::sc_module> rtl_;
};

}  // namespace vp
