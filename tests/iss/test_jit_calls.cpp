// The x86-64 tier calls the semantic function of every op without an inline form, and the slow
// path of a load/store whose inline fast path misses, from the host code: a block runs to its end
// in host code, and an op that faults there leaves the guest state the ARM ARM requires.
#include <cstring>

#include "machine.h"

using namespace vp::iss;
using namespace vp::iss::test;

namespace {

double d_reg(const Cpu& c, unsigned r) {
    double d;
    std::memcpy(&d, &c.v[r][0], 8);
    return d;
}

}  // namespace

// A loop whose block holds a system-register read, FP arithmetic, a SIMD move and a store that
// misses the host caches on its first run: none of them has an inline form, yet every block runs
// in host code (no side exit to the interpreter) and computes what the instructions say.
TEST(IssJit, ABlockWithSystemAndFpOpsRunsWhollyInHostCode) {
    VP_NEED_AS();
    Machine m({}, jit_config(), true);
    m.cpu.write_sysreg(SysReg::CPACR_EL1, 3u << 20);  // FP/SIMD enabled at EL1
    ASSERT_TRUE(
        m.load("movz x3, #500\n fmov d1, #1.0\n movi d0, #0\n movz x9, #0x4000\n"
               "loop: add x0, x0, #2\n mrs x1, nzcv\n fadd d0, d0, d1\n dup v2.4s, w0\n"
               "str x0, [x9], #8\n subs x3, x3, #1\n b.ne loop\n wfi\n"));
    m.cpu.set_xreg(0, 0);
    EXPECT_EQ(m.cpu.run(100'000), StopReason::wfi);
    EXPECT_EQ(m.cpu.xreg(0), 1000u);
    EXPECT_EQ(d_reg(m.cpu, 0), 500.0);
    EXPECT_EQ(m.cpu.v[2][0], 0x000003E8000003E8ull);  // DUP of w0 = 1000 into each 32-bit lane
    EXPECT_EQ(m.cpu.xreg(1), 0x20000000u);            // NZCV after the 499th SUBS: C set only
    uint64_t last = 0;
    std::memcpy(&last, m.mem.ptr(0x4000 + 499 * 8), 8);
    EXPECT_EQ(last, 1000u);
    EXPECT_EQ(m.cpu.instructions_executed(), 4u + 500u * 7u + 1u);
    const Cpu::Stats& st = m.cpu.stats();
    EXPECT_EQ(st.host_side_exits, 0u);
    EXPECT_EQ(st.host_runs, st.blocks);  // every block that ran, ran as host code
    EXPECT_GT(st.slow_accesses, 0u);     // the store's first access to its page was called
}

// A data abort in the middle of a host block (a load from beyond the RAM: a synchronous external
// abort, ARM ARM D17.2.37 DFSC 0b010000): the instruction before it retired, the load and what
// follows did not; ESR_EL1, FAR_EL1 and ELR_EL1 describe the load, and the core is at the vector
// (current EL with SP_ELx: VBAR_EL1 + 0x200).
TEST(IssJit, ADataAbortInsideAHostBlockLeavesTheArchitecturalState) {
    VP_NEED_AS();
    Machine m({}, jit_config(), true);
    ASSERT_TRUE(m.load("add x0, x0, #1\n ldr x2, [x9]\n add x0, x0, #1\n b .\n"));
    m.cpu.set_xreg(0, 0);
    m.cpu.set_xreg(2, 0x55);
    m.cpu.set_xreg(9, 0x40000000);  // outside the 1 MiB of RAM
    m.cpu.run(4);                   // the block's four instructions: it runs in host code
    EXPECT_EQ(m.cpu.xreg(0), 1u);
    EXPECT_EQ(m.cpu.xreg(2), 0x55u);
    EXPECT_EQ(m.cpu.instructions_executed(), 1u);
    EXPECT_EQ(m.cpu.pc, kVbar + 0x200);
    EXPECT_EQ(m.esr(), (0x25u << 26) | (1u << 25) | 0x10u);
    EXPECT_EQ(m.cpu.read_sysreg(SysReg::FAR_EL1), 0x40000000u);
    EXPECT_EQ(m.elr(), kText + 4);
    EXPECT_EQ(m.cpu.stats().host_runs, 1u);
    EXPECT_EQ(m.cpu.stats().host_side_exits, 0u);
}

// BR and RET find their successor's host code without the run loop: a call/return loop of 1000
// iterations passes the run loop only when the budget or the first compilation of a block asks.
TEST(IssJit, IndirectBranchesContinueInHostCodeThroughTheJumpCache) {
    VP_NEED_AS();
    Machine m({}, jit_config(), true);
    ASSERT_TRUE(
        m.load("movz x3, #1000\n adr x9, f\n"
               "loop: blr x9\n subs x3, x3, #1\n b.ne loop\n wfi\n"
               "f: add x0, x0, #1\n ret\n"));
    m.cpu.set_xreg(0, 0);
    EXPECT_EQ(m.cpu.run(100'000), StopReason::wfi);
    EXPECT_EQ(m.cpu.xreg(0), 1000u);
    const Cpu::Stats& st = m.cpu.stats();
    EXPECT_EQ(st.host_runs, st.blocks);
    EXPECT_GT(st.blocks, 2000u);
    // Blocks entered from another block's host code (a link or the jump cache) are counted as
    // chained; all but a handful of the 3000 are.
    EXPECT_GT(st.chained, st.blocks - 10);
    // After the first pass every BLR and RET finds its target in the inline indirect-branch cache:
    // the out-of-line lookup (Cpu::host_indirect_successor) runs a few times in 2000 exits.
    EXPECT_LT(st.indirect_misses, 10u);
}

// The SP alignment check (SCTLR_EL1.SA, ARM ARM D1.8.2) inside a host block: the aligned SP-based
// load runs, the one after SP moved by 8 takes the SP alignment fault (EC 0x26) with ELR at it, and
// nothing after it retires.
TEST(IssJit, AnSpAlignmentFaultInsideAHostBlock) {
    VP_NEED_AS();
    Machine m({}, jit_config(), true);
    ASSERT_TRUE(m.load("ldr x0, [sp]\n add sp, sp, #8\n ldr x1, [sp]\n add x5, x5, #1\n b .\n"));
    m.cpu.write_sysreg(SysReg::SCTLR_EL1, m.cpu.read_sysreg(SysReg::SCTLR_EL1) | (1u << 3));
    m.cpu.set_xreg(1, 0x55);
    m.cpu.set_xreg(5, 0);
    m.cpu.run(100);
    EXPECT_EQ(m.esr() >> 26, 0x26u);
    EXPECT_EQ(m.elr(), kText + 8);
    EXPECT_EQ(m.cpu.xreg(1), 0x55u);
    EXPECT_EQ(m.cpu.xreg(5), 0u);
    EXPECT_EQ(m.cpu.stats().host_side_exits, 0u);
    EXPECT_EQ(m.cpu.stats().host_runs, m.cpu.stats().blocks);
}

// A register Cpu::sysreg_read_is_stored calls stored reads back what was stored, in any PSTATE:
// the premise of the x86-64 tier's inline MRS (a plain load of CpuState::sr).
TEST(IssJit, StoredSystemRegistersReadBackTheirStoredValue) {
    Machine m({}, jit_config(), true);
    unsigned stored = 0;
    for (size_t i = 0; i < size_t(SysReg::count_); ++i) {
        const SysReg r = SysReg(i);
        if (!Cpu::sysreg_read_is_stored(r)) continue;
        ++stored;
        const uint64_t pattern = 0x9E3779B97F4A7C15ull * (i + 1);
        m.cpu.sr[i] = pattern;
        for (unsigned el : {0u, 1u})
            for (unsigned spsel : {0u, 1u}) {
                m.cpu.el = el;
                m.cpu.spsel = spsel;
                m.cpu.nzcv = 0x60000000u * el;
                m.cpu.daif = 0x3C0u * spsel;
                m.cpu.int_lines = 0x80u * spsel;
                EXPECT_EQ(m.cpu.read_sysreg(r), pattern)
                    << "sysreg " << i << " el " << el << " spsel " << spsel;
            }
    }
    EXPECT_GT(stored, 40u);
    EXPECT_FALSE(Cpu::sysreg_read_is_stored(SysReg::MIDR_EL1));
    EXPECT_FALSE(Cpu::sysreg_read_is_stored(SysReg::CNTVCT_EL0));
}

// MRS in host code: SP_EL0 at EL1 with SPSel = 1 is the banked stack pointer (ARM ARM D17.2.129),
// TPIDR_EL1 what an MSR stored before the block; both blocks run as host code.
TEST(IssJit, MrsOfSpEl0AndTpidrRunInHostCode) {
    VP_NEED_AS();
    Machine m({}, jit_config(), true);
    ASSERT_TRUE(m.load("msr tpidr_el1, x5\n mrs x0, sp_el0\n mrs x1, tpidr_el1\n add x2, x0, x1\n wfi\n"));
    m.cpu.set_xreg(5, 0x1000);
    m.cpu.sp_el[0] = 0x234;
    EXPECT_EQ(m.cpu.run(100), StopReason::wfi);
    EXPECT_EQ(m.cpu.xreg(0), 0x234u);
    EXPECT_EQ(m.cpu.xreg(1), 0x1000u);
    EXPECT_EQ(m.cpu.xreg(2), 0x1234u);
    EXPECT_EQ(m.cpu.stats().host_runs, m.cpu.stats().blocks);
}
