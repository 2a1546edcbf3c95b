// The x86-64 tier's inline indirect-branch cache (CpuState::indirect): BR/BLR/RET find their
// successor without a call out of the host code, and an entry never outlives what it was found
// under: the code at the target (a store into it), the mapping of the target (TLBI) and the
// translation state (the exception level).
#include "callee_programs.h"

using namespace vp::iss;
using namespace vp::iss::test;

// The guest rewrites the instruction at its BLR target after 500 calls: the other 500 calls run
// the new instruction, not the cached block.
TEST(IssJitIndirect, AStoreIntoACachedTargetRunsTheNewCode) {
    VP_NEED_AS();
    EXPECT_EQ(run_rewritten_callee("blr x9", "ret"), 500u * 1 + 500u * 100);
}

// The BLR target's page is remapped after 500 calls (the descriptor rewritten, then TLBI VMALLE1,
// D8.13): the other 500 calls run the code of the new physical page.
TEST(IssJitIndirect, ARemappedTargetRunsTheCodeOfTheNewMapping) {
    VP_NEED_AS();
    Machine m({}, jit_config(), true);
    ASSERT_TRUE(m.load("add x0, x0, #1\n ret\n", 0x41000));
    ASSERT_TRUE(m.load("add x0, x0, #100\n ret\n", 0x42000));
    ASSERT_TRUE(
        m.load("movz x3, #1000\n movz x9, #0x4, lsl #16\n"
               "loop: blr x9\n subs x3, x3, #1\n b.eq done\n cmp x3, #500\n b.ne loop\n"
               "str x12, [x11]\n dsb ishst\n tlbi vmalle1\n dsb ish\n isb\n b loop\n"
               "done: wfi\n"));
    map_pages(m, {{0x40, page_desc(0x41000)}});
    m.cpu.set_xreg(0, 0);
    m.cpu.set_xreg(11, kL3 + 8 * 0x40);
    m.cpu.set_xreg(12, page_desc(0x42000));
    EXPECT_EQ(m.cpu.run(100'000), StopReason::wfi);
    EXPECT_EQ(m.cpu.xreg(0), 500u * 1 + 500u * 100);
}

// f is called at EL1 (its EL1 block enters the cache), then from EL0 after an ERET: at EL0 its
// MRS of SCTLR_EL1 is UNDEFINED (D17.2.118: EL1 access only), so the BLR must not reuse the EL1
// block. The exception is taken to EL1 from the lower EL (vector VBAR_EL1 + 0x400) with EC 0.
TEST(IssJitIndirect, ATargetCachedAtEl1IsNotReusedAtEl0) {
    VP_NEED_AS();
    Machine m({}, jit_config(), true);
    ASSERT_TRUE(
        m.load("movz x3, #3\n adr x9, f\n"
               "l1: blr x9\n subs x3, x3, #1\n b.ne l1\n"
               "adr x10, el0\n msr elr_el1, x10\n msr spsr_el1, xzr\n eret\n"
               "el0: blr x9\n movz x2, #7\n b .\n"
               "f: mrs x1, sctlr_el1\n ret\n"));
    m.cpu.set_xreg(2, 0);
    m.cpu.run(1000);
    EXPECT_EQ(m.cpu.el, 1u);
    EXPECT_EQ(m.cpu.pc, kVbar + 0x400);
    EXPECT_EQ(m.esr() >> 26, 0u);  // EC 0b000000: unknown reason
    EXPECT_EQ(m.cpu.xreg(2), 0u);
}
