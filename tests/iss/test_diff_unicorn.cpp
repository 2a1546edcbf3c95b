// Differential tests: random encodings generated from each decode-table row run on vp's ISS
// and on libunicorn from the same random state; registers, flags, PC and memory must agree.
// VP_DIFF_ITERS=<n> sets encodings per row (default 3000), VP_DIFF_SEED=<s> the seed.
#include <gtest/gtest.h>
#include <unicorn/unicorn.h>
#ifdef VP_HAVE_CAPSTONE
#include <capstone/capstone.h>
#endif

#include <cstdlib>
#include <cstring>
#include <random>
#include <set>
#include <string>

#include "flat_memory.h"
#include "fp_values.h"
#include "iss/core/cpu.h"
#include "iss/frontend/decoder.h"

using namespace vp::iss;

namespace {

constexpr uint64_t kMemSize = 0x21000;  // data at [0, 0x20000), one code page at 0x20000
constexpr uint64_t kCode = 0x20000;
constexpr uint64_t kDataSize = 0x20000;

uint64_t env_u64(const char* name, uint64_t def) {
    const char* v = std::getenv(name);
    return v ? std::strtoull(v, nullptr, 0) : def;
}

std::string disasm(uint32_t w, uint64_t pc) {
#ifdef VP_HAVE_CAPSTONE
    csh h;
    if (cs_open(CS_ARCH_ARM64, CS_MODE_LITTLE_ENDIAN, &h) != CS_ERR_OK) return "?";
    cs_insn* insn;
    std::string s = "(undecodable)";
    if (cs_disasm(h, reinterpret_cast<const uint8_t*>(&w), 4, pc, 1, &insn) == 1) {
        s = std::string(insn->mnemonic) + " " + insn->op_str;
        cs_free(insn, 1);
    }
    cs_close(&h);
    return s;
#else
    (void)w;
    (void)pc;
    return "";
#endif
}

bool field_is(const DecodeRow& r, uint32_t w, char c, unsigned value, bool* present = nullptr) {
    uint32_t v = 0;
    bool any = false;
    for (auto [slot, bit] : r.field_bits)
        if (slot == Fields::slot(c)) {
            v = (v << 1) | ((w >> bit) & 1);
            any = true;
        }
    if (present) *present = any;
    return any && v == value;
}

uint32_t field(const DecodeRow& r, uint32_t w, char c) {
    uint32_t v = 0;
    for (auto [slot, bit] : r.field_bits)
        if (slot == Fields::slot(c)) v = (v << 1) | ((w >> bit) & 1);
    return v;
}
bool has(const DecodeRow& r, char c) {
    bool p;
    field_is(r, 0, c, 0, &p);
    return p;
}

bool starts(const char* s, const char* p) {
    return std::strncmp(s, p, std::strlen(p)) == 0;
}

// CONSTRAINED UNPREDICTABLE register combinations (ARM ARM K1.2): results legitimately differ.
bool unpredictable(const DecodeRow& r, uint32_t w) {
    std::string name = r.name;
    uint32_t n = field(r, w, 'n'), t = field(r, w, 't'), t2 = field(r, w, 'T'), s = field(r, w, 's');
    // SIMD&FP rows: Rt/Rt2 are V registers, so writeback never overlaps them; only LDP/LDNP
    // (SIMD&FP) with t == t2 is CONSTRAINED UNPREDICTABLE (C7.2 LDP (SIMD&FP), K1.2).
    if (starts(r.section, "ldst_simd")) return (starts(r.name, "VLDP") || starts(r.name, "VLDNP")) && t == t2;
    bool wback = name.find("_post") != std::string::npos || name.find("_pre") != std::string::npos;
    bool pair = has(r, 'T') && (starts(r.name, "LDP") || starts(r.name, "STP") || starts(r.name, "LDNP") ||
                                starts(r.name, "STNP") || starts(r.name, "LDPSW"));
    if (wback && n != 31 && (n == t || (pair && n == t2)))
        return true;                                                  // C6.2 LDR/STR/LDP/STP (wback, n == t)
    if (pair && name[0] == 'L' && t == t2) return true;               // LDP t == t2
    if ((name == "LDXP" || name == "LDAXP") && t == t2) return true;  // LDXP t == t2
    if (starts(r.name, "ST") && name.find("X") != std::string::npos &&
        (name == "STXR" || name == "STLXR" || name == "STXP" || name == "STLXP")) {
        if (s == t || (s == n && n != 31)) return true;  // STXR s == t / s == n
        if ((name == "STXP" || name == "STLXP") && s == t2) return true;
    }
    return false;
}

// unicorn 2.0.1 computes LDSMAX/LDSMIN on sub-64-bit sizes without sign-extending the memory
// operand, and LDUMAX/LDUMIN compare against the untruncated 64-bit register; ARM ARM C6.2
// (LDSMAX etc.) compares SInt/UInt of the datasize-bit values. Covered by
// IssExec.AtomicMinMaxUseTheOperandSize instead.
bool unicorn_minmax_bug(const DecodeRow& r, uint32_t w) {
    std::string name = r.name;
    bool minmax = name == "LDSMAX" || name == "LDSMIN" || name == "LDUMAX" || name == "LDUMIN";
    return minmax && (w >> 30) != 3;
}

// PMULL/PMULL2 with size = 11 (64 x 64 -> 128-bit, "1Q") belongs to FEAT_PMULL (crypto), which
// unicorn's default Cortex-A72 model implements; vp is ARMv8.0 without crypto, where ARM ARM C7.2
// (PMULL, size == '11' requires HaveBit128PMULLExt()) makes it UNDEFINED. Checked by
// IssSimdInt.ReservedEncodingsAreUndefined instead.
bool unicorn_pmull_1q(const DecodeRow& r, uint32_t w) {
    return std::strcmp(r.name, "PMULL_v") == 0 && field(r, w, 'v') == 3;
}

bool is_ldst(const DecodeRow& r) {
    return starts(r.section, "ldst");
}

// Rows excluded from the differential run, each with the reason.
bool excluded(const DecodeRow& r, std::string& why) {
    static const std::set<std::string> system_rows = {
        "SVC",   "HVC", "SMC", "BRK", "HLT",     "NOP", "WFE",  "WFI",     "SEV", "SEVL", "HINT",
        "CLREX", "DSB", "DMB", "ISB", "MSR_imm", "SYS", "SYSL", "MSR_reg", "MRS", "ERET"};
    if (system_rows.count(r.name)) {
        why = "system/exception row: covered by test_exceptions.cpp (unicorn's EL/sysreg model differs)";
        return true;
    }
    // Unprivileged loads/stores at EL1 with PSTATE.PAN=0 and the MMU off behave as normal accesses;
    // unicorn runs them as EL0 accesses through its MMU model.
    if (starts(r.name, "LDTR") || starts(r.name, "STTR")) {
        why = "unprivileged access needs the MMU (later issue)";
        return true;
    }
    return false;
}

struct Rig {
    test::FlatMemory vmem{0, kMemSize};
    std::vector<uint8_t> umem = std::vector<uint8_t>(kMemSize);
    Cpu cpu;
    uc_engine* uc = nullptr;
    bool uc_exception = false;

