// Execution engine: run budget and counting, chaining, self-modifying code, stop requests.

#include <map>
#include <string>

#include "machine.h"

using namespace vp::iss;
using namespace vp::iss::test;

TEST(IssExec, LoopResultAndExactInstructionCount) {
    VP_NEED_AS();
    Machine m;
    // 3 setup + 100 * 3 loop + 1 wfi
    ASSERT_TRUE(
        m.load("movz x0, #0\n movz x1, #100\n movz x2, #0\n"
               "loop: add x0, x0, x1\n subs x1, x1, #1\n b.ne loop\n wfi\n"));
    EXPECT_EQ(m.cpu.run(1'000'000), StopReason::wfi);
    EXPECT_EQ(m.cpu.xreg(0), 5050u);
    EXPECT_EQ(m.cpu.instructions_executed(), 3u + 300u + 1u);
    EXPECT_LE(m.cpu.tb_count(), 4u);
}

// run(n) retires exactly n instructions (n cycles, nothing but plain instructions here) even when
// the budget ends inside a block, whether the blocks are new or translated and chained before, so
// that where a run ends does not depend on the history of translations (checkpoints).
TEST(IssExec, BudgetStopsAtTheExactInstruction) {
    VP_NEED_AS();
    Machine m;
    ASSERT_TRUE(m.load("loop: add x0, x0, #1\n add x1, x1, #2\n b loop\n"));
    EXPECT_EQ(m.cpu.run(10), StopReason::budget);
    EXPECT_EQ(m.cpu.instructions_executed(), 10u);
    EXPECT_EQ(m.cpu.xreg(0), 4u);  // instructions 0, 3, 6, 9
    EXPECT_EQ(m.cpu.xreg(1), 6u);  // 1, 4, 7
    EXPECT_EQ(m.cpu.pc, kText + 4);
    EXPECT_EQ(m.cpu.run(1000), StopReason::budget);  // the block is translated (and chained) now
    EXPECT_EQ(m.cpu.instructions_executed(), 1010u);
    EXPECT_EQ(m.cpu.xreg(0), 337u);  // 1010 = 3 * 336 + 2: 337 ADDs of x0, 337 of x1
    EXPECT_EQ(m.cpu.xreg(1), 674u);
    EXPECT_EQ(m.cpu.pc, kText + 8);
}

TEST(IssExec, ChainedCallsAndReturns) {
    VP_NEED_AS();
    Machine m;
    ASSERT_TRUE(
        m.load("movz x19, #1000\n movz x0, #0\n"
               "loop: bl f\n bl g\n subs x19, x19, #1\n cbnz x19, loop\n wfi\n"
               "f: add x0, x0, #3\n ret\n"
               "g: tbz x0, #0, 1f\n sub x0, x0, #1\n 1: ret\n"));
    EXPECT_EQ(m.cpu.run(1'000'000), StopReason::wfi);
    // f adds 3, g subtracts 1 when odd.
    uint64_t x = 0;
    for (int i = 0; i < 1000; ++i) {
        x += 3;
        if (x & 1) x -= 1;
    }
    EXPECT_EQ(m.cpu.xreg(0), x);
    // Direct exits (bl, b.ne/cbnz fall-through and taken) follow chain links; only `ret` and the
    // first visits need a lookup.
    const auto& st = m.cpu.stats();
    EXPECT_GT(st.chained, st.blocks / 2);
    EXPECT_LE(st.translations, 8u);
}

namespace {
// Guest code that stores the instruction word `insn` at [x1 + offset] (through w2).
std::string store_insn(uint32_t insn, unsigned offset = 0) {
    char s[128];
    std::snprintf(s, sizeof s, "movz w2, #0x%x\n movk w2, #0x%x, lsl #16\n str w2, [x1, #%u]\n",
                  insn & 0xffff, insn >> 16, offset);
    return s;
}
}  // namespace

TEST(IssExec, SelfModifyingCodeInvalidatesTranslation) {
    VP_NEED_AS();
    Machine m;
    // patch: overwrite `movz x0, #1` at target with `movz x0, #2` after the first call.
    auto repl = assemble("movz x0, #2");
    ASSERT_EQ(repl.size(), 1u);
    ASSERT_TRUE(
        m.load("movz x20, #0\n"
               "again: bl target\n add x20, x20, x0\n"
               "adr x1, target\n" +
               store_insn(repl[0]) +
               "cmp x20, #3\n b.lt again\n wfi\n"
               "target: movz x0, #1\n ret\n"));
    EXPECT_EQ(m.cpu.run(1000), StopReason::wfi);
    EXPECT_EQ(m.cpu.xreg(20), 3u);  // 1 (original) + 2 (patched)
}

