#include "models/pl031/pl031.h"

#include <fmt/format.h>

#include "core/error.h"
#include "core/model_registry.h"
#include "models/pl031/rtc_start.h"

namespace vp {

using namespace pl031;
using sc_core::sc_time;

const std::vector<PropertySpec>& Pl031::properties() {
    static const std::vector<PropertySpec> props = {
        {"start", PropType::string, "host",
         "the RTC value at start-up: host (the host's clock) or a fixed UTC date YYYY-MM-DDTHH:MM:SSZ "
         "(deterministic runs)"},
    };
    return props;
}

// TRM 3.2 "Summary of RTC registers"; every register is 32 bits wide.
std::vector<Register> Pl031::registers() {
    using M = RegMode;
    return {
        {.name = "RTCDR",
         .offset = RTCDR,
         .mode = M::ro,
         .read = [this](const RegAccess& a) { return uint64_t(value_at(a.now)); }},
        {.name = "RTCMR",
         .offset = RTCMR,
         .storage = mr_,
         .write = [this](const RegAccess& a, uint64_t) { match_changed(a.now); }},
        {.name = "RTCLR",
         .offset = RTCLR,
         .storage = lr_,
         .write = [this](const RegAccess& a, uint64_t) { write_lr(a.now); }},
        {.name = "RTCCR",
         .offset = RTCCR,
         .writable = 0,
         .storage = cr_,
         .write = [this](uint64_t v) { write_cr(static_cast<uint32_t>(v)); }},
        {.name = "RTCIMSC",
         .offset = RTCIMSC,
         .writable = kAlarm,
         .storage = imsc_,
         .write = [this] { update(); }},
        {.name = "RTCRIS", .offset = RTCRIS, .mode = M::ro, .storage = ris_},
        {.name = "RTCMIS",
         .offset = RTCMIS,
         .mode = M::ro,
         .read = [this] { return uint64_t(ris_ & imsc_); }},
        {.name = "RTCICR",
         .offset = RTCICR,
         .mode = M::wo,
         .write = [this](uint64_t v) { write_icr(static_cast<uint32_t>(v)); }},
        // The identification registers (TRM 3.2): part number 0x031, designer 0x41 (ARM), revision 0,
        // configuration 0; the PrimeCell preamble 0xB105F00D.
        {.name = "RTCPeriphID0", .offset = RTCPeriphID0, .mode = M::ro, .reset = 0x31},
        {.name = "RTCPeriphID1", .offset = RTCPeriphID1, .mode = M::ro, .reset = 0x10},
        {.name = "RTCPeriphID2", .offset = RTCPeriphID2, .mode = M::ro, .reset = 0x04},
        {.name = "RTCPeriphID3", .offset = RTCPeriphID3, .mode = M::ro, .reset = 0x00},
        {.name = "RTCPCellID0", .offset = RTCPCellID0, .mode = M::ro, .reset = 0x0D},
        {.name = "RTCPCellID1", .offset = RTCPCellID1, .mode = M::ro, .reset = 0xF0},
        {.name = "RTCPCellID2", .offset = RTCPCellID2, .mode = M::ro, .reset = 0x05},
        {.name = "RTCPCellID3", .offset = RTCPCellID3, .mode = M::ro, .reset = 0xB1},
    };
}

// 32-bit accesses at word addresses; any other size or alignment gets
// TLM_BURST_ERROR_RESPONSE. Gaps, writes to read-only and reads of write-only registers read as
// zero and ignore writes.
static BankPolicy pl031_policy() {
    return {.sizes = BankPolicy::sizes_of({4}),
            .size = 0x1000,
            .bad_size = tlm::TLM_BURST_ERROR_RESPONSE,
            .misaligned = tlm::TLM_BURST_ERROR_RESPONSE};
}

Pl031::Pl031(const sc_core::sc_module_name& name, const DeviceConfig& config)
    : Device(name, config),
      regs_(fmt::format("pl031 '{}'", config.name), log_level(), pl031_policy(), registers()) {
    apply_defaults(properties(), config_.props);
    try {
        start_ = start_count(config_.props.get_string("start"));
    } catch (const Error& e) {
        throw ConfigError(config_.props.at("start").loc, config_.name + ".start", e.what());
    }
    regs_.serve(socket);
    SC_HAS_PROCESS(Pl031);
    SC_METHOD(on_match);
    sensitive << match_event_;
    dont_initialize();
    reset();
}

TargetSocket& Pl031::target_socket(unsigned index) {
    if (index != 0) throw Error(fmt::format("pl031 '{}' has one region, not {}", config_.name, index + 1));
    return socket;
}

void Pl031::write_dtb(DtbWriter& dtb) const {
    dtb.begin_node(dtb_node_name("pl031", config_.regions));
    dtb.prop_strings("compatible", {"arm,pl031", "arm,primecell"});
    dtb.prop_reg(config_.regions);
    if (!config_.interrupts.empty()) dtb.prop_gic_interrupts(config_.interrupts);
    dtb.prop_cells("clocks", {dtb.phandle("apb_pclk")});
    dtb.prop_strings("clock-names", {"apb_pclk"});
    dtb.end_node();
}

void Pl031::reset() {
    regs_.reset();
    offset_ = start_;  // no edges yet at time 0
    schedule_match(sc_core::sc_time_stamp());
    update();
}

uint64_t Pl031::edges_at(sc_time t) {
    return t.value() / sc_time(1, sc_core::SC_SEC).value();
}

uint32_t Pl031::value_at(sc_time t) const {
    return static_cast<uint32_t>(edges_at(t) + offset_);
}

void Pl031::write_lr(sc_time now) {
    offset_ = static_cast<uint32_t>(lr_ - edges_at(now));
    match_changed(now);
}

void Pl031::write_cr(uint32_t v) {
    if (v & kStart) cr_ = kStart;  // once started, writes have no effect
}

void Pl031::write_icr(uint32_t v) {
    if (v & kAlarm) ris_ = 0;
    update();
}

void Pl031::match_changed(sc_time now) {
    if (value_at(now) == mr_) {
        ris_ = kAlarm;
        update();
    }
    schedule_match(now);
}

void Pl031::schedule_match(sc_time now) {
    match_event_.cancel();
    match_at_ = sc_core::sc_max_time();
    // The edge at which the value next equals RTCMR: 1 to 2^32 edges after the current one.
    const uint64_t edge = edges_at(now);
    uint64_t ahead = static_cast<uint32_t>(mr_ - value_at(now));
    if (ahead == 0) ahead = 1ull << 32;
    const uint64_t second = sc_time(1, sc_core::SC_SEC).value();
    const uint64_t limit = sc_core::sc_max_time().value() / second;
    if (edge + ahead > limit) return;  // beyond what SystemC time can reach
    const sc_time at = sc_time::from_value((edge + ahead) * second);
    match_at_ = at;
    match_event_.notify(at - sc_core::sc_time_stamp());
}

void Pl031::on_match() {
    const sc_time now = sc_core::sc_time_stamp();
    if (value_at(now) == mr_) {
        ris_ = kAlarm;
        update();
    }
    schedule_match(now);
}

void Pl031::update() {
    intr.set(ris_ & imsc_ & kAlarm);
}

void Pl031::save_state(StateWriter& out) const {
    for (uint32_t v : {offset_, mr_, lr_, cr_, imsc_, ris_}) out.u32(v);
    out.time(match_at_);
}

void Pl031::load_state(StateReader& in) {
    for (uint32_t* v : {&offset_, &mr_, &lr_, &cr_, &imsc_, &ris_}) *v = in.u32();
    const sc_time at = in.time();
    in.expect_end();
    const sc_time now = sc_core::sc_time_stamp();
    if (at != sc_core::sc_max_time() && at < now) in.bad("the match event lies before the checkpoint");
    match_event_.cancel();
    match_at_ = at;
    if (at != sc_core::sc_max_time()) match_event_.notify(at - now);
    update();
}

static ModelRegistrar registrar{ModelInfo{
    .name = "pl031",
    .doc = "ARM PrimeCell real-time clock (PL031): 1 Hz count in simulated time from the host's clock or a "
           "fixed date, "
           "match interrupt",
    .regions = {{"regs", 0, 0x1000}},
    .irqs = {"intr"},
    .props = Pl031::properties(),
    .roles = {},  // none: the platform needs nothing from a real-time clock
    .create = make_factory<Pl031>(),
    .checkpoint = CheckpointSupport::saved,
}};

}  // namespace vp
