// GICv2 (ARM IHI 0048B) through its registers: identification, reset state, the
// enable/pending/active state machine, prioritisation, preemption, SGIs, banking, outputs.
#include <gtest/gtest.h>
#include <libfdt.h>

#include "gic/gic_bench.h"
#include "core/error.h"
#include "platform/platform.h"

using namespace vp::test;
namespace reg = vp::test::reg;

TEST(Gicv2, TyperFieldsAtSpecBitPositions) {
    GicBench b(2, 288);
    uint32_t typer = b.rd_d(reg::D_TYPER);
    EXPECT_EQ(typer & 0x1f, 288u / 32 - 1);  // ITLinesNumber [4:0]: 32(N+1) INTIDs
    EXPECT_EQ((typer >> 5) & 7, 1u);         // CPUNumber [7:5]: cores - 1
    EXPECT_EQ((typer >> 10) & 1, 0u);        // SecurityExtn [10]: not implemented
    EXPECT_EQ(typer, 0x28u);
    EXPECT_EQ(b.rd_d(reg::D_IIDR), 0x0200143Bu);       // GIC-400: ProductID 2, Arm (0x43B)
    EXPECT_EQ((b.rd_d(reg::D_PIDR2) >> 4) & 0xf, 2u);  // ArchRev 2 = GICv2
    EXPECT_EQ(b.rd_c(reg::C_IIDR), 0x0202143Bu);       // ArchitectureVersion [19:16] = 2
    EXPECT_EQ((b.rd_c(reg::C_IIDR) >> 16) & 0xf, 2u);
}

TEST(Gicv2, PropertiesAreValidated) {
    EXPECT_THROW(vp::Gicv2("bad_irqs", gic_config(1, 100)), vp::ConfigError);
    EXPECT_THROW(vp::Gicv2("bad_cpus", gic_config(9, 288)), vp::ConfigError);
    vp::DeviceConfig defaults = gic_config(1);
    defaults.props = {};
    vp::Gicv2 gic("defaults", defaults);
    EXPECT_EQ(gic.num_cpus(), 1u);
    EXPECT_EQ(gic.num_irqs(), 288u);
}

TEST(Gicv2, ResetValues) {
    GicBench b(2);
    EXPECT_EQ(b.rd_d(reg::D_CTLR), 0u);
    EXPECT_EQ(b.rd_d(reg::D_ISENABLER), 0x0000ffffu);  // SGIs permanently enabled (GIC-400)
    EXPECT_EQ(b.rd_d(reg::D_ISENABLER + 4), 0u);
    EXPECT_EQ(b.rd_d(reg::D_ISPENDR + 4), 0u);
    EXPECT_EQ(b.rd_d(reg::D_IGROUPR + 4), 0u);  // everything Group 0
    EXPECT_EQ(b.rd_d(reg::D_IPRIORITYR + 32), 0u);
    EXPECT_EQ(b.rd_d(reg::D_ICFGR), 0xaaaaaaaau);  // SGIs: edge-triggered, read-only
    b.wr_d(reg::D_ICFGR, 0);
    EXPECT_EQ(b.rd_d(reg::D_ICFGR), 0xaaaaaaaau);
    EXPECT_EQ(b.rd_d(reg::D_ITARGETSR, 0), 0x01010101u);  // SGI/PPI targets: the reader itself
    EXPECT_EQ(b.rd_d(reg::D_ITARGETSR, 1), 0x02020202u);
    EXPECT_EQ(b.rd_c(reg::C_CTLR), 0u);
    EXPECT_EQ(b.rd_c(reg::C_PMR), 0u);
    EXPECT_EQ(b.rd_c(reg::C_BPR), 0u);   // minimum binary point with 8 priority bits
    EXPECT_EQ(b.rd_c(reg::C_ABPR), 1u);  // Group 1 minimum is one more
    EXPECT_EQ(b.rd_c(reg::C_RPR), 0xffu);
    EXPECT_EQ(b.rd_c(reg::C_IAR), 1023u);
    EXPECT_EQ(b.rd_d(0x0C), 0u);  // a gap reads as zero
}

