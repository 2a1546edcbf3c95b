#include "models/rtl/apb_timer_model.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include <fmt/format.h>

#include "platform/core/error.h"
#include "platform/core/model_registry.h"
#include "platform/core/trace.h"

namespace vp {

using namespace apb_timer;

const std::vector<PropertySpec>& ApbTimerModel::properties() {
    static const std::vector<PropertySpec> props = {
        {"clock", PropType::frequency, "100MHz",
         "the timer (and APB) clock; the counter steps once per cycle"},
    };
    return props;
}

const std::vector<ApbTimerModel::Reg>& ApbTimerModel::registers() {
    using A = Access;
    using M = ApbTimerModel;
    static const std::vector<Reg> regs = {
        {LOAD, "LOAD", A::rw, &M::read_load, &M::write_load},
        {VALUE, "VALUE", A::ro, &M::read_value, nullptr},
        {CTRL, "CTRL", A::rw, &M::read_ctrl, &M::write_ctrl},
        {INTCLR, "INTCLR", A::wo, nullptr, &M::write_intclr},
        {RIS, "RIS", A::ro, &M::read_ris, nullptr},
        {MIS, "MIS", A::ro, &M::read_mis, nullptr},
        {ID, "ID", A::ro, &M::read_id, nullptr},
    };
    return regs;
}

const ApbTimerModel::Reg* ApbTimerModel::find_reg(uint32_t offset) {
    for (const Reg& r : registers())
        if (r.offset == offset) return &r;
    return nullptr;
}

namespace {
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
    : Device(name, config), period_(period_of(config_, config_.props)) {
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

void ApbTimerModel::update_irq() {
    const uint64_t p = period_.value();
    const uint64_t now = sc_core::sc_time_stamp().value();
    State s = state_;
    s.advance_to(std::max<uint64_t>(now / p, s.edge));
    irq.set(s.irq());
    if ((s.ctrl & CTRL_ENABLE) && (s.ctrl & CTRL_INTEN) && !s.ris) {
        const uint64_t fire = s.edge + s.value + 1;  // the edge at which RIS gets set
        irq_event_.notify(sc_core::sc_time::from_value(fire * p - now));
    }
}

void ApbTimerModel::write_load(uint32_t v, uint32_t mask) {
    state_.load = (state_.load & ~mask) | (v & mask);
    state_.value = state_.load;
}

void ApbTimerModel::write_ctrl(uint32_t v, uint32_t mask) {
    if (mask & 0xFF) state_.ctrl = v & CTRL_MASK;
}

void ApbTimerModel::write_intclr(uint32_t v, uint32_t mask) {
    if (mask & v & 1u) state_.ris = false;
}

void ApbTimerModel::b_transport(tlm::tlm_generic_payload& gp, sc_core::sc_time& delay) {
    const uint64_t addr = gp.get_address();
    const unsigned len = gp.get_data_length();
    gp.set_dmi_allowed(false);
    if (len == 0 || len > 4 || (addr & 3) + len > 4 || gp.get_streaming_width() < len || !gp.get_data_ptr()) {
        VP_DEV_LOG(warn, trace::guest_errors,
                   "apb_timer '{}': {}-byte access at {:#x} does not fit one 32-bit register", config_.name,
                   len, addr);
        gp.set_response_status(tlm::TLM_BURST_ERROR_RESPONSE);
        return;
    }
    if (addr >= kRegionSize) {
        gp.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
        return;
    }
    if (gp.is_write() == gp.is_read()) {
        gp.set_response_status(tlm::TLM_OK_RESPONSE);
        return;
    }
    const unsigned shift = static_cast<unsigned>(addr & 3) * 8;
    uint32_t lanes = 0;  // enabled bytes of the access, in payload order
    for (unsigned i = 0; i < len; ++i) {
        const unsigned char* be = gp.get_byte_enable_ptr();
        if (!be || !gp.get_byte_enable_length() || be[i % gp.get_byte_enable_length()] == TLM_BYTE_ENABLED)
            lanes |= 0xFFu << (8 * i);
    }
    const uint32_t mask = lanes << shift;
    const uint32_t offset = static_cast<uint32_t>(addr & ~uint64_t{3});
    const Reg* r = find_reg(offset);
    const uint64_t edge = edge_at_or_after(sc_core::sc_time_stamp() + delay);
    unsigned char* data = gp.get_data_ptr();
    if (gp.is_read()) {
        if (edge > 0) state_.advance_to(edge - 1);  // what the bus samples at `edge`
        uint32_t v = 0;
        if (!r)
            VP_DEV_LOG(warn, trace::guest_errors, "apb_timer '{}': read of unmapped offset {:#x} (RAZ)",
                       config_.name, addr);
        else if (r->access == Access::wo)
            VP_DEV_LOG(warn, trace::guest_errors, "apb_timer '{}': read of write-only {} (RAZ)", config_.name,
                       r->name);
        else
            v = (this->*r->read)();
        if (r) VP_DEV_LOG(debug, trace::dev, "apb_timer '{}': read {} -> {:#x}", config_.name, r->name, v);
        v >>= shift;
        for (unsigned i = 0; i < len; ++i)
            if (lanes & (0xFFu << (8 * i))) data[i] = static_cast<unsigned char>(v >> (8 * i));
    } else {
        uint32_t v = 0;
        std::memcpy(&v, data, len);
        v <<= shift;
        state_.advance_to(edge);
        if (!r) {
            VP_DEV_LOG(warn, trace::guest_errors,
                       "apb_timer '{}': write {:#x} to unmapped offset {:#x} (ignored)", config_.name, v,
                       addr);
        } else if (r->access == Access::ro) {
            VP_DEV_LOG(warn, trace::guest_errors, "apb_timer '{}': write {:#x} to read-only {} (ignored)",
                       config_.name, v, r->name);
        } else {
            VP_DEV_LOG(debug, trace::dev, "apb_timer '{}': write {} <- {:#x}", config_.name, r->name, v);
            (this->*r->write)(v, mask);
        }
        const uint64_t now = sc_core::sc_time_stamp().value();
        const uint64_t at = edge * period_.value();
        irq_event_.notify(sc_core::sc_time::from_value(at > now ? at - now : 0));
    }
    gp.set_response_status(tlm::TLM_OK_RESPONSE);
}

unsigned ApbTimerModel::transport_dbg(tlm::tlm_generic_payload& gp) {
    const uint64_t addr = gp.get_address();
    const unsigned len = gp.get_data_length();
    if (!gp.is_read() || len == 0 || len > 4 || (addr & 3) + len > 4 || addr >= kRegionSize) return 0;
    const Reg* r = find_reg(static_cast<uint32_t>(addr & ~uint64_t{3}));
    State s = state_;  // peek at the current time without committing
    const uint64_t edge = edge_at_or_after(sc_core::sc_time_stamp());
    if (edge > 0) s.advance_to(edge - 1);
    std::swap(s, state_);
    uint32_t v = (r && r->read) ? (this->*r->read)() : 0;
    std::swap(s, state_);
    v >>= (addr & 3) * 8;
    std::memcpy(gp.get_data_ptr(), &v, len);
    return len;
}

static ModelRegistrar apb_timer_registrar{ModelInfo{
    "apb_timer",
    "vp APB timer (32-bit down-counter, interrupt), C++ loosely-timed model",
    {{"regs", 0, kRegionSize}},
    {"irq"},
    ApbTimerModel::properties(),
    {},
    false,
    make_factory<ApbTimerModel>(),
}};

}  // namespace vp
