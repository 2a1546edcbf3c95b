#include "models/rtl/apb_timer_model.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "core/error.h"
#include "core/model_registry.h"
#include "core/trace.h"

namespace vp {

using namespace apb_timer;

const std::vector<PropertySpec>& ApbTimerModel::properties() {
    static const std::vector<PropertySpec> props = {
        {"clock", PropType::frequency, "100MHz",
         "the timer (and APB) clock; the counter steps once per cycle"},
    };
    return props;
}

// The register map of apb_timer_regs.h.
std::vector<Register> ApbTimerModel::registers() {
    using M = RegMode;
    return {
        {.name = "LOAD",
         .offset = LOAD,
         .storage = state_.load,
         .write = [this] { state_.value = state_.load; }},
        {.name = "VALUE", .offset = VALUE, .mode = M::ro, .storage = state_.value},
        {.name = "CTRL", .offset = CTRL, .writable = CTRL_MASK, .storage = state_.ctrl},
        {.name = "INTCLR",
         .offset = INTCLR,
         .mode = M::wo,
         .write = [this](uint64_t v) { state_.ris = state_.ris && !(v & 1); }},
        {.name = "RIS", .offset = RIS, .mode = M::ro, .read = [this] { return state_.ris ? 1u : 0u; }},
        {.name = "MIS", .offset = MIS, .mode = M::ro, .read = [this] { return state_.irq() ? 1u : 0u; }},
        {.name = "ID", .offset = ID, .mode = M::ro, .reset = kId},
    };
}

namespace {
// Any 1- to 4-byte access within one word of the 4 KiB region; gaps, writes to read-only and
// reads of write-only registers read as zero and ignore writes.
const BankPolicy kPolicy{.sizes = BankPolicy::sizes_of({1, 2, 3, 4}),
                         .aligned = false,
                         .sub_word = true,
                         .byte_enables = true,
                         .size = kRegionSize,
                         .bad_size = tlm::TLM_BURST_ERROR_RESPONSE,
                         .misaligned = tlm::TLM_BURST_ERROR_RESPONSE};

sc_core::sc_time period_of(const DeviceConfig& c, PropertyValues& props) {
    apply_defaults(ApbTimerModel::properties(), props);
    const double hz = props.get_frequency("clock");
    const double ps = hz > 0 ? std::round(1e12 / hz) : 0;
    if (!(ps >= 1))
        throw ConfigError(props.at("clock").loc, c.name + ".clock",
                          "the timer clock must be > 0 and <= 1THz");
    return sc_core::sc_time(ps, sc_core::SC_PS);
}
}  // namespace

ApbTimerModel::ApbTimerModel(const sc_core::sc_module_name& name, const DeviceConfig& config)
    : Device(name, config),
      period_(period_of(config_, config_.props)),
      regs_(fmt::format("apb_timer '{}'", config_.name), log_level(), kPolicy, registers()) {
    regs_.reset();
    regs_.before_access = [this](const tlm::tlm_generic_payload& gp, sc_core::sc_time now) {
        catch_up(gp, now);
    };
    socket.register_b_transport(this, &ApbTimerModel::b_transport);
    socket.register_transport_dbg(this, &ApbTimerModel::transport_dbg);
    SC_HAS_PROCESS(ApbTimerModel);
    SC_METHOD(update_irq);
    sensitive << irq_event_;
}

TargetSocket& ApbTimerModel::target_socket(unsigned index) {
    if (index != 0)
        throw Error(fmt::format("apb_timer '{}' has one region, not {}", config_.name, index + 1));
    return socket;
}

void ApbTimerModel::write_dtb(DtbWriter& dtb) const {
    dtb.begin_node(dtb_node_name("timer", config_.regions));
    dtb.prop_string("compatible", kCompatible);
    dtb.prop_reg(config_.regions);
    if (!config_.interrupts.empty()) dtb.prop_gic_interrupts(config_.interrupts);
    dtb.prop_u32("clock-frequency", static_cast<uint32_t>(std::llround(1.0 / period_.to_seconds())));
    dtb.end_node();
}

void ApbTimerModel::State::advance_to(uint64_t to) {
    if (to <= edge) return;
    uint64_t n = to - edge;
    edge = to;
    while (n && (ctrl & CTRL_ENABLE)) {
        if (value >= n) {
            value -= static_cast<uint32_t>(n);
            return;
        }
        n -= uint64_t{value} + 1;  // down to zero, then the timeout edge
        value = 0;
        ris = true;
        if (ctrl & CTRL_ONESHOT) {
            ctrl &= ~CTRL_ENABLE;
        } else {
            value = load;
            n %= uint64_t{load} + 1;  // whole periods change nothing more
        }
    }
}

uint64_t ApbTimerModel::edge_at_or_after(const sc_core::sc_time& t) const {
    const uint64_t p = period_.value();
    return (t.value() + p - 1) / p;
}

// An earlier notification replaces a later pending one, a later one is ignored (IEEE 1666 5.10.8).
void ApbTimerModel::notify_irq_in(sc_core::sc_time delay) {
    irq_at_ = std::min(irq_at_, sc_core::sc_time_stamp() + delay);
    irq_event_.notify(delay);
}

void ApbTimerModel::update_irq() {
    irq_at_ = sc_core::sc_max_time();
    const uint64_t p = period_.value();
    const uint64_t now = sc_core::sc_time_stamp().value();
    State s = state_;
    s.advance_to(std::max<uint64_t>(now / p, s.edge));
    irq.set(s.irq());
    if ((s.ctrl & CTRL_ENABLE) && (s.ctrl & CTRL_INTEN) && !s.ris) {
        const uint64_t fire = s.edge + s.value + 1;  // the edge at which RIS gets set
        notify_irq_in(sc_core::sc_time::from_value(fire * p - now));
    }
}

// A read returns the registers as they were just before the edge ending the access (what APB
// samples); a write applies at that edge, and the irq output is re-evaluated from there.
void ApbTimerModel::catch_up(const tlm::tlm_generic_payload& gp, sc_core::sc_time now) {
    const uint64_t edge = edge_at_or_after(now);
    if (gp.is_read()) {
        if (edge > 0) state_.advance_to(edge - 1);
        return;
    }
    state_.advance_to(edge);
    const uint64_t at = edge * period_.value();
    const uint64_t stamp = sc_core::sc_time_stamp().value();
    notify_irq_in(sc_core::sc_time::from_value(at > stamp ? at - stamp : 0));
}

void ApbTimerModel::b_transport(tlm::tlm_generic_payload& gp, sc_core::sc_time& delay) {
    regs_.b_transport(gp, delay);
}

unsigned ApbTimerModel::transport_dbg(tlm::tlm_generic_payload& gp) {
    State now = state_;  // the registers at the current time, without committing the advance
    const uint64_t edge = edge_at_or_after(sc_core::sc_time_stamp());
    if (edge > 0) now.advance_to(edge - 1);
    std::swap(now, state_);
    const unsigned n = regs_.transport_dbg(gp);
    std::swap(now, state_);
    return n;
}

void ApbTimerModel::save_state(StateWriter& out) const {
    for (uint32_t v : {state_.load, state_.value, state_.ctrl}) out.u32(v);
    out.boolean(state_.ris);
    out.u64(state_.edge);
    out.boolean(irq.level());
    out.time(irq_at_);
}

void ApbTimerModel::load_state(StateReader& in) {
    for (uint32_t* v : {&state_.load, &state_.value, &state_.ctrl}) *v = in.u32();
    state_.ris = in.boolean();
    state_.edge = in.u64();
    const bool level = in.boolean();
    const sc_core::sc_time at = in.time();
    in.expect_end();
    const sc_core::sc_time now = sc_core::sc_time_stamp();
    if (at != sc_core::sc_max_time() && at < now) in.bad("the irq update lies before the checkpoint");
    irq.set(level);
    irq_event_.cancel();
    irq_at_ = sc_core::sc_max_time();
    if (at != sc_core::sc_max_time()) notify_irq_in(at - now);
}

static ModelRegistrar apb_timer_registrar{ModelInfo{
    .name = "apb_timer",
    .doc = "vp APB timer (32-bit down-counter, interrupt), C++ loosely-timed model",
    .regions = {{"regs", 0, kRegionSize}},
    .irqs = {"irq"},
    .props = ApbTimerModel::properties(),
    .roles = {},
    .create = make_factory<ApbTimerModel>(),
    .checkpoint = CheckpointSupport::saved,
}};

}  // namespace vp