    static CpuConfig config(bool lse) {
        CpuConfig c;
        c.features.lse = lse;
        return c;
    }
    explicit Rig(int cpu_model = -1) : cpu(vmem, config(cpu_model >= 0)) {
        EXPECT_EQ(uc_open(UC_ARCH_ARM64, UC_MODE_ARM, &uc), UC_ERR_OK);
        if (cpu_model >= 0) {
            EXPECT_EQ(uc_ctl_set_cpu_model(uc, cpu_model), UC_ERR_OK);
        }
        EXPECT_EQ(uc_mem_map_ptr(uc, 0, kMemSize, UC_PROT_ALL, umem.data()), UC_ERR_OK);
        uc_hook h;
        uc_hook_add(uc, &h, UC_HOOK_INTR, reinterpret_cast<void*>(&Rig::on_intr), this, 1, 0);
        cpu.write_sysreg(SysReg::VBAR_EL1, 0x80000);
        uint64_t cpacr = 3u << 20;  // CPACR_EL1.FPEN = 0b11: FP/SIMD not trapped on either side
        cpu.write_sysreg(SysReg::CPACR_EL1, cpacr);
        uc_reg_write(uc, UC_ARM64_REG_CPACR_EL1, &cpacr);
    }
    ~Rig() { uc_close(uc); }
    static void on_intr(uc_engine* uc, uint32_t, void* self) {
        static_cast<Rig*>(self)->uc_exception = true;
        uc_emu_stop(uc);
    }
};

uint64_t interesting(std::mt19937_64& rng) {
    static const uint64_t special[] = {0,
                                       1,
                                       2,
                                       ~0ull,
                                       0x7fffffffffffffffull,
                                       0x8000000000000000ull,
                                       0xffffffffull,
                                       0x7fffffffull,
                                       0x80000000ull,
                                       0xffffffff80000000ull,
                                       63,
                                       64,
                                       31,
                                       32};
    switch (rng() % 4) {
        case 0: return special[rng() % std::size(special)];
        case 1: return rng() & 0xffff;
        default: return rng();
    }
}

// One 64-bit half of a SIMD&FP register: FP values of each size (NaNs, infinities, zeros,
// denormals, boundaries), integer lane boundaries, or random bits.
uint64_t vector_half(vp::test::Gen& g) {
    uint64_t r = 0;
    switch (g.below(6)) {
        case 0: return g.value(vp::test::kD);
        case 1: return g.value(vp::test::kS) | (g.value(vp::test::kS) << 32);
        case 2:
            for (int i = 0; i < 4; ++i) r |= g.value(vp::test::kH) << (16 * i);
            return r;
        case 3: {  // integer lane boundaries: 0, 1, max, min, -1 of a random lane size
            static const uint64_t lane[] = {0,      1,      0x7f,   0x80,       0xff,
                                            0x7fff, 0x8000, 0xffff, 0x7fffffff, 0x80000000u};
            for (int i = 0; i < 8; ++i) r |= (lane[g.below(std::size(lane))] & 0xff) << (8 * i);
            return g.coin() ? r : r * 0x0101010101010101ull;
        }
        default: return g.u64();
    }
}

void run_section(const char* section_prefix) {
    const uint64_t iters = env_u64("VP_DIFF_ITERS", 3000);
    const uint64_t seed = env_u64("VP_DIFF_SEED", 0x5eed1234);
    std::mt19937_64 rng(seed);
    vp::test::Gen fpgen(seed ^ 0xf10a7);
    // FEAT_LSE needs unicorn's "max" CPU model (the default Cortex-A72 is ARMv8.0).
    Rig rig(starts(section_prefix, "ldst_atomic") ? int(UC_CPU_ARM64_MAX) : -1);
    const Decoder& dec = Decoder::instance();
    for (auto& b : rig.umem) b = uint8_t(rng());
    std::memcpy(rig.vmem.ptr(0), rig.umem.data(), kMemSize);
    unsigned rows_run = 0;
    for (const DecodeRow& row : dec.rows()) {
        if (!starts(row.section, section_prefix)) continue;
        std::string why;
        if (excluded(row, why)) continue;
        ++rows_run;
        unsigned failures = 0, both_faulted = 0, compared = 0;
        for (uint64_t it = 0; it < iters && failures < 5; ++it) {
            uint32_t w = (uint32_t(rng()) & ~row.mask) | row.value;
            if (unpredictable(row, w) || unicorn_minmax_bug(row, w) || unicorn_pmull_1q(row, w)) continue;
            const DecodeRow* winner = dec.decode(w);
            if (winner != &row) continue;  // a declared overlap decodes this word elsewhere

            uint64_t regs[31], sp;
            bool ldst = is_ldst(row);
            for (auto& r : regs) r = ldst ? (rng() % (kDataSize - 0x400)) : interesting(rng);
            sp = ldst ? (rng() % (kDataSize - 0x400)) : interesting(rng);
            if (ldst && rng() % 2) {  // mostly aligned bases so exclusives/acquire forms do execute
                for (auto& r : regs) r &= ~0xfull;
                sp &= ~0xfull;
            }
            uint32_t nzcv = uint32_t(rng() & 0xF) << 28;
            uint64_t vregs[32][2];
            for (auto& q : vregs) q[0] = vector_half(fpgen), q[1] = vector_half(fpgen);
            // Random FPCR (RMode, FZ, DN, AHP) and FPSR (QC and cumulative flags mostly clear).
            uint32_t fpcr = uint32_t(rng()) & kFpcrMask;
            uint32_t fpsr = rng() % 4 == 0 ? uint32_t(rng()) & kFpsrMask : 0;

            // vp
            Cpu& c = rig.cpu;
            for (unsigned i = 0; i < 31; ++i) c.x[i] = regs[i];
            std::memcpy(c.v, vregs, sizeof vregs);
            c.fpcr = fpcr;
            c.fpsr = fpsr;
            c.set_sp(sp);
            c.nzcv = nzcv;
            c.pc = kCode;
            c.write_sysreg(SysReg::ESR_EL1, 0xdead);
            c.excl_clear();
            rig.vmem.put32(kCode, w);
            uint64_t before = c.instructions_executed();
            c.step_one();
            bool vp_exc = c.read_sysreg(SysReg::ESR_EL1) != 0xdead;
            (void)before;

            // unicorn
            for (int i = 0; i < 29; ++i) uc_reg_write(rig.uc, UC_ARM64_REG_X0 + i, &regs[i]);
            uc_reg_write(rig.uc, UC_ARM64_REG_X29, &regs[29]);
            uc_reg_write(rig.uc, UC_ARM64_REG_X30, &regs[30]);
            uc_reg_write(rig.uc, UC_ARM64_REG_SP, &sp);
            uint64_t unzcv = nzcv;
            uc_reg_write(rig.uc, UC_ARM64_REG_NZCV, &unzcv);
            for (int i = 0; i < 32; ++i) uc_reg_write(rig.uc, UC_ARM64_REG_Q0 + i, vregs[i]);
            uint64_t ufpcr = fpcr, ufpsr = fpsr;
            uc_reg_write(rig.uc, UC_ARM64_REG_FPCR, &ufpcr);
            uc_reg_write(rig.uc, UC_ARM64_REG_FPSR, &ufpsr);
            uc_mem_write(rig.uc, kCode, &w, 4);
            uc_ctl_remove_cache(rig.uc, kCode, kCode + 4);
            rig.uc_exception = false;
            uc_err err = uc_emu_start(rig.uc, kCode, kCode + 4, 0, 1);
            // A branch to unmapped memory retires in unicorn, which then fails fetching the target.
            bool uc_exc = (err != UC_ERR_OK && err != UC_ERR_FETCH_UNMAPPED) || rig.uc_exception;

            auto report = [&](const std::string& what) {
                ++failures;
                ADD_FAILURE() << row.name << " word 0x" << std::hex << w << " `" << disasm(w, kCode)
                              << "` seed 0x" << seed << std::dec << " iter " << it << ": " << what;
            };
            // unicorn 2.0.1 (QEMU 5 base) performs misaligned exclusive and load-acquire/store-release
            // accesses; ARM ARM B2.5.2 requires an Alignment fault (DFSC 0x21), which vp raises.
            uint64_t esr = c.read_sysreg(SysReg::ESR_EL1);
            if (vp_exc && !uc_exc &&
                (starts(row.section, "ldst_excl") || starts(row.section, "ldst_atomic")) &&
                (esr & 0x3f) == 0x21) {
                std::memcpy(rig.umem.data(), rig.vmem.ptr(0), kMemSize);
                continue;
            }
            if (vp_exc || uc_exc) {
                if (vp_exc != uc_exc) {
                    report(std::string(vp_exc ? "vp raised an exception (ESR 0x" : "unicorn raised an exception (err ") +
                 (vp_exc ? [&] { char b[32]; std::snprintf(b, 32, "%llx", (unsigned long long)c.read_sysreg(SysReg::ESR_EL1)); return std::string(b); }()
                         : std::to_string(err)) +
                 ") and the other did not");
                } else {
                    ++both_faulted;
                }
                std::memcpy(rig.umem.data(), rig.vmem.ptr(0), kMemSize);  // partial stores may differ
                continue;
            }
            ++compared;
            for (int i = 0; i < 31; ++i) {
                uint64_t u;
                uc_reg_read(rig.uc,
                            i < 29 ? UC_ARM64_REG_X0 + i : (i == 29 ? UC_ARM64_REG_X29 : UC_ARM64_REG_X30),
                            &u);
                if (u != c.x[i]) {
                    char b[128];
                    std::snprintf(b, sizeof b, "X%d: vp 0x%llx unicorn 0x%llx (was 0x%llx)", i,
                                  (unsigned long long)c.x[i], (unsigned long long)u,
                                  (unsigned long long)regs[i]);
                    report(b);
                }
            }
            uint64_t usp, upc, unz;
            uc_reg_read(rig.uc, UC_ARM64_REG_SP, &usp);
            uc_reg_read(rig.uc, UC_ARM64_REG_PC, &upc);
            uc_reg_read(rig.uc, UC_ARM64_REG_NZCV, &unz);
            if (usp != c.sp()) report("SP differs");
            if (upc != c.pc) {
                char b[96];
                std::snprintf(b, sizeof b, "PC: vp 0x%llx unicorn 0x%llx", (unsigned long long)c.pc,
                              (unsigned long long)upc);
                report(b);
            }
            if ((unz & 0xF0000000u) != c.nzcv) {
                char b[96];
                std::snprintf(b, sizeof b, "NZCV: vp 0x%x unicorn 0x%x", c.nzcv, unsigned(unz & 0xF0000000u));
                report(b);
            }
            for (int i = 0; i < 32; ++i) {
                uint64_t q[2];
                uc_reg_read(rig.uc, UC_ARM64_REG_Q0 + i, q);
                if (q[0] != c.v[i][0] || q[1] != c.v[i][1]) {
                    char b[160];
                    std::snprintf(b, sizeof b,
                                  "V%d: vp 0x%016llx%016llx unicorn 0x%016llx%016llx (was 0x%016llx%016llx)",
                                  i, (unsigned long long)c.v[i][1], (unsigned long long)c.v[i][0],
                                  (unsigned long long)q[1], (unsigned long long)q[0],
                                  (unsigned long long)vregs[i][1], (unsigned long long)vregs[i][0]);
                    report(b);
                }
            }
            uint64_t ufpsr_out = 0, ufpcr_out = 0;
            uc_reg_read(rig.uc, UC_ARM64_REG_FPSR, &ufpsr_out);
            uc_reg_read(rig.uc, UC_ARM64_REG_FPCR, &ufpcr_out);
            if ((uint32_t(ufpcr_out) & kFpcrMask) != c.fpcr) report("FPCR differs");
            if ((uint32_t(ufpsr_out) & kFpsrMask) != c.fpsr) {
                char b[96];
                std::snprintf(b, sizeof b, "FPSR: vp 0x%x unicorn 0x%x (FPCR 0x%x)", c.fpsr,
                              unsigned(ufpsr_out) & kFpsrMask, fpcr);
                report(b);
            }
            if (std::memcmp(rig.umem.data(), rig.vmem.ptr(0), kDataSize) != 0) {
                report("data memory differs");
                std::memcpy(rig.umem.data(), rig.vmem.ptr(0), kMemSize);
            }
        }
        if (iters >= 500 && compared == 0 && both_faulted == 0)
            ADD_FAILURE() << row.name << ": no encoding of this row was executed";
    }
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
    Rig rig;
    const Decoder& dec = Decoder::instance();
    std::vector<const DecodeRow*> rows;
    for (const DecodeRow& r : dec.rows())
        if (starts(r.section, "dp_") || starts(r.section, "fp_") || starts(r.section, "simd"))
            rows.push_back(&r);
    constexpr unsigned kLen = 16;
    unsigned compared = 0;
    // Rejects words that are UNDEFINED (e.g. reserved shift types) so that most blocks run whole.
    test::FlatMemory scratch_mem(0, 0x2000);
    Cpu scratch(scratch_mem);
    scratch.write_sysreg(SysReg::CPACR_EL1, 3u << 20);
    auto defined = [&](uint32_t w) {
        scratch_mem.put32(0x1000, w);
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
            } while (!defined(words[i]));
        }
        words[kLen] = 0x14000000;  // b .
        uint64_t regs[31], sp = interesting(rng);
        for (auto& r : regs) r = interesting(rng);
        uint32_t nzcv = uint32_t(rng() & 0xF) << 28;
        uint64_t vregs[32][2];
        for (auto& q : vregs) q[0] = vector_half(fpgen), q[1] = vector_half(fpgen);
        const uint32_t fpcr = uint32_t(rng()) & kFpcrMask;
        Cpu& c = rig.cpu;
        for (unsigned i = 0; i < 31; ++i) c.x[i] = regs[i];
        c.set_sp(sp);
        c.nzcv = nzcv;
        std::memcpy(c.v, vregs, sizeof vregs);
        c.fpcr = fpcr;
        c.fpsr = 0;
        c.pc = kCode;
        c.halted_wfi = false;
        c.write_sysreg(SysReg::ESR_EL1, 0xdead);
        for (unsigned i = 0; i <= kLen; ++i) rig.vmem.put32(kCode + 4 * i, words[i]);
        c.invalidate_code(kCode, kCode + 4 * kLen);
        c.run(kLen);
        if (c.read_sysreg(SysReg::ESR_EL1) != 0xdead) continue;  // an UNDEFINED word in the block

