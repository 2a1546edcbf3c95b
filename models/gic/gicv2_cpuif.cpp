// GICv2 CPU interface (IHI 0048B 4.4) and interrupt prioritisation (3.3): each core's
// highest-priority pending interrupt, preemption through the binary point and the active
// priorities, acknowledge, priority drop and deactivation, and the nIRQ/nFIQ outputs.
#include <algorithm>
#include <bit>

#include "models/gic/gicv2.h"
#include "core/trace.h"

namespace vp {

using G = Gicv2;
using M = RegMode;

// IHI 0048B Table 4-2, the registers of a CPU interface without the Security Extensions.
// GICC_NSAPRn belong to the Security Extensions: RAZ/WI here.
std::vector<Register> Gicv2::cpu_interface_registers() {
    return {
        {.name = "GICC_CTLR",
         .offset = gicc::CTLR,
         .read = per_core(&G::rd_cctlr),
         .write = per_core(&G::wr_cctlr)},
        {.name = "GICC_PMR",
         .offset = gicc::PMR,
         .read = per_core(&G::rd_pmr),
         .write = per_core(&G::wr_pmr)},
        {.name = "GICC_BPR",
         .offset = gicc::BPR,
         .read = per_core(&G::rd_bpr),
         .write = per_core(&G::wr_bpr)},
        // A read acknowledges (4.4.4): a debugger sees the value without the acknowledge.
        {.name = "GICC_IAR",
         .offset = gicc::IAR,
         .mode = M::ro,
         .read = per_core(&G::rd_iar),
         .peek = per_core(&G::peek_iar)},
        {.name = "GICC_EOIR", .offset = gicc::EOIR, .mode = M::wo, .write = per_core(&G::wr_eoir)},
        {.name = "GICC_RPR", .offset = gicc::RPR, .mode = M::ro, .read = per_core(&G::rd_rpr)},
        {.name = "GICC_HPPIR", .offset = gicc::HPPIR, .mode = M::ro, .read = per_core(&G::rd_hppir)},
        {.name = "GICC_ABPR",
         .offset = gicc::ABPR,
         .read = per_core(&G::rd_abpr),
         .write = per_core(&G::wr_abpr)},
        {.name = "GICC_AIAR",
         .offset = gicc::AIAR,
         .mode = M::ro,
         .read = per_core(&G::rd_aiar),
         .peek = per_core(&G::peek_aiar)},
        {.name = "GICC_AEOIR", .offset = gicc::AEOIR, .mode = M::wo, .write = per_core(&G::wr_aeoir)},
        {.name = "GICC_AHPPIR", .offset = gicc::AHPPIR, .mode = M::ro, .read = per_core(&G::rd_ahppir)},
        {.name = "GICC_APR",
         .offset = gicc::APR,
         .count = 4,
         .read = per_core(&G::rd_apr),
         .write = per_core(&G::wr_apr)},
        {.name = "GICC_NSAPR", .offset = gicc::NSAPR, .count = 4},
        {.name = "GICC_IIDR", .offset = gicc::IIDR, .mode = M::ro, .reset = gicc::IIDR_GIC400},
        {.name = "GICC_DIR", .offset = gicc::DIR, .mode = M::wo, .write = per_core(&G::wr_dir)},
    };
}

// ---- Prioritisation ------------------------------------------------------------------------

bool Gicv2::pending(unsigned cpu, unsigned id) {
    if (id < 16) return cpus_[cpu].sgi_sources[id] != 0;
    const IrqState& s = irq(cpu, id);
    return s.latched || (!s.edge && s.level);  // a level input is pending while asserted
}

// The Distributor forwards `id` to `cpu`'s interface, and that interface has its group enabled.
bool Gicv2::forwarded(unsigned cpu, unsigned id) {
    const IrqState& s = irq(cpu, id);
    if (!s.enabled || s.active || !pending(cpu, id)) return false;
    const uint32_t grp = s.group1 ? 2u : 1u;  // EnableGrp0 = bit 0, EnableGrp1 = bit 1 in both
    if (!(dist_ctlr_ & grp) || !(cpus_[cpu].ctlr & grp)) return false;
    return id < 32 || num_cpus_ == 1 || (s.targets >> cpu & 1);
}

unsigned Gicv2::highest_pending(unsigned cpu) {
    unsigned best = kSpurious;
    unsigned best_prio = 0x100;
    for (unsigned id = 0; id < num_irqs_; ++id) {
        if (!forwarded(cpu, id)) continue;
        unsigned prio = irq(cpu, id).priority;
        if (prio < best_prio) {  // equal priorities: the lowest INTID wins
            best = id;
            best_prio = prio;
        }
    }
    return best;
}

// Group priority field of `priority` (3.3.3, Table 3-6): GICC_BPR = n keeps bits [7:n+1] for
// Group 0 (and Group 1 when CBPR is set); GICC_ABPR = n keeps bits [7:n] for Group 1.
uint8_t Gicv2::group_priority(unsigned cpu, uint8_t priority, bool group1) const {
    const CpuIf& c = cpus_[cpu];
    unsigned shift = (!group1 || (c.ctlr & gicc::CTLR_CBPR)) ? c.bpr + 1 : c.abpr;
    return static_cast<uint8_t>(priority & (0xffu << shift));
}

unsigned Gicv2::running_priority(unsigned cpu) const {
    const CpuIf& c = cpus_[cpu];
    for (unsigned w = 0; w < c.apr.size(); ++w)
        if (c.apr[w]) return 2 * (32 * w + static_cast<unsigned>(std::countr_zero(c.apr[w])));
    return 0x100;
}

// Sufficient priority to be signalled: above the priority mask and, by its group priority,
// above the running priority (preemption, 3.3.3).
bool Gicv2::can_signal(unsigned cpu, unsigned id) {
    const IrqState& s = irq(cpu, id);
    return s.priority < cpus_[cpu].pmr && group_priority(cpu, s.priority, s.group1) < running_priority(cpu);
}

void Gicv2::update() {
    for (unsigned c = 0; c < num_cpus_; ++c) {
        unsigned id = highest_pending(c);
        bool signal = id != kSpurious && can_signal(c, id);
        bool fiq = signal && !irq(c, id).group1 && (cpus_[c].ctlr & gicc::CTLR_FIQ_EN);
        cpus_[c].fiq.set(fiq);
        cpus_[c].irq.set(signal && !fiq);
    }
}

// ---- Acknowledge, priority drop, deactivation ----------------------------------------------

uint32_t Gicv2::pending_acknowledge(unsigned cpu, bool alias) {
    unsigned id = highest_pending(cpu);
    if (id == kSpurious || !can_signal(cpu, id)) return kSpurious;
    const IrqState& s = irq(cpu, id);
    if (alias && !s.group1) return kSpurious;  // GICC_AIAR acknowledges Group 1 only
    if (!alias && s.group1 && !(cpus_[cpu].ctlr & gicc::CTLR_ACK_CTL)) return kGroup1Pending;
    if (id < 16)  // the lowest-numbered source core first
        return id | static_cast<uint32_t>(std::countr_zero(cpus_[cpu].sgi_sources[id]))
                        << gicc::IAR_CPUID_SHIFT;
    return id;
}

uint32_t Gicv2::acknowledge(unsigned cpu, bool alias) {
    const uint32_t value = pending_acknowledge(cpu, alias);
    if (value == kSpurious || value == kGroup1Pending) return value;
    const unsigned id = value & gicc::IAR_INTID_MASK;
    IrqState& s = irq(cpu, id);
    if (id < 16)
        cpus_[cpu].sgi_sources[id] &= static_cast<uint8_t>(~(1u << (value >> gicc::IAR_CPUID_SHIFT)));
    else
        s.latched = false;  // edge: pending -> active; level: stays pending while asserted
    s.active = true;
    unsigned level = group_priority(cpu, s.priority, s.group1) / 2;
    cpus_[cpu].apr[level / 32] |= 1u << (level % 32);
    VP_TRACE(trace::interrupts, "{}: core {} acknowledges INTID {}", name(), cpu, value);
    update();
    return value;
}

void Gicv2::end_of_interrupt(unsigned cpu, uint32_t value, bool alias) {
    unsigned id = value & gicc::IAR_INTID_MASK;
    if (id >= num_irqs_) return;  // spurious IDs 1020-1023 and unimplemented INTIDs: ignored
    IrqState& s = irq(cpu, id);
    if (!s.active) {
        VP_TRACE(trace::guest_errors, "{}: core {} EOI of INTID {}, which is not active", name(), cpu, id);
        return;
    }
    // Priority drop: the highest active priority (3.3.4, the interrupts nest).
    CpuIf& c = cpus_[cpu];
    for (auto& w : c.apr)
        if (w) {
            w &= w - 1;
            break;
        }
    const uint32_t eoimode = alias ? gicc::CTLR_EOIMODE_NS : gicc::CTLR_EOIMODE_S;
    if (!(c.ctlr & eoimode)) s.active = false;
    update();
}

void Gicv2::deactivate(unsigned cpu, uint32_t value) {
    unsigned id = value & gicc::IAR_INTID_MASK;
    if (id >= num_irqs_) return;
    irq(cpu, id).active = false;
    update();
}

uint32_t Gicv2::hppir(unsigned cpu, bool alias) {
    unsigned id = highest_pending(cpu);
    if (id == kSpurious || irq(cpu, id).priority >= cpus_[cpu].pmr) return kSpurious;
    const IrqState& s = irq(cpu, id);
    if (alias && !s.group1) return kSpurious;
    if (!alias && s.group1 && !(cpus_[cpu].ctlr & gicc::CTLR_ACK_CTL)) return kGroup1Pending;
    if (id < 16)
        return id | static_cast<uint32_t>(std::countr_zero(cpus_[cpu].sgi_sources[id]))
                        << gicc::IAR_CPUID_SHIFT;
    return id;
}

// ---- Register callbacks ----------------------------------------------------------------------

void Gicv2::wr_cctlr(unsigned cpu, unsigned, uint32_t v) {
    cpus_[cpu].ctlr = v & gicc::CTLR_MASK;
}
void Gicv2::wr_pmr(unsigned cpu, unsigned, uint32_t v) {
    cpus_[cpu].pmr = v & 0xff;
}
void Gicv2::wr_bpr(unsigned cpu, unsigned, uint32_t v) {
    cpus_[cpu].bpr = std::max(v & 7, kMinBpr);
}
void Gicv2::wr_abpr(unsigned cpu, unsigned, uint32_t v) {
    cpus_[cpu].abpr = std::max(v & 7, kMinBpr + 1);
}
void Gicv2::wr_apr(unsigned cpu, unsigned n, uint32_t v) {
    cpus_[cpu].apr[n] = v;
}

uint32_t Gicv2::rd_rpr(unsigned cpu, unsigned) {
    unsigned rp = running_priority(cpu);
    return rp > 0xff ? kIdlePriority : rp;
}

}  // namespace vp
