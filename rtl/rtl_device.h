// A Verilated SystemC (--sc) RTL block as a vp device: what `vp_add_rtl_model()`
// (cmake/vp-rtl.cmake) wraps around an AXI4 block (APB and AXI4-Lite blocks are Verilated --cc
// and driven in C++ cycles instead: rtl/rtl_cycle_device.h, which shares RtlModelSpec). The
// generated source gives an RtlModelSpec (the CMake call's arguments) and a function that builds
// the Verilated module and binds its ports to RtlPins.
//
// Inside: a clock of the `clock` property (rising edges at the multiples of its period from
// time 0, high for the first half); the bus reset (ARESETn) held low until the second falling
// clock edge, and the block's reset pin driven from it (inverted for an active-high reset); a
// TLM-2.0 -> AXI4-Lite bridge (or -> AXI4, 64-bit data: tlm_bridges/axi4_bridge.h, bursts and
// several accesses in flight) driving the bus pins, with the bus's protocol checker (child
// `checker`) watching them; each interrupt pin -> IrqPinAdapter -> IrqOut, in the order of the
// IRQS argument; the GPIO ports, if the block has them, as its gpio_pins() (rtl/rtl_gpio.h).
// The target socket's b_transport passes the access to the bridge, which WAITS for the pin
// transfer, so callers must be SC_THREADs; transport_dbg returns 0; DMI is refused. (The APB and
// AXI4-Lite sides are kept for RtlModelSpec::bus apb and axi4lite, which the generated sources no
// longer build here.)
//
// Property `clock_mode` (`batched` is refused here: C++ cycle blocks only):
//   exact      the clock toggles at every edge for the whole run (an event per edge).
//   on_demand  the same edges, but the clock stops while the block is quiescent: no bus access
//              in flight, reset released, and the block's whole Verilated state (its root
//              object, which holds every register and a copy of every input) the same after a
//              cycle as before it. Such a block stays the same on every further idle cycle, so
//              skipping them changes no register value and no interrupt time. A bus access
//              restarts the clock on its next edge of the same grid. A block that changes on
//              every cycle (a running counter) keeps it running, as in exact. While the state
//              keeps changing the compares are spaced out (up to 256 cycles apart), so the clock
//              may run that much longer than needed; an access resets the spacing. A change
//              of a GPIO input restarts the clock as an access does.
// A running clock means simulated time always has events: run sc_start with a duration.
#pragma once
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>
#include <systemc>

#include "core/device.h"
#include "core/properties.h"
#include "rtl/rtl_block.h"
#include "rtl/rtl_gpio.h"
#include "tlm_bridges/apb_signals.h"
#include "tlm_bridges/axi4_signals.h"
#include "tlm_bridges/axi_lite_signals.h"

