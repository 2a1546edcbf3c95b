// A block Verilated with --cc (plain C++) as a vp device: what vp_add_rtl_model() wraps around an
// APB, AXI4-Lite or AXI4 block (cmake/vp-rtl.cmake). The device evaluates the block in C++ cycle
// loops, with no SystemC event per clock edge.
//
// One cycle = the bus's protocol rules checked on the pins (reported as child `checker`:
// tlm_bridges/apb_rules.h, axi_lite_rules.h, axi4_rules.h), clock high + eval, clock low + eval; the
// block's time is its edge count times the `clock` period, rising edges at the multiples of the period
// from time 0, as an sc_clock's. The bus reset (PRESETn, ARESETn) is low until the second falling edge; the
// block's reset pin follows it (inverted for an active-high reset).
//
// b_transport (no wait() inside: callers need not be SC_THREADs): the block catches up to the
// access's time, sc_time_stamp() + delay, and then runs the APB4 transfers (ARM IHI 0024C: setup,
// access, wait states while PREADY is low; one transfer per aligned word) as C++ cycles, on the same
// edges the SystemC bridge (tlm_bridges/apb_bridge.h) would use: the setup phase on the second edge
// after the access's time, or after the block's last transfer. `delay` comes back advanced to the
// edge that completed the last transfer. AXI4-Lite (ARM IHI 0022E, B1) as AxiLiteBridge drives
// it: each aligned word after the next edge the requester sees, AW and W together with BREADY
// high (or AR with RREADY high), until the B (R) handshake. AXI4 (ARM IHI 0022E A3-A5) as
// Axi4Bridge drives it (rtl_axi4_transfer.cpp): the payload's bursts (tlm_bridges/axi4_burst.h) after
// the next edge the requester sees, the next burst's address and data following each handshake on
// the same edge (several outstanding), BREADY and RREADY high, AxID 0 (one payload at a time), until
// the last burst's response. transport_dbg returns 0; DMI is refused.
// An access at a time before the block's committed time (a second core behind the first under
// temporal decoupling) runs at the block's time, later than asked: its delay says when.
//
// IRQ and GPIO outputs are sampled after each half cycle; a change at block time t reaches the
// IrqOut lines and the GPIO listeners at t: at once when t is not after sc_time_stamp() (a delta
// later inside a batch, which a rollback may still drop), else by a timed notification.
//
// Property `clock_mode`:
//   exact      the reference: the block steps one cycle per clock period on SystemC time (an event
//              per cycle), and an access catches it up to the access's time.
//   on_demand  (default) the block runs when an access catches it up; after that, while it is not
//              quiescent (its whole Verilated state changed over one idle cycle), it runs ahead of
//              SystemC time in batches of property `batch` (default: the global quantum), its
//              output changes scheduled at their times. A quiescent block is not evaluated at all
//              until an access or a GPIO input change: skipping its idle cycles changes nothing.
//   batched    always a batch ahead, without the quiescence test (a busy block pays no tests; an
//              idle one is evaluated all the same).
// Rollback: a batch starts from a snapshot of the block (--savable, rtl/rtl_savable.h). An access
// or a GPIO input change at a time inside the batch restores the snapshot, re-runs the block to that
// time, applies it, drops the output changes the batch had scheduled after it, and the block runs
// ahead again from there. Every mode gives the same register values and output times.
// A traced block (property `trace`: FILE.vcd, or FILE.fst through rtl/rtl_fst.h) steps as in
// exact, so its file is written in time order; each half cycle is dumped at its simulated time.
#pragma once
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <tlm_utils/simple_target_socket.h>
#include <systemc>

#include "core/device.h"
#include "rtl/rtl_block.h"
#include "rtl/rtl_gpio.h"
#include "rtl/rtl_model.h"
#include "tlm_bridges/apb_rules.h"
#include "tlm_bridges/axi4_rules.h"
#include "tlm_bridges/axi_lite_rules.h"
#include "tlm_bridges/protocol_violation.h"

namespace vp {

struct Axi4BurstPlan;

class RtlCycleDevice : public Device {
public:
    RtlCycleDevice(const sc_core::sc_module_name& name, const DeviceConfig& config, const RtlModelSpec& spec);
    ~RtlCycleDevice() override;

    TargetSocket& target_socket(unsigned index) override;
    IrqOut* irq_output(unsigned index) override;
    void write_dtb(DtbWriter& dtb) const override;
    // The block as of the checkpoint's time: a running batch is rolled back to it first.
    void save_state(StateWriter& out) const override;
    void load_state(StateReader& in) override;
    GpioPins* gpio_pins() override { return gpio_.get(); }

