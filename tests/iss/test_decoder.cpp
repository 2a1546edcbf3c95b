// Decode-table tests: table well-formedness, declared overlaps, known encodings.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "asm_helper.h"
#include "decode_check.h"
#include "iss/frontend/decoder.h"
#include "machine.h"

using namespace vp::iss;

TEST(IssDecoder, TableParsesCleanly) {
    const Decoder& d = Decoder::instance();
    for (const auto& e : d.errors()) ADD_FAILURE() << e;
    EXPECT_EQ(d.rows().size(), 688u);
    std::set<std::string> names;
    for (const auto& r : d.rows()) {
        EXPECT_EQ(std::strlen(r.pattern), 32u) << r.name;
        EXPECT_TRUE(names.insert(r.name).second) << "duplicate row name " << r.name;
        EXPECT_NE(r.translate, nullptr) << r.name;
        // Every bit is either fixed or belongs to a field.
        EXPECT_EQ(r.field_bits.size() + std::popcount(r.mask), 32u) << r.name;
    }
}

// The table's inventory: every section of the ARM ARM encoding index (C4.1) that the table
// implements, in table order, with its exact number of rows. A row lost (or added) changes a
// count; a section lost or renamed fails too. Update this list together with a64_*.inc.
TEST(IssDecoder, EverySectionHasAllItsRows) {
    const std::vector<std::pair<std::string, size_t>> expected = {
        // C4.1.86 Data Processing -- Immediate
        {"dp_imm", 17},
        // C4.1.87 Branches, Exception Generating and System instructions
        {"branch_sys", 31},
        // C4.1.88 Loads and Stores
        {"ldst_excl", 10},
        {"ldst_atomic", 11},
        {"ldst_lit", 4},
        {"ldst_pair", 11},
        {"ldst_reg", 33},
        // C4.1.89 Data Processing -- Register
        {"dp_reg", 49},
        // C4.1.88 Loads and Stores, SIMD&FP
        {"ldst_simd_lit", 1},
        {"ldst_simd_pair", 8},
        {"ldst_simd_reg", 10},
        {"ldst_simd_mult", 28},
        {"ldst_simd_single", 56},
        // C4.1.90 Data Processing -- Scalar Floating-Point
        {"fp_fixed", 4},
        {"fp_int", 16},
        {"fp_dp1", 14},
        {"fp_cmp", 4},
        {"fp_imm", 1},
        {"fp_ccmp", 2},
        {"fp_dp2", 9},
        {"fp_csel", 1},
        {"fp_dp3", 4},
        // C4.1.90 Advanced SIMD (integer)
        {"simd_3same", 53},
        {"simd_3diff", 26},
        {"simd_elem", 14},
        {"simd_across", 7},
        {"simd_perm", 6},
        {"simd_ext", 1},
        {"simd_tbl", 2},
        {"simd_s3same", 22},
        {"simd_s3diff", 3},
        {"simd_selem", 5},
        {"simd_spair", 1},
        {"simd_modimm", 14},
        {"simd_shift_imm", 24},
        {"simd_scalar_shift_imm", 20},
        {"simd_2misc", 28},
        {"simd_scalar_2misc", 14},
        {"simd_copy", 6},
        {"simd_scalar_copy", 1},
        // C4.1.90 Advanced SIMD (floating-point)
        {"simdfp_3same", 24},
        {"simdfp_s3same", 9},
        {"simdfp_misc", 34},
        {"simdfp_smisc", 21},
        {"simdfp_across", 4},
        {"simdfp_spairwise", 5},
        {"simdfp_elem", 4},
        {"simdfp_selem", 4},
        {"simdfp_shift", 8},
        {"simdfp_sshift", 4},
    };
    std::vector<std::pair<std::string, size_t>> found;
    for (const auto& r : Decoder::instance().rows()) {
        if (found.empty() || found.back().first != r.section) found.emplace_back(r.section, 0);
        ++found.back().second;
    }
    EXPECT_EQ(found.size(), expected.size()) << "number of sections";
    const std::pair<std::string, size_t> none{"(no section)", 0};
    for (size_t i = 0; i < std::max(found.size(), expected.size()); ++i) {
        EXPECT_EQ(i < found.size() ? found[i] : none, i < expected.size() ? expected[i] : none)
            << "section #" << i << ": (id, rows) in the table vs expected";
    }
}

