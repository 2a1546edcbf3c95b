// Arm Generic Interrupt Controller, architecture version 2 (ARM IHI 0048B), without the
// Security Extensions: a Distributor and one CPU interface per core (up to 8).
// Region "dist" holds the Distributor (4.3), region "cpu" the CPU interfaces (4.4), banked
// per core: the accessing core comes from the payload's vp::CpuIdExtension (absent = core 0).
// Interrupt inputs: irq_sink() takes SPIs by INTID (32..num_irqs-1), ppi_sink(cpu) a core's
// PPIs by INTID (16..31). Outputs: irq_out(cpu) and fiq_out(cpu), the nIRQ/nFIQ of each core.
#pragma once
#include <tlm_utils/simple_target_socket.h>

#include <array>
#include <cstdint>
#include <vector>

#include "core/device.h"
#include "core/properties.h"
#include "core/register_bank.h"

namespace vp {

// Distributor register map (IHI 0048B 4.1.2, Table 4-1).
namespace gicd {
constexpr uint32_t CTLR = 0x000;        // Distributor Control (4.3.1)
constexpr uint32_t TYPER = 0x004;       // Interrupt Controller Type (4.3.2)
constexpr uint32_t IIDR = 0x008;        // Distributor Implementer Identification (4.3.3)
constexpr uint32_t IGROUPR = 0x080;     // Interrupt Group, 1 bit per INTID (4.3.4)
constexpr uint32_t ISENABLER = 0x100;   // Interrupt Set-Enable (4.3.5)
constexpr uint32_t ICENABLER = 0x180;   // Interrupt Clear-Enable (4.3.6)
constexpr uint32_t ISPENDR = 0x200;     // Interrupt Set-Pending (4.3.7)
constexpr uint32_t ICPENDR = 0x280;     // Interrupt Clear-Pending (4.3.8)
constexpr uint32_t ISACTIVER = 0x300;   // Interrupt Set-Active (4.3.9)
constexpr uint32_t ICACTIVER = 0x380;   // Interrupt Clear-Active (4.3.10)
constexpr uint32_t IPRIORITYR = 0x400;  // Interrupt Priority, 1 byte per INTID (4.3.11)
constexpr uint32_t ITARGETSR = 0x800;   // Interrupt Processor Targets, 1 byte per INTID (4.3.12)
constexpr uint32_t ICFGR = 0xC00;       // Interrupt Configuration, 2 bits per INTID (4.3.13)
constexpr uint32_t SGIR = 0xF00;        // Software Generated Interrupt (4.3.15)
constexpr uint32_t CPENDSGIR = 0xF10;   // SGI Clear-Pending, 1 byte per SGI (4.3.16)
constexpr uint32_t SPENDSGIR = 0xF20;   // SGI Set-Pending, 1 byte per SGI (4.3.17)
constexpr uint32_t PIDR4 = 0xFD0;       // Peripheral/Component ID block 0xFD0-0xFFC (4.3.18)
constexpr uint32_t PIDR2 = 0xFE8;       // bits [7:4] ArchRev: 2 = GICv2

constexpr uint32_t CTLR_ENABLE_GRP0 = 1u << 0;  // forward Group 0 interrupts
constexpr uint32_t CTLR_ENABLE_GRP1 = 1u << 1;  // forward Group 1 interrupts
constexpr unsigned TYPER_CPU_NUMBER_SHIFT = 5;  // CPUNumber [7:5] = cores - 1
constexpr uint32_t TYPER_IT_LINES_MASK = 0x1f;  // ITLinesNumber [4:0] = INTIDs / 32 - 1
constexpr unsigned SGIR_FILTER_SHIFT = 24;      // TargetListFilter [25:24]
constexpr unsigned SGIR_TARGETS_SHIFT = 16;     // CPUTargetList [23:16]
constexpr uint32_t SGIR_INTID_MASK = 0xf;       // SGIINTID [3:0]
// GIC-400 r0p1 (Arm CoreLink GIC-400 TRM): ProductID 0x02, Implementer 0x43B (Arm).
constexpr uint32_t IIDR_GIC400 = 0x0200143B;
}  // namespace gicd

// CPU interface register map (IHI 0048B 4.1.3, Table 4-2).
namespace gicc {
constexpr uint32_t CTLR = 0x00;    // CPU Interface Control (4.4.1)
constexpr uint32_t PMR = 0x04;     // Interrupt Priority Mask (4.4.2)
constexpr uint32_t BPR = 0x08;     // Binary Point (4.4.3)
constexpr uint32_t IAR = 0x0C;     // Interrupt Acknowledge (4.4.4)
constexpr uint32_t EOIR = 0x10;    // End of Interrupt (4.4.5)
constexpr uint32_t RPR = 0x14;     // Running Priority (4.4.6)
constexpr uint32_t HPPIR = 0x18;   // Highest Priority Pending Interrupt (4.4.7)
constexpr uint32_t ABPR = 0x1C;    // Aliased Binary Point, Group 1 (4.4.8)
constexpr uint32_t AIAR = 0x20;    // Aliased Interrupt Acknowledge, Group 1 (4.4.9)
constexpr uint32_t AEOIR = 0x24;   // Aliased End of Interrupt, Group 1 (4.4.10)
constexpr uint32_t AHPPIR = 0x28;  // Aliased Highest Priority Pending, Group 1 (4.4.11)
constexpr uint32_t APR = 0xD0;     // Active Priorities 0-3 (4.4.12)
constexpr uint32_t NSAPR = 0xE0;   // Non-secure Active Priorities 0-3 (4.4.13)
constexpr uint32_t IIDR = 0xFC;    // CPU Interface Identification (4.4.14)
constexpr uint32_t DIR = 0x1000;   // Deactivate Interrupt (4.4.15)

// GICC_CTLR without the Security Extensions (4.4.1, Secure-copy layout).
constexpr uint32_t CTLR_ENABLE_GRP0 = 1u << 0;
constexpr uint32_t CTLR_ENABLE_GRP1 = 1u << 1;
constexpr uint32_t CTLR_ACK_CTL = 1u << 2;      // GICC_IAR may acknowledge Group 1
constexpr uint32_t CTLR_FIQ_EN = 1u << 3;       // Group 0 signalled as FIQ
constexpr uint32_t CTLR_CBPR = 1u << 4;         // GICC_BPR controls both groups
constexpr uint32_t CTLR_EOIMODE_S = 1u << 9;    // GICC_EOIR drops priority only
constexpr uint32_t CTLR_EOIMODE_NS = 1u << 10;  // GICC_AEOIR drops priority only
constexpr uint32_t CTLR_MASK = 0x7ff;
constexpr unsigned IAR_CPUID_SHIFT = 10;  // source core of an SGI, bits [12:10]
constexpr uint32_t IAR_INTID_MASK = 0x3ff;
// GIC-400 r0p1: ProductID 0x020, ArchitectureVersion 2, Revision 1, Implementer 0x43B.
constexpr uint32_t IIDR_GIC400 = 0x0202143B;
}  // namespace gicc

class Gicv2 : public Device, public IrqSink {
public:
    static constexpr unsigned kMaxCpus = 8;
    static constexpr unsigned kSpurious = 1023;       // no interrupt to acknowledge
    static constexpr unsigned kGroup1Pending = 1022;  // IAR: highest is Group 1, AckCtl = 0
    static constexpr unsigned kIdlePriority = 0xff;   // GICC_RPR when nothing is active
    static constexpr unsigned kMinBpr = 0;            // 8 priority bits implemented

