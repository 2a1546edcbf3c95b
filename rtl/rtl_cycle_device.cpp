#include "rtl/rtl_cycle_device.h"

#include <algorithm>
#include <filesystem>

#include <fmt/format.h>

#include <tlm>

#include "core/error.h"
#include "core/trace.h"
#include "rtl/rtl_config.h"
#include "rtl/rtl_fst.h"
#include "tlm_bridges/axi4_burst.h"
#include "tlm_bridges/axi_lite_bridge.h"
#include "tlm_bridges/beat_split.h"

namespace vp {

namespace {
// PRESETn is low until the second falling edge: the first edge it is high at.
constexpr uint64_t kResetEdges = 2;
// A completer that never raises PREADY: the transfer ends with an error after this many wait states.
constexpr unsigned kMaxWaitStates = 1u << 20;

sc_core::sc_time at_value(uint64_t v) {
    return sc_core::sc_time::from_value(v);
}

std::string time_unit() {
    std::string unit = sc_core::sc_get_time_resolution().to_string();
    unit.erase(std::remove(unit.begin(), unit.end(), ' '), unit.end());
    return unit;
}
}  // namespace

RtlCycleDevice::RtlCycleDevice(const sc_core::sc_module_name& name, const DeviceConfig& config,
                               const RtlModelSpec& spec)
    : Device(name, rtl_detail::with_defaults(config, spec)),
      spec_(spec),
      block_(spec.make_block()),
      period_(rtl_detail::clock_period(config_, spec).value()),
      half_(period_ / 2),
      checker_name_(std::string(this->name()) + ".checker"),
      irqs_(spec.irqs.size()) {
    const std::string mode = rtl_detail::clock_mode(config_, {"exact", "on_demand", "batched"});
    mode_ = mode == "exact" ? Mode::exact : mode == "batched" ? Mode::batched : Mode::on_demand;
    if (config_.props.has("batch")) {
        const sc_core::sc_time batch(static_cast<double>(config_.props.get_time_ps("batch")), sc_core::SC_PS);
        batch_edges_ = std::max<uint64_t>(1, batch.value() / period_);
    }
    window_ = rtl_detail::waveform_window(config_, spec, block_->traceable(), true);
    if (window_) mode_ = Mode::exact;
    if (spec.gpio.pins)
        gpio_ =
            std::make_unique<RtlCycleGpio>("gpio", spec.gpio.pins, spec.gpio.has_out, spec.gpio.has_oe,
                                           spec.gpio.has_ie, [this](uint32_t in) { set_gpio_inputs(in); });
    RtlBlockPins& p = block_->pins;
    p.clock.set(0);
    p.reset.set(spec.reset_active_high ? 1 : 0);
    block_->eval();
    socket_.register_b_transport(this, &RtlCycleDevice::b_transport);
    socket_.register_transport_dbg(this, &RtlCycleDevice::transport_dbg);
    socket_.register_get_direct_mem_ptr(this, &RtlCycleDevice::get_direct_mem_ptr);
    SC_HAS_PROCESS(RtlCycleDevice);
    SC_METHOD(run_ahead);
    sensitive << ahead_ev_;
    SC_METHOD(deliver);
    sensitive << deliver_ev_;
    dont_initialize();
}

RtlCycleDevice::~RtlCycleDevice() {
    close_trace();
}

void RtlCycleDevice::end_of_simulation() {
    close_trace();
}

bool RtlCycleDevice::fst() const {
    return std::filesystem::path(window_->path).extension() == ".fst";
}

void RtlCycleDevice::close_trace() {
    if (!tracing_ || trace_done_) return;
    block_->trace_close();
    trace_done_ = true;
    std::string error;  // at the end of the run or in a destructor: reported, not thrown
    if (fst() && !vcd_to_fst(window_->path + ".vcd", window_->path, error))
        fmt::print(stderr, "vp: {} '{}': {}\n", spec_.model, config_.name, error);
}

// --- cycles ---------------------------------------------------------------------------------

void RtlCycleDevice::cycle() {
    const uint64_t k = next_;
    const RtlBlockPins& p = block_->pins;
    if (watcher_) watcher_(p);
    check_bus(k);
    p.clock.set(1);
    block_->eval();
    ++evaluated_;
    trace(k * period_);
    sample_outputs(k * period_);
    p.clock.set(0);
    block_->eval();
    if (k + 1 == kResetEdges) {
        p.reset.set(spec_.reset_active_high ? 0 : 1);
        p.axi4.bready.set(1);  // out of reset, as Axi4Bridge drives them
        p.axi4.rready.set(1);
        block_->eval();
    }
    trace(k * period_ + half_);
    sample_outputs(k * period_ + half_);
    next_ = k + 1;
}

// The bus's rules on the pins the rising edge `k` samples (in reset: AXI4's valid_in_reset).
void RtlCycleDevice::check_bus(uint64_t k) {
    const sc_core::sc_time at = at_value(k * period_);
    const RtlBlockPins& p = block_->pins;
    const bool in_reset = k < kResetEdges;
    switch (spec_.bus) {
        case RtlBus::apb:
            if (in_reset)
                apb_rules_.reset();
            else
                apb_rules_.check(sample_apb(p.apb), log_, checker_name_, at);
            break;
        case RtlBus::axi4lite:
            if (in_reset)
                axi_rules_.reset();
            else
                axi_rules_.check(sample_axi_lite(p.axi), log_, checker_name_, at);
            break;
        case RtlBus::axi4:
            if (in_reset)
                axi4_rules_.check_reset(sample_axi4(p.axi4), log_, checker_name_, at);
            else
                axi4_rules_.check(sample_axi4(p.axi4), log_, checker_name_, at);
            break;
    }
}

void RtlCycleDevice::trace(uint64_t time) {
    if (!window_ || trace_done_) return;
    const uint64_t start = sc_core::sc_time(static_cast<double>(window_->start_ps), sc_core::SC_PS).value();
    if (!tracing_) {
        if (time < start) return;
        block_->trace_open(fst() ? window_->path + ".vcd" : window_->path, time_unit());
        tracing_ = true;
    }
    if (window_->stop_ps &&
        time >= sc_core::sc_time(static_cast<double>(*window_->stop_ps), sc_core::SC_PS).value()) {
        close_trace();
        return;
    }
    block_->trace_dump(time);
}

RtlCycleDevice::Outputs RtlCycleDevice::read_outputs() const {
    const RtlBlockPins& p = block_->pins;
    Outputs o;
    for (size_t i = 0; i < p.irqs.size(); ++i) o.irqs |= uint64_t{p.irqs[i].get() & 1} << i;
    o.gpio_out = static_cast<uint32_t>(p.gpio_out.get());
    o.gpio_oe = static_cast<uint32_t>(p.gpio_oe.get());
    o.gpio_ie = static_cast<uint32_t>(p.gpio_ie.get());
    return o;
}

void RtlCycleDevice::sample_outputs(uint64_t time) {
    const Outputs o = read_outputs();
    if (o == sampled_) return;
    sampled_ = o;
    if (gpio_) gpio_->evaluated(o.gpio_ie);
    emit(time, o);
}

// Changes are numbered in the order the block makes them; a rollback re-runs the block
// deterministically, so a change whose number was delivered already is one it made before.
void RtlCycleDevice::emit(uint64_t time, const Outputs& o) {
    const uint64_t index = generated_++;
    if (index < delivered_) return;
    const uint64_t t = now();
    // Inside a batch even a change due now waits a delta: a rollback before it can still drop it,
    // and a listener that drives this block's own inputs (a wire looping back) runs outside the
    // cycle.
    if (time > t || snapshot_) {
        pending_.push_back({time, index, o});
        deliver_ev_.notify(at_value(time > t ? time - t : 0));
        return;
    }
    for (const Change& c : pending_) apply(c.outputs);
    pending_.clear();
    apply(o);
    delivered_ = index + 1;
}

void RtlCycleDevice::apply(const Outputs& o) {
    for (size_t i = 0; i < irqs_.size(); ++i) irqs_[i].set((o.irqs >> i) & 1);
    if (gpio_) gpio_->show(o.gpio_out, o.gpio_oe);
}

void RtlCycleDevice::deliver() {
    const uint64_t t = now();
    while (!pending_.empty() && pending_.front().time <= t) {
        apply(pending_.front().outputs);
        delivered_ = pending_.front().index + 1;
        pending_.pop_front();
    }
    if (!pending_.empty()) deliver_ev_.notify(at_value(pending_.front().time - t));
}

// Edges before `edge` run: a batch that went past it is rolled back; a block already past it
// otherwise (committed) stays where it is.
void RtlCycleDevice::advance_to(uint64_t edge) {
    if (edge < next_ && snapshot_) roll_back();
    while (next_ < edge) {
        if (quiet_) {
            next_ = edge;
            return;
        }
        cycle();
    }
}

void RtlCycleDevice::take_snapshot() {
    commit();
    snapshot_ = Snapshot{block_->save(), next_,      evaluated_, generated_,
                         sampled_,       apb_rules_, axi_rules_, axi4_rules_};
}

void RtlCycleDevice::roll_back() {
    const Snapshot& s = *snapshot_;
    if (!block_->load(s.block))
        throw Error(fmt::format("{} '{}': the block's snapshot does not load", spec_.model, config_.name));
    next_ = s.next;
    evaluated_ = s.evaluated;
    generated_ = s.generated;
    sampled_ = s.sampled;
    if (gpio_) gpio_->evaluated(sampled_.gpio_ie);
    apb_rules_ = s.apb_rules;
    axi_rules_ = s.axi_rules;
    axi4_rules_ = s.axi4_rules;
    pending_.clear();
    quiet_ = false;
    snapshot_.reset();
    committed_ = next_;
}

void RtlCycleDevice::commit() {
    snapshot_.reset();
    committed_ = next_;
}

// exact: the edge at the current time, one delta after the processes woken at that time (as
// a SystemC clock's edge, seen by the processes of the next delta), then the next period.
// on_demand, batched: when SystemC time reaches the block, a batch ahead from there.
void RtlCycleDevice::run_ahead() {
    const uint64_t t = now();
    if (mode_ == Mode::exact) {
        if (!hop_) {
            hop_ = true;
            ahead_ev_.notify(sc_core::SC_ZERO_TIME);
            return;
        }
        hop_ = false;
        advance_to(t / period_ + 1);
        commit();
        ahead_ev_.notify(at_value(next_ * period_ - t));
        return;
    }
    if (next_ * period_ > t) {
        ahead_ev_.notify(at_value(next_ * period_ - t));
        return;
    }
    commit();
    advance_to(first_edge_at(t));
    if (quiet_) return;
    take_snapshot();
    if (mode_ == Mode::on_demand && next_ > kResetEdges && quiescence_test()) return;
    if (!batch_edges_) {
        const uint64_t q = tlm::tlm_global_quantum::instance().get().value();
        const uint64_t us = sc_core::sc_time(1, sc_core::SC_US).value();
        batch_edges_ = std::max<uint64_t>(1, (q ? q : us) / period_);
    }
    const uint64_t end = next_ + batch_edges_;
    while (next_ < end) cycle();
    ahead_ev_.notify(at_value(next_ * period_ - t));
}

bool RtlCycleDevice::quiescence_test() {
    const std::span<const std::byte> before = block_->state();
    state_copy_.assign(before.begin(), before.end());
    cycle();
    const std::span<const std::byte> after = block_->state();
    quiet_ = std::equal(after.begin(), after.end(), state_copy_.begin(), state_copy_.end());
    return quiet_;
}

// exact: the next edge's method; on_demand, batched: the next batch, from the block's time.
void RtlCycleDevice::schedule_ahead() {
    const uint64_t t = now(), at = next_ * period_;
    ahead_ev_.cancel();
    hop_ = false;
    ahead_ev_.notify(at_value(at > t ? at - t : 0));
}

// --- the bus ------------------------------------------------------------------------------

void RtlCycleDevice::b_transport(tlm::tlm_generic_payload& gp, sc_core::sc_time& delay) {
    gp.set_dmi_allowed(false);
    if (gp.is_write() == gp.is_read()) {
        gp.set_response_status(tlm::TLM_OK_RESPONSE);
        return;
    }
    const uint64_t t = now() + delay.value();
    // The first edge the requester sees after the access's time (as the SystemC bridges: not the
    // edge that completed the last transfer), with the bus reset released.
    const auto start = [&] {
        advance_to(std::max({first_edge_at(t), bus_free_, kResetEdges}) + 1);
        quiet_ = false;
    };
    tlm::tlm_response_status status = tlm::TLM_OK_RESPONSE;
    if (spec_.bus == RtlBus::axi4) {
        // AXI4 (as Axi4Bridge): the payload's bursts (tlm_bridges/axi4_burst.h) from that edge on.
        std::vector<Axi4BurstPlan> plans;
        if (status = plan_axi4_bursts(gp, kAxi4BusBytes, plans); status != tlm::TLM_OK_RESPONSE) {
            gp.set_response_status(status);
            return;
        }
        start();
        status = axi4_transfer(gp, plans);
    } else {
        if (status = bridge_detail::check_payload(gp); status != tlm::TLM_OK_RESPONSE) {
            gp.set_response_status(status);
            return;
        }
        const std::vector<bridge_detail::Beat> beats = bridge_detail::split_beats(gp);
        if (beats.empty()) {
            gp.set_response_status(tlm::TLM_OK_RESPONSE);
            return;
        }
        if (spec_.bus == RtlBus::apb) {
            start();  // the setup phase on the next edge
            for (size_t i = 0; i < beats.size() && status == tlm::TLM_OK_RESPONSE; ++i) {
                uint32_t rdata = 0;
                const bool write = gp.is_write();
                const bool ok = apb_transfer(write, beats[i].addr, beats[i].wdata, write ? beats[i].strb : 0,
                                             i + 1 < beats.size(), rdata);
                VP_TRACE(trace::tlm, "apb '{}': {} {:#x} data {:#x} strb {:#x} {}", name(),
                         write ? "write" : "read", beats[i].addr, write ? beats[i].wdata : rdata,
                         write ? beats[i].strb : 0u, ok ? "OKAY" : "PSLVERR");
                if (!ok)
                    status = tlm::TLM_GENERIC_ERROR_RESPONSE;
                else if (gp.is_read())
                    bridge_detail::merge_read(gp, beats[i], rdata);
            }
        } else {
            // AXI4-Lite (as AxiLiteBridge): each beat starts after the next edge the requester sees.
            for (const bridge_detail::Beat& b : beats) {
                start();
                uint32_t rdata = 0;
                const unsigned resp =
                    gp.is_write() ? axi_write(b.addr, b.wdata, b.strb) : axi_read(b.addr, rdata);
                VP_TRACE(trace::tlm, "axi4-lite '{}': {} {:#x} data {:#x} strb {:#x} resp {}", name(),
                         gp.is_write() ? "write" : "read", b.addr, gp.is_write() ? b.wdata : rdata,
                         gp.is_write() ? b.strb : 0u, resp);
                status = AxiLiteBridge::response_for(resp);
                bus_free_ = next_;
                if (status != tlm::TLM_OK_RESPONSE) break;
                if (gp.is_read()) bridge_detail::merge_read(gp, b, rdata);
            }
        }
    }
    commit();
    bus_free_ = next_;
    delay = at_value((next_ - 1) * period_ - now());
    gp.set_response_status(status);
    schedule_ahead();
}

// From between two edges to after the edge that completed the transfer (ARM IHI 0024C, 3.1-3.3).
bool RtlCycleDevice::apb_transfer(bool write, uint32_t addr, uint32_t wdata, unsigned strb, bool next,
                                  uint32_t& rdata) {
    const RtlApbPins& a = block_->pins.apb;
    a.psel.set(1);
    a.penable.set(0);
    a.pwrite.set(write);
    a.paddr.set(addr);
    a.pwdata.set(write ? wdata : 0);
    a.pstrb.set(strb);
    a.pprot.set(0);
    block_->eval();
    cycle();  // setup
    a.penable.set(1);
    block_->eval();
    bool ready = false, err = false;
    for (unsigned waits = 0; !ready && waits <= kMaxWaitStates; ++waits) {
        ready = a.pready.get();
        rdata = static_cast<uint32_t>(a.prdata.get());
        err = a.pslverr.get();
        cycle();
    }
    const bool ok = ready && !err;
    a.penable.set(0);
    if (!next || !ok) a.psel.set(0);
    block_->eval();
    return ok;
}

// From between two edges to after the edge of the B handshake (ARM IHI 0022E A3.2-A3.3): AW and W
// together, BREADY high from the start, each VALID dropped after its handshake.
unsigned RtlCycleDevice::axi_write(uint32_t addr, uint32_t wdata, unsigned strb) {
    const RtlAxiLitePins& a = block_->pins.axi;
    a.awaddr.set(addr);
    a.awprot.set(0);
    a.awvalid.set(1);
    a.wdata.set(wdata);
    a.wstrb.set(strb);
    a.wvalid.set(1);
    a.bready.set(1);
    block_->eval();
    for (unsigned waits = 0; waits <= kMaxWaitStates; ++waits) {
        const bool awready = a.awready.get(), wready = a.wready.get(), bvalid = a.bvalid.get();
        const auto bresp = static_cast<unsigned>(a.bresp.get());
        cycle();
        if (awready) a.awvalid.set(0);
        if (wready) a.wvalid.set(0);
        if (bvalid) a.bready.set(0);
        block_->eval();
        if (bvalid) return bresp;
    }
    return AXI_SLVERR;
}

// From between two edges to after the edge of the R handshake; RREADY high from the start.
unsigned RtlCycleDevice::axi_read(uint32_t addr, uint32_t& rdata) {
    const RtlAxiLitePins& a = block_->pins.axi;
    a.araddr.set(addr);
    a.arprot.set(0);
    a.arvalid.set(1);
    a.rready.set(1);
    block_->eval();
    for (unsigned waits = 0; waits <= kMaxWaitStates; ++waits) {
        const bool arready = a.arready.get(), rvalid = a.rvalid.get();
        const auto rresp = static_cast<unsigned>(a.rresp.get());
        rdata = static_cast<uint32_t>(a.rdata.get());
        cycle();
        if (arready) a.arvalid.set(0);
        if (rvalid) a.rready.set(0);
        block_->eval();
        if (rvalid) return rresp;
    }
    return AXI_SLVERR;
}

bool RtlCycleDevice::get_direct_mem_ptr(tlm::tlm_generic_payload&, tlm::tlm_dmi& dmi) {
    return bridge_detail::refuse_dmi(dmi);
}

// --- GPIO inputs, checkpoints, the device ----------------------------------------------------

// From the first edge at or after the current time (a batch past it rolls back).
void RtlCycleDevice::set_gpio_inputs(uint32_t inputs) {
    advance_to(first_edge_at(now()));
    block_->pins.gpio_in.set(inputs);
    block_->eval();
    quiet_ = false;
    commit();
    schedule_ahead();
}

// A checkpoint ends the running batch: the block as of the checkpoint's time, the same in the run
// that saves and in the one that loads (which go on from it alike).
void RtlCycleDevice::save_state(StateWriter& out) const {
    auto& self = const_cast<RtlCycleDevice&>(*this);
    self.advance_to(first_edge_at(now()));
    self.commit();
    self.quiet_ = false;
    self.schedule_ahead();
    out.string(spec_.model);
    out.u64(block_->state().size());
    out.bytes(block_->save());
    out.u64(next_);
    out.u64(bus_free_);
}

void RtlCycleDevice::load_state(StateReader& in) {
    if (in.string() != spec_.model) in.bad("the state of another RTL model");
    if (in.u64() != block_->state().size()) in.bad("the state of another build of the Verilated block");
    const std::vector<uint8_t> block = in.bytes();
    const uint64_t next = in.u64(), bus_free = in.u64();
    in.expect_end();
    if (!block_->load(block)) in.bad("the Verilated state is not one whole saved state");
    next_ = next;
    bus_free_ = bus_free;
    commit();
    pending_.clear();
    delivered_ = generated_;
    apb_rules_.reset();
    axi_rules_.reset();
    axi4_rules_.reset();
    quiet_ = false;
    sampled_ = read_outputs();
    if (gpio_) gpio_->evaluated(sampled_.gpio_ie);
    apply(sampled_);
    if (gpio_) gpio_->restore_inputs(static_cast<uint32_t>(block_->pins.gpio_in.get()));
    schedule_ahead();
}

TargetSocket& RtlCycleDevice::target_socket(unsigned index) {
    if (index != 0)
        throw Error(fmt::format("{} '{}' has one region, not {}", spec_.model, config_.name, index + 1));
    return socket_;
}

IrqOut* RtlCycleDevice::irq_output(unsigned index) {
    return index < irqs_.size() ? &irqs_[index] : nullptr;
}

void RtlCycleDevice::write_dtb(DtbWriter& dtb) const {
    rtl_detail::write_node(dtb, spec_, config_, sc_core::sc_time::from_value(period_), gpio_ != nullptr);
}

}  // namespace vp