// Each row lies in the top-level encoding class of its section (ARM ARM C4.1, "A64 instruction
// set encoding", op0 = bits 28:25): Data Processing -- Immediate 100x, Branches/Exception/System
// 101x, Loads and Stores x1x0, Data Processing -- Register x101, Scalar FP and Advanced SIMD
// x111. A row in the wrong section, or with a mistyped fixed bit there, fails.
TEST(IssDecoder, EveryRowLiesInItsSectionsEncodingClass) {
    struct Class {
        const char* section_prefix;
        uint32_t mask, value;  // over bits 28:25
    };
    const Class classes[] = {
        {"dp_imm", 0b1110u << 25, 0b1000u << 25}, {"branch_sys", 0b1110u << 25, 0b1010u << 25},
        {"ldst_", 0b0101u << 25, 0b0100u << 25},  {"dp_reg", 0b0111u << 25, 0b0101u << 25},
        {"fp_", 0b0111u << 25, 0b0111u << 25},    {"simd", 0b0111u << 25, 0b0111u << 25},
    };
    for (const auto& r : Decoder::instance().rows()) {
        const Class* c = nullptr;
        for (const auto& k : classes)
            if (std::strncmp(r.section, k.section_prefix, std::strlen(k.section_prefix)) == 0) c = &k;
        ASSERT_NE(c, nullptr) << r.name << ": section " << r.section << " has no encoding class here";
        EXPECT_EQ(r.mask & c->mask, c->mask) << r.name << ": op0 bits not all fixed";
        EXPECT_EQ(r.value & c->mask, c->value) << r.name << " (" << r.section << ") = " << r.pattern;
    }
}

// Two rows intersect when their fixed bits agree wherever both are fixed.
TEST(IssDecoder, EveryOverlapIsDeclared) {
    const Decoder& d = Decoder::instance();
    const auto& rows = d.rows();
    std::set<std::pair<int, int>> declared(d.overlaps().begin(), d.overlaps().end());
    std::set<std::pair<int, int>> found;
    for (size_t i = 0; i < rows.size(); ++i)
        for (size_t j = i + 1; j < rows.size(); ++j) {
            uint32_t common = rows[i].mask & rows[j].mask;
            if ((rows[i].value & common) != (rows[j].value & common)) continue;
            found.insert({int(i), int(j)});
            EXPECT_TRUE(declared.count({int(i), int(j)}))
                << "undeclared overlap: " << rows[i].name << " / " << rows[j].name << " (add OVERLAP("
                << rows[i].name << ", " << rows[j].name << ") to a64_table.inc)";
        }
    for (auto [w, l] : declared) {
        EXPECT_LT(w, l) << "OVERLAP winner must come first: " << rows[w].name;
        EXPECT_TRUE(found.count({std::min(w, l), std::max(w, l)}))
            << "stale OVERLAP declaration " << rows[w].name << " / " << rows[l].name;
    }
}

TEST(IssDecoder, FieldExtraction) {
    const Decoder& d = Decoder::instance();
    // add x1, x2, #0x123, lsl #12 -> 0x91448c41
    const DecodeRow* r = d.decode(0x91448c41);
    ASSERT_NE(r, nullptr);
    EXPECT_STREQ(r->name, "ADD_imm");
    Fields f;
    d.extract(*r, 0x91448c41, f);
    EXPECT_EQ(f.sf(), 1u);
    EXPECT_EQ(f.sh(), 1u);
    EXPECT_EQ(f.imm(), 0x123u);
    EXPECT_EQ(f.Rn(), 2u);
    EXPECT_EQ(f.Rd(), 1u);
}

