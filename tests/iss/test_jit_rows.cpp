// The x86-64 tier against the interpreter (the reference tier), row by row: every decode-table row
// is tried with random encodings on random registers and flags, in a one-instruction block (plus
// a B to the next word when the instruction does not end the block), run twice from the same
// state: the first run finds the host-pointer caches empty (a load/store's inline form side-exits
// to the interpreter), the second finds them filled. Wherever the JIT compiled the block, both
// tiers must leave the same registers, flags, pc, retired count and memory.
#include <random>
#include <set>
#include <string>

#include "iss/frontend/decoder.h"
#include "machine.h"

using namespace vp::iss;
using namespace vp::iss::test;

namespace {

CpuConfig jit_config() {
    CpuConfig c;
    c.engine = CpuConfig::Engine::jit;
    return c;
}

uint64_t interesting(std::mt19937_64& rng) {
    static constexpr uint64_t kEdges[] = {0,           1,          ~0ull,      0x7fffffffffffffffull,
                                          1ull << 63,  0xffffffff, 0x80000000, 0x7fffffff,
                                          0x100000000, 0xfff,      0x1000};
    unsigned pick = rng() % 4;
    if (pick == 0) return kEdges[rng() % std::size(kEdges)];
    if (pick == 1) return rng() & 0xffffffff;
    return rng();
}

// Addresses in this window of the test machine's RAM are what the loads and stores touch.
constexpr uint64_t kData = 0x20000, kDataSize = 0x10000;

void set_state(Machine& m, const std::array<uint64_t, 31>& regs, uint64_t sp, uint32_t nzcv) {
    m.cpu.pc = kText;
    for (unsigned r = 0; r < 31; ++r) m.cpu.set_xreg(r, regs[r]);
    m.cpu.set_sp(sp);
    m.cpu.nzcv = nzcv;
}

void start(Machine& m, const std::array<uint64_t, 31>& regs, uint64_t sp, uint32_t nzcv) {
    m.cpu.reset(kText);
    m.cpu.write_sysreg(SysReg::VBAR_EL1, kVbar);
    set_state(m, regs, sp, nzcv);
}

}  // namespace

