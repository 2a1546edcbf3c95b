// The x86-64 tier against the interpreter (the reference tier), row by row: every decode-table row
// is tried with random encodings on random registers, flags, V registers, FPCR/FPSR and memory, in
// a one-instruction block (plus a B to the next word when the instruction does not end the block),
// run twice from the same state: the first run finds the host-pointer caches empty (a load/store's
// inline form calls its slow path), the second finds them filled. Rows with an inline form are
// emitted as x86-64 code, the others are called from it; either way both tiers must leave the same
// registers, flags, pc, retired count, exception registers and memory (faults included: most
// random addresses lie outside the RAM and raise a data abort).
#include <cstdio>
#include <random>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "iss/frontend/decoder.h"
#include "machine.h"

using namespace vp::iss;
using namespace vp::iss::test;

namespace {

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

struct State {
    std::array<uint64_t, 31> regs;
    uint64_t sp;
    uint32_t nzcv, fpcr, fpsr;
    uint64_t v[32][2];
};

State random_state(std::mt19937_64& rng) {
    State st;
    for (auto& r : st.regs) r = rng() % 2 ? kData + rng() % kDataSize : interesting(rng);
    st.sp = (rng() % 2 ? kData + rng() % kDataSize : interesting(rng)) & ~15ull;
    st.nzcv = uint32_t(rng() & 0xf) << 28;
    st.fpcr = uint32_t(rng()) & kFpcrMask;
    st.fpsr = uint32_t(rng()) & kFpsrMask;
    for (auto& q : st.v) q[0] = interesting(rng), q[1] = interesting(rng);
    return st;
}

void set_state(Machine& m, const State& st) {
    m.cpu.pc = kText;
    for (unsigned r = 0; r < 31; ++r) m.cpu.set_xreg(r, st.regs[r]);
    m.cpu.set_sp(st.sp);
    m.cpu.nzcv = st.nzcv;
    m.cpu.fpcr = st.fpcr;
    m.cpu.fpsr = st.fpsr;
    std::memcpy(m.cpu.v, st.v, sizeof st.v);
}

void start(Machine& m, const State& st) {
    m.cpu.reset(kText);
    m.cpu.write_sysreg(SysReg::VBAR_EL1, kVbar);
    m.cpu.write_sysreg(SysReg::CPACR_EL1, 3u << 20);  // FP/SIMD enabled, so that those rows run
    set_state(m, st);
}

testing::AssertionResult same_state(const Cpu& jit, const Cpu& interp) {
    auto differs = [](const char* what, uint64_t j, uint64_t i) {
        char text[96];
        std::snprintf(text, sizeof text, ": jit 0x%llx, interpreter 0x%llx",
                      static_cast<unsigned long long>(j), static_cast<unsigned long long>(i));
        return testing::AssertionFailure() << what << text;
    };
    for (unsigned r = 0; r < 31; ++r)
        if (jit.xreg(r) != interp.xreg(r))
            return differs(("x" + std::to_string(r)).c_str(), jit.xreg(r), interp.xreg(r));
    for (unsigned r = 0; r < 32; ++r)
        for (unsigned h = 0; h < 2; ++h)
            if (jit.v[r][h] != interp.v[r][h])
                return differs(("v" + std::to_string(r)).c_str(), jit.v[r][h], interp.v[r][h]);
    const std::pair<const char*, std::pair<uint64_t, uint64_t>> scalars[] = {
        {"sp", {jit.sp(), interp.sp()}},
        {"pc", {jit.pc, interp.pc}},
        {"pstate", {jit.pstate(), interp.pstate()}},
        {"fpcr", {jit.fpcr, interp.fpcr}},
        {"fpsr", {jit.fpsr, interp.fpsr}},
        {"retired", {jit.instructions_executed(), interp.instructions_executed()}},
        {"cycles", {jit.cycles(), interp.cycles()}},
        {"ESR_EL1", {jit.read_sysreg(SysReg::ESR_EL1), interp.read_sysreg(SysReg::ESR_EL1)}},
        {"FAR_EL1", {jit.read_sysreg(SysReg::FAR_EL1), interp.read_sysreg(SysReg::FAR_EL1)}},
        {"ELR_EL1", {jit.read_sysreg(SysReg::ELR_EL1), interp.read_sysreg(SysReg::ELR_EL1)}},
        {"SPSR_EL1", {jit.read_sysreg(SysReg::SPSR_EL1), interp.read_sysreg(SysReg::SPSR_EL1)}},
        {"exceptions taken", {jit.stats().exceptions, interp.stats().exceptions}},
    };
    for (const auto& [what, v] : scalars)
        if (v.first != v.second) return differs(what, v.first, v.second);
    return testing::AssertionSuccess();
}

// The rows that the x86-64 tier emits inline (the rest are called): issue 15's integer rows.
const std::set<std::string> kInlined = {
    "ADD_imm",    "ADDS_imm",    "SUB_imm",    "SUBS_imm",  "AND_imm",   "ORR_imm",  "EOR_imm",
    "ANDS_imm",   "MOVN",        "MOVZ",       "MOVK",      "ADR",       "ADRP",     "ADD_shift",
    "SUBS_shift", "AND_shift",   "BICS_shift", "ORN_shift", "EON_shift", "B",        "BL",
    "B_cond",     "CBZ",         "CBNZ",       "TBZ",       "TBNZ",      "STR_uimm", "LDR_uimm",
    "LDRSW_uimm", "LDRS_w_uimm", "STUR",       "LDURS_x",   "STR_pre",   "LDR_post", "STR_reg",
    "LDRS_x_reg", "SBFM",        "BFM",        "UBFM",      "MADD",      "MSUB",     "CSEL",
    "CSINC",      "CSINV",       "CSNEG",      "BR",        "BLR",       "RET",      "STTR",
    "LDTR",       "LDTRS_x",     "LDTRSW",     "LDTRS_w",   "EXTR",      "MRS"};

}  // namespace