        for (int i = 0; i < 29; ++i) uc_reg_write(rig.uc, UC_ARM64_REG_X0 + i, &regs[i]);
        uc_reg_write(rig.uc, UC_ARM64_REG_X29, &regs[29]);
        uc_reg_write(rig.uc, UC_ARM64_REG_X30, &regs[30]);
        uc_reg_write(rig.uc, UC_ARM64_REG_SP, &sp);
        uint64_t unzcv = nzcv;
        uc_reg_write(rig.uc, UC_ARM64_REG_NZCV, &unzcv);
        for (int i = 0; i < 32; ++i) uc_reg_write(rig.uc, UC_ARM64_REG_Q0 + i, vregs[i]);
        uint64_t ufpcr = fpcr, ufpsr = 0;
        uc_reg_write(rig.uc, UC_ARM64_REG_FPCR, &ufpcr);
        uc_reg_write(rig.uc, UC_ARM64_REG_FPSR, &ufpsr);
        uc_mem_write(rig.uc, kCode, words, sizeof words);
        uc_ctl_remove_cache(rig.uc, kCode, kCode + sizeof words);
        rig.uc_exception = false;
        uc_err err = uc_emu_start(rig.uc, kCode, kCode + 4 * kLen, 0, 0);
        ASSERT_EQ(err, UC_ERR_OK);
        ASSERT_FALSE(rig.uc_exception);
        ++compared;
        std::string diffs;
        for (int i = 0; i < 31; ++i) {
            uint64_t u;
            uc_reg_read(rig.uc,
                        i < 29 ? UC_ARM64_REG_X0 + i : (i == 29 ? UC_ARM64_REG_X29 : UC_ARM64_REG_X30), &u);
            if (u != c.x[i]) diffs += " X" + std::to_string(i);
        }
        uint64_t usp, unz;
        uc_reg_read(rig.uc, UC_ARM64_REG_SP, &usp);
        uc_reg_read(rig.uc, UC_ARM64_REG_NZCV, &unz);
        if (usp != c.sp()) diffs += " SP";
        if ((unz & 0xF0000000u) != c.nzcv) diffs += " NZCV";
        if (c.pc != kCode + 4 * kLen) diffs += " PC";
        for (int i = 0; i < 32; ++i) {
            uint64_t q[2];
            uc_reg_read(rig.uc, UC_ARM64_REG_Q0 + i, q);
            if (q[0] != c.v[i][0] || q[1] != c.v[i][1]) diffs += " V" + std::to_string(i);
        }
        uint64_t ufpsr_out = 0;
        uc_reg_read(rig.uc, UC_ARM64_REG_FPSR, &ufpsr_out);
        if ((uint32_t(ufpsr_out) & kFpsrMask) != c.fpsr) diffs += " FPSR";
        if (!diffs.empty()) {
            std::string listing;
            for (unsigned i = 0; i < kLen; ++i) {
                char h[16];
                std::snprintf(h, sizeof h, "%08x", words[i]);
                listing += std::string("\n  ") + h + "  " + disasm(words[i], kCode + 4 * i);
            }
            ADD_FAILURE() << "block " << b << " seed 0x" << std::hex << seed << ": differs in" << diffs
                          << listing;
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