TEST(Gicv2, EnablePendingActiveSetAndClear) {
    GicBench b(1);
    b.wr_d(reg::D_ISENABLER + 4, 0x5);  // INTIDs 32, 34
    EXPECT_EQ(b.rd_d(reg::D_ISENABLER + 4), 0x5u);
    EXPECT_EQ(b.rd_d(reg::D_ICENABLER + 4), 0x5u);
    b.wr_d(reg::D_ICENABLER + 4, 0x1);
    EXPECT_EQ(b.rd_d(reg::D_ISENABLER + 4), 0x4u);

    b.wr_d(reg::D_ISPENDR + 4, 0x3);
    EXPECT_EQ(b.rd_d(reg::D_ICPENDR + 4), 0x3u);
    b.wr_d(reg::D_ICPENDR + 4, 0x2);
    EXPECT_EQ(b.rd_d(reg::D_ISPENDR + 4), 0x1u);

    b.wr_d(reg::D_ISACTIVER + 8, 0x80000000);  // INTID 95
    EXPECT_EQ(b.rd_d(reg::D_ICACTIVER + 8), 0x80000000u);
    b.wr_d(reg::D_ICACTIVER + 8, 0x80000000);
    EXPECT_EQ(b.rd_d(reg::D_ISACTIVER + 8), 0u);

    b.wr_d(reg::D_ISENABLER + 36, 0xffffffff);  // beyond 288 INTIDs: RAZ/WI
    EXPECT_EQ(b.rd_d(reg::D_ISENABLER + 36), 0u);
}

TEST(Gicv2, PriorityMaskGatesSignalling) {
    GicBench b(1);
    b.enable_all();
    b.wr_c(reg::C_PMR, 0x80);
    b.set_priority(40, 0x80);
    EXPECT_EQ(b.rd_d(reg::D_IPRIORITYR + 40, 0, 1), 0x80u);
    EXPECT_EQ(b.rd_d(reg::D_IPRIORITYR + 40), 0x80u << 0);  // byte 0 of the word for 40..43
    b.enable_irq(40);
    b.set_pending(40);
    EXPECT_FALSE(b.irq_line(0));  // priority must be strictly higher than the mask
    EXPECT_EQ(b.rd_c(reg::C_IAR), 1023u);
    b.wr_c(reg::C_PMR, 0x81);
    EXPECT_TRUE(b.irq_line(0));
    EXPECT_EQ(b.rd_c(reg::C_HPPIR), 40u);
    EXPECT_EQ(b.rd_c(reg::C_IAR), 40u);
    EXPECT_FALSE(b.irq_line(0));
}

TEST(Gicv2, IarReturnsHighestPriorityThenSpurious) {
    GicBench b(1);
    b.enable_all();
    for (unsigned id : {33u, 34u, 35u}) b.enable_irq(id);
    b.set_priority(33, 0x60);
    b.set_priority(34, 0x40);
    b.set_priority(35, 0x40);
    for (unsigned id : {33u, 34u, 35u}) b.set_pending(id);
    EXPECT_EQ(b.rd_c(reg::C_IAR), 34u);    // highest priority, lowest INTID of the tie
    EXPECT_EQ(b.rd_c(reg::C_IAR), 1023u);  // the others cannot preempt priority 0x40
    b.wr_c(reg::C_EOIR, 34);
    EXPECT_EQ(b.rd_c(reg::C_IAR), 35u);
    b.wr_c(reg::C_EOIR, 35);
    EXPECT_EQ(b.rd_c(reg::C_IAR), 33u);
    b.wr_c(reg::C_EOIR, 33);
    EXPECT_EQ(b.rd_c(reg::C_IAR), 1023u);
    b.wr_d(reg::D_CTLR, 0);  // Distributor disabled: nothing is forwarded
    b.set_pending(33);
    EXPECT_EQ(b.rd_c(reg::C_IAR), 1023u);
}

