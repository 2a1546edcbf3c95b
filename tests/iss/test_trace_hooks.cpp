// The ISS tracing hooks (CpuHooks::tb_translated, tb_exec, exception_taken, exception_return,
// no_chain): what the platform's -d flags build on.
#include <algorithm>
#include <vector>

#include "machine.h"

namespace vp::iss::test {

TEST(IssTraceHooks, NewBlocksAndExecutedBlocksWithoutChaining) {
    VP_NEED_AS();
    std::vector<uint64_t> translated, executed;
    CpuHooks hooks;
    hooks.tb_translated = [&](const Cpu&, const TB& tb) { translated.push_back(tb.pc); };
    hooks.tb_exec = [&](const Cpu& c, const TB& tb) {
        EXPECT_EQ(c.pc, tb.pc);  // called before the block runs
        executed.push_back(tb.pc);
    };
    Machine m(hooks);
    // A three-iteration loop: the loop block is translated once and executed three times, each
    // through the run loop (tb_exec turns chaining off).
    ASSERT_TRUE(m.load("mov x0, #3\n 1: subs x0, x0, #1\n b.ne 1b\n b ."));
    m.cpu.run(8);
    ASSERT_GE(translated.size(), 3u);
    EXPECT_EQ(translated[0], kText);
    EXPECT_EQ(translated[1], kText + 4);
    EXPECT_EQ(std::count(executed.begin(), executed.end(), kText + 4), 2);
    EXPECT_EQ(m.cpu.stats().chained, 0u);
    EXPECT_EQ(m.cpu.stats().blocks, executed.size());
}

TEST(IssTraceHooks, NoChainKeepsEveryBlockInTheRunLoop) {
    VP_NEED_AS();
    CpuHooks hooks;
    hooks.no_chain = true;
    Machine m(hooks);
    ASSERT_TRUE(m.load("mov x0, #100\n 1: subs x0, x0, #1\n b.ne 1b\n b ."));
    m.cpu.run(300);
    EXPECT_EQ(m.cpu.xreg(0), 0u);
    EXPECT_EQ(m.cpu.stats().chained, 0u);
    Machine chained;
    ASSERT_TRUE(chained.load("mov x0, #100\n 1: subs x0, x0, #1\n b.ne 1b\n b ."));
    chained.cpu.run(300);
    EXPECT_GT(chained.cpu.stats().chained, 90u);
}

TEST(IssTraceHooks, ExceptionEntryAndReturn) {
    VP_NEED_AS();
    struct Taken {
        ExceptionKind kind;
        uint32_t esr;
        unsigned from_el, to_el;
        uint64_t elr, vector;
    };
    std::vector<Taken> taken;
    std::vector<uint64_t> returns;
    CpuHooks hooks;
    hooks.exception_taken = [&](const Cpu& c, ExceptionKind k, uint32_t esr, uint64_t, unsigned from_el) {
        taken.push_back({k, esr, from_el, c.el, c.read_sysreg(SysReg::ELR_EL1), c.pc});
    };
    hooks.exception_return = [&](const Cpu& c, unsigned from_el) {
        EXPECT_EQ(from_el, 1u);
        returns.push_back(c.pc);
    };
    Machine m(hooks);
    ASSERT_TRUE(m.load("eret", kVbar + 0x200));  // current EL with SP_ELx, synchronous: return
    ASSERT_TRUE(m.load("svc #0x42\n b ."));
    m.cpu.run(40);  // cycles: entry and ERET cost 15 each
    ASSERT_GE(taken.size(), 1u);
    EXPECT_EQ(taken[0].kind, ExceptionKind::sync);
    EXPECT_EQ(taken[0].esr, 0x56000042u);  // EC 0x15, IL, imm16
    EXPECT_EQ(taken[0].from_el, 1u);
    EXPECT_EQ(taken[0].to_el, 1u);
    EXPECT_EQ(taken[0].elr, kText + 4);
    EXPECT_EQ(taken[0].vector, kVbar + 0x200);
    ASSERT_GE(returns.size(), 1u);
    EXPECT_EQ(returns[0], kText + 4);
    EXPECT_EQ(m.cpu.stats().sync_by_ec[0x15], 1u);
}

}  // namespace vp::iss::test
