// Exception entry/return, UNDEFINED, host hooks and system registers (ARM ARM D1.10, D17).
#include "machine.h"

using namespace vp::iss;
using namespace vp::iss::test;

TEST(IssExceptions, SvcAtEl1hUsesCurrentElSpxVector) {
    VP_NEED_AS();
    Machine m;
    ASSERT_TRUE(m.load("movz x0, #5\n cmp x0, #5\n svc #0x42\n nop"));
    m.cpu.run(20);
    EXPECT_EQ(m.cpu.pc, kVbar + 0x200);
    EXPECT_EQ(m.elr(), kText + 12);
    EXPECT_EQ(m.esr(), (0x15u << 26) | (1u << 25) | 0x42);
    EXPECT_EQ(m.spsr(), 0x60000000u | 0x3C0 | 0x5);  // Z and C from cmp, DAIF masked, EL1h
    EXPECT_EQ(m.cpu.el, 1u);
    EXPECT_EQ(m.cpu.daif, 0x3C0u);
}

TEST(IssExceptions, EretToEl0ThenSvcUsesLowerElVector) {
    VP_NEED_AS();
    Machine m;
    // EL1: set SP_EL0, ELR = el0 code, SPSR = EL0t, ERET. EL0: svc.
    ASSERT_TRUE(m.load(
        "movz x1, #0x7000\n msr sp_el0, x1\n adr x2, el0\n msr elr_el1, x2\n msr spsr_el1, xzr\n eret\n"
        "el0: mov x3, sp\n svc #7\n"));
    m.cpu.run(50);
    EXPECT_EQ(m.cpu.xreg(3), 0x7000u);  // EL0 runs on SP_EL0
    EXPECT_EQ(m.cpu.pc, kVbar + 0x400);
    EXPECT_EQ(m.esr(), (0x15u << 26) | (1u << 25) | 7);
    EXPECT_EQ(m.spsr() & 0xF, 0u);
    EXPECT_EQ(m.cpu.sp(), 0x80000u);  // back on SP_EL1
}

TEST(IssExceptions, SvcWithSp0UsesCurrentElSp0Vector) {
    VP_NEED_AS();
    Machine m;
    ASSERT_TRUE(m.load("msr spsel, #0\n svc #1"));
    m.cpu.run(20);
    EXPECT_EQ(m.cpu.pc, kVbar + 0x000);
    EXPECT_EQ(m.spsr() & 0xF, 4u);  // EL1t
}

TEST(IssExceptions, UnallocatedEncodingIsUndefinedAndLogged) {
    Machine m;
    m.mem.put32(kText, 0xd503201f);      // nop
    m.mem.put32(kText + 4, 0x00000000);  // UDF space
    m.cpu.run(20);
    EXPECT_EQ(m.cpu.pc, kVbar + 0x200);
    EXPECT_EQ(m.elr(), kText + 4);
    EXPECT_EQ(m.esr() >> 26, 0u);
    ASSERT_FALSE(m.unimp_log.empty());
    EXPECT_NE(m.unimp_log[0].find("0x00000000"), std::string::npos);
}

TEST(IssExceptions, UnknownSystemRegisterIsUndefined) {
    VP_NEED_AS();
    Machine m;
    ASSERT_TRUE(m.load("mrs x0, s3_0_c15_c2_0"));
    m.cpu.run(5);
    EXPECT_EQ(m.cpu.pc, kVbar + 0x200);
    EXPECT_EQ(m.esr() >> 26, 0u);
    ASSERT_FALSE(m.unimp_log.empty());
    EXPECT_NE(m.unimp_log[0].find("unknown system register"), std::string::npos);
}

TEST(IssExceptions, BrkHasEc3cAndPreferredReturnAtBrk) {
    VP_NEED_AS();
    Machine m;
    ASSERT_TRUE(m.load("nop\n brk #0x99"));
    m.cpu.run(5);
    EXPECT_EQ(m.esr(), (0x3Cu << 26) | (1u << 25) | 0x99);
    EXPECT_EQ(m.elr(), kText + 4);
}

