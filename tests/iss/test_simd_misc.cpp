// Integer AdvSIMD two-register misc, shift by immediate, modified immediate and copy: binutils
// encodings decode to the expected rows, known inputs give the results derived by hand from the
// ARM ARM pseudocode, reserved encodings are UNDEFINED.
#include <cstring>

#include "decode_check.h"
#include "iss/frontend/decoder.h"
#include "machine.h"

using namespace vp::iss;
using namespace vp::iss::test;

namespace {

constexpr uint32_t kQc = 1u << 27;

struct SimdMachine : Machine {
    SimdMachine() { cpu.write_sysreg(SysReg::CPACR_EL1, 3u << 20); }  // FPEN: no FP/SIMD trap
    void setv(unsigned r, uint64_t lo, uint64_t hi) {
        cpu.v[r][0] = lo;
        cpu.v[r][1] = hi;
    }
    // Runs `src` followed by WFI.
    void exec(const std::string& src) {
        ASSERT_TRUE(load(src + "\n wfi\n"));
        ASSERT_EQ(cpu.run(1000), StopReason::wfi) << "ESR 0x" << std::hex << esr();
    }
};

#define EXPECT_V(m, r, lo, hi)                                           \
    do {                                                                 \
        EXPECT_EQ((m).cpu.v[r][0], uint64_t(lo)) << "V" << (r) << " lo"; \
        EXPECT_EQ((m).cpu.v[r][1], uint64_t(hi)) << "V" << (r) << " hi"; \
    } while (0)

}  // namespace