TEST(IssJit, EveryRowLeavesTheInterpretersState) {
    // The length of the block at kText (the row's instruction and the B, or the instruction alone
    // when it ends the block): run() runs no block that does not fit in its budget whole.
    unsigned block_len = 0;
    CpuHooks hooks;
    hooks.tb_translated = [&](const Cpu&, const TB& tb) {
        if (tb.pc == kText) block_len = tb.n_insns;
    };
    Machine interp(hooks, {}, true), jit({}, jit_config(), true);
    const Decoder& dec = Decoder::instance();
    std::mt19937_64 rng(20261202);
    std::set<std::string> compared_rows;
    unsigned compared = 0, aborts = 0;
    for (const DecodeRow& row : dec.rows()) {
        const unsigned samples = kInlined.count(row.name) ? 400 : 24;
        for (unsigned s = 0; s < samples; ++s) {
            uint32_t insn = (uint32_t(rng()) & ~row.mask) | row.value;
            if (dec.decode(insn) != &row) continue;
            const State st = random_state(rng);
            for (Machine* m : {&interp, &jit}) {
                m->mem.put32(kText, insn);
                m->mem.put32(kText + 4, 0x14000001);  // b kText + 8
                m->cpu.invalidate_code(kText, kText + 8);
                start(*m, st);
            }
            for (uint64_t a = kData; a < kData + kDataSize; a += 8) {
                const uint64_t v = rng();
                std::memcpy(interp.mem.ptr(a), &v, 8);
                std::memcpy(jit.mem.ptr(a), &v, 8);
            }
            const uint64_t aborts_before = jit.cpu.stats().sync_by_ec[0x25];
            block_len = 0;
            interp.cpu.run(2);
            jit.cpu.run(2);
            ASSERT_GT(block_len, 0u) << row.name;
            for (Machine* m : {&interp, &jit}) set_state(*m, st);
            const uint64_t host_before = jit.cpu.stats().host_runs, blocks_before = jit.cpu.stats().blocks;
            for (Machine* m : {&interp, &jit}) m->cpu.run(block_len);
            ASSERT_EQ(jit.cpu.stats().host_runs - host_before, jit.cpu.stats().blocks - blocks_before)
                << row.name << ": a block not run as host code";
            compared_rows.insert(row.name);
            ++compared;
            aborts += jit.cpu.stats().sync_by_ec[0x25] != aborts_before;
            char what[64];
            std::snprintf(what, sizeof what, "%s insn 0x%08x", row.name, insn);
            ASSERT_TRUE(same_state(jit.cpu, interp.cpu)) << what;
            ASSERT_EQ(std::memcmp(jit.mem.ptr(kData), interp.mem.ptr(kData), kDataSize), 0) << what;
        }
    }
    for (const std::string& name : kInlined)
        EXPECT_TRUE(compared_rows.count(name)) << name << " was never run";
    EXPECT_GT(compared_rows.size(), 600u);  // nearly every row: a few have no word of their own
    EXPECT_GT(compared, 30000u);
    EXPECT_GT(aborts, 1000u);
    EXPECT_EQ(jit.cpu.stats().host_side_exits, 0u);   // every op inlined or called
    EXPECT_GT(jit.cpu.stats().slow_accesses, 1000u);  // the loads/stores' cold first runs, called
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

// Blocks of eight random instructions from the integer sections (data processing, loads/stores),
// their register fields drawn from x0-x3 and x31 half the time so that the instructions of a block
// share registers: the x86-64 tier keeps the most used ones in host registers across the block
// (written back at exits and calls), and must leave the interpreter's state after every block.
TEST(IssJit, RandomBlocksLeaveTheInterpretersState) {
    Machine interp({}, {}, true), jit({}, jit_config(), true);
    const Decoder& dec = Decoder::instance();
    std::vector<const DecodeRow*> rows;
    for (const DecodeRow& row : dec.rows())
        if (std::string_view(row.section).starts_with("dp_") || std::string_view(row.section) == "ldst_reg" ||
            std::string_view(row.section) == "ldst_pair")
            rows.push_back(&row);
    ASSERT_GT(rows.size(), 100u);
    std::mt19937_64 rng(1512);
    unsigned compared = 0;
    for (unsigned b = 0; b < 3000; ++b) {
        for (unsigned i = 0; i < 8; ++i) {
            const DecodeRow& row = *rows[rng() % rows.size()];
            uint32_t insn = (uint32_t(rng()) & ~row.mask) | row.value;
            if (rng() % 2) {
                // Rd/Rt 4:0, Rn 9:5, Ra/Rt2 14:10, Rm 20:16: registers 0-3 or 31.
                const uint32_t keep = ~((0x1Cu << 0) | (0x1Cu << 5) | (0x1Cu << 10) | (0x1Cu << 16));
                const uint32_t narrowed = ((insn & keep) & ~row.mask) | row.value;
                if (dec.decode(narrowed) == &row) insn = narrowed;
            }
            if (dec.decode(insn) != &row) insn = 0x8b020020;  // add x0, x1, x2
            for (Machine* m : {&interp, &jit}) m->mem.put32(kText + 4 * i, insn);
        }
        for (Machine* m : {&interp, &jit}) {
            m->mem.put32(kText + 32, 0x14000001);  // b kText + 36
            m->cpu.invalidate_code(kText, kText + 36);
        }
        const State st = random_state(rng);
        for (Machine* m : {&interp, &jit}) start(*m, st);
        for (uint64_t a = kData; a < kData + kDataSize; a += 8) {
            const uint64_t v = rng();
            std::memcpy(interp.mem.ptr(a), &v, 8);
            std::memcpy(jit.mem.ptr(a), &v, 8);
        }
        for (Machine* m : {&interp, &jit}) {
            m->cpu.run(9);      // the block (8 instructions and the B), cold host caches: loads/stores
            set_state(*m, st);  // call their slow paths
            m->cpu.run(9);
        }
        ++compared;
        ASSERT_TRUE(same_state(jit.cpu, interp.cpu)) << "block " << b;
        ASSERT_EQ(std::memcmp(jit.mem.ptr(kData), interp.mem.ptr(kData), kDataSize), 0) << "block " << b;
    }
    EXPECT_EQ(compared, 3000u);
    EXPECT_EQ(jit.cpu.stats().host_runs, jit.cpu.stats().blocks);
}