TEST(Gicv2, EoiDropsPriorityAndDeactivates) {
    GicBench b(1);
    b.enable_all();
    b.enable_irq(50);
    b.set_priority(50, 0xa0);
    b.set_pending(50);
    EXPECT_EQ(b.rd_c(reg::C_IAR), 50u);
    EXPECT_EQ(b.rd_c(reg::C_RPR), 0xa0u);
    EXPECT_TRUE(b.bit(reg::D_ISACTIVER, 50));
    EXPECT_FALSE(b.bit(reg::D_ISPENDR, 50));
    b.wr_c(reg::C_EOIR, 50);
    EXPECT_EQ(b.rd_c(reg::C_RPR), 0xffu);
    EXPECT_FALSE(b.bit(reg::D_ISACTIVER, 50));

    b.wr_c(reg::C_CTLR, 1 | 1u << 9);  // EOImodeS: EOIR drops priority, DIR deactivates
    b.set_pending(50);
    EXPECT_EQ(b.rd_c(reg::C_IAR), 50u);
    b.wr_c(reg::C_EOIR, 50);
    EXPECT_EQ(b.rd_c(reg::C_RPR), 0xffu);
    EXPECT_TRUE(b.bit(reg::D_ISACTIVER, 50));
    b.wr_c(reg::C_DIR, 50);
    EXPECT_FALSE(b.bit(reg::D_ISACTIVER, 50));
}

TEST(Gicv2, PreemptionByHigherGroupPriorityBpr0) {
    GicBench b(1);
    b.enable_all();
    b.enable_irq(40);
    b.enable_irq(41);
    b.set_priority(40, 0x88);
    b.set_priority(41, 0x80);
    b.set_pending(40);
    EXPECT_EQ(b.rd_c(reg::C_IAR), 40u);
    EXPECT_FALSE(b.irq_line(0));
    b.set_pending(41);  // BPR 0: group priority bits [7:1], 0x80 < 0x88 preempts
    EXPECT_TRUE(b.irq_line(0));
    EXPECT_EQ(b.rd_c(reg::C_IAR), 41u);
    EXPECT_EQ(b.rd_c(reg::C_RPR), 0x80u);
    b.wr_c(reg::C_EOIR, 41);
    EXPECT_EQ(b.rd_c(reg::C_RPR), 0x88u);
    b.wr_c(reg::C_EOIR, 40);
    EXPECT_EQ(b.rd_c(reg::C_RPR), 0xffu);
}

TEST(Gicv2, NoPreemptionWithinGroupPriorityBpr3) {
    GicBench b(1);
    b.enable_all();
    b.wr_c(reg::C_BPR, 3);
    EXPECT_EQ(b.rd_c(reg::C_BPR), 3u);
    b.enable_irq(40);
    b.enable_irq(41);
    b.set_priority(40, 0x88);
    b.set_priority(41, 0x80);
    b.set_pending(40);
    EXPECT_EQ(b.rd_c(reg::C_IAR), 40u);
    EXPECT_EQ(b.rd_c(reg::C_RPR), 0x80u);  // group priority of 0x88 with bits [7:4]
    b.set_pending(41);
    EXPECT_FALSE(b.irq_line(0));
    EXPECT_EQ(b.rd_c(reg::C_IAR), 1023u);
    b.wr_c(reg::C_EOIR, 40);
    EXPECT_TRUE(b.irq_line(0));
    EXPECT_EQ(b.rd_c(reg::C_IAR), 41u);
}

TEST(Gicv2, LevelInputRependsAfterEoiWhileHigh) {
    GicBench b(1);
    b.enable_all();
    b.enable_irq(40);
    b.gic.set_irq(40, true);
    EXPECT_TRUE(b.bit(reg::D_ISPENDR, 40));
    EXPECT_EQ(b.rd_c(reg::C_IAR), 40u);
    EXPECT_TRUE(b.bit(reg::D_ISPENDR, 40));  // active and pending: the line is still high
    EXPECT_FALSE(b.irq_line(0));
    b.wr_c(reg::C_EOIR, 40);
    EXPECT_TRUE(b.irq_line(0));
    EXPECT_EQ(b.rd_c(reg::C_IAR), 40u);
    b.gic.set_irq(40, false);
    b.wr_c(reg::C_EOIR, 40);
    EXPECT_FALSE(b.bit(reg::D_ISPENDR, 40));
    EXPECT_EQ(b.rd_c(reg::C_IAR), 1023u);
    b.gic.set_irq(40, true);  // a write to ICPENDR cannot clear an asserted level input
    b.wr_d(reg::D_ICPENDR + 4, 1u << 8);
    EXPECT_TRUE(b.bit(reg::D_ISPENDR, 40));
}

