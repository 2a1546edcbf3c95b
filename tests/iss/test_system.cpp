// Identification registers, generic timer hooks, cache maintenance and feature gating
// (ARM ARM D17.2 field definitions, D11.2, C5.3).
#include <utility>

#include "machine.h"

using namespace vp::iss;
using namespace vp::iss::test;

namespace {
uint64_t field(uint64_t v, unsigned lo, unsigned width) {
    return (v >> lo) & ((1ull << width) - 1);
}
}  // namespace

TEST(IssSystem, ProcessorFeatureRegistersDescribeAnArmv80El0El1Core) {
    Machine m;
    uint64_t pfr0 = m.cpu.read_sysreg(SysReg::ID_AA64PFR0_EL1);
    EXPECT_EQ(field(pfr0, 0, 4), 1u);   // EL0: AArch64 only
    EXPECT_EQ(field(pfr0, 4, 4), 1u);   // EL1: AArch64 only
    EXPECT_EQ(field(pfr0, 8, 4), 0u);   // EL2 not implemented
    EXPECT_EQ(field(pfr0, 12, 4), 0u);  // EL3 not implemented
    // ID_AA64PFR0_EL1.FP (bits 19:16) and .AdvSIMD (23:20): 0b0000 = implemented (0b1111 would
    // mean not implemented); the Cortex-A57 implements both.
    EXPECT_EQ(field(pfr0, 16, 4), 0u);  // FP
    EXPECT_EQ(field(pfr0, 20, 4), 0u);  // AdvSIMD
    EXPECT_EQ(m.cpu.read_sysreg(SysReg::ID_AA64PFR1_EL1), 0u);
    uint64_t isar0 = m.cpu.read_sysreg(SysReg::ID_AA64ISAR0_EL1);
    EXPECT_EQ(field(isar0, 16, 4), 1u);  // CRC32
    EXPECT_EQ(field(isar0, 4, 4), 0u);   // AES
    EXPECT_EQ(field(isar0, 8, 4), 0u);   // SHA1
    EXPECT_EQ(field(isar0, 12, 4), 0u);  // SHA2
    EXPECT_EQ(field(isar0, 20, 4), 0u);  // Atomic: no FEAT_LSE by default
    EXPECT_EQ(m.cpu.read_sysreg(SysReg::ID_AA64ISAR1_EL1), 0u);
    uint64_t mmfr0 = m.cpu.read_sysreg(SysReg::ID_AA64MMFR0_EL1);
    EXPECT_EQ(field(mmfr0, 0, 4), 0b0100u);  // PARange: 44 bits
    EXPECT_EQ(field(mmfr0, 4, 4), 0b0010u);  // ASIDBits: 16
    EXPECT_EQ(field(mmfr0, 20, 4), 0u);      // TGran16: not supported
    EXPECT_EQ(field(mmfr0, 24, 4), 0xFu);    // TGran64: not supported
    EXPECT_EQ(field(mmfr0, 28, 4), 0u);      // TGran4: supported
    EXPECT_EQ(m.cpu.read_sysreg(SysReg::ID_AA64MMFR1_EL1), 0u);
    EXPECT_EQ(m.cpu.read_sysreg(SysReg::ID_AA64MMFR2_EL1), 0u);
    uint64_t dfr0 = m.cpu.read_sysreg(SysReg::ID_AA64DFR0_EL1);
    EXPECT_EQ(field(dfr0, 0, 4), 6u);   // DebugVer: Armv8 debug
    EXPECT_EQ(field(dfr0, 8, 4), 0u);   // PMUVer: no PMU
    EXPECT_GE(field(dfr0, 12, 4), 1u);  // BRPs: at least 2 (value is number - 1)
    EXPECT_GE(field(dfr0, 20, 4), 1u);  // WRPs: at least 2
}

TEST(IssSystem, LseAdvertisedOnlyWhenEnabled) {
    CpuConfig cfg;
    cfg.features.lse = true;
    Machine m({}, cfg);
    EXPECT_EQ(field(m.cpu.read_sysreg(SysReg::ID_AA64ISAR0_EL1), 20, 4), 2u);
}

TEST(IssSystem, LseAtomicsAreUndefinedWithoutTheFeature) {
    VP_NEED_AS();
    Machine m;
    ASSERT_TRUE(m.load(".arch armv8.1-a\n ldadd x1, x2, [x3]\n"));
    m.cpu.set_xreg(3, 0x3000);
    m.cpu.run(10);
    EXPECT_EQ(m.cpu.pc, kVbar + 0x200);
    EXPECT_EQ(m.esr() >> 26, 0u);  // EC 0x00: unknown reason
    EXPECT_FALSE(m.unimp_log.empty());
}

