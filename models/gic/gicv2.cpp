// GICv2 Distributor, register transport and registration. The CPU interface and the
// prioritisation logic are in gicv2_cpuif.cpp.
#include "models/gic/gicv2.h"

#include <algorithm>
#include <cstring>

#include "platform/core/cpu_id_extension.h"
#include "platform/core/error.h"
#include "platform/core/model_registry.h"
#include "platform/core/trace.h"

namespace vp {

namespace {

const sc_core::sc_time kAccessLatency(10, sc_core::SC_NS);

// Bits [31:0] of a 1-bit-per-INTID register for interrupts word*32 .. word*32+31.
template <class F>
uint32_t gather(unsigned num_irqs, unsigned word, F bit) {
    uint32_t v = 0;
    for (unsigned b = 0; b < 32; ++b) {
        unsigned id = word * 32 + b;
        if (id < num_irqs && bit(id)) v |= 1u << b;
    }
    return v;
}

template <class F>
void scatter(unsigned num_irqs, unsigned word, uint32_t value, F apply) {
    for (unsigned b = 0; b < 32; ++b) {
        unsigned id = word * 32 + b;
        if ((value >> b & 1) && id < num_irqs) apply(id);
    }
}

}  // namespace

using G = Gicv2;

// IHI 0048B Table 4-1. Arrays are declared for the architectural maximum of 1020 INTIDs;
// entries beyond num_irqs read as zero and ignore writes.
const std::vector<Gicv2::Reg> Gicv2::dist_regs_ = {
    {gicd::CTLR, 4, "GICD_CTLR", Access::rw, 4, &G::rd_ctlr, &G::wr_ctlr},
    {gicd::TYPER, 4, "GICD_TYPER", Access::ro, 4, &G::rd_typer, nullptr},
    {gicd::IIDR, 4, "GICD_IIDR", Access::ro, 4, &G::rd_iidr, nullptr},
    {gicd::IGROUPR, 0x80, "GICD_IGROUPR", Access::rw, 4, &G::rd_igroupr, &G::wr_igroupr},
    {gicd::ISENABLER, 0x80, "GICD_ISENABLER", Access::rw, 4, &G::rd_enabler, &G::wr_isenabler},
    {gicd::ICENABLER, 0x80, "GICD_ICENABLER", Access::rw, 4, &G::rd_enabler, &G::wr_icenabler},
    {gicd::ISPENDR, 0x80, "GICD_ISPENDR", Access::rw, 4, &G::rd_pendr, &G::wr_ispendr},
    {gicd::ICPENDR, 0x80, "GICD_ICPENDR", Access::rw, 4, &G::rd_pendr, &G::wr_icpendr},
    {gicd::ISACTIVER, 0x80, "GICD_ISACTIVER", Access::rw, 4, &G::rd_activer, &G::wr_isactiver},
    {gicd::ICACTIVER, 0x80, "GICD_ICACTIVER", Access::rw, 4, &G::rd_activer, &G::wr_icactiver},
    {gicd::IPRIORITYR, 0x3fc, "GICD_IPRIORITYR", Access::rw, 1, &G::rd_priority, &G::wr_priority},
    {gicd::ITARGETSR, 0x3fc, "GICD_ITARGETSR", Access::rw, 1, &G::rd_targets, &G::wr_targets},
    {gicd::ICFGR, 0x100, "GICD_ICFGR", Access::rw, 4, &G::rd_icfgr, &G::wr_icfgr},
    {gicd::SGIR, 4, "GICD_SGIR", Access::wo, 4, nullptr, &G::wr_sgir},
    {gicd::CPENDSGIR, 0x10, "GICD_CPENDSGIR", Access::rw, 1, &G::rd_sgi_pend, &G::wr_cpendsgir},
    {gicd::SPENDSGIR, 0x10, "GICD_SPENDSGIR", Access::rw, 1, &G::rd_sgi_pend, &G::wr_spendsgir},
    {gicd::PIDR4, 0x30, "GICD_PIDR/CIDR", Access::ro, 4, &G::rd_id, nullptr},
};

Gicv2::Gicv2(const sc_core::sc_module_name& name, const DeviceConfig& config) : Device(name, config) {
    apply_defaults(property_specs(), config_.props);
    num_cpus_ = static_cast<unsigned>(config_.props.get_u64("num_cpus"));
    num_irqs_ = implemented_intids(config_.props.get_u64("num_irqs"));
    if (num_cpus_ < 1 || num_cpus_ > kMaxCpus)
        throw ConfigError(config_.props.at("num_cpus").loc, config_.name + ".num_cpus",
                          "a GICv2 serves 1 to 8 cores");
    if (num_irqs_ == 0)
        throw ConfigError(config_.props.at("num_irqs").loc, config_.name + ".num_irqs",
                          "expected a multiple of 32 from 64 to 1024 (INTIDs 1020-1023 are special)");
    cpus_.resize(num_cpus_);
    for (unsigned c = 0; c < num_cpus_; ++c) ppi_sinks_.emplace_back(*this, c);
    spis_.resize(num_irqs_ - 32);
    for (unsigned c = 0; c < num_cpus_; ++c)
        for (unsigned id = 0; id < 16; ++id) {
            cpus_[c].banked[id].enabled = true;  // SGIs are always enabled (as on GIC-400)
            cpus_[c].banked[id].edge = true;     // SGIs are edge-triggered (4.3.13)
        }
    dist_socket_.register_b_transport(this, &Gicv2::b_transport_dist);
    cpu_socket_.register_b_transport(this, &Gicv2::b_transport_cpu);
}

unsigned Gicv2::implemented_intids(uint64_t num_irqs) {
    if (num_irqs < 64 || num_irqs % 32 != 0 || num_irqs > 1024) return 0;
    return static_cast<unsigned>(std::min<uint64_t>(num_irqs, 1020));
}

const std::vector<PropertySpec>& Gicv2::property_specs() {
    static const std::vector<PropertySpec> specs = {
        {"num_cpus", PropType::integer, "1", "number of CPU interfaces (the machine's core count)"},
        {"num_irqs", PropType::integer, "288", "INTIDs implemented: 32 SGI/PPI + SPIs, multiple of 32"},
    };
    return specs;
}

TargetSocket& Gicv2::target_socket(unsigned index) {
    if (index == 0) return dist_socket_;
    if (index == 1) return cpu_socket_;
    throw Error("gicv2: no region " + std::to_string(index));
}

IrqSink* Gicv2::ppi_sink(unsigned cpu) {
    return cpu < num_cpus_ ? &ppi_sinks_[cpu] : nullptr;
}
IrqOut* Gicv2::cpu_output(unsigned cpu, bool fiq) {
    if (cpu >= num_cpus_) return nullptr;
    return fiq ? &cpus_[cpu].fiq : &cpus_[cpu].irq;
}
IrqOut& Gicv2::irq_out(unsigned cpu) {
    return cpus_.at(cpu).irq;
}
IrqOut& Gicv2::fiq_out(unsigned cpu) {
    return cpus_.at(cpu).fiq;
}

void Gicv2::set_irq(unsigned intid, bool level) {
    input(0, intid, level);
}
void Gicv2::PpiSink::set_irq(unsigned intid, bool level) {
    if (intid < 16 || intid >= 32) {
        VP_TRACE(trace::guest_errors, "{}: PPI input {} of core {} is not a PPI", gic_.name(), intid, cpu_);
        return;
    }
    gic_.input(cpu_, intid, level);
}

void Gicv2::input(unsigned cpu, unsigned intid, bool level) {
    if (intid < 16 || intid >= num_irqs_) {
        VP_DEV_LOG(warn, trace::guest_errors, "{}: input line {} is not a PPI or an implemented SPI", name(),
                   intid);
        return;
    }
    IrqState& s = irq(cpu, intid);
    if (s.edge && level && !s.level) s.latched = true;  // rising edge (3.2.4)
    s.level = level;
    update();
}

void Gicv2::write_dtb(DtbWriter& dtb) const {
    dtb.begin_node(dtb_node_name("intc", config_.regions));
    dtb.prop_string("compatible", "arm,cortex-a15-gic");
    dtb.prop_u32("#interrupt-cells", 3);
    dtb.prop_empty("interrupt-controller");
    // dtc's interrupt_provider check: an interrupt controller states its #address-cells.
    dtb.prop_u32("#address-cells", 0);
    dtb.prop_reg(config_.regions);
    dtb.prop_u32("phandle", dtb.phandle("intc"));
    dtb.end_node();
}

// ---- Register transport ------------------------------------------------------------------

void Gicv2::b_transport_dist(tlm::tlm_generic_payload& gp, sc_core::sc_time& delay) {
    access(dist_regs_, "dist", gp, delay);
}
void Gicv2::b_transport_cpu(tlm::tlm_generic_payload& gp, sc_core::sc_time& delay) {
    access(cpu_regs_, "cpu", gp, delay);
}

void Gicv2::access(const std::vector<Reg>& table, const char* bank, tlm::tlm_generic_payload& gp,
                   sc_core::sc_time& delay) {
    delay += kAccessLatency;
    const uint64_t addr = gp.get_address();
    const unsigned len = gp.get_data_length();
    const bool is_read = gp.is_read();
    unsigned char* data = gp.get_data_ptr();
    if (gp.get_byte_enable_ptr() || gp.get_streaming_width() < len) {
        gp.set_response_status(tlm::TLM_BYTE_ENABLE_ERROR_RESPONSE);
        return;
    }
    gp.set_response_status(tlm::TLM_OK_RESPONSE);
    if (is_read) std::memset(data, 0, len);
    unsigned cpu = initiator_cpu(gp);
    if (cpu >= num_cpus_) {
        VP_DEV_LOG(warn, trace::guest_errors, "{}: {} access at {:#x} from core {} (only {} interfaces)",
                   name(), bank, addr, cpu, num_cpus_);
        return;
    }
    const Reg* reg = nullptr;
    for (const Reg& r : table)
        if (addr >= r.offset && addr < r.offset + r.bytes) reg = &r;
    const bool size_ok = reg && (len == 4 || (reg->width == 1 && (len == 1 || len == 2))) &&
                         addr % len == 0 && addr + len <= reg->offset + reg->bytes;
    if (!reg || !size_ok) {
        VP_DEV_LOG(warn, trace::guest_errors, "{}: {} {} of {} bytes at {:#x}: no register (RAZ/WI)", name(),
                   bank, is_read ? "read" : "write", len, addr);
        return;
    }
    if ((is_read && reg->access == Access::wo) || (!is_read && reg->access == Access::ro)) {
        VP_DEV_LOG(warn, trace::guest_errors, "{}: {} of {} {} is not allowed (RAZ/WI)", name(),
                   is_read ? "read" : "write", reg->access == Access::ro ? "read-only" : "write-only",
                   reg->name);
        return;
    }
    const unsigned first = static_cast<unsigned>(addr - reg->offset) / reg->width;
    const unsigned elems = reg->width == 1 ? len : 1;
    uint32_t value = 0;
    if (!is_read) std::memcpy(&value, data, len);  // host is little-endian like the bus
    for (unsigned i = 0; i < elems; ++i) {
        unsigned shift = 8 * i * (reg->width == 1);
        if (is_read) {
            value |= (this->*reg->read)(cpu, first + i) << shift;
        } else {
            uint32_t part = reg->width == 1 ? (value >> shift) & 0xff : value;
            (this->*reg->write)(cpu, first + i, part);
        }
    }
    if (is_read) std::memcpy(data, &value, len);
    VP_DEV_LOG(debug, trace::dev, "{}: core {} {} {}[{}] {} {:#x}", name(), cpu, is_read ? "read" : "write",
               reg->name, first, is_read ? "->" : "<-", value);
    if (!is_read) update();
}

// ---- Distributor ---------------------------------------------------------------------------

void Gicv2::wr_ctlr(unsigned, unsigned, uint32_t v) {
    dist_ctlr_ = v & (gicd::CTLR_ENABLE_GRP0 | gicd::CTLR_ENABLE_GRP1);
}

uint32_t Gicv2::rd_typer(unsigned, unsigned) {
    uint32_t lines = (num_irqs_ + 31) / 32 - 1;
    return (lines & gicd::TYPER_IT_LINES_MASK) | ((num_cpus_ - 1) << gicd::TYPER_CPU_NUMBER_SHIFT);
}

uint32_t Gicv2::rd_igroupr(unsigned cpu, unsigned word) {
    return gather(num_irqs_, word, [&](unsigned id) { return irq(cpu, id).group1; });
}
void Gicv2::wr_igroupr(unsigned cpu, unsigned word, uint32_t v) {
    for (unsigned b = 0; b < 32; ++b)
        if (word * 32 + b < num_irqs_) irq(cpu, word * 32 + b).group1 = v >> b & 1;
}

uint32_t Gicv2::rd_enabler(unsigned cpu, unsigned word) {
    return gather(num_irqs_, word, [&](unsigned id) { return irq(cpu, id).enabled; });
}
void Gicv2::wr_isenabler(unsigned cpu, unsigned word, uint32_t v) {
    scatter(num_irqs_, word, v, [&](unsigned id) { irq(cpu, id).enabled = true; });
}
void Gicv2::wr_icenabler(unsigned cpu, unsigned word, uint32_t v) {
    scatter(num_irqs_, word, v, [&](unsigned id) {
        if (id >= 16) irq(cpu, id).enabled = false;  // SGI enables are fixed at 1
    });
}

uint32_t Gicv2::rd_pendr(unsigned cpu, unsigned word) {
    return gather(num_irqs_, word, [&](unsigned id) { return pending(cpu, id); });
}
// SGI bits are ignored: their pending state belongs to GICD_SPENDSGIR/CPENDSGIR (4.3.7).
void Gicv2::wr_ispendr(unsigned cpu, unsigned word, uint32_t v) {
    scatter(num_irqs_, word, v, [&](unsigned id) {
        if (id >= 16) irq(cpu, id).latched = true;
    });
}
void Gicv2::wr_icpendr(unsigned cpu, unsigned word, uint32_t v) {
    scatter(num_irqs_, word, v, [&](unsigned id) {
        if (id >= 16) irq(cpu, id).latched = false;  // a level input still asserted stays pending
    });
}

uint32_t Gicv2::rd_activer(unsigned cpu, unsigned word) {
    return gather(num_irqs_, word, [&](unsigned id) { return irq(cpu, id).active; });
}
void Gicv2::wr_isactiver(unsigned cpu, unsigned word, uint32_t v) {
    scatter(num_irqs_, word, v, [&](unsigned id) { irq(cpu, id).active = true; });
}
void Gicv2::wr_icactiver(unsigned cpu, unsigned word, uint32_t v) {
    scatter(num_irqs_, word, v, [&](unsigned id) { irq(cpu, id).active = false; });
}

uint32_t Gicv2::rd_priority(unsigned cpu, unsigned id) {
    return id < num_irqs_ ? irq(cpu, id).priority : 0;
}
void Gicv2::wr_priority(unsigned cpu, unsigned id, uint32_t v) {
    if (id < num_irqs_) irq(cpu, id).priority = static_cast<uint8_t>(v);
}

// In a uniprocessor implementation the target registers are RAZ/WI (4.3.12); SGI and PPI
// entries read as the accessing core's own bit.
uint32_t Gicv2::rd_targets(unsigned cpu, unsigned id) {
    if (num_cpus_ == 1 || id >= num_irqs_) return 0;
    return id < 32 ? 1u << cpu : spis_[id - 32].targets;
}
void Gicv2::wr_targets(unsigned, unsigned id, uint32_t v) {
    if (num_cpus_ == 1 || id < 32 || id >= num_irqs_) return;
    spis_[id - 32].targets = static_cast<uint8_t>(v & ((1u << num_cpus_) - 1));
}

// Int_config, bit [2k+1] of each field: 1 = edge-triggered, 0 = level-sensitive.
uint32_t Gicv2::rd_icfgr(unsigned cpu, unsigned word) {
    uint32_t v = 0;
    for (unsigned k = 0; k < 16; ++k) {
        unsigned id = word * 16 + k;
        if (id < num_irqs_ && irq(cpu, id).edge) v |= 2u << (2 * k);
    }
    return v;
}
void Gicv2::wr_icfgr(unsigned cpu, unsigned word, uint32_t v) {
    for (unsigned k = 0; k < 16; ++k) {
        unsigned id = word * 16 + k;
        if (id >= 16 && id < num_irqs_) irq(cpu, id).edge = v >> (2 * k + 1) & 1;  // SGIs: read-only
    }
}

void Gicv2::wr_sgir(unsigned cpu, unsigned, uint32_t v) {
    const unsigned filter = (v >> gicd::SGIR_FILTER_SHIFT) & 3;
    const uint32_t all = (1u << num_cpus_) - 1;
    uint32_t targets = 0;
    switch (filter) {
        case 0: targets = (v >> gicd::SGIR_TARGETS_SHIFT) & 0xff & all; break;
        case 1: targets = all & ~(1u << cpu); break;
        case 2: targets = 1u << cpu; break;
        default:
            VP_DEV_LOG(warn, trace::guest_errors, "{}: GICD_SGIR write {:#x} uses reserved filter 3", name(),
                       v);
            return;
    }
    const unsigned sgi = v & gicd::SGIR_INTID_MASK;
    for (unsigned t = 0; t < num_cpus_; ++t)
        if (targets >> t & 1) cpus_[t].sgi_sources[sgi] |= static_cast<uint8_t>(1u << cpu);
}

void Gicv2::wr_cpendsgir(unsigned cpu, unsigned sgi, uint32_t v) {
    cpus_[cpu].sgi_sources[sgi] &= static_cast<uint8_t>(~v);
}
void Gicv2::wr_spendsgir(unsigned cpu, unsigned sgi, uint32_t v) {
    cpus_[cpu].sgi_sources[sgi] |= static_cast<uint8_t>(v & ((1u << num_cpus_) - 1));
}

// PIDR4-7, PIDR0-3, CIDR0-3 of the GIC-400 (PIDR2 = 0x2B: ArchRev 2, JEP106 ID code bits).
uint32_t Gicv2::rd_id(unsigned, unsigned index) {
    static constexpr uint8_t ids[12] = {0x04, 0x00, 0x00, 0x00, 0x90, 0xB4,
                                        0x2B, 0x00, 0x0D, 0xF0, 0x05, 0xB1};
    return index < 12 ? ids[index] : 0;
}

static ModelRegistrar registrar{ModelInfo{
    .name = "gicv2",
    .doc = "Arm GICv2 interrupt controller (Distributor + CPU interfaces, no Security Extensions)",
    .regions = {{"dist", 0x0, 0x10000}, {"cpu", 0x10000, 0x10000}},
    .irqs = {},
    .props = Gicv2::property_specs(),
    .roles = {Role::interrupt_controller},
    .shared_irq = false,
    .create = make_factory<Gicv2>(),
    .intid_limit = [](const PropertyValues& p) { return Gicv2::implemented_intids(p.get_u64("num_irqs")); },
}};

}  // namespace vp
