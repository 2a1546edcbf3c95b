// Differential tests, per decode-table row: random encodings generated from each row's pattern run
// on vp's ISS and on libunicorn from the same random state (unicorn_rig.h); registers, flags, PC,
// SIMD&FP state and memory must agree, or both must raise the same exception class with the ESR,
// ELR and FAR the ARM ARM requires. Exclusions with their reasons are in diff_rules.h.
// VP_DIFF_ITERS=<n> sets encodings per row (default 3000), VP_DIFF_SEED=<s> the seed.
#include "diff_rules.h"
#include "unicorn_rig.h"

using namespace vp::iss;
using namespace vp::iss::test;

namespace {

void run_section(const char* section_prefix) {
    const uint64_t iters = env_u64("VP_DIFF_ITERS", 3000);
    const uint64_t seed = env_u64("VP_DIFF_SEED", 0x5eed1234);
    std::mt19937_64 rng(seed);
    vp::test::Gen fpgen(seed ^ 0xf10a7);
    // FEAT_LSE needs unicorn's "max" CPU model (the Cortex-A57 is ARMv8.0).
    const bool lse = starts(section_prefix, "ldst_atomic");
    DiffRig rig(lse ? int(UC_CPU_ARM64_MAX) : int(UC_CPU_ARM64_A57), lse);
    rig.randomize_data(rng);
    const Decoder& dec = Decoder::instance();
    unsigned rows_run = 0;
    uint64_t total_compared = 0, total_faulted = 0;
    for (const DecodeRow& row : dec.rows()) {
        if (!starts(row.section, section_prefix)) continue;
        std::string why;
        if (excluded_row(row, why)) continue;
        ++rows_run;
        unsigned failures = 0, both_faulted = 0, compared = 0;
        for (uint64_t it = 0; it < iters && failures < 5; ++it) {
            uint32_t w = (uint32_t(rng()) & ~row.mask) | row.value;
            if (unpredictable(row, w) || unicorn_minmax_bug(row, w) || crypto_encoding(w)) continue;
            if (dec.decode(w) != &row) continue;  // a declared overlap decodes this word elsewhere
            const ArchState before = random_state(rng, fpgen, starts(row.section, "ldst"));
            rig.set_state(before);
            const StepResult r = rig.step(w);
            auto report = [&](const std::string& what) {
                ++failures;
                ADD_FAILURE() << row.name << " word 0x" << std::hex << w << " `" << disasm(w) << "` seed 0x"
                              << seed << std::dec << " iter " << it << ":" << what;
            };
            if (unicorn_misses_alignment_fault(&row, r.vp_exception, r.uc_exception(), r.esr) ||
                store_exclusive_abort_order(w, r.vp_exception, r.uc_mem_fault)) {
                rig.resync_memory();
                continue;
            }
            if (r.vp_exception != r.uc_exception()) {
                report(r.vp_exception ? " vp raised an exception (ESR " + hex(r.esr) + ") and unicorn did not"
                                      : " unicorn raised an exception (intno " + std::to_string(r.intno) +
                                            ", err " + std::to_string(r.err) + ") and vp did not");
                rig.resync_memory();
                continue;
            }
            const std::string d =
                r.vp_exception ? rig.compare_faulted(w, before, r) : rig.compare_retired(before);
            if (!d.empty()) report(d);
            ++(r.vp_exception ? both_faulted : compared);
        }
        if (iters >= 500 && compared == 0 && both_faulted == 0)
            ADD_FAILURE() << row.name << ": no encoding of this row was executed";
        total_compared += compared;
        total_faulted += both_faulted;
    }
    std::printf("%s: %u rows, %llu words retired on both sides, %llu faulted on both\n", section_prefix,
                rows_run, (unsigned long long)total_compared, (unsigned long long)total_faulted);
    EXPECT_GT(rows_run, 0u);
}

}  // namespace