    Gicv2(const sc_core::sc_module_name& name, const DeviceConfig& config);

    TargetSocket& target_socket(unsigned index) override;
    IrqSink* irq_sink() override { return this; }
    void set_irq(unsigned intid, bool level) override;    // SPIs; PPIs of core 0
    IrqSink* ppi_sink(unsigned cpu) override;             // line = PPI INTID 16..31
    IrqOut* cpu_output(unsigned cpu, bool fiq) override;  // nIRQ (fiq = false) or nFIQ
    IrqOut& irq_out(unsigned cpu);
    IrqOut& fiq_out(unsigned cpu);
    void write_dtb(DtbWriter& dtb) const override;
    // Every interrupt's state (input level included), the distributor's and each CPU interface's
    // registers, the SGI sources. Loading re-drives the IRQ/FIQ outputs.
    void save_state(StateWriter& out) const override;
    void load_state(StateReader& in) override;

    unsigned num_cpus() const { return num_cpus_; }
    unsigned num_irqs() const { return num_irqs_; }
    // The INTIDs a GIC with property num_irqs = n implements (1020 for 1024: 1020-1023 are
    // special), or 0 when n is not a multiple of 32 from 64 to 1024 (ITLinesNumber, 4.3.2).
    static unsigned implemented_intids(uint64_t num_irqs);
    static const std::vector<PropertySpec>& property_specs();

private:
    struct IrqState {
        bool enabled = false;
        bool latched = false;  // pending from an edge or a GICD_ISPENDR write
        bool active = false;
        bool level = false;  // input line
        bool group1 = false;
        bool edge = false;
        uint8_t priority = 0;
        uint8_t targets = 0;  // SPIs only
    };
    class PpiSink : public IrqSink {
    public:
        PpiSink(Gicv2& gic, unsigned cpu) : gic_(gic), cpu_(cpu) {}
        void set_irq(unsigned intid, bool level) override;