TEST(IssSystem, IdentificationAndCacheRegisters) {
    CpuConfig cfg;
    cfg.core_id = 3;
    cfg.model = find_cpu_model("cortex-a57");
    Machine m({}, cfg);
    uint64_t mpidr = m.cpu.read_sysreg(SysReg::MPIDR_EL1);
    EXPECT_EQ(field(mpidr, 31, 1), 1u);  // RES1
    EXPECT_EQ(field(mpidr, 30, 1), 0u);  // U: part of a multiprocessor system
    EXPECT_EQ(field(mpidr, 24, 1), 0u);  // MT
    EXPECT_EQ(field(mpidr, 0, 8), 3u);   // Aff0
    EXPECT_EQ(m.cpu.read_sysreg(SysReg::MIDR_EL1), 0x411FD070u);
    EXPECT_EQ(m.cpu.read_sysreg(SysReg::REVIDR_EL1), 0u);
    uint64_t ctr = m.cpu.read_sysreg(SysReg::CTR_EL0);
    EXPECT_EQ(field(ctr, 31, 1), 1u);  // RES1
    EXPECT_EQ(field(ctr, 0, 4), 4u);   // IminLine: 16 words = 64 bytes
    EXPECT_EQ(field(ctr, 16, 4), 4u);  // DminLine: 64 bytes
    uint64_t dczid = m.cpu.read_sysreg(SysReg::DCZID_EL0);
    EXPECT_EQ(field(dczid, 0, 4), 4u);  // BS: 2^4 words = 64 bytes
    EXPECT_EQ(field(dczid, 4, 1), 0u);  // DZP: DC ZVA permitted at EL1
    uint64_t clidr = m.cpu.read_sysreg(SysReg::CLIDR_EL1);
    EXPECT_EQ(field(clidr, 0, 3), 0b011u);      // L1: separate I and D
    EXPECT_EQ(field(clidr, 3, 3), 0b100u);      // L2: unified
    EXPECT_EQ(field(clidr, 6, 3), 0u);          // no L3
    EXPECT_EQ(field(clidr, 24, 3), 2u);         // LoC
    m.cpu.write_sysreg(SysReg::CSSELR_EL1, 0);  // L1 data
    uint64_t l1d = m.cpu.read_sysreg(SysReg::CCSIDR_EL1);
    uint64_t line = 1ull << (field(l1d, 0, 3) + 4), ways = field(l1d, 3, 10) + 1,
             sets = field(l1d, 13, 15) + 1;
    EXPECT_EQ(line, 64u);
    EXPECT_EQ(line * ways * sets, 32u * 1024);
    m.cpu.write_sysreg(SysReg::CSSELR_EL1, 2);  // L2 unified
    uint64_t l2 = m.cpu.read_sysreg(SysReg::CCSIDR_EL1);
    EXPECT_EQ((1ull << (field(l2, 0, 3) + 4)) * (field(l2, 3, 10) + 1) * (field(l2, 13, 15) + 1),
              2048u * 1024);
    EXPECT_EQ(m.cpu.read_sysreg(SysReg::AIDR_EL1), 0u);
}

TEST(IssSystem, ReservedIdSpaceReadsAsZeroAndPmuIsUndefined) {
    VP_NEED_AS();
    Machine m;
    // ID_PFR0_EL1, MVFR0_EL1, ID_AA64ISAR2_EL1 (reserved in v8.0), then PMCR_EL0 (no PMU).
    ASSERT_TRUE(m.load(
        "mov x1, #-1\n mov x2, #-1\n mov x3, #-1\n"
        "mrs x1, s3_0_c0_c1_0\n mrs x2, s3_0_c0_c3_0\n mrs x3, s3_0_c0_c6_2\n mrs x4, s3_3_c9_c12_0\n"));
    m.cpu.run(20);
    EXPECT_EQ(m.cpu.xreg(1), 0u);
    EXPECT_EQ(m.cpu.xreg(2), 0u);
    EXPECT_EQ(m.cpu.xreg(3), 0u);
    EXPECT_EQ(m.elr(), kText + 24);  // the PMCR_EL0 read is UNDEFINED
    EXPECT_EQ(m.esr() >> 26, 0u);
}

TEST(IssSystem, OsLockIsSetByResetAndClearedThroughOslar) {
    VP_NEED_AS();
    Machine m;
    ASSERT_TRUE(
        m.load("mrs x1, oslsr_el1\n msr oslar_el1, xzr\n mrs x2, oslsr_el1\n mrs x3, mdscr_el1\n wfi\n"));
    EXPECT_EQ(m.cpu.run(20), StopReason::wfi);
    EXPECT_EQ(field(m.cpu.xreg(1), 1, 1), 1u);  // OSLK
    EXPECT_EQ(field(m.cpu.xreg(1), 3, 1), 1u);  // OSLM = 0b10: OS lock implemented
    EXPECT_EQ(field(m.cpu.xreg(1), 0, 1), 0u);
    EXPECT_EQ(field(m.cpu.xreg(2), 1, 1), 0u);
}