TEST(IssSimdMisc, KnownEncodingsFromBinutils) {
    VP_NEED_AS();
    const std::vector<DecodeCase> cases = {
        {"movi v0.4s, #0x12, lsl #8", "MOVI_lsl32_mi"},
        {"orr v0.2s, #0x12, lsl #24", "ORR_lsl32_mi"},
        {"movi v0.8h, #0x12, lsl #8", "MOVI_lsl16_mi"},
        {"orr v0.4h, #0x12", "ORR_lsl16_mi"},
        {"movi v0.4s, #0x12, msl #16", "MOVI_msl_mi"},
        {"movi v0.16b, #0xaa", "MOVI_8_mi"},
        {"fmov v0.4s, #1.0", "FMOV_s_mi"},
        {"mvni v0.2s, #0x12", "MVNI_lsl32_mi"},
        {"bic v0.4s, #0xff, lsl #24", "BIC_lsl32_mi"},
        {"mvni v0.8h, #0x12, lsl #8", "MVNI_lsl16_mi"},
        {"bic v0.4h, #0x1", "BIC_lsl16_mi"},
        {"mvni v0.4s, #0x12, msl #8", "MVNI_msl_mi"},
        {"movi d0, #0xff00ff00ff00ff00", "MOVI_64_mi"},
        {"movi v0.2d, #0xff", "MOVI_64_mi"},
        {"fmov v0.2d, #-2.0", "FMOV_d_mi"},
        {"sshr v1.4s, v2.4s, #3", "SSHR_imm_v"},
        {"ssra v1.8b, v2.8b, #8", "SSRA_imm_v"},
        {"srshr v1.2d, v2.2d, #64", "SRSHR_imm_v"},
        {"srsra v1.4h, v2.4h, #1", "SRSRA_imm_v"},
        {"shl v1.16b, v2.16b, #7", "SHL_imm_v"},
        {"sqshl v1.2s, v2.2s, #31", "SQSHL_imm_v"},
        {"shrn v1.8b, v2.8h, #8", "SHRN_imm_v"},
        {"rshrn2 v1.8h, v2.4s, #3", "RSHRN_imm_v"},
        {"sqshrn v1.2s, v2.2d, #32", "SQSHRN_imm_v"},
        {"sqrshrn2 v1.16b, v2.8h, #1", "SQRSHRN_imm_v"},
        {"sshll v1.8h, v2.8b, #0", "SSHLL_imm_v"},
        {"sxtl2 v1.2d, v2.4s", "SSHLL_imm_v"},
        {"ushr v1.2d, v2.2d, #1", "USHR_imm_v"},
        {"usra v1.4s, v2.4s, #32", "USRA_imm_v"},
        {"urshr v1.8h, v2.8h, #16", "URSHR_imm_v"},
        {"ursra v1.2s, v2.2s, #5", "URSRA_imm_v"},
        {"sri v1.16b, v2.16b, #8", "SRI_imm_v"},
        {"sli v1.2d, v2.2d, #63", "SLI_imm_v"},
        {"sqshlu v1.8h, v2.8h, #15", "SQSHLU_imm_v"},
        {"uqshl v1.4s, v2.4s, #0", "UQSHL_imm_v"},
        {"sqshrun v1.4h, v2.4s, #16", "SQSHRUN_imm_v"},
        {"sqrshrun2 v1.4s, v2.2d, #7", "SQRSHRUN_imm_v"},
        {"uqshrn v1.8b, v2.8h, #2", "UQSHRN_imm_v"},
        {"uqrshrn v1.2s, v2.2d, #32", "UQRSHRN_imm_v"},
        {"uxtl v1.8h, v2.8b", "USHLL_imm_v"},
        {"sshr d1, d2, #64", "SSHR_imm_sv"},
        {"ssra d1, d2, #1", "SSRA_imm_sv"},
        {"srshr d1, d2, #3", "SRSHR_imm_sv"},
        {"srsra d1, d2, #3", "SRSRA_imm_sv"},
        {"shl d1, d2, #63", "SHL_imm_sv"},
        {"sqshl b1, b2, #7", "SQSHL_imm_sv"},
        {"sqshrn s1, d2, #32", "SQSHRN_imm_sv"},
        {"sqrshrn h1, s2, #1", "SQRSHRN_imm_sv"},
        {"ushr d1, d2, #64", "USHR_imm_sv"},
        {"usra d1, d2, #2", "USRA_imm_sv"},
        {"urshr d1, d2, #2", "URSHR_imm_sv"},
        {"ursra d1, d2, #2", "URSRA_imm_sv"},
        {"sri d1, d2, #64", "SRI_imm_sv"},
        {"sli d1, d2, #0", "SLI_imm_sv"},
        {"sqshlu s1, s2, #3", "SQSHLU_imm_sv"},
        {"uqshl h1, h2, #15", "UQSHL_imm_sv"},
        {"sqshrun b1, h2, #8", "SQSHRUN_imm_sv"},
        {"sqrshrun h1, s2, #16", "SQRSHRUN_imm_sv"},
        {"uqshrn s1, d2, #1", "UQSHRN_imm_sv"},
        {"uqrshrn b1, h2, #4", "UQRSHRN_imm_sv"},
        {"rev64 v1.4s, v2.4s", "REV64_v"},
        {"rev16 v1.16b, v2.16b", "REV16_v"},
        {"rev32 v1.4h, v2.4h", "REV32_v"},
        {"saddlp v1.2d, v2.4s", "SADDLP_v"},
        {"uaddlp v1.4h, v2.8b", "UADDLP_v"},
        {"suqadd v1.2d, v2.2d", "SUQADD_v"},
        {"usqadd v1.8b, v2.8b", "USQADD_v"},
        {"cls v1.4s, v2.4s", "CLS_v"},
        {"clz v1.8h, v2.8h", "CLZ_v"},
        {"cnt v1.8b, v2.8b", "CNT_v"},
        {"sadalp v1.1d, v2.2s", "SADALP_v"},
        {"uadalp v1.8h, v2.16b", "UADALP_v"},
        {"sqabs v1.2d, v2.2d", "SQABS_v"},
        {"sqneg v1.4h, v2.4h", "SQNEG_v"},
        {"cmgt v1.4s, v2.4s, #0", "CMGT_z_v"},
        {"cmeq v1.2d, v2.2d, #0", "CMEQ_z_v"},
        {"cmlt v1.8b, v2.8b, #0", "CMLT_z_v"},
        {"cmge v1.8h, v2.8h, #0", "CMGE_z_v"},
        {"cmle v1.16b, v2.16b, #0", "CMLE_z_v"},
        {"abs v1.2d, v2.2d", "ABS_v"},
        {"neg v1.2s, v2.2s", "NEG_v"},
        {"xtn v1.8b, v2.8h", "XTN_v"},
        {"xtn2 v1.4s, v2.2d", "XTN_v"},
        {"sqxtn v1.4h, v2.4s", "SQXTN_v"},
        {"uqxtn2 v1.16b, v2.8h", "UQXTN_v"},
        {"sqxtun v1.2s, v2.2d", "SQXTUN_v"},
        {"shll v1.8h, v2.8b, #8", "SHLL_v"},
        {"shll2 v1.2d, v2.4s, #32", "SHLL_v"},
        {"mvn v1.16b, v2.16b", "NOT_v"},
        {"rbit v1.8b, v2.8b", "RBIT_v"},
        {"suqadd b1, b2", "SUQADD_sv"},
        {"usqadd d1, d2", "USQADD_sv"},
        {"sqabs h1, h2", "SQABS_sv"},
        {"sqneg s1, s2", "SQNEG_sv"},
        {"cmgt d1, d2, #0", "CMGT_z_sv"},
        {"cmeq d1, d2, #0", "CMEQ_z_sv"},
        {"cmlt d1, d2, #0", "CMLT_z_sv"},
        {"cmge d1, d2, #0", "CMGE_z_sv"},
        {"cmle d1, d2, #0", "CMLE_z_sv"},
        {"abs d1, d2", "ABS_sv"},
        {"neg d1, d2", "NEG_sv"},
        {"sqxtn b1, h2", "SQXTN_sv"},
        {"uqxtn s1, d2", "UQXTN_sv"},
        {"sqxtun h1, s2", "SQXTUN_sv"},
        {"dup v1.8h, v2.h[7]", "DUP_elem_v"},
        {"dup v1.2d, x2", "DUP_gen_v"},
        {"smov x1, v2.s[3]", "SMOV_v"},
        {"smov w1, v2.b[15]", "SMOV_v"},
        {"umov w1, v2.h[1]", "UMOV_v"},
        {"mov x1, v2.d[1]", "UMOV_v"},
        {"mov w1, v2.s[2]", "UMOV_v"},
        {"mov v1.s[2], w2", "INS_gen_v"},
        {"mov v1.d[1], v2.d[0]", "INS_elem_v"},
        {"mov b1, v2.b[9]", "DUP_elem_sv"},
    };
    expect_decodes_to(cases);
}