TEST(Gicv2, EdgeInputLatchesOnRisingEdge) {
    GicBench b(1);
    b.enable_all();
    b.enable_irq(40);
    b.wr_d(reg::D_ICFGR + 8, 2u << 16);  // INTID 40: field 8 of ICFGR2, Int_config[1] = edge
    EXPECT_EQ(b.rd_d(reg::D_ICFGR + 8), 2u << 16);
    b.gic.set_irq(40, true);
    b.gic.set_irq(40, false);
    EXPECT_TRUE(b.bit(reg::D_ISPENDR, 40));  // latched after the pulse
    EXPECT_EQ(b.rd_c(reg::C_IAR), 40u);
    EXPECT_FALSE(b.bit(reg::D_ISPENDR, 40));
    b.wr_c(reg::C_EOIR, 40);
    EXPECT_EQ(b.rd_c(reg::C_IAR), 1023u);
    b.gic.set_irq(40, true);
    EXPECT_EQ(b.rd_c(reg::C_IAR), 40u);
    b.wr_c(reg::C_EOIR, 40);
    EXPECT_EQ(b.rd_c(reg::C_IAR), 1023u);  // held high: no new edge
}

TEST(Gicv2, ItargetsrRoutesSpiToCore1Only) {
    GicBench b(2);
    b.enable_all(0);
    b.enable_all(1);
    b.enable_irq(40);
    b.wr_d(reg::D_ITARGETSR + 40, 0x02, 0, 1);
    EXPECT_EQ(b.rd_d(reg::D_ITARGETSR + 40, 0, 1), 0x02u);
    b.wr_d(reg::D_ITARGETSR + 41, 0xff, 0, 1);  // only 2 cores: bits [7:2] are ignored
    EXPECT_EQ(b.rd_d(reg::D_ITARGETSR + 41, 0, 1), 0x03u);
    b.gic.set_irq(40, true);
    EXPECT_FALSE(b.irq_line(0));
    EXPECT_TRUE(b.irq_line(1));
    EXPECT_EQ(b.rd_c(reg::C_IAR, 0), 1023u);
    EXPECT_EQ(b.rd_c(reg::C_IAR, 1), 40u);
    EXPECT_FALSE(b.irq_line(1));
}

TEST(Gicv2, SgiTargetFiltersAndSourceCpu) {
    GicBench b(3);
    for (unsigned c = 0; c < 3; ++c) b.enable_all(c);
    b.wr_d(reg::D_SGIR, (0u << 24) | (0x4u << 16) | 5, 0);  // list: core 2, SGI 5, from core 0
    EXPECT_EQ(b.rd_c(reg::C_IAR, 1), 1023u);
    EXPECT_EQ(b.rd_d(reg::D_SPENDSGIR + 5, 2, 1), 0x01u);  // SGI 5 pending from core 0
    EXPECT_EQ(b.rd_c(reg::C_IAR, 2), 5u | (0u << 10));
    b.wr_c(reg::C_EOIR, 5, 2);

    b.wr_d(reg::D_SGIR, (1u << 24) | 7, 1);  // all but self, SGI 7, from core 1
    EXPECT_TRUE(b.irq_line(0));
    EXPECT_FALSE(b.irq_line(1));
    EXPECT_TRUE(b.irq_line(2));
    EXPECT_EQ(b.rd_c(reg::C_IAR, 0), 7u | (1u << 10));  // CPUID [12:10] = source core 1
    b.wr_c(reg::C_EOIR, 7u | (1u << 10), 0);
    EXPECT_EQ(b.rd_c(reg::C_IAR, 2), 7u | (1u << 10));
    b.wr_c(reg::C_EOIR, 7u | (1u << 10), 2);

    b.wr_d(reg::D_SGIR, (2u << 24) | 3, 2);  // self only, SGI 3, from core 2
    EXPECT_FALSE(b.irq_line(0));
    EXPECT_TRUE(b.irq_line(2));
    EXPECT_EQ(b.rd_c(reg::C_IAR, 2), 3u | (2u << 10));
    b.wr_c(reg::C_EOIR, 3u | (2u << 10), 2);

    b.wr_d(reg::D_SPENDSGIR + 9, 0x3, 1, 1);  // SGI 9 on core 1 from cores 0 and 1
    EXPECT_TRUE(b.bit(reg::D_ISPENDR, 9, 1));
    b.wr_d(reg::D_CPENDSGIR + 9, 0x1, 1, 1);
    EXPECT_EQ(b.rd_d(reg::D_SPENDSGIR + 9, 1, 1), 0x2u);
    EXPECT_EQ(b.rd_c(reg::C_IAR, 1), 9u | (1u << 10));
}