TEST(IssJit, EveryInlinedRowLeavesTheInterpretersState) {
    Machine interp({}, {}, true), jit({}, jit_config(), true);
    const Decoder& dec = Decoder::instance();
    std::mt19937_64 rng(20261202);
    std::set<std::string> compiled;
    unsigned compared = 0;
    for (const DecodeRow& row : dec.rows()) {
        unsigned samples = 8;
        for (unsigned s = 0; s < samples; ++s) {
            uint32_t insn = (uint32_t(rng()) & ~row.mask) | row.value;
            if (dec.decode(insn) != &row) continue;
            std::array<uint64_t, 31> regs;
            for (auto& r : regs) r = rng() % 2 ? kData + rng() % kDataSize : interesting(rng);
            const uint64_t sp = (rng() % 2 ? kData + rng() % kDataSize : interesting(rng)) & ~15ull;
            const uint32_t nzcv = uint32_t(rng() & 0xf) << 28;
            for (Machine* m : {&interp, &jit}) {
                m->mem.put32(kText, insn);
                m->mem.put32(kText + 4, 0x14000001);  // b kText + 8
                m->cpu.invalidate_code(kText, kText + 8);
                start(*m, regs, sp, nzcv);
            }
            for (uint64_t a = kData; a < kData + kDataSize; a += 8) {
                const uint64_t v = rng();
                std::memcpy(interp.mem.ptr(a), &v, 8);
                std::memcpy(jit.mem.ptr(a), &v, 8);
            }
            const uint64_t host_before = jit.cpu.stats().host_blocks;
            interp.cpu.run(1);
            jit.cpu.run(1);
            for (Machine* m : {&interp, &jit}) {
                set_state(*m, regs, sp, nzcv);
                m->cpu.run(1);
            }
            if (jit.cpu.stats().host_blocks == host_before) continue;  // interpreted: nothing to compare
            if (compiled.insert(row.name).second) samples = 400;
            ++compared;
            const std::string what = std::string(row.name) + " insn " + std::to_string(insn);
            for (unsigned r = 0; r < 31; ++r)
                ASSERT_EQ(jit.cpu.xreg(r), interp.cpu.xreg(r)) << what << " x" << r;
            ASSERT_EQ(jit.cpu.sp(), interp.cpu.sp()) << what;
            ASSERT_EQ(jit.cpu.nzcv, interp.cpu.nzcv) << what;
            ASSERT_EQ(jit.cpu.pc, interp.cpu.pc) << what;
            ASSERT_EQ(jit.cpu.instructions_executed(), interp.cpu.instructions_executed()) << what;
            ASSERT_EQ(std::memcmp(jit.mem.ptr(kData), interp.mem.ptr(kData), kDataSize), 0) << what;
        }
    }
    // The integer rows issue 15 names first: add/sub/logic/move immediate and shifted register,
    // and the branches.
    for (const char* name :
         {"ADD_imm",    "ADDS_imm",    "SUB_imm",    "SUBS_imm",  "AND_imm",   "ORR_imm",  "EOR_imm",
          "ANDS_imm",   "MOVN",        "MOVZ",       "MOVK",      "ADR",       "ADRP",     "ADD_shift",
          "SUBS_shift", "AND_shift",   "BICS_shift", "ORN_shift", "EON_shift", "B",        "BL",
          "B_cond",     "CBZ",         "CBNZ",       "TBZ",       "TBNZ",      "STR_uimm", "LDR_uimm",
          "LDRSW_uimm", "LDRS_w_uimm", "STUR",       "LDURS_x",   "STR_pre",   "LDR_post", "STR_reg",
          "LDRS_x_reg", "SBFM",        "BFM",        "UBFM",      "MADD",      "MSUB",     "CSEL",
          "CSINC",      "CSINV",       "CSNEG",      "BR",        "BLR",       "RET"})
        EXPECT_TRUE(compiled.count(name)) << name << " was never compiled";
    EXPECT_GT(compared, 10000u);
    EXPECT_GT(jit.cpu.stats().host_side_exits, 1000u);  // the loads/stores' cold first runs
}

// A code buffer smaller than a program's host code (64 KiB, the smallest, against 4000 blocks of
// an ADD and a B): when it is full the run loop drops every block and the JIT compiles again; the
// program still retires every instruction and counts to 4000.
TEST(IssJit, FullCodeBufferDropsEveryBlockAndCompilesAgain) {
    CpuConfig cfg = jit_config();
    cfg.code_buffer = 64 << 10;
    Machine m({}, cfg, true);
    constexpr unsigned kBlocks = 4000;
    for (unsigned i = 0; i < kBlocks; ++i) {
        m.mem.put32(kText + 8 * i, 0x91000400);      // add x0, x0, #1
        m.mem.put32(kText + 8 * i + 4, 0x14000001);  // b .+4
    }
    m.mem.put32(kText + 8 * kBlocks, 0x14000000);  // b .
    m.cpu.invalidate_code(kText, kText + 8 * kBlocks + 4);
    m.cpu.set_xreg(0, 0);
    m.cpu.run(3 * kBlocks);
    EXPECT_EQ(m.cpu.xreg(0), kBlocks);
    EXPECT_EQ(m.cpu.pc, kText + 8 * kBlocks);
    EXPECT_GT(m.cpu.stats().host_flushes, 2u);
    // Every block compiled, but the one per flush that found the buffer full (the interpreter ran it).
    EXPECT_GE(m.cpu.stats().host_blocks + m.cpu.stats().host_flushes, kBlocks);
    EXPECT_LE(m.cpu.host_code_bytes(), 64u << 10);
}
