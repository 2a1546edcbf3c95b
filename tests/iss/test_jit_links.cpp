// The x86-64 tier's direct exits: a linked exit jumps straight into its successor's host code
// through a patched jump, and a branch to the block's own start loops inside its host code. Each
// test holds them to what the architecture says a program sees: a store into the successor's code
// (B2.2.5), a remap of its page under TLBI (D8.13), and run budgets that end at the exact
// instruction.
#include "callee_programs.h"

using namespace vp::iss;
using namespace vp::iss::test;

// The successor of a direct branch is rewritten after 500 calls: the other 500 run the new
// instruction, not the block the exit was linked to.
TEST(IssJitLinks, AStoreIntoALinkedSuccessorRunsTheNewCode) {
    VP_NEED_AS();
    EXPECT_EQ(run_rewritten_callee("b f", "b back"), 500u * 1 + 500u * 100);
}

// A direct branch to the next page (VA 0x41000), whose page is remapped after 500 calls (the
// descriptor rewritten, then TLBI VMALLE1): the other 500 calls run the new physical page's code.
TEST(IssJitLinks, ALinkToAnotherPageFollowsARemap) {
    VP_NEED_AS();
    Machine m({}, jit_config(), true);
    ASSERT_TRUE(
        m.load("movz x3, #1000\n"
               "loop: b f\n"
               "back: subs x3, x3, #1\n b.eq done\n cmp x3, #500\n b.ne loop\n"
               "str x12, [x11]\n dsb ishst\n tlbi vmalle1\n dsb ish\n isb\n b loop\n"
               "done: wfi\n"
               ".org 0x1000\n"
               "f: add x0, x0, #1\n b back\n",
               0x40000));
    // The page the remap brings in: the same code with ADD #100 (its B back is PC-relative).
    const auto f100 = assemble("add x0, x0, #100\n");
    ASSERT_EQ(f100.size(), 1u);
    m.mem.put32(0x42000, f100[0]);
    std::memcpy(m.mem.ptr(0x42004), m.mem.ptr(0x41004), 4);
    map_pages(m, {});
    m.cpu.pc = 0x40000;
    m.cpu.set_xreg(0, 0);
    m.cpu.set_xreg(11, kL3 + 8 * 0x41);
    m.cpu.set_xreg(12, page_desc(0x42000));
    EXPECT_EQ(m.cpu.run(100'000), StopReason::wfi);
    EXPECT_EQ(m.cpu.xreg(0), 500u * 1 + 500u * 100);
}

// A loop that is one block branching to its own start: run(n) still stops after exactly n
// instructions, and the state there is the interpreter's.
TEST(IssJitLinks, ASelfLoopStopsAtTheExactInstruction) {
    VP_NEED_AS();
    const std::string loop = "loop: add x0, x0, #3\n eor x2, x2, x0\n subs x1, x1, #1\n b.ne loop\n wfi\n";
    Machine jit({}, jit_config(), true), interp({}, CpuConfig{}, true);
    for (Machine* m : {&jit, &interp}) {
        ASSERT_TRUE(m->load(loop));
        m->cpu.set_xreg(1, 100'000);
    }
    for (uint64_t n : {4001u, 2u, 17u, 398u}) {
        jit.cpu.run(n);
        interp.cpu.run(n);
        ASSERT_EQ(jit.cpu.instructions_executed(), interp.cpu.instructions_executed());
        EXPECT_EQ(jit.cpu.pc, interp.cpu.pc);
        for (unsigned r = 0; r < 3; ++r) EXPECT_EQ(jit.cpu.xreg(r), interp.cpu.xreg(r)) << "x" << r;
    }
    // 4418 instructions: 1104 iterations and the ADD and EOR of the next.
    EXPECT_EQ(jit.cpu.instructions_executed(), 4418u);
    EXPECT_EQ(jit.cpu.xreg(0), 3u * 1105);
    EXPECT_GT(jit.cpu.stats().chained, 900u);  // the block looped in its host code
}

// A self loop whose first store overwrites its own next instruction: every iteration runs the new
// one, the first included (the store ends the block; the loop edge never reenters the old code).
TEST(IssJitLinks, ASelfLoopThatRewritesItselfRunsTheNewCode) {
    VP_NEED_AS();
    Machine m({}, jit_config(), true);
    const auto add100 = assemble("add x0, x0, #100\n");
    ASSERT_EQ(add100.size(), 1u);
    ASSERT_TRUE(m.load("loop: str w5, [x9]\n add x0, x0, #1\n subs x1, x1, #1\n b.ne loop\n wfi\n"));
    m.cpu.set_xreg(0, 0);
    m.cpu.set_xreg(1, 50);
    m.cpu.set_xreg(5, add100[0]);
    m.cpu.set_xreg(9, kText + 4);
    EXPECT_EQ(m.cpu.run(100'000), StopReason::wfi);
    EXPECT_EQ(m.cpu.xreg(0), 50u * 100);
}

// A self loop whose first op is called (FMOV from a general register has no inline form) reads,
// from the guest state, the register the previous iteration wrote: a loop that keeps its registers
// in host registers must store them before each call, and reload nothing stale after it.
TEST(IssJitLinks, ASelfLoopCallSeesTheRegistersOfThePreviousIteration) {
    VP_NEED_AS();
    const std::string loop =
        "loop: fmov d0, x0\n add x0, x0, #3\n add x4, x0, x0\n subs x1, x1, #1\n b.ne loop\n"
        "fmov x5, d0\n wfi\n";
    Machine jit({}, jit_config(), true), interp({}, CpuConfig{}, true);
    for (Machine* m : {&jit, &interp}) {
        ASSERT_TRUE(m->load(loop));
        m->cpu.set_xreg(1, 100);
        m->cpu.write_sysreg(SysReg::CPACR_EL1, 3u << 20);  // FPEN 0b11: FP not trapped (D17.2.30)
        EXPECT_EQ(m->cpu.run(100'000), StopReason::wfi);
    }
    EXPECT_EQ(jit.cpu.xreg(5), 3u * 99);  // x0 as the 100th iteration began
    EXPECT_EQ(jit.cpu.xreg(5), interp.cpu.xreg(5));
    EXPECT_GT(jit.cpu.stats().chained, 90u);  // the block looped in its host code
}

// A self loop whose load misses the host-pointer cache on every iteration (a new page each time:
// the called slow path) and faults when it walks off the RAM: at every budget on the way the core
// is where the interpreter is (pc, registers, retired count), and the abort's ESR, FAR and ELR
// are the interpreter's.
TEST(IssJitLinks, ASelfLoopWithSlowPathsAndAFaultMatchesTheInterpreter) {
    VP_NEED_AS();
    const std::string loop =
        "loop: ldr x2, [x0]\n add x0, x0, x3\n add x5, x5, x2\n subs x1, x1, #1\n b.ne loop\n wfi\n";
    Machine jit({}, jit_config(), true), interp({}, CpuConfig{}, true);
    for (Machine* m : {&jit, &interp}) {
        ASSERT_TRUE(m->load(loop));
        for (uint64_t a = 0xF0000; a < 0x100000; a += 0x1000) m->mem.put32(a, uint32_t(a >> 12));
        m->cpu.set_xreg(0, 0xF0000);  // 16 pages of RAM (1 MiB) left, then none
        m->cpu.set_xreg(1, 1000);
        m->cpu.set_xreg(3, 0x1000);
    }
    for (uint64_t n : {7u, 13u, 2u, 31u, 5u, 1000u}) {
        jit.cpu.run(n);
        interp.cpu.run(n);
        ASSERT_EQ(jit.cpu.instructions_executed(), interp.cpu.instructions_executed()) << n;
        EXPECT_EQ(jit.cpu.pc, interp.cpu.pc) << n;
        for (unsigned r : {0u, 1u, 2u, 5u}) EXPECT_EQ(jit.cpu.xreg(r), interp.cpu.xreg(r)) << "x" << r;
    }
    EXPECT_EQ(jit.cpu.xreg(1), 1000u - 16);  // 16 loads, then the abort on the 17th
    for (SysReg r : {SysReg::ESR_EL1, SysReg::FAR_EL1, SysReg::ELR_EL1})
        EXPECT_EQ(jit.cpu.read_sysreg(r), interp.cpu.read_sysreg(r));
    EXPECT_EQ(jit.cpu.read_sysreg(SysReg::FAR_EL1), 0x100000u);
    EXPECT_EQ(jit.cpu.stats().blocks, interp.cpu.stats().blocks);
}