TEST(Gicv2, PpisAndSgisAreBankedPerCore) {
    GicBench b(2);
    b.enable_all(0);
    b.enable_all(1);
    b.enable_irq(30, 1);  // core 1's copy only
    b.set_priority(30, 0x10, 0);
    EXPECT_EQ(b.rd_d(reg::D_IPRIORITYR + 30, 0, 1), 0x10u);
    EXPECT_EQ(b.rd_d(reg::D_IPRIORITYR + 30, 1, 1), 0x00u);
    EXPECT_FALSE(b.bit(reg::D_ISENABLER, 30, 0));
    EXPECT_TRUE(b.bit(reg::D_ISENABLER, 30, 1));

    b.gic.ppi_sink(1)->set_irq(30, true);
    EXPECT_TRUE(b.bit(reg::D_ISPENDR, 30, 1));
    EXPECT_FALSE(b.bit(reg::D_ISPENDR, 30, 0));
    EXPECT_TRUE(b.irq_line(1));
    EXPECT_FALSE(b.irq_line(0));
    b.gic.ppi_sink(0)->set_irq(30, true);  // core 0's PPI 30 is disabled
    EXPECT_FALSE(b.irq_line(0));
    EXPECT_EQ(b.rd_c(reg::C_IAR, 0), 1023u);
    EXPECT_EQ(b.rd_c(reg::C_IAR, 1), 30u);
}

TEST(Gicv2, OutputLinesRiseAndFallAndFiqFollowsFiqEn) {
    GicBench b(1);
    b.enable_all();
    b.enable_irq(60);
    b.set_pending(60);
    EXPECT_TRUE(b.irq_line(0));
    EXPECT_EQ(b.rec.rising_edges(0), 1u);
    EXPECT_EQ(b.rd_c(reg::C_IAR), 60u);
    EXPECT_FALSE(b.irq_line(0));
    b.wr_c(reg::C_EOIR, 60);

    b.wr_c(reg::C_CTLR, 1 | 1u << 3);  // FIQEn: Group 0 is signalled as FIQ
    b.set_pending(60);
    EXPECT_TRUE(b.fiq_line(0));
    EXPECT_FALSE(b.irq_line(0));
    b.wr_d(reg::D_ICPENDR + 4, 1u << 28);
    EXPECT_FALSE(b.fiq_line(0));

    b.wr_d(reg::D_CTLR, 3);                          // both groups forwarded
    b.wr_c(reg::C_CTLR, 1 | 2 | 1u << 2 | 1u << 3);  // both enabled, AckCtl, FIQEn
    b.wr_d(reg::D_IGROUPR + 4, 1u << 28);            // INTID 60 in Group 1: always IRQ
    b.set_pending(60);
    EXPECT_TRUE(b.irq_line(0));
    EXPECT_FALSE(b.fiq_line(0));
    EXPECT_EQ(b.rec.rising_edges(0), 2u);
    EXPECT_EQ(b.rec.rising_edges(1), 1u);
}

TEST(Gicv2, Group1NeedsAckCtlOnIar) {
    GicBench b(1);
    b.wr_d(reg::D_CTLR, 3);
    b.wr_c(reg::C_CTLR, 3);
    b.wr_c(reg::C_PMR, 0xff);
    b.wr_d(reg::D_IGROUPR + 4, 1u << 1);  // INTID 33 in Group 1
    b.enable_irq(33);
    b.set_pending(33);
    EXPECT_EQ(b.rd_c(reg::C_IAR), 1022u);
    EXPECT_EQ(b.rd_c(0x20), 33u);  // GICC_AIAR acknowledges Group 1
    b.wr_c(0x24, 33);              // GICC_AEOIR
    EXPECT_FALSE(b.bit(reg::D_ISACTIVER, 33));
}