TEST(IssExceptions, HypercallHookHandlesHvcAndSmc) {
    VP_NEED_AS();
    std::vector<std::pair<unsigned, uint16_t>> calls;
    CpuHooks hooks;
    hooks.hypercall = [&](Cpu& c, unsigned kind, uint16_t imm) {
        calls.emplace_back(kind, imm);
        c.set_xreg(0, 0x1234);  // e.g. PSCI return value
        return imm != 9;
    };
    Machine m(hooks);
    ASSERT_TRUE(m.load("hvc #1\n smc #2\n mov x5, x0\n hvc #9"));
    m.cpu.run(20);
    ASSERT_EQ(calls.size(), 3u);
    EXPECT_EQ(calls[0], (std::pair<unsigned, uint16_t>{0x16, 1}));
    EXPECT_EQ(calls[1], (std::pair<unsigned, uint16_t>{0x17, 2}));
    EXPECT_EQ(m.cpu.xreg(5), 0x1234u);
    EXPECT_EQ(m.cpu.pc, kVbar + 0x200);  // unhandled HVC: UNDEFINED without EL2
    EXPECT_EQ(m.esr() >> 26, 0u);
    EXPECT_EQ(m.elr(), kText + 12);
}

TEST(IssExceptions, DataAbortOnUnmappedAddress) {
    VP_NEED_AS();
    Machine m;
    ASSERT_TRUE(m.load("movz x1, #0x4000, lsl #16\n str x2, [x1, #8]"));
    m.cpu.run(5);
    EXPECT_EQ(m.esr() >> 26, 0x25u);
    EXPECT_TRUE(m.esr() & (1u << 6));  // WnR
    EXPECT_EQ(m.cpu.read_sysreg(SysReg::FAR_EL1), 0x40000008u);
    EXPECT_EQ(m.elr(), kText + 4);
}

TEST(IssExceptions, MisalignedExclusiveIsAlignmentFault) {
    VP_NEED_AS();
    Machine m;
    ASSERT_TRUE(m.load("movz x1, #0x2001\n ldxr x0, [x1]"));
    m.cpu.run(5);
    EXPECT_EQ(m.esr() >> 26, 0x25u);
    EXPECT_EQ(m.esr() & 0x3f, 0x21u);
}

TEST(IssExceptions, PcAlignmentFault) {
    VP_NEED_AS();
    Machine m;
    ASSERT_TRUE(m.load("movz x1, #0x2002\n br x1"));
    m.cpu.run(5);
    EXPECT_EQ(m.esr() >> 26, 0x22u);
    EXPECT_EQ(m.cpu.read_sysreg(SysReg::FAR_EL1), 0x2002u);
}

TEST(IssExceptions, IrqTakenWhenUnmasked) {
    VP_NEED_AS();
    Machine m;
    ASSERT_TRUE(m.load("loop: add x0, x0, #1\n b loop\n"));
    m.cpu.interrupt_pending(true, false);
    m.cpu.run(100);  // masked out of reset
    EXPECT_LT(m.cpu.pc, kVbar);
    m.cpu.daif = 0;
    m.cpu.run(10);
    EXPECT_EQ(m.cpu.pc, kVbar + 0x280);
    EXPECT_EQ(m.cpu.daif, 0x3C0u);
    uint64_t elr = m.elr();
    EXPECT_TRUE(elr == kText || elr == kText + 4);
}

TEST(IssExceptions, FiqVectorFromEl0) {
    VP_NEED_AS();
    Machine m;
    ASSERT_TRUE(m.load("adr x2, el0\n msr elr_el1, x2\n msr spsr_el1, xzr\n eret\n el0: b el0\n"));
    m.cpu.run(20);
    EXPECT_EQ(m.cpu.el, 0u);
    m.cpu.interrupt_pending(false, true);
    m.cpu.run(5);
    EXPECT_EQ(m.cpu.pc, kVbar + 0x400 + 0x100);
}

TEST(IssExceptions, WfiStopsAndInterruptWakes) {
    VP_NEED_AS();
    Machine m;
    ASSERT_TRUE(m.load("wfi\n movz x0, #1\n b ."));
    EXPECT_EQ(m.cpu.run(100), StopReason::wfi);
    EXPECT_EQ(m.cpu.run(100), StopReason::wfi);
    m.cpu.interrupt_pending(true, false);  // masked: WFI still completes (D1.6.2)
    m.cpu.run(10);
    EXPECT_EQ(m.cpu.xreg(0), 1u);
}

