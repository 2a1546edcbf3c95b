// Differential tests outside the decode table: random 32-bit words, not generated from any row,
// on vp and on unicorn (unicorn_rig.h). A row that is too narrow, or an encoding the table lacks,
// shows up here as "vp UNDEFINED, unicorn executes" (or the reverse). Every word must either retire
// on both sides with the same state, or raise the same exception class on both with the ESR, ELR
// and FAR the ARM ARM requires; exclusions with their reasons are in diff_rules.h.
// VP_DIFF_ITERS (default 3000) scales the word counts, VP_DIFF_SEED sets the seed.
#include <cstdio>
#include <vector>

#include "diff_rules.h"
#include "unicorn_rig.h"

using namespace vp::iss;
using namespace vp::iss::test;

namespace {

// The A64 top-level encoding groups (ARM ARM C4.1, op0 = bits 28:25).
struct Group {
    const char* name;
    uint32_t op0_mask, op0_value;
};
constexpr Group kGroups[] = {
    {"Reserved (op0 0000)", 0xF, 0x0},
    {"Unallocated (op0 0001)", 0xF, 0x1},
    {"SVE (op0 0010)", 0xF, 0x2},
    {"Unallocated (op0 0011)", 0xF, 0x3},
    {"Data Processing -- Immediate (op0 100x)", 0xE, 0x8},
    {"Branches, Exception Generating and System (op0 101x)", 0xE, 0xA},
    {"Loads and Stores (op0 x1x0)", 0x5, 0x4},
    {"Data Processing -- Register (op0 x101)", 0x7, 0x5},
    {"Data Processing -- Scalar Floating-Point and Advanced SIMD (op0 x111)", 0x7, 0x7},
};

uint32_t in_group(uint32_t w, const Group& g) {
    const uint32_t op0 = (((w >> 25) & 0xF) & ~g.op0_mask) | g.op0_value;
    return (w & ~(0xFu << 25)) | (op0 << 25);
}

bool loads_or_stores(uint32_t w) {
    return ((w >> 25) & 0x5) == 0x4;
}

// Runs `w` on both sides; returns "" or what is wrong. `counted` tells whether unicorn took part.
class WordChecker {
public:
    explicit WordChecker(uint64_t seed) : rng_(seed), fpgen_(seed ^ 0xf10a7) {
        rig_.randomize_data(rng_);
        scratch_.write_sysreg(SysReg::CPACR_EL1, 3u << 20);
    }
    unsigned compared = 0, faulted = 0, vp_only = 0;

    std::string check(uint32_t w, bool addresses) {
        const DecodeRow* row = dec_.decode(w);
        if (system_encoding(w)) return check_system(w);
        const ArchState before = random_state(rng_, fpgen_, addresses);
        rig_.set_state(before);
        const StepResult r = rig_.step(w);
        if (crypto_encoding(w) || smc_encoding(w) || unicorn_eret_any_rn(w)) {  // vp's side only: UNDEFINED
            ++vp_only;
            rig_.resync_memory();
            if (r.esr != (1u << 25) || r.elr != kCode)
                return " must be UNDEFINED on vp (EC 0, ESR 0x2000000), got ESR " + hex(r.esr);
            return "";
        }
        if (row && (unpredictable(*row, w) || unicorn_minmax_bug(*row, w))) {
            rig_.resync_memory();
            return "";
        }
        if (unicorn_misses_alignment_fault(row, r.vp_exception, r.uc_exception(), r.esr) ||
            store_exclusive_abort_order(w, r.vp_exception, r.uc_mem_fault)) {
            rig_.resync_memory();
            return "";
        }
        if (r.vp_exception != r.uc_exception()) {
            rig_.resync_memory();
            const std::string vp_what = row ? std::string("row ") + row->name : "no table row";
            return r.vp_exception ? " vp (" + vp_what + ") raised ESR " + hex(r.esr) + ", unicorn executed it"
                                  : " unicorn raised (intno " + std::to_string(r.intno) + ", err " +
                                        std::to_string(r.err) + "), vp (" + vp_what + ") executed it";
        }
        ++(r.vp_exception ? faulted : compared);
        return r.vp_exception ? rig_.compare_faulted(w, before, r) : rig_.compare_retired(before);
    }

private:
    // System instructions are not compared (diff_rules.h); on a scratch core, so that they cannot
    // change the rig's translation or trap state, vp may only complete them or raise what the
    // architecture allows at EL1 without EL2/EL3: UNDEFINED (EC 0), or a data abort from the
    // address a DC/IC by VA or DC ZVA names (EC 0x25).
    std::string check_system(uint32_t w) {
        ++vp_only;
        scratch_.reset(0x1000);
        scratch_.write_sysreg(SysReg::CPACR_EL1, 3u << 20);
        for (unsigned i = 0; i < 31; ++i) scratch_.x[i] = rng_() % 0x4000;
        scratch_mem_.put32(0x1000, w);
        scratch_.invalidate_code(0x1000, 0x1004);
        scratch_.write_sysreg(SysReg::ESR_EL1, 0xdead);
        scratch_.step_one();
        const uint64_t esr = scratch_.read_sysreg(SysReg::ESR_EL1);
        if (esr == 0xdead || esr == (1u << 25) || (esr >> 26) == ec::dabort_same) return "";
        return " system instruction at EL1 raised ESR " + hex(esr);
    }