// SignedSatQ/UnsignedSatQ narrowing: saturated lanes clamp and set FPSR.QC; XTN2 keeps the
// lower half of the destination.
TEST(IssSimdMisc, NarrowingSaturatesAndSetsQc) {
    VP_NEED_AS();
    SimdMachine m;
    // h lanes 0..7: 0x7fff, 0x0080, 0xff7f (-129), 0x0005 | 0x8000, 0xffff, 0x007f, 0x0000
    m.setv(1, 0x0005ff7f00807fffull, 0x0000007fffff8000ull);
    m.setv(4, 0x1111111111111111ull, 0x2222222222222222ull);
    m.setv(5, 0x0000000100000002ull, 0);
    m.exec("uqxtn v2.8b, v1.8h\n sqxtun v3.8b, v1.8h\n xtn2 v4.16b, v1.8h\n xtn v5.4h, v5.4s");
    EXPECT_EQ(m.cpu.fpsr & kQc, kQc);
    EXPECT_V(m, 2, 0x007fffff05ff80ffull, 0);
    EXPECT_V(m, 3, 0x007f0000050080ffull, 0);
    EXPECT_V(m, 4, 0x1111111111111111ull, 0x007fff00057f80ffull);
    EXPECT_V(m, 5, 0x0000000000010002ull, 0);

    SimdMachine q;
    q.setv(1, 0x0005ff7f00807fffull, 0x0000007fffff8000ull);
    q.exec("sqxtn v0.8b, v1.8h");
    EXPECT_V(q, 0, 0x007fff8005807f7full, 0);
    EXPECT_EQ(q.cpu.fpsr & kQc, kQc);
}