    private:
        Gicv2& gic_;
        unsigned cpu_;
    };
    struct CpuIf {
        uint32_t ctlr = 0;
        uint32_t pmr = 0;
        uint32_t bpr = kMinBpr;
        uint32_t abpr = kMinBpr + 1;
        std::array<uint32_t, 4> apr{};          // bit n: an active group priority 2n
        std::array<IrqState, 32> banked{};      // SGIs 0-15, PPIs 16-31
        std::array<uint8_t, 16> sgi_sources{};  // per SGI: bit s = pending from core s
        IrqOut irq, fiq;
    };
    // Register callbacks see the accessing core and the array element.
    using CoreRead = uint32_t (Gicv2::*)(unsigned cpu, unsigned index);
    using CoreWrite = void (Gicv2::*)(unsigned cpu, unsigned index, uint32_t value);
    RegRead per_core(CoreRead fn);
    RegWrite per_core(CoreWrite fn);
    // A byte-accessible register of four 8-bit fields: field k of element n is fn(cpu, 4n + k).
    RegRead per_byte(CoreRead fn);
    RegWrite per_byte(CoreWrite fn);
    std::vector<Register> distributor_registers();    // gicv2.cpp
    std::vector<Register> cpu_interface_registers();  // gicv2_cpuif.cpp
    RegisterBank make_bank(std::vector<Register> regs);

    void b_transport_dist(tlm::tlm_generic_payload& gp, sc_core::sc_time& delay);
    void b_transport_cpu(tlm::tlm_generic_payload& gp, sc_core::sc_time& delay);
    unsigned transport_dbg_dist(tlm::tlm_generic_payload& gp);
    unsigned transport_dbg_cpu(tlm::tlm_generic_payload& gp);
    static void save_irq(StateWriter& out, const IrqState& s);
    static IrqState load_irq(StateReader& in);
    void access(RegisterBank& bank, tlm::tlm_generic_payload& gp, sc_core::sc_time& delay);
    void input(unsigned cpu, unsigned intid, bool level);

    IrqState& irq(unsigned cpu, unsigned id) { return id < 32 ? cpus_[cpu].banked[id] : spis_[id - 32]; }
    bool pending(unsigned cpu, unsigned id);
    bool forwarded(unsigned cpu, unsigned id);
    uint8_t group_priority(unsigned cpu, uint8_t priority, bool group1) const;
    unsigned running_priority(unsigned cpu) const;  // 0x100 when idle
    unsigned highest_pending(unsigned cpu);         // INTID or kSpurious
    bool can_signal(unsigned cpu, unsigned id);
    uint32_t pending_acknowledge(unsigned cpu, bool alias);  // what GICC_IAR/AIAR read now returns
    uint32_t acknowledge(unsigned cpu, bool alias);
    void end_of_interrupt(unsigned cpu, uint32_t value, bool alias);
    void deactivate(unsigned cpu, uint32_t value);
    uint32_t hppir(unsigned cpu, bool alias);
    void update();

