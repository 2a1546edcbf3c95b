// GICv2 Distributor, register transport and registration. The CPU interface and the
// prioritisation logic are in gicv2_cpuif.cpp.
#include "models/gic/gicv2.h"

#include <algorithm>
#include <cstring>

#include <fmt/format.h>

#include "core/cpu_id_extension.h"
#include "core/error.h"
#include "core/model_registry.h"
#include "core/trace.h"

namespace vp {

namespace {

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
using M = RegMode;

// IHI 0048B Table 4-1. Arrays are declared for the architectural maximum of 1020 INTIDs;
// entries beyond num_irqs read as zero and ignore writes.
std::vector<Register> Gicv2::distributor_registers() {
    return {
        {.name = "GICD_CTLR",
         .offset = gicd::CTLR,
         .read = per_core(&G::rd_ctlr),
         .write = per_core(&G::wr_ctlr)},
        {.name = "GICD_TYPER", .offset = gicd::TYPER, .mode = M::ro, .read = per_core(&G::rd_typer)},
        {.name = "GICD_IIDR", .offset = gicd::IIDR, .mode = M::ro, .reset = gicd::IIDR_GIC400},
        {.name = "GICD_IGROUPR",
         .offset = gicd::IGROUPR,
         .count = 32,
         .read = per_core(&G::rd_igroupr),
         .write = per_core(&G::wr_igroupr)},
        {.name = "GICD_ISENABLER",
         .offset = gicd::ISENABLER,
         .count = 32,
         .read = per_core(&G::rd_enabler),
         .write = per_core(&G::wr_isenabler)},
        {.name = "GICD_ICENABLER",
         .offset = gicd::ICENABLER,
         .count = 32,
         .read = per_core(&G::rd_enabler),
         .write = per_core(&G::wr_icenabler)},
        {.name = "GICD_ISPENDR",
         .offset = gicd::ISPENDR,
         .count = 32,
         .read = per_core(&G::rd_pendr),
         .write = per_core(&G::wr_ispendr)},
        {.name = "GICD_ICPENDR",
         .offset = gicd::ICPENDR,
         .count = 32,
         .read = per_core(&G::rd_pendr),
         .write = per_core(&G::wr_icpendr)},
        {.name = "GICD_ISACTIVER",
         .offset = gicd::ISACTIVER,
         .count = 32,
         .read = per_core(&G::rd_activer),
         .write = per_core(&G::wr_isactiver)},
        {.name = "GICD_ICACTIVER",
         .offset = gicd::ICACTIVER,
         .count = 32,
         .read = per_core(&G::rd_activer),
         .write = per_core(&G::wr_icactiver)},
        // Byte-accessible (4.3.11, 4.3.12): one byte per INTID.
        {.name = "GICD_IPRIORITYR",
         .offset = gicd::IPRIORITYR,
         .count = 255,
         .sub_word = true,
         .read = per_byte(&G::rd_priority),
         .write = per_byte(&G::wr_priority)},
        {.name = "GICD_ITARGETSR",
         .offset = gicd::ITARGETSR,
         .count = 255,
         .sub_word = true,
         .read = per_byte(&G::rd_targets),
         .write = per_byte(&G::wr_targets)},
        {.name = "GICD_ICFGR",
         .offset = gicd::ICFGR,
         .count = 64,
         .read = per_core(&G::rd_icfgr),
         .write = per_core(&G::wr_icfgr)},
        {.name = "GICD_SGIR", .offset = gicd::SGIR, .mode = M::wo, .write = per_core(&G::wr_sgir)},
        // Byte-accessible (4.3.16, 4.3.17): one byte per SGI, bit n = pending from core n.
        {.name = "GICD_CPENDSGIR",
         .offset = gicd::CPENDSGIR,
         .count = 4,
         .sub_word = true,
         .read = per_byte(&G::rd_sgi_pend),
         .write = per_byte(&G::wr_cpendsgir)},
        {.name = "GICD_SPENDSGIR",
         .offset = gicd::SPENDSGIR,
         .count = 4,
         .sub_word = true,
         .read = per_byte(&G::rd_sgi_pend),
         .write = per_byte(&G::wr_spendsgir)},
        // Identification (4.3.18), the GIC-400's values: PIDR2 = 0x2B is ArchRev 2 and JEP106 bits.
        {.name = "GICD_PIDR4", .offset = 0xFD0, .mode = M::ro, .reset = 0x04},
        {.name = "GICD_PIDR5", .offset = 0xFD4, .mode = M::ro, .reset = 0x00},
        {.name = "GICD_PIDR6", .offset = 0xFD8, .mode = M::ro, .reset = 0x00},
        {.name = "GICD_PIDR7", .offset = 0xFDC, .mode = M::ro, .reset = 0x00},
        {.name = "GICD_PIDR0", .offset = 0xFE0, .mode = M::ro, .reset = 0x90},
        {.name = "GICD_PIDR1", .offset = 0xFE4, .mode = M::ro, .reset = 0xB4},
        {.name = "GICD_PIDR2", .offset = gicd::PIDR2, .mode = M::ro, .reset = 0x2B},
        {.name = "GICD_PIDR3", .offset = 0xFEC, .mode = M::ro, .reset = 0x00},
        {.name = "GICD_CIDR0", .offset = 0xFF0, .mode = M::ro, .reset = 0x0D},
        {.name = "GICD_CIDR1", .offset = 0xFF4, .mode = M::ro, .reset = 0xF0},
        {.name = "GICD_CIDR2", .offset = 0xFF8, .mode = M::ro, .reset = 0x05},
        {.name = "GICD_CIDR3", .offset = 0xFFC, .mode = M::ro, .reset = 0xB1},
    };
}

RegRead Gicv2::per_core(CoreRead fn) {
    return [this, fn](const RegAccess& a) { return (this->*fn)(initiator_cpu(a.gp), a.index); };
}
RegWrite Gicv2::per_core(CoreWrite fn) {
    return [this, fn](const RegAccess& a, uint64_t v) {
        (this->*fn)(initiator_cpu(a.gp), a.index, static_cast<uint32_t>(v));
    };
}
RegRead Gicv2::per_byte(CoreRead fn) {
    return [this, fn](const RegAccess& a) {
        const unsigned cpu = initiator_cpu(a.gp);
        uint64_t v = 0;
        for (unsigned k = 0; k < 4; ++k)
            if (a.lanes >> (8 * k) & 0xff) v |= uint64_t{(this->*fn)(cpu, 4 * a.index + k) & 0xff} << (8 * k);
        return v;
    };
}
RegWrite Gicv2::per_byte(CoreWrite fn) {
    return [this, fn](const RegAccess& a, uint64_t v) {
        const unsigned cpu = initiator_cpu(a.gp);
        for (unsigned k = 0; k < 4; ++k)
            if (a.lanes >> (8 * k) & 0xff)
                (this->*fn)(cpu, 4 * a.index + k, static_cast<uint32_t>(v >> (8 * k)) & 0xff);
    };
}

// Every register is 32 bits; the byte-accessible ones (marked above) also take byte and halfword
// accesses. Other sizes, gaps and reserved offsets read as zero and ignore writes.
RegisterBank Gicv2::make_bank(std::vector<Register> regs) {
    RegisterBank bank(fmt::format("gicv2 '{}'", config_.name), log_level(),
                      {.sizes = BankPolicy::sizes_of({1, 2, 4})}, std::move(regs));
    bank.after_write = [this](const tlm::tlm_generic_payload&) { update(); };
    bank.initiator = [](const tlm::tlm_generic_payload& gp) {
        return fmt::format("core {}", initiator_cpu(gp));
    };
    return bank;
}

Gicv2::Gicv2(const sc_core::sc_module_name& name, const DeviceConfig& config)
    : Device(name, config),
      dist_regs_(make_bank(distributor_registers())),
      cpu_regs_(make_bank(cpu_interface_registers())) {
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
    dist_socket_.register_transport_dbg(this, &Gicv2::transport_dbg_dist);
    cpu_socket_.register_b_transport(this, &Gicv2::b_transport_cpu);
    cpu_socket_.register_transport_dbg(this, &Gicv2::transport_dbg_cpu);
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
    access(dist_regs_, gp, delay);
}
void Gicv2::b_transport_cpu(tlm::tlm_generic_payload& gp, sc_core::sc_time& delay) {
    access(cpu_regs_, gp, delay);
}

// The banked registers have a copy for each of num_cpus cores only.
void Gicv2::access(RegisterBank& bank, tlm::tlm_generic_payload& gp, sc_core::sc_time& delay) {
    const unsigned cpu = initiator_cpu(gp);
    if (cpu >= num_cpus_)
        return bank.refuse(gp, raz_wi, fmt::format("from core {}, which has no CPU interface", cpu));
    bank.b_transport(gp, delay);
}

unsigned Gicv2::transport_dbg_dist(tlm::tlm_generic_payload& gp) {
    return initiator_cpu(gp) < num_cpus_ ? dist_regs_.transport_dbg(gp) : 0;
}
unsigned Gicv2::transport_dbg_cpu(tlm::tlm_generic_payload& gp) {
    return initiator_cpu(gp) < num_cpus_ ? cpu_regs_.transport_dbg(gp) : 0;
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

void Gicv2::save_irq(StateWriter& out, const IrqState& s) {
    for (bool b : {s.enabled, s.latched, s.active, s.level, s.group1, s.edge}) out.boolean(b);
    out.u8(s.priority);
    out.u8(s.targets);
}

Gicv2::IrqState Gicv2::load_irq(StateReader& in) {
    IrqState s;
    for (bool* b : {&s.enabled, &s.latched, &s.active, &s.level, &s.group1, &s.edge}) *b = in.boolean();
    s.priority = in.u8();
    s.targets = in.u8();
    return s;
}

void Gicv2::save_state(StateWriter& out) const {
    out.u32(num_cpus_);
    out.u32(num_irqs_);
    out.u32(dist_ctlr_);
    for (const CpuIf& c : cpus_) {
        for (uint32_t v : {c.ctlr, c.pmr, c.bpr, c.abpr}) out.u32(v);
        for (uint32_t v : c.apr) out.u32(v);
        for (const IrqState& s : c.banked) save_irq(out, s);
        for (uint8_t v : c.sgi_sources) out.u8(v);
    }
    for (const IrqState& s : spis_) save_irq(out, s);
}

void Gicv2::load_state(StateReader& in) {
    const uint32_t cpus = in.u32(), irqs = in.u32();
    if (cpus != num_cpus_ || irqs != num_irqs_)
        in.bad(fmt::format("a GIC of {} cores and {} interrupts saved, this one has {} and {}", cpus, irqs,
                           num_cpus_, num_irqs_));
    dist_ctlr_ = in.u32();
    for (CpuIf& c : cpus_) {
        for (uint32_t* v : {&c.ctlr, &c.pmr, &c.bpr, &c.abpr}) *v = in.u32();
        for (uint32_t& v : c.apr) v = in.u32();
        for (IrqState& s : c.banked) s = load_irq(in);
        for (uint8_t& v : c.sgi_sources) v = in.u8();
    }
    for (IrqState& s : spis_) s = load_irq(in);
    in.expect_end();
    update();
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
    .access_latency = "10ns",
    .intid_limit = [](const PropertyValues& p) { return Gicv2::implemented_intids(p.get_u64("num_irqs")); },
    .checkpoint = CheckpointSupport::saved,
}};

}  // namespace vp