TEST(IssSimdMisc, TwoRegisterMiscellaneous) {
    VP_NEED_AS();
    SimdMachine m;
    // s lanes: 0xffffffff, 0x00ff0000 | 0x00000000, 0x80000000
    m.setv(1, 0x00ff0000ffffffffull, 0x8000000000000000ull);
    m.setv(7, 0xdead, 0xbeef);
    m.setv(10, 0, 0x1234);
    m.setv(11, 1, 2);
    m.setv(16, 1, 0xffff);
    m.exec(
        "cls v0.4s, v1.4s\n clz v2.4s, v1.4s\n cnt v3.8b, v1.8b\n rev64 v4.4s, v1.4s\n neg v5.2d, v1.2d\n"
        "abs d7, d1\n cmlt v8.4s, v1.4s, #0\n cmeq d9, d10, #0\n uadalp v11.2d, v1.4s\n"
        "saddlp v12.2d, v1.4s\n shll2 v13.2d, v1.4s, #32\n sxtl v14.2d, v1.2s\n rbit v15.8b, v16.8b\n"
        "rev16 v17.16b, v1.16b\n mvn v18.8b, v1.8b");
    EXPECT_EQ(m.cpu.fpsr & kQc, 0u);
    EXPECT_V(m, 0, 0x000000070000001full, 0x000000000000001full);
    EXPECT_V(m, 2, 0x0000000800000000ull, 0x0000000000000020ull);
    EXPECT_V(m, 3, 0x0008000008080808ull, 0);
    EXPECT_V(m, 4, 0xffffffff00ff0000ull, 0x0000000080000000ull);
    EXPECT_V(m, 5, 0xff00ffff00000001ull, 0x8000000000000000ull);  // NEG of INT64_MIN wraps
    EXPECT_V(m, 7, 0x00ff0000ffffffffull, 0);
    EXPECT_V(m, 8, 0x00000000ffffffffull, 0xffffffff00000000ull);
    EXPECT_V(m, 9, ~0ull, 0);
    EXPECT_V(m, 11, 0x00000001'00ff0000ull, 0x80000002ull);
    EXPECT_V(m, 12, 0x0000000000feffffull, 0xffffffff80000000ull);
    EXPECT_V(m, 13, 0, 0x8000000000000000ull);
    EXPECT_V(m, 14, ~0ull, 0x0000000000ff0000ull);
    EXPECT_V(m, 15, 0x80, 0);
    EXPECT_V(m, 17, 0xff000000ffffffffull, 0x0080000000000000ull);
    EXPECT_V(m, 18, 0xff00ffff00000000ull, 0);

    SimdMachine s;
    s.setv(1, 0, 0x8000000000000000ull);
    s.setv(17, 0x7f, 0);
    s.setv(18, 0x01, 0);
    s.setv(19, 0x01, 0);
    s.setv(20, 0xfe, 0);
    s.exec("sqneg v6.2d, v1.2d\n suqadd b17, b18\n usqadd b19, b20");
    EXPECT_V(s, 6, 0, 0x7fffffffffffffffull);
    EXPECT_V(s, 17, 0x7f, 0);
    EXPECT_V(s, 19, 0, 0);
    EXPECT_EQ(s.cpu.fpsr & kQc, kQc);
}

// Shift amounts at the ends of their ranges (esize for right shifts, esize - 1 for left).
TEST(IssSimdMisc, ShiftByImmediateExtremes) {
    VP_NEED_AS();
    SimdMachine m;
    m.setv(1, 0x8000000000000000ull, 1);
    m.setv(5, 0x1234, 0x5678);
    m.setv(6, 0x7fffffffffffffffull, 0);
    m.setv(8, 0x08000000, 0);
    m.setv(10, 0x1000, 0);
    m.exec(
        "urshr d0, d1, #64\n sshr d2, d1, #64\n ushr d3, d1, #64\n srshr d4, d1, #1\n sri d5, d1, #64\n"
        "sli v6.2d, v1.2d, #63\n sqshlu s7, s8, #4\n rshrn v9.8b, v10.8h, #8\n ssra v11.2d, v1.2d, #63");
    EXPECT_EQ(m.cpu.fpsr & kQc, 0u);
    EXPECT_V(m, 0, 1, 0);
    EXPECT_V(m, 2, ~0ull, 0);
    EXPECT_V(m, 3, 0, 0);
    EXPECT_V(m, 4, 0xc000000000000000ull, 0);
    EXPECT_V(m, 5, 0x1234, 0);
    EXPECT_V(m, 6, 0x7fffffffffffffffull, 0x8000000000000000ull);
    EXPECT_V(m, 7, 0x80000000ull, 0);
    EXPECT_V(m, 9, 0x10, 0);    // (0x1000 + 0x80) >> 8
    EXPECT_V(m, 11, ~0ull, 0);  // 0 + (INT64_MIN >> 63), 0 + (1 >> 63)

    SimdMachine q;
    q.setv(10, 0x03, 0);
    q.setv(12, 0x0000000000008000ull, 0);
    q.exec("uqshl b9, b10, #7\n sqshrn b11, h12, #1");
    EXPECT_V(q, 9, 0xff, 0);
    EXPECT_V(q, 11, 0x80, 0);  // -32768 >> 1 = -16384 saturates to -128
    EXPECT_EQ(q.cpu.fpsr & kQc, kQc);
}

TEST(IssSimdMisc, ModifiedImmediate) {
    VP_NEED_AS();
    SimdMachine m;
    m.setv(2, 0x0001000100010001ull, 0x0001000100010001ull);
    m.setv(3, ~0ull, ~0ull);
    for (unsigned r : {0u, 1u, 4u, 5u, 6u, 7u, 8u, 9u}) m.setv(r, 0x5555, 0xaaaa);
    m.exec(
        "movi v0.4s, #0x12, lsl #8\n mvni v1.4s, #0x12, msl #16\n orr v2.8h, #0x34, lsl #8\n"
        "bic v3.2s, #0xff\n movi d4, #0xff00ff00ff00ff00\n movi v5.2d, #0x00ff0000000000ff\n"
        "fmov v6.4s, #1.0\n fmov v7.2d, #-2.0\n fmov v8.2s, #0.125\n movi v9.8b, #0xa5");
    EXPECT_V(m, 0, 0x0000120000001200ull, 0x0000120000001200ull);
    EXPECT_V(m, 1, 0xffed0000ffed0000ull, 0xffed0000ffed0000ull);
    EXPECT_V(m, 2, 0x3401340134013401ull, 0x3401340134013401ull);
    EXPECT_V(m, 3, 0xffffff00ffffff00ull, 0);
    EXPECT_V(m, 4, 0xff00ff00ff00ff00ull, 0);
    EXPECT_V(m, 5, 0x00ff0000000000ffull, 0x00ff0000000000ffull);
    EXPECT_V(m, 6, 0x3f8000003f800000ull, 0x3f8000003f800000ull);
    EXPECT_V(m, 7, 0xc000000000000000ull, 0xc000000000000000ull);
    EXPECT_V(m, 8, 0x3e0000003e000000ull, 0);
    EXPECT_V(m, 9, 0xa5a5a5a5a5a5a5a5ull, 0);
}

TEST(IssSimdMisc, CopyForms) {
    VP_NEED_AS();
    SimdMachine m;
    m.setv(1, 0x8877665544332211ull, 0xffeeddccbbaa9980ull);
    m.setv(4, 0x0123456789abcdefull, 0xfedcba9876543210ull);
    m.setv(7, 0xdead, 0xbeef);
    m.cpu.set_xreg(5, 0x12345678);
    m.exec(
        "umov w0, v1.h[5]\n smov x2, v1.h[5]\n smov w3, v1.b[8]\n mov x4, v1.d[1]\n dup v2.8h, w5\n"
        "dup v3.2s, v1.s[3]\n ins v4.s[2], w5\n mov v6.b[15], v1.b[0]\n mov h7, v1.h[3]\n dup v8.16b, wzr");
    EXPECT_EQ(m.cpu.xreg(0), 0xbbaau);
    EXPECT_EQ(m.cpu.xreg(2), 0xffffffffffffbbaaull);
    EXPECT_EQ(m.cpu.xreg(3), 0xffffff80ull);
    EXPECT_EQ(m.cpu.xreg(4), 0xffeeddccbbaa9980ull);
    EXPECT_V(m, 2, 0x5678567856785678ull, 0x5678567856785678ull);
    EXPECT_V(m, 3, 0xffeeddccffeeddccull, 0);
    EXPECT_V(m, 4, 0x0123456789abcdefull, 0xfedcba9812345678ull);
    EXPECT_V(m, 6, 0, 0x1100000000000000ull);
    EXPECT_V(m, 7, 0x8877, 0);
    EXPECT_V(m, 8, 0, 0);
}

// Reserved size/immh/Q/imm5 combinations (ARM ARM C7.2 decode pseudocode) are UNDEFINED.
TEST(IssSimdMisc, ReservedEncodingsAreUndefined) {
    const uint32_t words[] = {
        0x0e605800,  // CNT .4h (size != 00)
        0x0f400400,  // SSHR immh = 1xxx with Q = 0
        0x5f090400,  // SSHR (scalar) immh = 0001
        0x5f000400,  // scalar shift by immediate with immh = 0000
        0x0f408400,  // SHRN immh = 1xxx
        0x0f00fc00,  // FMOV (vector, immediate) half precision: FEAT_FP16
        0x2f00f400,  // FMOV .1D (op = 1, cmode = 1111, Q = 0)
        0x0e083c00,  // UMOV Wd, Vn.D
        0x0e042c00,  // SMOV Wd, Vn.S
        0x0e080400,  // DUP .1D
        0x0e100400,  // DUP imm5 = x0000
        0x5ea0b800,  // ABS (scalar) size != 11
        0x0ee12800,  // XTN size = 11
        0x2ea05800,  // NOT/RBIT size = 1x
        0x0ee0b800,  // ABS .1D
    };
    for (uint32_t w : words) {
        SimdMachine m;
        m.mem.put32(kText, w);
        m.cpu.step_one();
        EXPECT_EQ(m.esr() >> 26, 0u) << std::hex << w;  // EC 0x00: unknown reason
        EXPECT_EQ(m.elr(), kText) << std::hex << w;
    }
}

// With CPACR_EL1.FPEN = 0 a valid SIMD instruction traps with EC 0x07.
TEST(IssSimdMisc, TrapsWhenFpDisabled) {
    VP_NEED_AS();
    Machine m;
    ASSERT_TRUE(m.load("movi v0.16b, #1"));
    m.cpu.step_one();
    EXPECT_EQ(m.esr() >> 26, 0x07u);
    EXPECT_EQ(m.cpu.v[0][0], 0u);
}