TEST(IssExceptions, SystemRegistersAndHooks) {
    VP_NEED_AS();
    CpuHooks hooks;
    hooks.counter = [] { return uint64_t(777); };
    CpuConfig cfg;
    cfg.core_id = 3;
    cfg.model = find_cpu_model("cortex-a53");
    Machine m(hooks, cfg);
    ASSERT_TRUE(m.load(
        "mrs x0, cntvct_el0\n mrs x1, mpidr_el1\n mrs x2, currentel\n movz x3, #0xabc\n msr tpidr_el0, x3\n"
        "mrs x4, tpidr_el0\n msr daifclr, #2\n mrs x5, daif\n movz x11, #0x30, lsl #16\n msr cpacr_el1, x11\n"
        "movz x12, #0x7ff, lsl #16\n msr fpcr, x12\n mrs x6, fpcr\n"
        "movz x7, #0x6000, lsl #16\n msr nzcv, x7\n mrs x8, nzcv\n mrs x9, midr_el1\n mrs x10, "
        "id_aa64isar0_el1\n b ."));
    m.cpu.run(40);
    EXPECT_EQ(m.cpu.xreg(0), 777u);
    EXPECT_EQ(m.cpu.xreg(1), 0x80000003u);
    EXPECT_EQ(m.cpu.xreg(2), 4u);
    EXPECT_EQ(m.cpu.xreg(4), 0xabcu);
    EXPECT_EQ(m.cpu.xreg(5), 0x340u);
    EXPECT_EQ(m.cpu.xreg(6), 0x07C00000u);  // FPCR: only AHP, DN, FZ and RMode are writable (ARMv8.0)
    EXPECT_EQ(m.cpu.xreg(8), 0x60000000u);
    EXPECT_EQ(m.cpu.xreg(9), 0x410FD034u);
    EXPECT_EQ((m.cpu.xreg(10) >> 16) & 0xf, 1u);  // CRC32 advertised
}

TEST(IssExceptions, El0CannotAccessEl1Registers) {
    VP_NEED_AS();
    Machine m;
    ASSERT_TRUE(m.load("adr x2, el0\n msr elr_el1, x2\n msr spsr_el1, xzr\n eret\n el0: mrs x0, vbar_el1\n"));
    m.cpu.run(20);
    EXPECT_EQ(m.cpu.pc, kVbar + 0x400);
    EXPECT_EQ(m.esr() >> 26, 0u);
}

TEST(IssExceptions, ExclusiveMonitorIsGlobalAcrossCores) {
    VP_NEED_AS();
    ExclusiveMonitor mon;
    FlatMemory mem(0, 1 << 20);
    CpuConfig c0, c1;
    c0.monitor = c1.monitor = &mon;
    c0.core_id = 0;
    c1.core_id = 1;
    Cpu a(mem, c0), b(mem, c1);
    auto w = assemble(
        "movz x1, #0x3000\n ldxr x0, [x1]\n add x0, x0, #1\n hvc #0\n stxr w2, x0, [x1]\n b .\n"  // core 0
        "movz x1, #0x3008\n movz x3, #5\n str x3, [x1]\n b .\n");                                 // core 1
    ASSERT_FALSE(w.empty());
    for (size_t i = 0; i < w.size(); ++i) mem.put32(0x1000 + 4 * i, w[i]);
    a.pc = 0x1000;
    b.pc = 0x1000 + 6 * 4;
    // Core 0 stops at the HVC (host hook absent -> we stop it with a 3-instruction budget).
    a.run(3);
    b.run(4);  // core 1 stores into the same 64-byte granule
    a.pc = 0x1000 + 4 * 4;
    a.run(2);
    EXPECT_EQ(a.xreg(2), 1u);  // reservation lost
    // Without interference the store-exclusive succeeds.
    a.pc = 0x1000;
    a.run(3);
    a.pc = 0x1000 + 4 * 4;
    a.run(2);
    EXPECT_EQ(a.xreg(2), 0u);
}

TEST(IssExceptions, SpAlignmentFaultWhenSctlrSaSet) {
    VP_NEED_AS();
    Machine m;
    ASSERT_TRUE(m.load("ldr x0, [sp]\n ldr x1, [x2]\n add sp, sp, #8\n ldr x0, [sp, #8]\n"));
    m.cpu.set_xreg(2, 0x3000);
    m.cpu.write_sysreg(SysReg::SCTLR_EL1, m.cpu.read_sysreg(SysReg::SCTLR_EL1) | (1u << 3));
    m.cpu.run(4);  // the block retires 3 instructions, the fourth faults
    EXPECT_EQ(m.esr() >> 26, 0x26u);
    EXPECT_EQ(m.elr(), kText + 12);
    EXPECT_EQ(m.cpu.instructions_executed(), 3u);
}