// Blocks of random data-processing instructions (integer, scalar FP and AdvSIMD) executed through
// Cpu::run() (translation blocks, op-to-op dispatch) rather than one instruction at a time.
TEST(IssDiff, RandomBlocksThroughRunLoop) {
    const uint64_t blocks = env_u64("VP_DIFF_ITERS", 3000) / 10 + 1;
    const uint64_t seed = env_u64("VP_DIFF_SEED", 0x5eed1234) ^ 0xb10c;
    std::mt19937_64 rng(seed);
    vp::test::Gen fpgen(seed ^ 0xf10a7);
    DiffRig rig;
    const Decoder& dec = Decoder::instance();
    std::vector<const DecodeRow*> rows;
    for (const DecodeRow& r : dec.rows())
        if (starts(r.section, "dp_") || starts(r.section, "fp_") || starts(r.section, "simd"))
            rows.push_back(&r);
    constexpr unsigned kLen = 16;
    unsigned compared = 0;
    // Rejects words that are UNDEFINED (e.g. reserved shift types) so that most blocks run whole.
    FlatMemory scratch_mem(0, 0x2000);
    Cpu scratch(scratch_mem);
    scratch.write_sysreg(SysReg::CPACR_EL1, 3u << 20);
    auto defined = [&](uint32_t w) {
        scratch_mem.put32(0x1000, w);
        scratch.invalidate_code(0x1000, 0x1004);
        scratch.pc = 0x1000;
        scratch.write_sysreg(SysReg::ESR_EL1, 0xdead);
        scratch.step_one();
        return scratch.read_sysreg(SysReg::ESR_EL1) == 0xdead;
    };
    for (uint64_t b = 0; b < blocks; ++b) {
        uint32_t words[kLen + 1];
        for (unsigned i = 0; i < kLen; ++i) {
            do {
                const DecodeRow* r = rows[rng() % rows.size()];
                words[i] = (uint32_t(rng()) & ~r->mask) | r->value;
            } while (!defined(words[i]) || crypto_encoding(words[i]));
        }
        words[kLen] = 0x14000000;  // b .
        ArchState before = random_state(rng, fpgen, false);
        before.fpsr = 0;
        rig.set_state(before);
        rig.set_code(words, kLen + 1);
        Cpu& c = rig.cpu;
        c.pc = kCode;
        c.write_sysreg(SysReg::ESR_EL1, 0xdead);
        c.run(kLen);
        if (c.read_sysreg(SysReg::ESR_EL1) != 0xdead) continue;  // an UNDEFINED word in the block
        ASSERT_EQ(uc_emu_start(rig.uc, kCode, kCode + 4 * kLen, 0, 0), UC_ERR_OK);
        ++compared;
        const std::string d = rig.compare_retired(before);
        if (!d.empty()) {
            std::string listing;
            for (unsigned i = 0; i < kLen; ++i)
                listing += "\n  " + hex(words[i]) + "  " + disasm(words[i], kCode + 4 * i);
            ADD_FAILURE() << "block " << b << " seed " << hex(seed) << ": differs in" << d << listing;
            break;
        }
    }
    EXPECT_GT(compared, blocks / 4);
}

TEST(IssDiff, DataProcessingImmediate) {
    run_section("dp_imm");
}
TEST(IssDiff, DataProcessingRegister) {
    run_section("dp_reg");
}
TEST(IssDiff, Branches) {
    run_section("branch_sys");
}
TEST(IssDiff, LoadStoreExclusive) {
    run_section("ldst_excl");
}
TEST(IssDiff, LoadLiteral) {
    run_section("ldst_lit");
}
TEST(IssDiff, LoadStorePair) {
    run_section("ldst_pair");
}
TEST(IssDiff, LoadStoreRegister) {
    run_section("ldst_reg");
}
TEST(IssDiff, AtomicsLse) {
    run_section("ldst_atomic");
}
TEST(IssDiff, SimdFpLoadStore) {
    run_section("ldst_simd");
}
TEST(IssDiff, ScalarFloatingPoint) {
    run_section("fp_");
}
TEST(IssDiff, AdvSimdInteger) {
    run_section("simd_");
}
TEST(IssDiff, AdvSimdFloatingPoint) {
    run_section("simdfp_");
}