    std::mt19937_64 rng_;
    vp::test::Gen fpgen_;
    DiffRig rig_;
    const Decoder& dec_ = Decoder::instance();
    FlatMemory scratch_mem_{0, 0x4000};
    Cpu scratch_{scratch_mem_};
};

}  // namespace

// Words from every encoding group that no row of the table decodes: vp raises UNDEFINED for them,
// so unicorn must too, or the table lacks an encoding. Per group, VP_DIFF_ITERS words: half drawn
// uniformly from the group, half "near misses" (a row's pattern with one or two of its fixed bits
// flipped), which is where a row that is too narrow leaves encodings undecoded.
TEST(IssDiff, WordsOutsideTheRowsAreUndefinedLikeUnicorn) {
    const uint64_t n = env_u64("VP_DIFF_ITERS", 3000);
    const uint64_t seed = env_u64("VP_DIFF_SEED", 0x5eed1234) ^ 0x0f0f;
    std::mt19937_64 rng(seed);
    WordChecker checker(seed);
    const Decoder& dec = Decoder::instance();
    for (const Group& g : kGroups) {
        std::vector<const DecodeRow*> rows;
        for (const DecodeRow& r : dec.rows())
            if (in_group(r.value, g) == r.value) rows.push_back(&r);
        auto near_miss = [&]() -> uint32_t {
            const DecodeRow& r = *rows[rng() % rows.size()];
            uint32_t w = (uint32_t(rng()) & ~r.mask) | r.value;
            const uint32_t flippable = r.mask & ~(0xFu << 25);
            for (int k = 1 + int(rng() % 2); k > 0 && flippable; --k) {
                uint32_t bit;
                do bit = 1u << (rng() % 32);
                while (!(flippable & bit));
                w ^= bit;
            }
            return w;
        };
        unsigned found = 0, failures = 0;
        for (uint64_t tries = 0; found < n && tries < 200 * n && failures < 10; ++tries) {
            const uint32_t w = !rows.empty() && tries % 2 ? near_miss() : in_group(uint32_t(rng()), g);
            if (dec.decode(w)) continue;
            ++found;
            const std::string d = checker.check(w, loads_or_stores(w));
            if (!d.empty()) {
                ++failures;
                ADD_FAILURE() << g.name << ": word " << hex(w) << " `" << disasm(w) << "` seed " << hex(seed)
                              << ":" << d;
            }
        }
        EXPECT_GT(found, n / 2) << g.name << ": too few words outside the rows were found";
    }
    std::printf("words: %u retired on both sides, %u faulted on both, %u checked on vp alone\n",
                checker.compared, checker.faulted, checker.vp_only);
    EXPECT_GT(checker.compared + checker.faulted, n);
}

// Uniformly random words (issue 12's rewrite of IssExec.RandomWordsNeverCrash): each one either
// retires with the state unicorn computes or raises the exception class the architecture requires,
// and the run returns. 10 * VP_DIFF_ITERS words; half of them with data addresses in the registers.
TEST(IssDiff, RandomWordsRetireLikeUnicornOrRaiseTheRequiredException) {
    const uint64_t n = 10 * env_u64("VP_DIFF_ITERS", 3000);
    const uint64_t seed = env_u64("VP_DIFF_SEED", 0x5eed1234) ^ 0xa11;
    std::mt19937_64 rng(seed);
    WordChecker checker(seed);
    unsigned failures = 0;
    for (uint64_t i = 0; i < n && failures < 20; ++i) {
        const uint32_t w = uint32_t(rng());
        const std::string d = checker.check(w, rng() % 2);
        if (!d.empty()) {
            ++failures;
            ADD_FAILURE() << "word " << hex(w) << " `" << disasm(w) << "` seed " << hex(seed) << " iter " << i
                          << ":" << d;
        }
    }
    std::printf("words: %u retired on both sides, %u faulted on both, %u checked on vp alone\n",
                checker.compared, checker.faulted, checker.vp_only);
    // Most random words are unallocated (both UNDEFINED) or faulting loads/stores; enough retire.
    EXPECT_GT(checker.compared, n / 20);
    EXPECT_GT(checker.faulted, n / 20);
}