namespace vp {

namespace rtl_detail {
struct BusSide;
struct IrqLine;
}  // namespace rtl_detail

enum class RtlBus { apb, axi4lite, axi4 };

// The wires the block's ports bind to; `apb`, `axi` or `axi4` is set, as the bus says.
struct RtlPins {
    sc_core::sc_signal_in_if<bool>& clock;
    sc_core::sc_signal<bool>& reset;
    ApbSignals* apb;
    AxiLiteSignals* axi;
    std::vector<sc_core::sc_signal<bool>*> irqs;
    Axi4Signals<64>* axi4 = nullptr;
    std::unique_ptr<RtlGpio> gpio = nullptr;  // made by the build function for a block with GPIO ports
};

// An extra property of the block's device-tree node (vp_add_rtl_model DTB_PROPERTIES): empty,
// a string, or cells, each a number or the phandle DtbWriter::phandle() gives a name.
struct RtlDtbCell {
    uint32_t value;
    const char* phandle_of;  // not null: the cell is dtb.phandle(phandle_of)
};
struct RtlDtbProperty {
    std::string name;
    std::vector<std::string> strings;
    std::vector<RtlDtbCell> cells;
};

// The file and the simulated-time window of a block's waveform (rtl/rtl_waveform.h).
struct RtlWaveformWindow {
    std::string path;
    uint64_t start_ps;
    std::optional<uint64_t> stop_ps;  // none: to the end of the run
};

struct RtlGpioShape {
    unsigned pins = 0;  // 0: no GPIO ports
    bool has_out = false, has_oe = false, has_ie = false;
};

struct RtlModelSpec {
    std::string model;                    // the YAML `model:` name
    std::vector<std::string> compatible;  // the device-tree node's compatible
    std::string node_name;                // the device-tree node's name before the @address
    RtlBus bus;
    std::string default_clock;  // of the `clock` property
    std::vector<std::string> irqs;
    bool reset_active_high;
    std::vector<RtlDtbProperty> dtb_properties;
    std::unique_ptr<sc_core::sc_module> (*build)(const char* name, RtlPins& pins);
    // The bytes of the Verilated block's state (its root object).
    std::span<const std::byte> (*state)(sc_core::sc_module& block);
    // The block's waveform recorder, a child module; nullptr: Verilated without tracing.
    std::unique_ptr<sc_core::sc_module> (*waveform)(sc_core::sc_module& block, const RtlWaveformWindow& w);
    // The block's state by Verilator's --savable (rtl/rtl_savable.h); load returns false when the
    // bytes were not exactly one saved state.
    std::vector<uint8_t> (*save)(sc_core::sc_module& block);
    bool (*load)(sc_core::sc_module& block, std::span<const uint8_t> bytes);
    // Verilated with --cc (BUS apb): the block RtlCycleDevice drives (rtl/rtl_cycle_device.h);
    // `build` to `load` above are null. GPIO ports as vp_add_rtl_model's GPIO_* arguments.
    std::unique_ptr<RtlBlock> (*make_block)() = nullptr;
    RtlGpioShape gpio = {};
};

// The properties of every RTL model: `clock` with the default given to vp_add_rtl_model, and
// `clock_mode`, and the waveform's `trace`, `trace_start` and `trace_stop` (rtl/rtl_waveform.h).
std::vector<PropertySpec> rtl_properties(const std::string& default_clock);

class RtlDevice : public Device {
public:
    RtlDevice(const sc_core::sc_module_name& name, const DeviceConfig& config, const RtlModelSpec& spec);
    ~RtlDevice() override;

    TargetSocket& target_socket(unsigned index) override;
    IrqOut* irq_output(unsigned index) override;
    void write_dtb(DtbWriter& dtb) const override;
    // At a checkpoint boundary (no access in flight): the Verilated state and the clock's edge
    // count. Loading restarts a stopped on_demand clock on its grid: the Verilated block writes
    // its outputs (IRQ and GPIO pins) at each evaluation, so the first edge drives them from the
    // loaded state, and a quiescent block stops again (an idle cycle changes nothing).
    void save_state(StateWriter& out) const override;
    void load_state(StateReader& in) override;
    GpioPins* gpio_pins() override { return gpio_.get(); }

    const sc_core::sc_signal<bool>& clock() const { return clk_; }
    uint64_t rising_edges() const { return edges_; }  // the clock's rising edges so far

private:
    void b_transport(tlm::tlm_generic_payload& gp, sc_core::sc_time& delay);
    unsigned transport_dbg(tlm::tlm_generic_payload& gp);
    bool get_direct_mem_ptr(tlm::tlm_generic_payload& gp, tlm::tlm_dmi& dmi);
    void run_clock();
    bool quiescent();  // at a rising edge: the last cycle changed nothing (on_demand)
    void reset_sequence();
    void drive_block_reset();
    void restart_clock();  // a GPIO input changed: the block may have work (on_demand)

    const RtlModelSpec& spec_;
    tlm_utils::simple_target_socket<RtlDevice> socket_{"socket"};
    tlm_utils::simple_initiator_socket<RtlDevice> to_bridge_{"to_bridge"};
    sc_core::sc_time period_;
    bool on_demand_;
    sc_core::sc_signal<bool> clk_{"clk"};
    sc_core::sc_event wake_;
    bool clock_stopped_ = false;  // on_demand: run_clock waits for wake_
    unsigned in_flight_ = 0;
    uint64_t edges_ = 0;
    std::vector<std::byte> last_state_;  // empty: no snapshot taken
    unsigned skip_ = 0, backoff_ = 1;    // edges before the next snapshot; the next skip
    sc_core::sc_signal<bool> resetn_{"resetn", false};
    sc_core::sc_signal<bool> block_reset_{"block_reset"};
    std::unique_ptr<rtl_detail::BusSide> bus_;
    std::deque<rtl_detail::IrqLine> irqs_;
    std::unique_ptr<sc_core::sc_module> rtl_;
    std::unique_ptr<RtlGpio> gpio_;
    std::unique_ptr<sc_core::sc_module> waveform_;  // property `trace`
};

}  // namespace vp