    uint64_t rising_edges() const { return evaluated_; }  // the edges the block was evaluated at
    ViolationLog& protocol_log() { return log_; }         // the bus rules' findings
    // Called with the pins each evaluated rising edge samples, before it (tests: what is on the
    // bus); a rolled-back batch's edges are seen again when they re-run.
    using PinWatcher = std::function<void(const RtlBlockPins&)>;
    void watch_pins(PinWatcher w) { watcher_ = std::move(w); }

private:
    enum class Mode { exact, on_demand, batched };
    struct Outputs {
        uint64_t irqs = 0;  // bit n: IRQS[n]
        uint32_t gpio_out = 0, gpio_oe = 0, gpio_ie = 0;
        bool operator==(const Outputs&) const = default;
    };
    struct Change {
        uint64_t time;   // SystemC time value
        uint64_t index;  // in the order the block made them
        Outputs outputs;
    };
    struct Snapshot {
        std::vector<uint8_t> block;
        uint64_t next, evaluated, generated;
        Outputs sampled;
        ApbRules apb_rules;
        AxiLiteRules axi_rules;
        Axi4Rules axi4_rules;
    };
    static constexpr unsigned kAxi4BusBytes = 8;  // BUS axi4: 64-bit data

    void b_transport(tlm::tlm_generic_payload& gp, sc_core::sc_time& delay);
    unsigned transport_dbg(tlm::tlm_generic_payload&) { return 0; }
    bool get_direct_mem_ptr(tlm::tlm_generic_payload& gp, tlm::tlm_dmi& dmi);
    bool apb_transfer(bool write, uint32_t addr, uint32_t wdata, unsigned strb, bool next, uint32_t& rdata);
    unsigned axi_write(uint32_t addr, uint32_t wdata, unsigned strb);  // the BRESP
    unsigned axi_read(uint32_t addr, uint32_t& rdata);                 // the RRESP
    tlm::tlm_response_status axi4_transfer(tlm::tlm_generic_payload& gp,
                                           const std::vector<Axi4BurstPlan>& plans);
    void check_bus(uint64_t edge);

    void end_of_simulation() override;
    uint64_t now() const { return sc_core::sc_time_stamp().value(); }
    uint64_t first_edge_at(uint64_t time) const { return (time + period_ - 1) / period_; }
    void cycle();
    void trace(uint64_t time);
    bool fst() const;  // the waveform is FST: recorded as VCD, converted at its close
    void close_trace();
    Outputs read_outputs() const;
    void sample_outputs(uint64_t time);
    void emit(uint64_t time, const Outputs& o);
    void apply(const Outputs& o);
    void deliver();  // SC_METHOD: the changes whose time has come
    void advance_to(uint64_t edge);
    void take_snapshot();
    void roll_back();
    void commit();
    void run_ahead();  // SC_METHOD: exact's next cycle, or the next batch
    void schedule_ahead();
    void set_gpio_inputs(uint32_t inputs);
    bool quiescence_test();

    const RtlModelSpec& spec_;
    tlm_utils::simple_target_socket<RtlCycleDevice> socket_{"socket"};
    std::unique_ptr<RtlBlock> block_;
    uint64_t period_, half_;  // SystemC time values
    Mode mode_;
    uint64_t batch_edges_ = 0;  // 0: from the global quantum at the first batch
    std::optional<RtlWaveformWindow> window_;
    bool tracing_ = false, trace_done_ = false;

    uint64_t next_ = 0;       // the next edge to run; the block has run the edges before it
    uint64_t committed_ = 0;  // edges before it are final; from it to next_: a batch run ahead
    uint64_t evaluated_ = 0;
    uint64_t bus_free_ = 0;  // the first edge a new access sees: after the last transfer's
    bool hop_ = false;       // exact: the delta hop to the edge done
    bool quiet_ = false;     // an idle cycle leaves the block's state as it is: idle edges are skipped
    std::optional<Snapshot> snapshot_;
    std::vector<std::byte> state_copy_;  // the quiescence test's
    Outputs sampled_;
    uint64_t generated_ = 0, delivered_ = 0;  // output changes made / delivered so far
    std::deque<Change> pending_;
    sc_core::sc_event deliver_ev_, ahead_ev_;

    ApbRules apb_rules_;
    AxiLiteRules axi_rules_;
    Axi4Rules axi4_rules_;
    ViolationLog log_;
    PinWatcher watcher_;
    std::string checker_name_;
    std::vector<IrqOut> irqs_;
    std::unique_ptr<RtlCycleGpio> gpio_;
};

}  // namespace vp