// A timer given in CpuConfig (the platform's) sees every timer register access, at EL1 without
// a check; its reads are what MRS returns.
TEST(IssSystem, TimerHookSeesCvalWritesAndSuppliesCounter) {
    VP_NEED_AS();
    struct RecordingTimer : CpuTimer {
        std::vector<std::pair<TimerReg, uint64_t>> writes;
        uint64_t read(TimerReg r) const override { return r == TimerReg::CNTVCT ? 1234 : 77; }
        void write(TimerReg r, uint64_t v) override { writes.emplace_back(r, v); }
    } timer;
    CpuConfig cfg;
    cfg.timer = &timer;
    Machine m({}, cfg);
    ASSERT_TRUE(
        m.load("movz x1, #0x5678\n msr cntv_cval_el0, x1\n mrs x2, cntvct_el0\n mrs x3, cntv_ctl_el0\n"
               "msr cntv_ctl_el0, x4\n wfi\n"));
    m.cpu.set_xreg(4, 1);
    EXPECT_EQ(m.cpu.run(20), StopReason::wfi);
    auto& writes = timer.writes;
    ASSERT_EQ(writes.size(), 2u);
    EXPECT_EQ(writes[0].first, TimerReg::CNTV_CVAL);
    EXPECT_EQ(writes[0].second, 0x5678u);
    EXPECT_EQ(writes[1].first, TimerReg::CNTV_CTL);
    EXPECT_EQ(m.cpu.xreg(2), 1234u);
    EXPECT_EQ(m.cpu.xreg(3), 77u);
}

// D11.2.4: TVAL = (CVAL - count)[31:0] (signed), a TVAL write sets CVAL = count + SignExtend(TVAL);
// CTL.ISTATUS = ENABLE and count >= CVAL.
TEST(IssSystem, DefaultTimerDerivesTvalAndIstatus) {
    uint64_t now = 1000;
    CpuHooks h;
    h.counter = [&] { return now; };
    Machine m(h);
    m.cpu.write_sysreg(SysReg::CNTP_TVAL_EL0, 100);
    EXPECT_EQ(m.cpu.read_sysreg(SysReg::CNTP_CVAL_EL0), 1100u);
    m.cpu.write_sysreg(SysReg::CNTP_CTL_EL0, 1);
    EXPECT_EQ(m.cpu.read_sysreg(SysReg::CNTP_CTL_EL0), 1u);
    now = 1200;
    EXPECT_EQ(m.cpu.read_sysreg(SysReg::CNTP_CTL_EL0), 5u);  // ISTATUS
    EXPECT_EQ(m.cpu.read_sysreg(SysReg::CNTP_TVAL_EL0), uint32_t(-100));
    EXPECT_EQ(m.cpu.read_sysreg(SysReg::CNTPCT_EL0), 1200u);
}

// CNTKCTL_EL1.EL0VCTEN = 0: an EL0 read of CNTVCT_EL0 is trapped to EL1 with EC 0x18 and the
// MRS encoding in the ISS (D17.2.37: Op0 21:20, Op2 19:17, Op1 16:14, CRn 13:10, Rt 9:5, CRm 4:1,
// Direction 0 = 1 for a read).
TEST(IssSystem, El0TimerAccessTrapsUnlessCntkctlAllows) {
    VP_NEED_AS();
    for (uint64_t kctl : {0ull, 2ull}) {
        Machine m;
        ASSERT_TRUE(
            m.load("msr cntkctl_el1, x9\n adr x2, el0\n msr elr_el1, x2\n msr spsr_el1, xzr\n eret\n"
                   "el0: mrs x3, cntvct_el0\n svc #0\n"));
        m.cpu.set_xreg(9, kctl);
        m.cpu.run(30);
        EXPECT_EQ(m.cpu.pc, kVbar + 0x400);
        if (kctl) {
            EXPECT_EQ(m.esr() >> 26, 0x15u);  // reached the SVC
        } else {
            uint32_t iss = (3u << 20) | (2u << 17) | (3u << 14) | (14u << 10) | (3u << 5) | (0u << 1) | 1u;
            EXPECT_EQ(m.esr(), (0x18u << 26) | (1u << 25) | iss);
            EXPECT_EQ(m.elr(), kText + 20);
        }
    }
}

