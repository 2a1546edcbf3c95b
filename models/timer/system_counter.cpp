#include "models/timer/system_counter.h"

#include <cstring>

#include "platform/core/error.h"
#include "platform/core/model_registry.h"
#include "platform/core/trace.h"

namespace vp {

namespace {

constexpr uint64_t kPsPerSecond = 1'000'000'000'000ull;
const sc_core::sc_time kAccessLatency(10, sc_core::SC_NS);

// SystemC time resolution in picoseconds (1 by default; coarser resolutions also work).
uint64_t resolution_ps() {
    static const uint64_t res = [] {
        double ps = sc_core::sc_get_time_resolution().to_seconds() * 1e12;
        if (ps < 1) throw Error("generic counter: SystemC time resolution finer than 1 ps");
        return static_cast<uint64_t>(ps + 0.5);
    }();
    return res;
}
uint64_t to_ps(sc_core::sc_time t) {
    return t.value() * resolution_ps();
}

}  // namespace

// ---- GenericCounter --------------------------------------------------------------------------

GenericCounter::GenericCounter(uint64_t frequency_hz, bool enabled) : freq_(frequency_hz), enabled_(enabled) {
    if (freq_ == 0) throw Error("generic counter: frequency must not be zero");
}

uint64_t GenericCounter::count_at(sc_core::sc_time t) const {
    uint64_t ps = to_ps(t);
    if (!enabled_ || ps <= origin_ps_) return origin_count_;
    unsigned __int128 ticks = static_cast<unsigned __int128>(ps - origin_ps_) * freq_ / kPsPerSecond;
    return origin_count_ + static_cast<uint64_t>(ticks);
}

sc_core::sc_time GenericCounter::time_of_count(uint64_t count) const {
    const uint64_t res = resolution_ps();
    if (count <= origin_count_) return sc_core::sc_time::from_value((origin_ps_ + res - 1) / res);
    if (!enabled_) return sc_core::sc_max_time();
    // The least t with floor((t - origin) * f / 1e12) >= delta is origin + ceil(delta * 1e12 / f).
    unsigned __int128 delta = count - origin_count_;
    unsigned __int128 ps = origin_ps_ + (delta * kPsPerSecond + freq_ - 1) / freq_;
    unsigned __int128 units = (ps + res - 1) / res;
    if (units > sc_core::sc_max_time().value()) return sc_core::sc_max_time();
    return sc_core::sc_time::from_value(static_cast<sc_dt::uint64>(units));
}

void GenericCounter::set_enabled(bool on, sc_core::sc_time now) {
    if (on == enabled_) return;
    origin_count_ = count_at(now);
    origin_ps_ = to_ps(now);
    enabled_ = on;
    changed(now);
}

void GenericCounter::write(uint64_t count, sc_core::sc_time now) {
    origin_count_ = count;
    origin_ps_ = to_ps(now);
    changed(now);
}

unsigned GenericCounter::add_listener(Listener fn) {
    listeners_.push_back(std::move(fn));
    return static_cast<unsigned>(listeners_.size() - 1);
}
void GenericCounter::remove_listener(unsigned id) {
    if (id < listeners_.size()) listeners_[id] = nullptr;
}
void GenericCounter::changed(sc_core::sc_time now) {
    for (auto& fn : listeners_)
        if (fn) fn(now);
}

// ---- SystemCounter -------------------------------------------------------------------------

using S = SystemCounter;

// Arm ARM I2.3.2 Table I2-1 (CNTControlBase) and I2.4 (CNTReadBase). Unlisted offsets,
// including the counter ID block, read as zero and ignore writes.
const std::vector<SystemCounter::Reg> SystemCounter::control_regs_ = {
    {cntctl::CNTCR, "CNTCR", 0, Access::rw, &S::rd_cntcr, &S::wr_cntcr},
    {cntctl::CNTSR, "CNTSR", 0, Access::ro, &S::rd_zero, nullptr},
    {cntctl::CNTCV_LO, "CNTCV[31:0]", 0, Access::rw, &S::rd_cv_lo, &S::wr_cv_lo},
    {cntctl::CNTCV_HI, "CNTCV[63:32]", 0, Access::rw, &S::rd_cv_hi, &S::wr_cv_hi},
    {cntctl::CNTFID0, "CNTFID0", 0, Access::ro, &S::rd_fid0, nullptr},
    {cntctl::CNTFID1, "CNTFID1", 0, Access::ro, &S::rd_zero, nullptr},
};
const std::vector<SystemCounter::Reg> SystemCounter::read_regs_ = {
    {cntread::CNTCV_LO, "CNTCV[31:0]", 0, Access::ro, &S::rd_cv_lo, nullptr},
    {cntread::CNTCV_HI, "CNTCV[63:32]", 0, Access::ro, &S::rd_cv_hi, nullptr},
};

namespace {
DeviceConfig with_defaults(DeviceConfig c) {
    apply_defaults(SystemCounter::property_specs(), c.props);
    return c;
}
uint64_t frequency_of(const DeviceConfig& c) {
    double f = c.props.get_frequency("frequency");
    if (f < 1 || f > 4e9)
        throw ConfigError(c.props.at("frequency").loc, c.name + ".frequency",
                          "CNTFID0 holds a frequency from 1 Hz to 4 GHz");
    return static_cast<uint64_t>(f + 0.5);
}
}  // namespace

SystemCounter::SystemCounter(const sc_core::sc_module_name& name, const DeviceConfig& config)
    : Device(name, with_defaults(config)),
      counter_(frequency_of(config_), config_.props.get_bool("enabled")) {
    cntcr_ = counter_.enabled() ? cntctl::CNTCR_EN : 0;
    control_socket_.register_b_transport(this, &SystemCounter::b_transport_control);
    read_socket_.register_b_transport(this, &SystemCounter::b_transport_read);
}

const std::vector<PropertySpec>& SystemCounter::property_specs() {
    static const std::vector<PropertySpec> specs = {
        {"frequency", PropType::frequency, "62.5MHz", "counter frequency, reported in CNTFID0"},
        {"enabled", PropType::boolean, "true",
         "CNTCR.EN out of reset (the architecture resets it to 0 for firmware to set)"},
    };
    return specs;
}

TargetSocket& SystemCounter::target_socket(unsigned index) {
    if (index == 0) return control_socket_;
    if (index == 1) return read_socket_;
    throw Error("generic_counter: no region " + std::to_string(index));
}

// No device-tree node: the memory-mapped counter frames have no binding of their own (they
// belong to "arm,armv7-timer-mem" with frames, not modelled) and Linux reads CNTFRQ_EL0.
void SystemCounter::write_dtb(DtbWriter&) const {}

void SystemCounter::wr_cntcr(sc_core::sc_time now, uint32_t v) {
    cntcr_ = v & (cntctl::CNTCR_EN | cntctl::CNTCR_HDBG);  // FCREQ: only entry 0 exists
    counter_.set_enabled(v & cntctl::CNTCR_EN, now);
}
void SystemCounter::wr_cv_lo(sc_core::sc_time now, uint32_t v) {
    counter_.write((counter_.count_at(now) & ~0xffffffffull) | v, now);
}
void SystemCounter::wr_cv_hi(sc_core::sc_time now, uint32_t v) {
    counter_.write((counter_.count_at(now) & 0xffffffffull) | uint64_t(v) << 32, now);
}

void SystemCounter::b_transport_control(tlm::tlm_generic_payload& gp, sc_core::sc_time& delay) {
    access(control_regs_, "control", gp, delay);
}
void SystemCounter::b_transport_read(tlm::tlm_generic_payload& gp, sc_core::sc_time& delay) {
    access(read_regs_, "read", gp, delay);
}

// 32-bit accesses to any register; 64-bit accesses to CNTCV (both halves at the same instant).
void SystemCounter::access(const std::vector<Reg>& table, const char* frame, tlm::tlm_generic_payload& gp,
                           sc_core::sc_time& delay) {
    const sc_core::sc_time now = sc_core::sc_time_stamp() + delay;
    delay += kAccessLatency;
    const uint64_t addr = gp.get_address();
    const unsigned len = gp.get_data_length();
    unsigned char* data = gp.get_data_ptr();
    if (gp.get_byte_enable_ptr() || gp.get_streaming_width() < len) {
        gp.set_response_status(tlm::TLM_BYTE_ENABLE_ERROR_RESPONSE);
        return;
    }
    gp.set_response_status(tlm::TLM_OK_RESPONSE);
    if (gp.is_read()) std::memset(data, 0, len);
    if ((len != 4 && len != 8) || addr % len != 0) {
        VP_DEV_LOG(warn, trace::guest_errors, "{}: {} access of {} bytes at {:#x} (RAZ/WI)", name(), frame,
                   len, addr);
        return;
    }
    uint32_t words[2] = {0, 0};
    if (gp.is_write()) std::memcpy(words, data, len);
    for (unsigned i = 0; i < len / 4; ++i)
        if (!access_word(table, frame, addr + 4 * i, gp.is_read(), words[i], now)) {
            if (len == 8) words[0] = words[1] = 0;  // only CNTCV is 64-bit accessible
            break;
        }
    if (gp.is_read()) std::memcpy(data, words, len);
}

bool SystemCounter::access_word(const std::vector<Reg>& table, const char* frame, uint64_t addr, bool is_read,
                                uint32_t& value, sc_core::sc_time now) {
    for (const Reg& r : table) {
        if (r.offset != addr) continue;
        if (is_read) {
            value = (this->*r.read)(now);
        } else if (r.access == Access::ro) {
            VP_DEV_LOG(warn, trace::guest_errors, "{}: write to read-only {} (ignored)", name(), r.name);
            return true;
        } else {
            (this->*r.write)(now, value);
        }
        VP_DEV_LOG(debug, trace::dev, "{}: {} {} {} {:#x}", name(), is_read ? "read" : "write", r.name,
                   is_read ? "->" : "<-", value);
        return true;
    }
    VP_DEV_LOG(warn, trace::guest_errors, "{}: {} {} at {:#x}: no register (RAZ/WI)", name(), frame,
               is_read ? "read" : "write", addr);
    value = 0;
    return false;
}

static ModelRegistrar registrar{ModelInfo{
    "generic_counter",
    "Arm Generic Timer memory-mapped system counter (CNTControlBase + CNTReadBase frames)",
    {{"control", 0x0, 0x1000}, {"read", 0x1000, 0x1000}},
    {},
    SystemCounter::property_specs(),
    {Role::system_counter},
    false,
    make_factory<SystemCounter>(),
}};

}  // namespace vp
