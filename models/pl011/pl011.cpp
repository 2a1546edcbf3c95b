#include "models/pl011/pl011.h"

#include <cstring>

#include <fmt/format.h>

#include "platform/core/error.h"
#include "platform/core/model_registry.h"
#include "platform/core/trace.h"

namespace vp {

using namespace pl011;

unsigned pl011::fifo_trigger_level(unsigned field) {
    // TRM 3.3.9: b000 1/8, b001 1/4, b010 1/2, b011 3/4, b100 7/8; b101-b111 reserved (read as 1/2).
    static const unsigned eighths[] = {1, 2, 4, 6, 7};
    return (field < 5 ? eighths[field] : 4) * kFifoDepth / 8;
}

const std::vector<PropertySpec>& Pl011::properties() {
    static const std::vector<PropertySpec> props = {
        {"backend", PropType::string, "stdio",
         "character backend: stdio, null, file:PATH, tcp:[HOST]:PORT[,server][,nowait]"},
        {"clock", PropType::frequency, "24MHz", "UARTCLK, the reference clock of the baud rate generator"},
    };
    return props;
}

// TRM 3.2 Table 3-1: offset, name, reset value, access, storage, writable bits, callbacks.
const std::vector<Pl011::Reg>& Pl011::registers() {
    using A = Access;
    static const std::vector<Reg> regs = {
        {UARTDR, "UARTDR", 0, A::rw, nullptr, 0xFF, &Pl011::read_dr, &Pl011::write_dr},
        {UARTRSR, "UARTRSR/ECR", 0, A::rw, &Pl011::rsr_, 0, nullptr, &Pl011::write_ecr},
        {UARTFR, "UARTFR", 0, A::ro, nullptr, 0, &Pl011::read_fr, nullptr},
        {UARTILPR, "UARTILPR", 0, A::rw, &Pl011::ilpr_, 0xFF, nullptr, nullptr},
        {UARTIBRD, "UARTIBRD", 0, A::rw, &Pl011::ibrd_, 0xFFFF, nullptr, nullptr},
        {UARTFBRD, "UARTFBRD", 0, A::rw, &Pl011::fbrd_, 0x3F, nullptr, nullptr},
        {UARTLCR_H, "UARTLCR_H", 0, A::rw, &Pl011::lcr_h_, 0xFF, nullptr, &Pl011::write_lcr_h},
        {UARTCR, "UARTCR", 0x300, A::rw, &Pl011::cr_, 0xFF87, nullptr, &Pl011::write_cr},
        {UARTIFLS, "UARTIFLS", 0x12, A::rw, &Pl011::ifls_, 0x3F, nullptr, &Pl011::write_ifls},
        {UARTIMSC, "UARTIMSC", 0, A::rw, &Pl011::imsc_, INT_ALL, nullptr, &Pl011::write_imsc},
        {UARTRIS, "UARTRIS", 0, A::ro, &Pl011::ris_, 0, nullptr, nullptr},
        {UARTMIS, "UARTMIS", 0, A::ro, nullptr, 0, &Pl011::read_mis, nullptr},
        {UARTICR, "UARTICR", 0, A::wo, nullptr, 0, nullptr, &Pl011::write_icr},
        {UARTDMACR, "UARTDMACR", 0, A::rw, &Pl011::dmacr_, 0x7, nullptr, nullptr},
        // 3.3.15: part number 0x011, designer 0x41 (ARM), revision 3 (r1p5), configuration 0.
        {UARTPeriphID0, "UARTPeriphID0", 0x11, A::ro, nullptr, 0, nullptr, nullptr},
        {UARTPeriphID1, "UARTPeriphID1", 0x10, A::ro, nullptr, 0, nullptr, nullptr},
        {UARTPeriphID2, "UARTPeriphID2", 0x34, A::ro, nullptr, 0, nullptr, nullptr},
        {UARTPeriphID3, "UARTPeriphID3", 0x00, A::ro, nullptr, 0, nullptr, nullptr},
        // 3.3.16: the PrimeCell preamble 0xB105F00D.
        {UARTPCellID0, "UARTPCellID0", 0x0D, A::ro, nullptr, 0, nullptr, nullptr},
        {UARTPCellID1, "UARTPCellID1", 0xF0, A::ro, nullptr, 0, nullptr, nullptr},
        {UARTPCellID2, "UARTPCellID2", 0x05, A::ro, nullptr, 0, nullptr, nullptr},
        {UARTPCellID3, "UARTPCellID3", 0xB1, A::ro, nullptr, 0, nullptr, nullptr},
    };
    return regs;
}

const Pl011::Reg* Pl011::find_reg(uint32_t offset) const {
    for (const Reg& r : registers())
        if (r.offset == offset) return &r;
    return nullptr;
}

Pl011::Pl011(const sc_core::sc_module_name& name, const DeviceConfig& config) : Device(name, config) {
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
    socket.register_b_transport(this, &Pl011::b_transport);
    socket.register_transport_dbg(this, &Pl011::transport_dbg);
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
    for (const Reg& r : registers())
        if (r.storage) this->*r.storage = r.reset;
    rx_fifo_.clear();
    tx_fifo_.clear();
    overrun_pending_ = false;
    divisor_latched_ = 0;
    rx_timeout_event_.cancel();
    update();
}

// ---- transport ----

void Pl011::b_transport(tlm::tlm_generic_payload& gp, sc_core::sc_time&) {
    const uint64_t addr = gp.get_address();
    const unsigned len = gp.get_data_length();
    if (gp.get_byte_enable_ptr()) {
        VP_DEV_LOG(warn, trace::guest_errors, "pl011 '{}': byte enables not supported", config_.name);
        gp.set_response_status(tlm::TLM_BYTE_ENABLE_ERROR_RESPONSE);
        return;
    }
    if (len == 0 || len > 4 || (addr & 3) + len > 4 || gp.get_streaming_width() < len) {
        VP_DEV_LOG(warn, trace::guest_errors,
                   "pl011 '{}': {}-byte access at {:#x} does not fit one 32-bit register", config_.name, len,
                   addr);
        gp.set_response_status(tlm::TLM_BURST_ERROR_RESPONSE);
        return;
    }
    const uint32_t offset = static_cast<uint32_t>(addr & ~uint64_t{3});
    const unsigned shift = static_cast<unsigned>(addr & 3) * 8;
    const uint32_t bytes = static_cast<uint32_t>((uint64_t{1} << (len * 8)) - 1) << shift;
    const Reg* r = addr < 0x1000 ? find_reg(offset) : nullptr;
    if (gp.is_read()) {
        uint32_t v = 0;
        if (r)
            v = reg_read(*r);
        else
            VP_DEV_LOG(warn, trace::guest_errors, "pl011 '{}': read of unmapped offset {:#x} (RAZ)",
                       config_.name, addr);
        v >>= shift;
        std::memcpy(gp.get_data_ptr(), &v, len);
    } else if (gp.is_write()) {
        uint32_t d = 0;
        std::memcpy(&d, gp.get_data_ptr(), len);
        d <<= shift;
        if (r) {
            uint32_t current = r->storage ? this->*r->storage : 0;
            reg_write(*r, (current & ~bytes) | (d & bytes));
        } else {
            VP_DEV_LOG(warn, trace::guest_errors,
                       "pl011 '{}': write {:#x} to unmapped offset {:#x} (ignored)", config_.name, d >> shift,
                       addr);
        }
    }
    gp.set_response_status(tlm::TLM_OK_RESPONSE);
}

unsigned Pl011::transport_dbg(tlm::tlm_generic_payload& gp) {
    const uint64_t addr = gp.get_address();
    const unsigned len = gp.get_data_length();
    if (!gp.is_read() || len == 0 || len > 4 || (addr & 3) + len > 4) return 0;
    const Reg* r = addr < 0x1000 ? find_reg(static_cast<uint32_t>(addr & ~uint64_t{3})) : nullptr;
    uint32_t v = r ? reg_read(*r, true) >> ((addr & 3) * 8) : 0;
    std::memcpy(gp.get_data_ptr(), &v, len);
    return len;
}

uint32_t Pl011::reg_read(const Reg& r, bool debug) {
    if (r.access == Access::wo) {
        if (!debug)
            VP_DEV_LOG(warn, trace::guest_errors, "pl011 '{}': read of write-only {} (RAZ)", config_.name,
                       r.name);
        return 0;
    }
    uint32_t v;
    if (debug && r.read == &Pl011::read_dr)  // no side effects: peek
        v = rx_fifo_.empty() ? 0 : rx_fifo_.front();
    else if (r.read)
        v = (this->*r.read)();
    else
        v = r.storage ? this->*r.storage : r.reset;
    if (!debug) VP_DEV_LOG(debug, trace::dev, "pl011 '{}': read {} -> {:#x}", config_.name, r.name, v);
    return v;
}

void Pl011::reg_write(const Reg& r, uint32_t value) {
    if (r.access == Access::ro) {
        VP_DEV_LOG(warn, trace::guest_errors, "pl011 '{}': write {:#x} to read-only {} (ignored)",
                   config_.name, value, r.name);
        return;
    }
    VP_DEV_LOG(debug, trace::dev, "pl011 '{}': write {} <- {:#x}", config_.name, r.name, value);
    if (r.write)
        (this->*r.write)(value);
    else
        this->*r.storage = (this->*r.storage & ~r.write_mask) | (value & r.write_mask);
}

static ModelRegistrar registrar{ModelInfo{
    .name = "pl011",
    .doc = "ARM PrimeCell UART (PL011 r1p5) with a character backend (stdio, null, file, tcp)",
    .regions = {{"regs", 0, 0x1000}},
    .irqs = {"intr"},
    .props = Pl011::properties(),
    .roles = {Role::console},
    .create = make_factory<Pl011>(),
}};

}  // namespace vp
