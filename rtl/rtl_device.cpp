#include "rtl/rtl_device.h"

#include <algorithm>
#include <optional>

#include <fmt/format.h>

#include "core/dtb_writer.h"
#include "core/error.h"
#include "rtl/rtl_config.h"
#include "tlm_bridges/apb_bridge.h"
#include "tlm_bridges/apb_checker.h"
#include "tlm_bridges/axi4_bridge.h"
#include "tlm_bridges/axi4_checker.h"
#include "tlm_bridges/axi_lite_bridge.h"
#include "tlm_bridges/axi_lite_checker.h"
#include "tlm_bridges/irq_pin_adapter.h"

namespace vp {

std::vector<PropertySpec> rtl_properties(const std::string& default_clock) {
    return {
        {"clock", PropType::frequency, default_clock, "the block's clock (and its bus clock)"},
        {"clock_mode", PropType::string, "on_demand",
         "exact: the block steps every clock period; on_demand: it runs only while not quiescent; batched: "
         "always a batch ahead (APB, AXI4-Lite blocks)"},
        {"batch", PropType::time, "",
         "how far an APB or AXI4-Lite block runs ahead of SystemC time (default: the quantum)"},
        {"trace", PropType::string, "", "a .vcd file: the waveform of the block's ports and signals"},
        {"trace_start", PropType::time, "0ps", "the simulated time the waveform starts at"},
        {"trace_stop", PropType::time, "", "the simulated time the waveform stops at (default: the end)"},
    };
}

namespace rtl_detail {

// The bus wires, the bridge that drives them and the checker that watches them.
struct BusSide {
    virtual ~BusSide() = default;
    virtual TargetSocket& socket() = 0;
    virtual void expose(RtlPins& pins) = 0;
};

struct ApbSide : BusSide {
    ApbSignals wires{"apb"};
    ApbBridge bridge{"bridge"};
    ApbChecker checker{"checker"};
    ApbSide(sc_core::sc_signal_in_if<bool>& clk, sc_core::sc_signal<bool>& resetn) {
        bridge.pclk(clk);
        bridge.presetn(resetn);
        bridge.bind(wires);
        checker.pclk(clk);
        checker.presetn(resetn);
        checker.bind(wires);
    }
    TargetSocket& socket() override { return bridge.socket; }
    void expose(RtlPins& pins) override { pins.apb = &wires; }
};

// AXI4-Lite and AXI4: the same clock and reset pins (ACLK, ARESETn), wires exposed as `Slot`.
template <class Wires, class Bridge, class Checker, Wires* RtlPins::*Slot>
struct AxiSide : BusSide {
    Wires wires;
    Bridge bridge{"bridge"};
    Checker checker{"checker"};
    AxiSide(sc_core::sc_signal_in_if<bool>& clk, sc_core::sc_signal<bool>& resetn, const char* wires_name)
        : wires(wires_name) {
        bridge.aclk(clk);
        bridge.aresetn(resetn);
        bridge.bind(wires);
        checker.aclk(clk);
        checker.aresetn(resetn);
        checker.bind(wires);
    }
    TargetSocket& socket() override { return bridge.socket; }
    void expose(RtlPins& pins) override { pins.*Slot = &wires; }
};
using AxiLiteSide = AxiSide<AxiLiteSignals, AxiLiteBridge, AxiLiteChecker, &RtlPins::axi>;
using Axi4Side = AxiSide<Axi4Signals<64>, Axi4Bridge<64>, Axi4Checker<64>, &RtlPins::axi4>;

struct IrqLine {
    sc_core::sc_signal<bool> pin;
    IrqPinAdapter adapter;
    explicit IrqLine(const std::string& name)
        : pin((name + "_pin").c_str()), adapter((name + "_adapter").c_str()) {
        adapter.pin(pin);
    }
};

}  // namespace rtl_detail

namespace {
// The `trace` property: the waveform's file, its window, and the block built to trace.
std::unique_ptr<sc_core::sc_module> make_waveform(const DeviceConfig& c, const RtlModelSpec& spec,
                                                  sc_core::sc_module& block) {
    const std::optional<RtlWaveformWindow> w =
        rtl_detail::waveform_window(c, spec, spec.waveform != nullptr, false);
    return w ? spec.waveform(block, *w) : nullptr;
}
}  // namespace

RtlDevice::RtlDevice(const sc_core::sc_module_name& name, const DeviceConfig& config,
                     const RtlModelSpec& spec)
    : Device(name, rtl_detail::with_defaults(config, spec)),
      spec_(spec),
      period_(rtl_detail::clock_period(config_, spec)),
      on_demand_(rtl_detail::clock_mode(config_, {"exact", "on_demand"}) == "on_demand") {
    if (spec.bus == RtlBus::apb)
        bus_ = std::make_unique<rtl_detail::ApbSide>(clk_, resetn_);
    else if (spec.bus == RtlBus::axi4)
        bus_ = std::make_unique<rtl_detail::Axi4Side>(clk_, resetn_, "axi4");
    else
        bus_ = std::make_unique<rtl_detail::AxiLiteSide>(clk_, resetn_, "axi");
    RtlPins pins{clk_, block_reset_, nullptr, nullptr, {}, nullptr};
    bus_->expose(pins);
    for (const std::string& irq : spec.irqs) pins.irqs.push_back(&irqs_.emplace_back(irq).pin);
    rtl_ = spec.build("rtl", pins);
    gpio_ = std::move(pins.gpio);
    if (gpio_) gpio_->on_input = [this] { restart_clock(); };
    waveform_ = make_waveform(config_, spec, *rtl_);
    block_reset_.write(spec.reset_active_high);
    to_bridge_.bind(bus_->socket());
    socket_.register_b_transport(this, &RtlDevice::b_transport);
    socket_.register_transport_dbg(this, &RtlDevice::transport_dbg);
    socket_.register_get_direct_mem_ptr(this, &RtlDevice::get_direct_mem_ptr);
    SC_HAS_PROCESS(RtlDevice);
    SC_THREAD(run_clock);
    SC_THREAD(reset_sequence);
    SC_METHOD(drive_block_reset);
    sensitive << resetn_;
    dont_initialize();
}

RtlDevice::~RtlDevice() = default;

void RtlDevice::b_transport(tlm::tlm_generic_payload& gp, sc_core::sc_time& delay) {
    ++in_flight_;
    skip_ = 0;
    backoff_ = 1;
    wake_.notify();
    to_bridge_->b_transport(gp, delay);
    --in_flight_;
}

// As an access does, with a delta notification: a GPIO input may change outside a process (a test
// before sc_start), where an immediate one is not allowed.
void RtlDevice::restart_clock() {
    skip_ = 0;
    backoff_ = 1;
    wake_.notify(sc_core::SC_ZERO_TIME);
}

unsigned RtlDevice::transport_dbg(tlm::tlm_generic_payload& gp) {
    return to_bridge_->transport_dbg(gp);
}

bool RtlDevice::get_direct_mem_ptr(tlm::tlm_generic_payload& gp, tlm::tlm_dmi& dmi) {
    return to_bridge_->get_direct_mem_ptr(gp, dmi);
}

// Rising edges at k * period, falling edges half a period later (an sc_clock's default shape).
void RtlDevice::run_clock() {
    const sc_core::sc_time high = period_ / 2, low = period_ - high;
    for (;;) {
        if (on_demand_ && quiescent()) {
            clock_stopped_ = true;
            wait(wake_);
            clock_stopped_ = false;
            const uint64_t p = period_.value(), now = sc_core::sc_time_stamp().value();
            const uint64_t next = (now + p - 1) / p * p;
            if (next > now) wait(sc_core::sc_time::from_value(next - now));
            last_state_.clear();
        }
        clk_.write(true);
        ++edges_;
        wait(high);
        clk_.write(false);
        wait(low);
    }
}

// A snapshot of the state at one rising edge, compared at the next. After a cycle that changed
// the state, the next snapshot waits twice as many cycles as the last (up to kMaxBackoff), so
// that a block busy for long (a counting timer) pays for few compares; an access starts afresh.
bool RtlDevice::quiescent() {
    constexpr unsigned kMaxBackoff = 256;
    if (in_flight_ || !resetn_.read()) {
        last_state_.clear();
        return false;
    }
    const std::span<const std::byte> now = spec_.state(*rtl_);
    if (last_state_.empty()) {
        if (skip_) {
            --skip_;
            return false;
        }
        last_state_.assign(now.begin(), now.end());
        return false;
    }
    const bool same = std::equal(now.begin(), now.end(), last_state_.begin(), last_state_.end());
    last_state_.clear();
    if (same) return true;
    skip_ = backoff_;
    backoff_ = std::min(2 * backoff_, kMaxBackoff);
    return false;
}

void RtlDevice::save_state(StateWriter& out) const {
    if (in_flight_)
        throw CheckpointError(fmt::format("{} '{}': a bus access is in flight", spec_.model, config_.name));
    out.string(spec_.model);
    out.u64(spec_.state(*rtl_).size());
    out.bytes(spec_.save(*rtl_));
    out.u64(edges_);
}

void RtlDevice::load_state(StateReader& in) {
    if (in.string() != spec_.model) in.bad("the state of another RTL model");
    if (in.u64() != spec_.state(*rtl_).size()) in.bad("the state of another build of the Verilated block");
    const std::vector<uint8_t> block = in.bytes();
    const uint64_t edges = in.u64();
    in.expect_end();
    if (!spec_.load(*rtl_, block)) in.bad("the Verilated state is not one whole saved state");
    edges_ = edges;
    if (on_demand_ && clock_stopped_) restart_clock();
}

void RtlDevice::reset_sequence() {
    wait(clk_.negedge_event());
    wait(clk_.negedge_event());
    resetn_.write(true);
}

void RtlDevice::drive_block_reset() {
    block_reset_.write(spec_.reset_active_high ? !resetn_.read() : resetn_.read());
}

TargetSocket& RtlDevice::target_socket(unsigned index) {
    if (index != 0)
        throw Error(fmt::format("{} '{}' has one region, not {}", spec_.model, config_.name, index + 1));
    return socket_;
}

IrqOut* RtlDevice::irq_output(unsigned index) {
    return index < irqs_.size() ? &irqs_[index].adapter.out : nullptr;
}

void RtlDevice::write_dtb(DtbWriter& dtb) const {
    rtl_detail::write_node(dtb, spec_, config_, period_, gpio_ != nullptr);
}

}  // namespace vp
