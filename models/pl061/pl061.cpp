#include "models/pl061/pl061.h"

#include <fmt/format.h>

#include "core/model_registry.h"

namespace vp {

using namespace pl061;

// TRM 3.2 "Summary of PrimeCell GPIO registers": every register is 8 bits in a 32-bit word.
std::vector<Register> Pl061::registers() {
    using M = RegMode;
    return {
        // GPIODATA n (n = PADDR[9:2]): reads the pads under the mask n, writes the outputs under it.
        {.name = "GPIODATA",
         .offset = GPIODATA,
         .count = 256,
         .read = [this](const RegAccess& a) { return uint64_t(pads() & a.index); },
         .write = [this](const RegAccess& a, uint64_t v) { write_data(a.index, static_cast<uint32_t>(v)); }},
        {.name = "GPIODIR", .offset = GPIODIR, .writable = kPinMask, .storage = dir_},
        {.name = "GPIOIS", .offset = GPIOIS, .writable = kPinMask, .storage = is_},
        {.name = "GPIOIBE", .offset = GPIOIBE, .writable = kPinMask, .storage = ibe_},
        {.name = "GPIOIEV", .offset = GPIOIEV, .writable = kPinMask, .storage = iev_},
        {.name = "GPIOIE", .offset = GPIOIE, .writable = kPinMask, .storage = ie_},
        {.name = "GPIORIS",
         .offset = GPIORIS,
         .mode = M::ro,
         .read = [this] { return uint64_t(raw_status()); }},
        {.name = "GPIOMIS",
         .offset = GPIOMIS,
         .mode = M::ro,
         .read = [this] { return uint64_t(raw_status() & ie_); }},
        {.name = "GPIOIC",
         .offset = GPIOIC,
         .mode = M::wo,
         .write = [this](uint64_t v) { write_ic(static_cast<uint32_t>(v)); }},
        {.name = "GPIOAFSEL", .offset = GPIOAFSEL, .writable = kPinMask, .storage = afsel_},
        // The identification registers (TRM 3.3.13, 3.3.14): part number 0x061, designer 0x41
        // (ARM), revision 0, configuration 0; the PrimeCell preamble 0xB105F00D.
        {.name = "GPIOPeriphID0", .offset = GPIOPeriphID0, .mode = M::ro, .reset = 0x61},
        {.name = "GPIOPeriphID1", .offset = GPIOPeriphID1, .mode = M::ro, .reset = 0x10},
        {.name = "GPIOPeriphID2", .offset = GPIOPeriphID2, .mode = M::ro, .reset = 0x04},
        {.name = "GPIOPeriphID3", .offset = GPIOPeriphID3, .mode = M::ro, .reset = 0x00},
        {.name = "GPIOPCellID0", .offset = GPIOPCellID0, .mode = M::ro, .reset = 0x0D},
        {.name = "GPIOPCellID1", .offset = GPIOPCellID1, .mode = M::ro, .reset = 0xF0},
        {.name = "GPIOPCellID2", .offset = GPIOPCellID2, .mode = M::ro, .reset = 0x05},
        {.name = "GPIOPCellID3", .offset = GPIOPCellID3, .mode = M::ro, .reset = 0xB1},
    };
}

// An APB slave with 8-bit registers on a 32-bit bus: byte, halfword and word accesses at word
// addresses (Linux's driver uses byte accesses). Anything else gets TLM_BURST_ERROR_RESPONSE;
// gaps, writes to read-only and reads of write-only registers read as zero and ignore writes.
static BankPolicy pl061_policy() {
    return {.sizes = BankPolicy::sizes_of({1, 2, 4}),
            .sub_word = true,
            .size = 0x1000,
            .bad_size = tlm::TLM_BURST_ERROR_RESPONSE,
            .misaligned = tlm::TLM_BURST_ERROR_RESPONSE};
}

Pl061::Pl061(const sc_core::sc_module_name& name, const DeviceConfig& config)
    : Device(name, config),
      regs_(fmt::format("pl061 '{}'", config.name), log_level(), pl061_policy(), registers()) {
    regs_.reset();
    regs_.after_write = [this](const tlm::tlm_generic_payload&) { update(); };
    regs_.serve(socket);
    seen_pads_ = pads();
}

TargetSocket& Pl061::target_socket(unsigned index) {
    if (index != 0) throw Error(fmt::format("pl061 '{}' has one region, not {}", config_.name, index + 1));
    return socket;
}

void Pl061::write_dtb(DtbWriter& dtb) const {
    dtb.begin_node(dtb_node_name("pl061", config_.regions));
    dtb.prop_strings("compatible", {"arm,pl061", "arm,primecell"});
    dtb.prop_reg(config_.regions);
    if (!config_.interrupts.empty()) dtb.prop_gic_interrupts(config_.interrupts);
    // Linux's binding (gpio/pl061-gpio.yaml): a GPIO controller with two cells, pin and flags.
    dtb.prop_empty("gpio-controller");
    dtb.prop_u32("#gpio-cells", 2);
    dtb.prop_cells("clocks", {dtb.phandle("apb_pclk")});
    dtb.prop_strings("clock-names", {"apb_pclk"});
    dtb.prop_u32("phandle", dtb.phandle(config_.name));
    dtb.end_node();
}

void Pl061::set_input(unsigned line, bool level) {
    if (line >= kPins) return;
    const uint32_t bit = 1u << line;
    inputs_ = level ? inputs_ | bit : inputs_ & ~bit;
    update();
}

void Pl061::write_data(unsigned mask, uint32_t value) {
    const uint32_t m = mask & dir_;  // only outputs under the address mask change
    data_ = (data_ & ~m) | (value & m);
}

void Pl061::write_ic(uint32_t value) {
    edges_ &= ~(value & kPinMask);
}

// A level-sensitive pin's status follows its pad (high when GPIOIEV is 1, low when 0); an edge
// pin's is the latched edge.
uint32_t Pl061::raw_status() const {
    const uint32_t level_active = ~(pads() ^ iev_) & kPinMask;
    return ((level_active & is_) | (edges_ & ~is_)) & kPinMask;
}

// TRM 2.3 "Interrupt detection": an edge-sensitive pin (GPIOIS 0) latches a rising edge when
// GPIOIEV is 1, a falling edge when it is 0, and either when GPIOIBE is 1.
void Pl061::update() {
    const uint32_t now = pads();
    const uint32_t rose = now & ~seen_pads_, fell = seen_pads_ & ~now;
    const uint32_t wanted = (ibe_ & (rose | fell)) | (~ibe_ & ((iev_ & rose) | (~iev_ & fell)));
    edges_ |= wanted & ~is_ & kPinMask;
    seen_pads_ = now;
    intr.set((raw_status() & ie_) != 0);
    if (data_ != seen_outputs_ || dir_ != seen_enables_) {
        seen_outputs_ = data_;
        seen_enables_ = dir_;
        for (auto& l : listeners_) l(data_, dir_);
    }
}

// The output listeners' last view (seen_outputs_, seen_enables_) is not saved: a restored block
// tells them its outputs at once.
void Pl061::save_state(StateWriter& out) const {
    for (uint32_t v : {inputs_, edges_, seen_pads_, data_, dir_, is_, ibe_, iev_, ie_, afsel_}) out.u32(v);
}

void Pl061::load_state(StateReader& in) {
    for (uint32_t* v : {&inputs_, &edges_, &seen_pads_, &data_, &dir_, &is_, &ibe_, &iev_, &ie_, &afsel_}) {
        *v = in.u32();
        if (*v & ~kPinMask) in.bad(fmt::format("a pin mask of 0x{:x} on 8 pins", *v));
    }
    in.expect_end();
    update();
}

static ModelRegistrar registrar{ModelInfo{
    .name = "pl061",
    .doc = "ARM PrimeCell GPIO (PL061): 8 pins, masked data access, edge/level interrupts (GPIOINTR)",
    .regions = {{"regs", 0, 0x1000}},
    .irqs = {"intr"},
    .props = {},
    .roles = {},
    .create = make_factory<Pl061>(),
    .checkpoint = CheckpointSupport::saved,
}};

}  // namespace vp