TEST(IssExceptions, IllegalExceptionReturnRaisesIllegalStateException) {
    VP_NEED_AS();
    Machine m;
    // SPSR = EL2h: not implemented, so the return is illegal (ARM ARM D1.4.4).
    ASSERT_TRUE(
        m.load("adr x2, target\n msr elr_el1, x2\n movz x3, #0x9\n msr spsr_el1, x3\n eret\n"
               "target: movz x5, #1\n"));
    m.cpu.run(100);  // cycles: the ERET costs 15
    EXPECT_EQ(m.cpu.xreg(5), 0u);
    EXPECT_EQ(m.cpu.pc, kVbar + 0x200);
    EXPECT_EQ(m.esr() >> 26, 0x0Eu);
    EXPECT_EQ(m.elr(), kText + 20);
    EXPECT_TRUE(m.spsr() & (1u << 20));  // SPSR.IL
    EXPECT_FALSE(m.cpu.il);
}

// CPACR_EL1.FPEN (D17.2.30) traps FP/SIMD register access with EC 0x07 (ISS CV=1, COND=0xE for
// A64): 0b00 traps EL1 and EL0, 0b01 traps EL0 only, 0b11 traps nothing. The trap takes effect
// on the next instruction after the MSR (the translation state includes FPEN).
TEST(IssExceptions, CpacrFpenTrapsFpAccess) {
    VP_NEED_AS();
    Machine m;
    ASSERT_TRUE(m.load("mrs x0, fpcr\n b ."));
    m.cpu.run(5);
    EXPECT_EQ(m.esr(), (0x07u << 26) | (1u << 25) | (1u << 24) | (0xEu << 20));
    EXPECT_EQ(m.elr(), kText);

    Machine ok;
    ASSERT_TRUE(
        ok.load("movz x1, #0x10, lsl #16\n msr cpacr_el1, x1\n movz x2, #0x40, lsl #16\n"
                "msr fpcr, x2\n mrs x0, fpcr\n msr cpacr_el1, xzr\n mrs x3, fpsr\n b ."));
    ok.cpu.run(20);
    EXPECT_EQ(ok.cpu.xreg(0), 0x400000u);  // FPEN = 0b01: EL1 not trapped
    EXPECT_EQ(ok.esr() >> 26, 0x07u);      // FPEN = 0b00 again: the FPSR read traps
    EXPECT_EQ(ok.elr(), kText + 24);
}

// Exception entry and ERET are context synchronization events (ARM ARM D1.10); vp's time model
// charges each the core's pipeline refill (docs/ARCHITECTURE.md "Time"): 15 cycles on the
// Cortex-A57 (15-stage pipeline), 8 on the in-order 8-stage A53, or cpus.exception_cycles. An
// ERET's own retirement is one of its cycles.
namespace {
uint64_t stall_of_one_svc_round_trip(CpuConfig cfg) {
    Machine m({}, cfg);
    m.mem.put32(kVbar + 0x200, 0xd69f03e0);  // eret, the current-EL SPx synchronous vector
    EXPECT_TRUE(m.load("svc #0\n movz x5, #1\n b ."));
    m.cpu.run(200);
    EXPECT_EQ(m.cpu.xreg(5), 1u);  // back from the handler
    EXPECT_EQ(m.cpu.stats().exceptions, 1u);
    return m.cpu.cycles() - m.cpu.instructions_executed();
}
}  // namespace

TEST(IssExceptions, ExceptionEntryAndReturnCostTheModelsPipelineRefill) {
    VP_NEED_AS();
    CpuConfig a57, a53, a72, set;
    a53.model = find_cpu_model("cortex-a53");
    a72.model = find_cpu_model("cortex-a72");
    set.exception_cycles = 40;
    EXPECT_EQ(stall_of_one_svc_round_trip(a57), 15u + 14u);
    EXPECT_EQ(stall_of_one_svc_round_trip(a72), 15u + 14u);
    EXPECT_EQ(stall_of_one_svc_round_trip(a53), 8u + 7u);
    EXPECT_EQ(stall_of_one_svc_round_trip(set), 40u + 39u);
}

// The budget of run() is in cycles: a fault that retires nothing still uses it up.
TEST(IssExceptions, AFaultLoopThatRetiresNothingExhaustsTheBudget) {
    Machine m;
    m.mem.put32(kText, 0x00000000);          // UDF
    m.mem.put32(kVbar + 0x200, 0xd69f03e0);  // eret back to it
    EXPECT_EQ(m.cpu.run(1500), StopReason::budget);
    // Each round trip: 15 cycles of entry, 15 of ERET (1 retired); 1500 cycles are 50 trips.
    EXPECT_EQ(m.cpu.instructions_executed(), 50u);
    EXPECT_EQ(m.cpu.stats().exceptions, 50u);
}