TEST(IssExec, StoreIntoRunningBlockTakesEffectImmediately) {
    VP_NEED_AS();
    Machine m;
    auto repl = assemble("movz x0, #7");
    ASSERT_EQ(repl.size(), 1u);
    ASSERT_TRUE(m.load("adr x1, next\n" + store_insn(repl[0]) + "next: movz x0, #1\n wfi\n"));
    EXPECT_EQ(m.cpu.run(100), StopReason::wfi);
    EXPECT_EQ(m.cpu.xreg(0), 7u);
}

// Data beside code in one 4 KiB page (bare-metal firmware, early boot code): stores into the data
// words retranslate nothing.
TEST(IssExec, StoresBesideCodeInItsPageKeepTheTranslations) {
    VP_NEED_AS();
    Machine m;
    ASSERT_TRUE(
        m.load("adr x1, data\n movz x3, #1000\n"
               "loop: ldr x2, [x1]\n add x2, x2, #3\n str x2, [x1]\n strb w2, [x1, #9]\n"
               "subs x3, x3, #1\n b.ne loop\n wfi\n"
               ".balign 16\n data: .quad 0, 0\n"));
    EXPECT_EQ(m.cpu.run(100'000), StopReason::wfi);
    uint64_t data = 0;
    ASSERT_EQ(m.cpu.xreg(1) >> 12, kText >> 12);  // the data shares the code's page
    std::memcpy(&data, m.mem.ptr(m.cpu.xreg(1)), 8);
    EXPECT_EQ(data, 3000u);
    EXPECT_LE(m.cpu.stats().translations, 4u);  // one per block, not one per store
}

// A store into code drops only the blocks translated from the bytes it overwrites: here the one
// byte that turns `movz x0, #1` into `movz x0, #3` (imm16 starts at bit 5, so byte 0 holds its low
// three bits). f (patched on every pass) is retranslated on every pass; g, on the same page, once.
TEST(IssExec, StoreIntoCodeRetranslatesOnlyTheBlocksItOverwrites) {
    VP_NEED_AS();
    constexpr uint64_t kF = kText + 0x800, kG = kText + 0x900;  // one page with the caller
    std::map<uint64_t, int> translated;
    CpuHooks hooks;
    hooks.tb_translated = [&](const Cpu&, const TB& tb) { ++translated[tb.pc]; };
    Machine m(hooks);
    auto patched = assemble("movz x0, #3");
    ASSERT_EQ(patched.size(), 1u);
    char src[512];
    std::snprintf(src, sizeof src,
                  "movz x20, #0\n movz x19, #0\n movz x3, #50\n movz x1, #0x%x\n movz x9, #0x%x\n"
                  "again: blr x1\n add x20, x20, x0\n blr x9\n add x19, x19, x0\n"
                  "movz w2, #0x%x\n strb w2, [x1]\n"
                  "subs x3, x3, #1\n b.ne again\n wfi\n",
                  unsigned(kF), unsigned(kG), patched[0] & 0xff);
    ASSERT_TRUE(m.load(src));
    ASSERT_TRUE(m.load("movz x0, #1\n ret\n", kF));
    ASSERT_TRUE(m.load("movz x0, #10\n ret\n", kG));
    EXPECT_EQ(m.cpu.run(100'000), StopReason::wfi);
    EXPECT_EQ(m.cpu.xreg(20), 1u + 49u * 3u);  // f before the first patch, then patched
    EXPECT_EQ(m.cpu.xreg(19), 500u);
    EXPECT_EQ(translated[kF], 50);
    EXPECT_EQ(translated[kG], 1);
}

// A loader copies code into a page beside the code that copies it, runs it, then copies other code
// over it and runs that: each time the new bytes execute.
TEST(IssExec, CodeCopiedBesideTheLoaderRunsTheNewBytes) {
    VP_NEED_AS();
    Machine m;
    auto a = assemble("movz x0, #5\n ret");
    auto b = assemble("movz x0, #9\n ret");
    ASSERT_EQ(a.size(), 2u);
    ASSERT_EQ(b.size(), 2u);
    ASSERT_TRUE(m.load("adr x1, slot\n" + store_insn(a[0]) + store_insn(a[1], 4) + "blr x1\n mov x20, x0\n" +
                       store_insn(b[0]) +
                       "blr x1\n mov x21, x0\n wfi\n"
                       "slot: .word 0, 0\n"));
    EXPECT_EQ(m.cpu.run(1000), StopReason::wfi);
    EXPECT_EQ(m.cpu.xreg(20), 5u);
    EXPECT_EQ(m.cpu.xreg(21), 9u);
}

namespace {
// RAM plus one device page at 0x100000 whose reads ask the CPU to stop.
struct DevMemory : FlatMemory {
    Cpu* cpu = nullptr;
    unsigned reads = 0;
    DevMemory() : FlatMemory(0, 1 << 20) {}
    bool read(uint64_t pa, void* data, unsigned size) override {
        if (pa >= 0x100000 && pa < 0x101000) {
            ++reads;
            std::memset(data, 0, size);
            static_cast<uint8_t*>(data)[0] = 0x5a;
            cpu->request_stop();
            return true;
        }
        return FlatMemory::read(pa, data, size);
    }
};
}  // namespace

TEST(IssExec, RequestStopFromDeviceAccessEndsAfterTheInstruction) {
    VP_NEED_AS();
    DevMemory mem;
    Cpu cpu(mem);
    mem.cpu = &cpu;
    auto w = assemble("movz x1, #0x10, lsl #16\n ldr w0, [x1]\n add x0, x0, #1\n add x0, x0, #1\n wfi\n");
    ASSERT_FALSE(w.empty());
    for (size_t i = 0; i < w.size(); ++i) mem.put32(0x1000 + 4 * i, w[i]);
    cpu.pc = 0x1000;
    EXPECT_EQ(cpu.run(1000), StopReason::stop_request);
    EXPECT_EQ(cpu.instructions_executed(), 2u);
    EXPECT_EQ(cpu.pc, 0x1008u);
    EXPECT_EQ(cpu.xreg(0), 0x5au);
    EXPECT_EQ(cpu.run(1000), StopReason::wfi);
    EXPECT_EQ(cpu.xreg(0), 0x5cu);
    EXPECT_EQ(mem.reads, 1u);
}

TEST(IssExec, StepOneExecutesExactlyOneInstruction) {
    VP_NEED_AS();
    Machine m;
    ASSERT_TRUE(m.load("movz x0, #1\n movz x1, #2\n b .\n"));
    m.cpu.step_one();
    EXPECT_EQ(m.cpu.instructions_executed(), 1u);
    EXPECT_EQ(m.cpu.pc, kText + 4);
    EXPECT_EQ(m.cpu.xreg(0), 1u);
    EXPECT_EQ(m.cpu.xreg(1), 0u);
}

TEST(IssExec, InvalidateAllKeepsRunning) {
    VP_NEED_AS();
    Machine m;
    ASSERT_TRUE(m.load("movz x1, #50\n loop: ic iallu\n subs x1, x1, #1\n b.ne loop\n wfi\n"));
    EXPECT_EQ(m.cpu.run(10000), StopReason::wfi);
    EXPECT_EQ(m.cpu.xreg(1), 0u);
}

// Code written behind the core's back (as a DMA engine would: no store of this core), then IC
// IALLU before every call (D7.5.9): the calls after the write run the new instruction. The blocks
// whose words did not change are kept across the invalidations rather than translated again.
TEST(IssExec, IcIalluRunsCodeWrittenByAnotherAgentAndKeepsTheUnchangedBlocks) {
    VP_NEED_AS();
    Machine m;
    const auto add100 = assemble("add x0, x0, #100\n");
    ASSERT_EQ(add100.size(), 1u);
    ASSERT_TRUE(
        m.load("movz x3, #10\n loop: ic iallu\n bl f\n subs x3, x3, #1\n b.ne loop\n wfi\n"
               "f: add x0, x0, #1\n ret\n"));
    m.cpu.set_xreg(0, 0);
    // movz, then 5 iterations of IC, BL, ADD, RET, SUBS, B.NE.
    m.cpu.run(1 + 5 * 6);
    ASSERT_EQ(m.cpu.xreg(3), 5u);
    m.mem.put32(kText + 6 * 4, add100[0]);  // f's ADD, written to memory directly
    EXPECT_EQ(m.cpu.run(10000), StopReason::wfi);
    EXPECT_EQ(m.cpu.xreg(0), 5u * 1 + 5u * 100);
    EXPECT_LE(m.cpu.stats().translations, 8u);  // the loop's 5 blocks, and f once more
    EXPECT_GE(m.cpu.stats().revalidated, 20u);
}

TEST(IssExec, UnalignedAndPageCrossingAccesses) {
    VP_NEED_AS();
    Machine m;
    m.normal_memory();  // unaligned accesses to Normal memory are allowed (B2.5.2)
    ASSERT_TRUE(
        m.load("movz x1, #0x2ffd\n movz x2, #0x1122, lsl #48\n movk x2, #0x3344\n str x2, [x1]\n"
               "ldr x3, [x1]\n ldur w4, [x1, #3]\n wfi\n"));
    m.cpu.run(100);
    EXPECT_EQ(m.cpu.xreg(3), m.cpu.xreg(2));
    EXPECT_EQ(m.cpu.xreg(4), uint32_t(m.cpu.xreg(2) >> 24));
}

TEST(IssExec, HostBreakpointStopsBeforeTheInstructionAndResumes) {
    VP_NEED_AS();
    Machine m;
    ASSERT_TRUE(
        m.load("movz x0, #0\n loop: add x0, x0, #1\n add x1, x1, #1\n cmp x0, #5\n b.ne loop\n wfi\n"));
    m.cpu.add_breakpoint(kText + 8);
    EXPECT_EQ(m.cpu.run(1000), StopReason::breakpoint);
    EXPECT_EQ(m.cpu.pc, kText + 8);
    EXPECT_EQ(m.cpu.xreg(0), 1u);
    EXPECT_EQ(m.cpu.xreg(1), 0u);
    EXPECT_EQ(m.cpu.instructions_executed(), 2u);
    EXPECT_EQ(m.cpu.run(1000), StopReason::breakpoint);
    EXPECT_EQ(m.cpu.xreg(0), 2u);
    EXPECT_EQ(m.cpu.xreg(1), 1u);
    m.cpu.remove_breakpoint(kText + 8);
    EXPECT_EQ(m.cpu.run(1000), StopReason::wfi);
    EXPECT_EQ(m.cpu.xreg(1), 5u);
}

namespace {
// A device page at 0x100000 whose writes raise this core's IRQ line.
struct IrqDevMemory : FlatMemory {
    Cpu* cpu = nullptr;
    IrqDevMemory() : FlatMemory(0, 1 << 20) {}
    bool write(uint64_t pa, const void* data, unsigned size) override {
        if (pa >= 0x100000 && pa < 0x101000) {
            cpu->interrupt_pending(true, false);
            return true;
        }
        return FlatMemory::write(pa, data, size);
    }
};
}  // namespace

TEST(IssExec, IrqRaisedByDeviceStoreIsTakenAtTheNextBlockBoundary) {
    VP_NEED_AS();
    IrqDevMemory mem;
    Cpu cpu(mem);
    mem.cpu = &cpu;
    for (uint64_t a = kVbar; a < kVbar + 0x800; a += 4) mem.put32(a, 0x14000000);
    cpu.write_sysreg(SysReg::VBAR_EL1, kVbar);
    auto w = assemble(
        "msr daifclr, #2\n movz x1, #0x10, lsl #16\n str w0, [x1]\n"
        "loop: add x2, x2, #1\n b loop\n");
    ASSERT_FALSE(w.empty());
    for (size_t i = 0; i < w.size(); ++i) mem.put32(kText + 4 * i, w[i]);
    cpu.pc = kText;
    cpu.run(10000);
    EXPECT_EQ(cpu.pc, kVbar + 0x280);
    EXPECT_LE(cpu.xreg(2), 1u);  // taken within one block after the store
}

namespace {

// Two cores on one RAM sharing a code tracker: `runner` runs fn (x0 = 1) at 0x4000, `writer` runs
// at 0x1000 a store of `patch` (x0 = 2) over fn's first instruction.
struct TwoCores {
    FlatMemory mem{0, 1 << 20};
    ExclusiveMonitor mon;
    CodeTracker tracker;
    Cpu writer{mem, config(0)}, runner{mem, config(1)};
    std::vector<uint32_t> fn = assemble("movz x0, #1\n wfi\n"), patch = assemble("movz x0, #2"),
                          store = assemble("str w1, [x2]\n wfi\n");
    CpuConfig config(unsigned core) {
        CpuConfig c;
        c.monitor = &mon;
        c.code_tracker = &tracker;
        c.core_id = core;
        return c;
    }
    bool load() {
        if (fn.empty() || patch.empty() || store.empty()) return false;
        put(0x4000, fn);
        put(0x1000, store);
        return true;
    }
    void put(uint64_t at, const std::vector<uint32_t>& words) {
        for (size_t i = 0; i < words.size(); ++i) mem.put32(at + 4 * i, words[i]);
    }
    // Runs `core` from `pc` to its WFI; returns its x0.
    static uint64_t run_to_wfi(Cpu& core, uint64_t pc) {
        core.halted_wfi = false;
        core.pc = pc;
        EXPECT_EQ(core.run(100), StopReason::wfi);
        return core.xreg(0);
    }
    void writer_patches() {
        writer.set_xreg(1, patch[0]);
        writer.set_xreg(2, 0x4000);
        run_to_wfi(writer, 0x1000);
    }
};

}  // namespace

TEST(IssExec, CrossCoreCodeModificationIsSeen) {
    VP_NEED_AS();
    TwoCores t;
    ASSERT_TRUE(t.load());
    EXPECT_EQ(TwoCores::run_to_wfi(t.runner, 0x4000), 1u);
    t.writer_patches();
    EXPECT_EQ(TwoCores::run_to_wfi(t.runner, 0x4000), 2u);
}

// Both cores have translated code on the patched page; the writer then drops all of its blocks
// (a translation-state change), so that only the runner still has code there. The writer's store
// into the runner's code must still reach the runner's blocks.
TEST(IssExec, CrossCoreCodeModificationIsSeenAfterTheWriterDroppedItsBlocks) {
    VP_NEED_AS();
    TwoCores t;
    ASSERT_TRUE(t.load());
    t.put(0x4800, t.fn);
    EXPECT_EQ(TwoCores::run_to_wfi(t.runner, 0x4000), 1u);
    TwoCores::run_to_wfi(t.writer, 0x4800);  // the writer's own block on the same page
    t.writer.invalidate_all();
    t.writer_patches();
    EXPECT_EQ(TwoCores::run_to_wfi(t.runner, 0x4000), 2u);
}

// ARM ARM C6.2 LDSMAX/LDUMIN...: the comparison uses the datasize-bit values (signed for S*).
TEST(IssExec, AtomicMinMaxUseTheOperandSize) {
    VP_NEED_AS();
    CpuConfig cfg;
    cfg.features.lse = true;
    Machine m({}, cfg);
    ASSERT_TRUE(
        m.load(".arch armv8.1-a\n"
               "ldsmaxb w1, w10, [x3]\n ldumaxb w2, w11, [x4]\n ldsminh w5, w12, [x6]\n"
               "casal x7, x8, [x9]\n swpb w13, w14, [x4]\n wfi\n"));
    m.mem.ptr(0x3000)[0] = 0x80;  // -128 signed, 128 unsigned
    m.mem.ptr(0x3010)[0] = 0x80;
    m.mem.ptr(0x3020)[0] = 0x00;
    m.mem.ptr(0x3020)[1] = 0x80;  // -32768
    uint64_t v = 42;
    std::memcpy(m.mem.ptr(0x3030), &v, 8);
    m.cpu.set_xreg(1, 1);
    m.cpu.set_xreg(2, 0xffffffffffffff01ull);
    m.cpu.set_xreg(3, 0x3000);
    m.cpu.set_xreg(4, 0x3010);
    m.cpu.set_xreg(5, 5);
    m.cpu.set_xreg(6, 0x3020);
    m.cpu.set_xreg(7, 42);
    m.cpu.set_xreg(8, 99);
    m.cpu.set_xreg(9, 0x3030);
    m.cpu.set_xreg(13, 0x77);
    EXPECT_EQ(m.cpu.run(100), StopReason::wfi);
    EXPECT_EQ(m.mem.ptr(0x3000)[0], 0x01);  // max(-128, 1)
    EXPECT_EQ(m.cpu.xreg(10), 0x80u);       // old value, zero-extended
    EXPECT_EQ(m.cpu.xreg(11), 0x80u);       // umax(0x80, 0x01) keeps 0x80
    EXPECT_EQ(m.cpu.xreg(12), 0x8000u);     // smin(-32768, 5) keeps memory
    EXPECT_EQ(m.mem.ptr(0x3020)[1], 0x80);
    uint64_t after;
    std::memcpy(&after, m.mem.ptr(0x3030), 8);
    EXPECT_EQ(after, 99u);  // CAS matched 42
    EXPECT_EQ(m.cpu.xreg(7), 42u);
    EXPECT_EQ(m.mem.ptr(0x3010)[0], 0x77);  // SWPB
    EXPECT_EQ(m.cpu.xreg(14), 0x80u);
}