    // Distributor callbacks (gicv2.cpp).
    uint32_t rd_ctlr(unsigned, unsigned) { return dist_ctlr_; }
    void wr_ctlr(unsigned, unsigned, uint32_t v);
    uint32_t rd_typer(unsigned, unsigned);
    uint32_t rd_igroupr(unsigned cpu, unsigned word);
    void wr_igroupr(unsigned cpu, unsigned word, uint32_t v);
    uint32_t rd_enabler(unsigned cpu, unsigned word);
    void wr_isenabler(unsigned cpu, unsigned word, uint32_t v);
    void wr_icenabler(unsigned cpu, unsigned word, uint32_t v);
    uint32_t rd_pendr(unsigned cpu, unsigned word);
    void wr_ispendr(unsigned cpu, unsigned word, uint32_t v);
    void wr_icpendr(unsigned cpu, unsigned word, uint32_t v);
    uint32_t rd_activer(unsigned cpu, unsigned word);
    void wr_isactiver(unsigned cpu, unsigned word, uint32_t v);
    void wr_icactiver(unsigned cpu, unsigned word, uint32_t v);
    uint32_t rd_priority(unsigned cpu, unsigned id);
    void wr_priority(unsigned cpu, unsigned id, uint32_t v);
    uint32_t rd_targets(unsigned cpu, unsigned id);
    void wr_targets(unsigned cpu, unsigned id, uint32_t v);
    uint32_t rd_icfgr(unsigned cpu, unsigned word);
    void wr_icfgr(unsigned cpu, unsigned word, uint32_t v);
    void wr_sgir(unsigned cpu, unsigned, uint32_t v);
    uint32_t rd_sgi_pend(unsigned cpu, unsigned sgi) { return cpus_[cpu].sgi_sources[sgi]; }
    void wr_cpendsgir(unsigned cpu, unsigned sgi, uint32_t v);
    void wr_spendsgir(unsigned cpu, unsigned sgi, uint32_t v);

    // CPU interface callbacks (gicv2_cpuif.cpp).
    uint32_t rd_cctlr(unsigned cpu, unsigned) { return cpus_[cpu].ctlr; }
    void wr_cctlr(unsigned cpu, unsigned, uint32_t v);
    uint32_t rd_pmr(unsigned cpu, unsigned) { return cpus_[cpu].pmr; }
    void wr_pmr(unsigned cpu, unsigned, uint32_t v);
    uint32_t rd_bpr(unsigned cpu, unsigned) { return cpus_[cpu].bpr; }
    void wr_bpr(unsigned cpu, unsigned, uint32_t v);
    uint32_t rd_abpr(unsigned cpu, unsigned) { return cpus_[cpu].abpr; }
    void wr_abpr(unsigned cpu, unsigned, uint32_t v);
    uint32_t rd_iar(unsigned cpu, unsigned) { return acknowledge(cpu, false); }
    uint32_t rd_aiar(unsigned cpu, unsigned) { return acknowledge(cpu, true); }
    uint32_t peek_iar(unsigned cpu, unsigned) { return pending_acknowledge(cpu, false); }
    uint32_t peek_aiar(unsigned cpu, unsigned) { return pending_acknowledge(cpu, true); }
    void wr_eoir(unsigned cpu, unsigned, uint32_t v) { end_of_interrupt(cpu, v, false); }
    void wr_aeoir(unsigned cpu, unsigned, uint32_t v) { end_of_interrupt(cpu, v, true); }
    void wr_dir(unsigned cpu, unsigned, uint32_t v) { deactivate(cpu, v); }
    uint32_t rd_rpr(unsigned cpu, unsigned);
    uint32_t rd_hppir(unsigned cpu, unsigned) { return hppir(cpu, false); }
    uint32_t rd_ahppir(unsigned cpu, unsigned) { return hppir(cpu, true); }
    uint32_t rd_apr(unsigned cpu, unsigned n) { return cpus_[cpu].apr[n]; }
    void wr_apr(unsigned cpu, unsigned n, uint32_t v);

    tlm_utils::simple_target_socket<Gicv2> dist_socket_{"dist_socket"};
    tlm_utils::simple_target_socket<Gicv2> cpu_socket_{"cpu_socket"};
    unsigned num_cpus_ = 1;
    unsigned num_irqs_ = 288;
    uint32_t dist_ctlr_ = 0;
    std::vector<CpuIf> cpus_;
    std::vector<PpiSink> ppi_sinks_;
    std::vector<IrqState> spis_;
    RegisterBank dist_regs_;  // IHI 0048B Table 4-1
    RegisterBank cpu_regs_;   // IHI 0048B Table 4-2
};

}  // namespace vp