TEST(IssSystem, DcZvaZeroesOneAlignedBlock) {
    VP_NEED_AS();
    Machine m;
    m.normal_memory();  // DC ZVA to Device memory (the MMU-off default) is an Alignment fault
    ASSERT_TRUE(m.load("dc zva, x1\n wfi\n"));
    for (unsigned i = 0; i < 192; ++i) m.mem.ptr(0x3000)[i] = 0xAA;
    m.cpu.set_xreg(1, 0x3000 + 64 + 17);  // inside the second 64-byte block
    EXPECT_EQ(m.cpu.run(10), StopReason::wfi);
    for (unsigned i = 0; i < 192; ++i) EXPECT_EQ(m.mem.ptr(0x3000)[i], (i >= 64 && i < 128) ? 0 : 0xAA) << i;
}

TEST(IssSystem, DcZvaAtEl0TrapsWithoutSctlrDze) {
    VP_NEED_AS();
    Machine m;
    ASSERT_TRUE(m.load("adr x2, el0\n msr elr_el1, x2\n msr spsr_el1, xzr\n eret\n el0: dc zva, x1\n"));
    m.cpu.set_xreg(1, 0x3000);
    m.mem.ptr(0x3000)[0] = 0xAA;
    m.cpu.run(20);
    EXPECT_EQ(m.esr() >> 26, 0x18u);
    EXPECT_EQ(m.mem.ptr(0x3000)[0], 0xAA);
}

TEST(IssSystem, IcIvauDropsStaleTranslatedCode) {
    VP_NEED_AS();
    Machine m;
    ASSERT_TRUE(m.load("mov x0, #1\n ret\n", 0x2000));
    ASSERT_TRUE(m.load("bl .+0x1000\n wfi\n"));  // kText + 0 -> 0x2000
    EXPECT_EQ(m.cpu.run(20), StopReason::wfi);
    EXPECT_EQ(m.cpu.xreg(0), 1u);
    // Rewrite the function behind the core's back (no store path), then IC IVAU on it.
    auto words = assemble("mov x0, #2\n");
    ASSERT_EQ(words.size(), 1u);
    m.mem.put32(0x2000, words[0]);
    ASSERT_TRUE(m.load("ic ivau, x5\n dsb ish\n isb\n bl .-0x100c\n wfi\n", 0x3000));  // 0x300c -> 0x2000
    m.cpu.set_xreg(5, 0x2000);
    m.cpu.pc = 0x3000;
    m.cpu.halted_wfi = false;
    EXPECT_EQ(m.cpu.run(20), StopReason::wfi);
    EXPECT_EQ(m.cpu.xreg(0), 2u);
}

// SCTLR_EL1.nTWI / nTWE = 0 trap EL0 WFI / WFE to EL1 with EC 0x01 (ISS: CV, COND, TI);
// SCTLR_EL1.UCT = 0 traps EL0 reads of CTR_EL0 with EC 0x18.
TEST(IssSystem, El0WfxAndCtrTrapsFollowSctlr) {
    VP_NEED_AS();
    struct Case {
        const char* insn;
        unsigned enable_bit;
        uint32_t esr;
    } cases[] = {
        {"wfi", 16, (0x01u << 26) | (1u << 25) | (1u << 24) | (0xEu << 20) | 0},
        {"wfe", 18, (0x01u << 26) | (1u << 25) | (1u << 24) | (0xEu << 20) | 1},
        {"mrs x4, ctr_el0", 15,
         (0x18u << 26) | (1u << 25) | (3u << 20) | (1u << 17) | (3u << 14) | (0u << 10) | (4u << 5) |
             (0u << 1) | 1},
    };
    for (auto& c : cases) {
        for (bool enabled : {false, true}) {
            Machine m;
            if (enabled)
                m.cpu.write_sysreg(SysReg::SCTLR_EL1,
                                   m.cpu.read_sysreg(SysReg::SCTLR_EL1) | (1u << c.enable_bit));
            ASSERT_TRUE(
                m.load(std::string("adr x2, el0\n msr elr_el1, x2\n msr spsr_el1, xzr\n eret\n el0: ") +
                       c.insn + "\n svc #0\n"));
            m.cpu.run(20);
            if (enabled) {
                EXPECT_NE(m.esr() >> 26, c.esr >> 26) << c.insn;
            } else {
                EXPECT_EQ(m.esr(), c.esr) << c.insn;
                EXPECT_EQ(m.elr(), kText + 16) << c.insn;
            }
        }
    }
}

// ISR_EL1 shows pending interrupts whatever PSTATE.{I,F} say (D17.2.83: I bit 7, F bit 6).
TEST(IssSystem, IsrShowsPendingInterrupts) {
    Machine m;
    EXPECT_EQ(m.cpu.read_sysreg(SysReg::ISR_EL1), 0u);
    m.cpu.interrupt_pending(true, false);
    EXPECT_EQ(m.cpu.read_sysreg(SysReg::ISR_EL1), 0x80u);
    m.cpu.interrupt_pending(false, true);
    EXPECT_EQ(m.cpu.read_sysreg(SysReg::ISR_EL1), 0x40u);
}
