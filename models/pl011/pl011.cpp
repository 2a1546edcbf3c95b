#include "models/pl011/pl011.h"

#include <cstring>

#include <fmt/format.h>

#include "core/error.h"
#include "core/model_registry.h"
#include "core/trace.h"

namespace vp {

using namespace pl011;

unsigned pl011::fifo_trigger_level(unsigned field) {
    // TRM 3.3.9: b000 1/8, b001 1/4, b010 1/2, b011 3/4, b100 7/8; b101-b111 reserved (read as 1/2).
    static const unsigned eighths[] = {1, 2, 4, 6, 7};
    return (field < 5 ? eighths[field] : 4) * kFifoDepth / 8;
}

const std::vector<PropertySpec>& Pl011::properties() {
    static const std::vector<PropertySpec> props = {
        {.name = "backend",
         .type = PropType::string,
         .default_value = "stdio",
         .doc = "character backend: stdio, null, file:PATH, tcp:[HOST]:PORT[,server][,nowait]",
         .host_side = true},
        {"clock", PropType::frequency, "24MHz", "UARTCLK, the reference clock of the baud rate generator"},
    };
    return props;
}

// TRM 3.2 Table 3-1. Every register is 32 bits wide and accessible by byte and halfword
// (sub-word writes change only their bytes); unlisted offsets read as zero and ignore writes.
std::vector<Register> Pl011::registers() {
    using M = RegMode;
    return {
        {.name = "UARTDR",
         .offset = UARTDR,
         .read = [this] { return read_dr(); },
         .write = [this](uint64_t v) { write_dr(static_cast<uint32_t>(v)); },
         .peek = [this] { return peek_dr(); }},
        // Reads UARTRSR; a write (any value) is UARTECR and clears the errors (3.3.2).
        {.name = "UARTRSR/ECR",
         .offset = UARTRSR,
         .writable = 0,
         .storage = rsr_,
         .write = [this] { write_ecr(); }},
        {.name = "UARTFR", .offset = UARTFR, .mode = M::ro, .read = [this] { return read_fr(); }},
        {.name = "UARTILPR", .offset = UARTILPR, .writable = 0xFF, .storage = ilpr_},
        {.name = "UARTIBRD", .offset = UARTIBRD, .writable = 0xFFFF, .storage = ibrd_},
        {.name = "UARTFBRD", .offset = UARTFBRD, .writable = 0x3F, .storage = fbrd_},
        {.name = "UARTLCR_H",
         .offset = UARTLCR_H,
         .writable = 0xFF,
         .storage = lcr_h_,
         .write = [this] { write_lcr_h(); }},
        {.name = "UARTCR",
         .offset = UARTCR,
         .reset = 0x300,
         .writable = 0xFF87,
         .storage = cr_,
         .write = [this] { write_cr(); }},
        {.name = "UARTIFLS",
         .offset = UARTIFLS,
         .reset = 0x12,
         .writable = 0x3F,
         .storage = ifls_,
         .write = [this] { write_ifls(); }},
        {.name = "UARTIMSC",
         .offset = UARTIMSC,
         .writable = INT_ALL,
         .storage = imsc_,
         .write = [this] { update(); }},
        {.name = "UARTRIS", .offset = UARTRIS, .mode = M::ro, .storage = ris_},
        {.name = "UARTMIS", .offset = UARTMIS, .mode = M::ro, .read = [this] { return ris_ & imsc_; }},
        {.name = "UARTICR",
         .offset = UARTICR,
         .mode = M::wo,
         .write = [this](uint64_t v) { write_icr(static_cast<uint32_t>(v)); }},
        {.name = "UARTDMACR", .offset = UARTDMACR, .writable = 0x7, .storage = dmacr_},
        // 3.3.15: part number 0x011, designer 0x41 (ARM), revision 3 (r1p5), configuration 0.
        {.name = "UARTPeriphID0", .offset = UARTPeriphID0, .mode = M::ro, .reset = 0x11},
        {.name = "UARTPeriphID1", .offset = UARTPeriphID1, .mode = M::ro, .reset = 0x10},
        {.name = "UARTPeriphID2", .offset = UARTPeriphID2, .mode = M::ro, .reset = 0x34},
        {.name = "UARTPeriphID3", .offset = UARTPeriphID3, .mode = M::ro, .reset = 0x00},
        // 3.3.16: the PrimeCell preamble 0xB105F00D.
        {.name = "UARTPCellID0", .offset = UARTPCellID0, .mode = M::ro, .reset = 0x0D},
        {.name = "UARTPCellID1", .offset = UARTPCellID1, .mode = M::ro, .reset = 0xF0},
        {.name = "UARTPCellID2", .offset = UARTPCellID2, .mode = M::ro, .reset = 0x05},
        {.name = "UARTPCellID3", .offset = UARTPCellID3, .mode = M::ro, .reset = 0xB1},
    };
}

// Any 1- to 4-byte access within one 32-bit word; others get TLM_BURST_ERROR_RESPONSE. Gaps,
// writes to read-only and reads of write-only registers: read as zero, writes ignored.
static BankPolicy pl011_policy() {
    return {.sizes = BankPolicy::sizes_of({1, 2, 3, 4}),
            .aligned = false,
            .sub_word = true,
            .bad_size = tlm::TLM_BURST_ERROR_RESPONSE,
            .misaligned = tlm::TLM_BURST_ERROR_RESPONSE};
}

Pl011::Pl011(const sc_core::sc_module_name& name, const DeviceConfig& config)
    : Device(name, config),
      regs_(fmt::format("pl011 '{}'", config.name), log_level(), pl011_policy(), registers()) {
    apply_defaults(properties(), config_.props);
    clock_hz_ = config_.props.get_frequency("clock");
    if (!(clock_hz_ > 0))
        throw ConfigError(config_.props.at("clock").loc, config_.name + ".clock",
                          "the UART clock must be > 0");
    try {
        backend_ = make_char_backend(config_.props.get_string("backend"), "backend");
    } catch (const ConfigError&) {
        throw;
    } catch (const Error& e) {
        throw ConfigError(config_.props.at("backend").loc, config_.name + ".backend", e.what());
    }
    regs_.serve(socket);
    SC_HAS_PROCESS(Pl011);
    SC_METHOD(on_rx_timeout);
    sensitive << rx_timeout_event_;
    dont_initialize();
    reset();
    backend_->attach({[this] { return rx_room(); }, [this](uint8_t c) { receive_char(c); }});
}

Pl011::~Pl011() = default;

TargetSocket& Pl011::target_socket(unsigned index) {
    if (index != 0) throw Error(fmt::format("pl011 '{}' has one region, not {}", config_.name, index + 1));
    return socket;
}

void Pl011::write_dtb(DtbWriter& dtb) const {
    dtb.begin_node(dtb_node_name("pl011", config_.regions));
    dtb.prop_strings("compatible", {"arm,pl011", "arm,primecell"});
    dtb.prop_reg(config_.regions);
    if (!config_.interrupts.empty()) dtb.prop_gic_interrupts(config_.interrupts);
    uint32_t clk = dtb.phandle("apb_pclk");
    dtb.prop_cells("clocks", {clk, clk});
    dtb.prop_strings("clock-names", {"uartclk", "apb_pclk"});
    dtb.end_node();
}

void Pl011::reset() {
    regs_.reset();
    rx_fifo_.clear();
    tx_fifo_.clear();
    overrun_pending_ = false;
    divisor_latched_ = 0;
    rx_timeout_event_.cancel();
    rx_timeout_at_ = sc_core::sc_max_time();
    update();
}

// The character backend is the host's side: not saved; the restored run connects its own.
void Pl011::save_state(StateWriter& out) const {
    for (uint32_t v : {rsr_, ilpr_, ibrd_, fbrd_, lcr_h_, cr_, ifls_, imsc_, ris_, dmacr_, divisor_latched_})
        out.u32(v);
    out.boolean(overrun_pending_);
    out.u32(static_cast<uint32_t>(rx_fifo_.size()));
    for (uint32_t e : rx_fifo_) out.u32(e);
    const std::vector<uint8_t> tx(tx_fifo_.begin(), tx_fifo_.end());
    out.bytes(tx);
    out.time(rx_timeout_at_);
}

void Pl011::load_state(StateReader& in) {
    for (uint32_t* v :
         {&rsr_, &ilpr_, &ibrd_, &fbrd_, &lcr_h_, &cr_, &ifls_, &imsc_, &ris_, &dmacr_, &divisor_latched_})
        *v = in.u32();
    overrun_pending_ = in.boolean();
    const uint32_t rx = in.u32();
    if (rx > pl011::kFifoDepth)
        in.bad(fmt::format("{} characters in a {}-entry receive FIFO", rx, pl011::kFifoDepth));
    rx_fifo_.clear();
    for (uint32_t i = 0; i < rx; ++i) rx_fifo_.push_back(in.u32());
    const auto tx = in.bytes();
    if (tx.size() > pl011::kFifoDepth)
        in.bad(fmt::format("{} characters in a {}-entry transmit FIFO", tx.size(), pl011::kFifoDepth));
    tx_fifo_.assign(tx.begin(), tx.end());
    rx_timeout_at_ = in.time();
    in.expect_end();
    const sc_core::sc_time now = sc_core::sc_time_stamp();
    rx_timeout_event_.cancel();
    if (rx_timeout_at_ != sc_core::sc_max_time()) {
        if (rx_timeout_at_ < now) in.bad("the receive timeout lies before the checkpoint");
        rx_timeout_event_.notify(rx_timeout_at_ - now);
    }
    update();
    backend_->ready();
}

static ModelRegistrar registrar{ModelInfo{
    .name = "pl011",
    .doc = "ARM PrimeCell UART (PL011 r1p5) with a character backend (stdio, null, file, tcp)",
    .regions = {{"regs", 0, 0x1000}},
    .irqs = {"intr"},
    .props = Pl011::properties(),
    .roles = {Role::console},
    .create = make_factory<Pl011>(),
    .checkpoint = CheckpointSupport::saved,
}};

}  // namespace vp
