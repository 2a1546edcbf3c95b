#include "models/timer/system_counter.h"

#include <fmt/format.h>

#include "core/error.h"
#include "core/model_registry.h"
#include "core/trace.h"

namespace vp {

namespace {

constexpr uint64_t kPsPerSecond = 1'000'000'000'000ull;

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
void GenericCounter::save(StateWriter& out) const {
    out.u64(freq_);
    out.boolean(enabled_);
    out.u64(origin_count_);
    out.u64(origin_ps_);
}

void GenericCounter::load(StateReader& in, sc_core::sc_time now) {
    const uint64_t freq = in.u64();
    if (freq != freq_) in.bad(fmt::format("a counter of {} Hz saved, this one counts at {} Hz", freq, freq_));
    enabled_ = in.boolean();
    origin_count_ = in.u64();
    origin_ps_ = in.u64();
    if (origin_ps_ > to_ps(now)) in.bad("the count's origin lies after the checkpoint");
    changed(now);
}

void GenericCounter::changed(sc_core::sc_time now) {
    for (auto& fn : listeners_)
        if (fn) fn(now);
}

// ---- SystemCounter -------------------------------------------------------------------------

// Arm ARM I2.3.2 Table I2-1 (CNTControlBase) and I2.4 (CNTReadBase). CNTCV is 64 bits,
// accessed whole or as two 32-bit halves; the others are 32 bits. Unlisted offsets, including
// the counter ID block, read as zero and ignore writes, as do other access sizes.
std::vector<Register> SystemCounter::control_registers() {
    using M = RegMode;
    return {
        // Reset: EN as the `enabled` property says (the architecture's 0 leaves it to firmware).
        {.name = "CNTCR",
         .offset = cntctl::CNTCR,
         .reset = counter_.enabled() ? cntctl::CNTCR_EN : 0u,
         .writable = cntctl::CNTCR_EN | cntctl::CNTCR_HDBG,  // FCREQ: only table entry 0 exists
         .storage = cntcr_,
         .write = [this](const RegAccess& a,
                         uint64_t) { counter_.set_enabled(cntcr_ & cntctl::CNTCR_EN, a.now); }},
        {.name = "CNTSR", .offset = cntctl::CNTSR, .mode = M::ro},
        {.name = "CNTCV",
         .offset = cntctl::CNTCV,
         .width = 8,
         .sub_word = true,
         .read = [this](const RegAccess& a) { return read_count(a); },
         .write = [this](const RegAccess& a, uint64_t v) { write_count(a, v); }},
        {.name = "CNTFID0", .offset = cntctl::CNTFID0, .mode = M::ro, .reset = counter_.frequency()},
        {.name = "CNTFID1", .offset = cntctl::CNTFID1, .mode = M::ro},  // 0: the end of the table
    };
}

std::vector<Register> SystemCounter::read_registers() {
    return {{.name = "CNTCV",
             .offset = cntread::CNTCV,
             .width = 8,
             .mode = RegMode::ro,
             .sub_word = true,
             .read = [this](const RegAccess& a) { return read_count(a); }}};
}

void SystemCounter::write_count(const RegAccess& a, uint64_t value) {
    counter_.write((counter_.count_at(a.now) & ~a.lanes) | (value & a.lanes), a.now);
}

namespace {
const BankPolicy kCounterPolicy{.sizes = BankPolicy::sizes_of({4, 8})};

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
      counter_(frequency_of(config_), config_.props.get_bool("enabled")),
      control_regs_(fmt::format("generic_counter '{}' CNTControlBase", config_.name), log_level(),
                    kCounterPolicy, control_registers()),
      read_regs_(fmt::format("generic_counter '{}' CNTReadBase", config_.name), log_level(), kCounterPolicy,
                 read_registers()) {
    control_regs_.reset();
    control_regs_.serve(control_socket_);
    read_regs_.serve(read_socket_);
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

void SystemCounter::save_state(StateWriter& out) const {
    counter_.save(out);
    out.u32(cntcr_);
}

void SystemCounter::load_state(StateReader& in) {
    counter_.load(in, sc_core::sc_time_stamp());
    cntcr_ = in.u32();
    in.expect_end();
}

static ModelRegistrar registrar{ModelInfo{
    .name = "generic_counter",
    .doc = "Arm Generic Timer memory-mapped system counter (CNTControlBase + CNTReadBase frames)",
    .regions = {{"control", 0x0, 0x1000}, {"read", 0x1000, 0x1000}},
    .irqs = {},
    .props = SystemCounter::property_specs(),
    .roles = {Role::system_counter},
    .shared_irq = false,
    .create = make_factory<SystemCounter>(),
    .access_latency = "10ns",
    .checkpoint = CheckpointSupport::saved,
}};

}  // namespace vp