// Expected rows for encodings produced by binutils (an encoder independent of this table); every
// row of the base (non-SIMD&FP) sections must be selected by one of them.
TEST(IssDecoder, KnownEncodingsFromBinutils) {
    VP_NEED_AS();
    const std::vector<vp::iss::test::DecodeCase> cases = {
        {"adr x0, .", "ADR"},
        {"adrp x3, .", "ADRP"},
        {"add x1, sp, #16", "ADD_imm"},
        {"adds w1, w2, #4095", "ADDS_imm"},
        {"sub sp, sp, #32", "SUB_imm"},
        {"cmp x1, #3", "SUBS_imm"},
        {"and x0, x1, #0xff", "AND_imm"},
        {"orr w0, wzr, #0x55555555", "ORR_imm"},
        {"eor x2, x3, #0x8000000000000000", "EOR_imm"},
        {"tst w1, #1", "ANDS_imm"},
        {"movn x0, #1, lsl #16", "MOVN"},
        {"movz w0, #0xffff", "MOVZ"},
        {"movk x0, #1, lsl #48", "MOVK"},
        {"sbfx x0, x1, #3, #5", "SBFM"},
        {"bfi w0, w1, #3, #4", "BFM"},
        {"lsl x0, x1, #7", "UBFM"},
        {"extr x0, x1, x2, #9", "EXTR"},
        {"ror w0, w1, #3", "EXTR"},
        {"b.ne .", "B_cond"},
        {"svc #0", "SVC"},
        {"hvc #1", "HVC"},
        {"smc #2", "SMC"},
        {"brk #3", "BRK"},
        {"hlt #4", "HLT"},
        {"nop", "NOP"},
        {"wfi", "WFI"},
        {"wfe", "WFE"},
        {"sev", "SEV"},
        {"sevl", "SEVL"},
        {"yield", "HINT"},
        {"hint #34", "HINT"},
        {"clrex", "CLREX"},
        {"dsb sy", "DSB"},
        {"dmb ish", "DMB"},
        {"isb", "ISB"},
        {"msr daifset, #2", "MSR_imm"},
        {"msr spsel, #1", "MSR_imm"},
        {"ic iallu", "SYS"},
        {"dc civac, x0", "SYS"},
        {"sysl x3, #1, c2, c3, #4", "SYSL"},
        {"msr tpidr_el0, x1", "MSR_reg"},
        {"mrs x1, nzcv", "MRS"},
        {"mrs x0, cntvct_el0", "MRS"},
        {"br x3", "BR"},
        {"blr x4", "BLR"},
        {"ret", "RET"},
        {"eret", "ERET"},
        {"b .", "B"},
        {"bl .", "BL"},
        {"cbz w1, .", "CBZ"},
        {"cbnz x1, .", "CBNZ"},
        {"tbz x1, #40, .", "TBZ"},
        {"tbnz w1, #3, .", "TBNZ"},
        {"stxr w1, x2, [x3]", "STXR"},
        {"stlxrb w1, w2, [x3]", "STLXR"},
        {"ldxr x1, [sp]", "LDXR"},
        {"ldaxrh w1, [x2]", "LDAXR"},
        {"stxp w1, x2, x3, [x4]", "STXP"},
        {"stlxp w1, w2, w3, [x4]", "STLXP"},
        {"ldxp x1, x2, [x3]", "LDXP"},
        {"ldaxp w1, w2, [x3]", "LDAXP"},
        {"stlr x1, [x2]", "STLR"},
        {"ldarb w1, [x2]", "LDAR"},
        {"ldr w1, .", "LDR_lit_w"},
        {"ldr x1, .", "LDR_lit_x"},
        {"ldrsw x1, .", "LDRSW_lit"},
        {"prfm pldl1keep, .", "PRFM_lit"},
        {"stnp x1, x2, [x3]", "STNP"},
        {"ldnp w1, w2, [x3, #8]", "LDNP"},
        {"stp x29, x30, [sp, #-16]!", "STP_pre"},
        {"ldp x29, x30, [sp], #16", "LDP_post"},
        {"stp w1, w2, [x0, #4]", "STP_off"},
        {"ldp x1, x2, [x0, #-512]", "LDP_off"},
        {"stp x1, x2, [x0], #8", "STP_post"},
        {"ldp w1, w2, [x0, #4]!", "LDP_pre"},
        {"ldpsw x1, x2, [x3]", "LDPSW_off"},
        {"ldpsw x1, x2, [x3], #8", "LDPSW_post"},
        {"ldpsw x1, x2, [x3, #8]!", "LDPSW_pre"},
        {"sturb w1, [x2, #-1]", "STUR"},
        {"ldur x1, [x2, #255]", "LDUR"},
        {"ldursh x1, [x2, #1]", "LDURS_x"},
        {"ldursw x1, [x2, #1]", "LDURSW"},
        {"prfum pldl1keep, [x2, #1]", "PRFUM"},
        {"ldursb w1, [x2]", "LDURS_w"},
        {"str x1, [x2], #8", "STR_post"},
        {"ldrh w1, [x2], #-2", "LDR_post"},
        {"ldrsb x1, [x2], #1", "LDRS_x_post"},
        {"ldrsw x1, [x2], #4", "LDRSW_post"},
        {"ldrsh w1, [x2], #2", "LDRS_w_post"},
        {"sttrb w1, [x2]", "STTR"},
        {"ldtr x1, [x2, #8]", "LDTR"},
        {"ldtrsh x1, [x2]", "LDTRS_x"},
        {"ldtrsw x1, [x2]", "LDTRSW"},
        {"ldtrsb w1, [x2]", "LDTRS_w"},
        {"str w1, [x2, #4]!", "STR_pre"},
        {"ldrb w1, [x2, #1]!", "LDR_pre"},
        {"ldrsh x1, [x2, #2]!", "LDRS_x_pre"},
        {"ldrsw x1, [x2, #-4]!", "LDRSW_pre"},
        {"ldrsb w1, [x2, #1]!", "LDRS_w_pre"},
        {"str x1, [x2, x3, lsl #3]", "STR_reg"},
        {"ldrb w1, [x2, w3, sxtw]", "LDR_reg"},
        {"ldrsh x1, [x2, x3]", "LDRS_x_reg"},
        {"ldrsw x1, [x2, w3, uxtw #2]", "LDRSW_reg"},
        {"prfm pldl2strm, [x2, x3]", "PRFM_reg"},
        {"ldrsb w1, [x2, x3]", "LDRS_w_reg"},
        {"str x1, [x2, #32760]", "STR_uimm"},
        {"ldr w1, [sp, #4]", "LDR_uimm"},
        {"ldrsb x1, [x2, #4095]", "LDRS_x_uimm"},
        {"ldrsw x1, [x2, #4]", "LDRSW_uimm"},
        {"prfm pstl1keep, [x2]", "PRFM_uimm"},
        {"ldrsh w1, [x2, #2]", "LDRS_w_uimm"},
        {"and x1, x2, x3, lsl #4", "AND_shift"},
        {"bic w1, w2, w3, ror #3", "BIC_shift"},
        {"mov x1, x2", "ORR_shift"},
        {"mvn x1, x2", "ORN_shift"},
        {"eor w1, w2, w3", "EOR_shift"},
        {"eon x1, x2, x3, asr #63", "EON_shift"},
        {"tst x1, x2", "ANDS_shift"},
        {"bics w1, w2, w3", "BICS_shift"},
        {"add x1, x2, x3, lsr #2", "ADD_shift"},
        {"adds w1, w2, w3", "ADDS_shift"},
        {"neg x1, x2", "SUB_shift"},
        {"cmp w1, w2, asr #4", "SUBS_shift"},
        {"add x1, sp, w2, uxtw #2", "ADD_ext"},
        {"adds x1, x2, w3, sxtb", "ADDS_ext"},
        {"sub sp, sp, x1", "SUB_ext"},
        {"cmp sp, x1", "SUBS_ext"},
        {"adc x1, x2, x3", "ADC"},
        {"adcs w1, w2, w3", "ADCS"},
        {"sbc x1, x2, x3", "SBC"},
        {"ngcs w1, w2", "SBCS"},
        {"ccmn x1, x2, #4, ne", "CCMN_reg"},
        {"ccmp w1, w2, #0, eq", "CCMP_reg"},
        {"ccmn w1, #31, #15, lt", "CCMN_imm"},
        {"ccmp x1, #3, #2, hi", "CCMP_imm"},
        {"csel x1, x2, x3, eq", "CSEL"},
        {"cset w1, ne", "CSINC"},
        {"csinv x1, x2, x3, ge", "CSINV"},
        {"cneg x1, x2, mi", "CSNEG"},
        {"mul x1, x2, x3", "MADD"},
        {"mneg w1, w2, w3", "MSUB"},
        {"smull x1, w2, w3", "SMADDL"},
        {"smsubl x1, w2, w3, x4", "SMSUBL"},
        {"smulh x1, x2, x3", "SMULH"},
        {"umaddl x1, w2, w3, x4", "UMADDL"},
        {"umnegl x1, w2, w3", "UMSUBL"},
        {"umulh x1, x2, x3", "UMULH"},
        {"udiv w1, w2, w3", "UDIV"},
        {"sdiv x1, x2, x3", "SDIV"},
        {"lsl x1, x2, x3", "LSLV"},
        {"lsr w1, w2, w3", "LSRV"},
        {"asr x1, x2, x3", "ASRV"},
        {"ror w1, w2, w3", "RORV"},
        {"crc32b w1, w2, w3", "CRC32"},
        {"crc32cx w1, w2, x3", "CRC32"},
        {"rbit x1, x2", "RBIT"},
        {"rev16 w1, w2", "REV16"},
        {"rev32 x1, x2", "REV32"},
        {"rev w1, w2", "REV32"},
        {"rev x1, x2", "REV64"},
        {"clz w1, w2", "CLZ"},
        {"cls x1, x2", "CLS"},
        {"fadd s1, s2, s3", "FADD_fp"},
        {"fmadd d1, d2, d3, d4", "FMADD_fp"},
        {"fcmp s1, #0.0", "FCMP_zero_fp"},
        {"fcvtzs x1, d2", "FCVTZS_int_fp"},
        {"scvtf s1, w2, #8", "SCVTF_fix_fp"},
        {"fmov v1.d[1], x2", "FMOV_gen_to_top_fp"},
        {"casal x1, x2, [x3]", "CAS"},
        {"casb w1, w2, [sp]", "CAS"},
        {"caspl x2, x3, x4, x5, [x6]", "CASP"},
        {"ldaddal x1, x2, [x3]", "LDADD"},
        {"stclrb w1, [x3]", "LDCLR"},
        {"ldeorh w1, w2, [x3]", "LDEOR"},
        {"ldseta w1, w2, [x3]", "LDSET"},
        {"ldsmax x1, x2, [x3]", "LDSMAX"},
        {"ldsminl w1, w2, [x3]", "LDSMIN"},
        {"ldumaxb w1, w2, [x3]", "LDUMAX"},
        {"stuminl x1, [x3]", "LDUMIN"},
        {"swpal x1, x2, [x3]", "SWP"},
    };
    vp::iss::test::expect_decodes_to(
        cases,
        {"dp_imm", "branch_sys", "ldst_excl", "ldst_atomic", "ldst_lit", "ldst_pair", "ldst_reg", "dp_reg"},
        ".arch armv8.1-a+crc\n");
}

TEST(IssDecoder, UnallocatedWordsDoNotDecode) {
    const Decoder& d = Decoder::instance();
    EXPECT_EQ(d.decode(0x00000000), nullptr);  // UDF #0 space
    EXPECT_EQ(d.decode(0xFFFFFFFF), nullptr);
}