TEST(Gicv2, DeviceTreeNode) {
    GicBench b(2);
    vp::DtbWriter w;
    b.gic.write_dtb(w);
    std::vector<uint8_t> blob = w.finish();
    const void* fdt = blob.data();
    int node = fdt_path_offset(fdt, "/intc@8000000");
    ASSERT_GE(node, 0);
    EXPECT_STREQ(static_cast<const char*>(fdt_getprop(fdt, node, "compatible", nullptr)),
                 "arm,cortex-a15-gic");
    int len = 0;
    EXPECT_NE(fdt_getprop(fdt, node, "interrupt-controller", &len), nullptr);
    EXPECT_EQ(len, 0);
    auto cells = static_cast<const fdt32_t*>(fdt_getprop(fdt, node, "#interrupt-cells", &len));
    ASSERT_EQ(len, 4);
    EXPECT_EQ(fdt32_to_cpu(cells[0]), 3u);
    auto regs = static_cast<const fdt32_t*>(fdt_getprop(fdt, node, "reg", &len));
    ASSERT_EQ(len, 32);
    const uint32_t expect[8] = {0, 0x08000000, 0, 0x10000, 0, 0x08010000, 0, 0x10000};
    for (int i = 0; i < 8; ++i) EXPECT_EQ(fdt32_to_cpu(regs[i]), expect[i]) << i;
    EXPECT_EQ(fdt_get_phandle(fdt, node), w.phandle("intc"));
}

// The GIC's register access time is the router's read_latency/write_latency, 10 ns unless the
// topology says otherwise (the time the model added itself before the latency moved to the
// router): the model alone adds nothing, the platform's router adds 10 ns to each access.
TEST(Gicv2, TheModelAddsNoLatencyOfItsOwn) {
    GicBench b(1);
    auto r = b.dist.read(reg::D_TYPER);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r.delay, sc_core::SC_ZERO_TIME);
    auto w = b.cpu.write(reg::C_PMR, 0xf0);
    ASSERT_TRUE(w.ok());
    EXPECT_EQ(w.delay, sc_core::SC_ZERO_TIME);
}

TEST(Gicv2, RouterAddsTheDefaultAccessLatencyOf10ns) {
    const std::string machine = std::string(VP_SOURCE_DIR) + "/platforms/virt.yaml";
    vp::Platform platform("vp",
                          vp::load_topology(machine, {vp::parse_override("cpus.count=1"),
                                                      vp::parse_override("devices.uart0.backend=null")}));
    vp::test::TestInitiator core{"core"};
    core.socket.bind(platform.router().targ);
    sc_core::sc_start(sc_core::SC_ZERO_TIME);
    const uint64_t dist = 0x08000000, cpu = 0x08010000;  // platforms/virt.yaml
    auto r = core.read(dist + reg::D_TYPER);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r.delay, sc_core::sc_time(10, sc_core::SC_NS));
    auto w = core.write(cpu + reg::C_PMR, 0xf0);
    ASSERT_TRUE(w.ok());
    EXPECT_EQ(w.delay, sc_core::sc_time(10, sc_core::SC_NS));
}

// A debugger's read of GICC_IAR shows what a read would return without acknowledging
// (reading GICC_IAR is what makes an interrupt active, IHI 0048B 4.4.4).
TEST(Gicv2, DebugReadOfIarDoesNotAcknowledge) {
    GicBench b(1);
    b.enable_all();
    b.enable_irq(40);
    b.set_pending(40);
    uint32_t v = 0;
    EXPECT_EQ(b.cpu.debug(tlm::TLM_READ_COMMAND, reg::C_IAR, &v, 4), 4u);
    EXPECT_EQ(v, 40u);
    EXPECT_TRUE(b.bit(reg::D_ISPENDR, 40));
    EXPECT_FALSE(b.bit(reg::D_ISACTIVER, 40));
    EXPECT_TRUE(b.irq_line(0));
    EXPECT_EQ(b.rd_c(reg::C_IAR), 40u);  // the bus read acknowledges
    EXPECT_TRUE(b.bit(reg::D_ISACTIVER, 40));
    EXPECT_EQ(b.cpu.debug(tlm::TLM_READ_COMMAND, reg::C_IAR, &v, 4), 4u);
    EXPECT_EQ(v, 1023u);  // nothing else pending: spurious
    EXPECT_EQ(b.dist.debug(tlm::TLM_READ_COMMAND, reg::D_TYPER, &v, 4), 4u);
    EXPECT_EQ(v & 0x1f, 288u / 32 - 1);
}
