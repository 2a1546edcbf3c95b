// Integer AdvSIMD (simd_int rows): known encodings assembled by binutils, expected values derived
// by hand from the ARM ARM pseudocode (C7.2), decode spot checks and reserved encodings.
#include "decode_check.h"
#include "iss/frontend/decoder.h"
#include "machine.h"

using namespace vp::iss;
using namespace vp::iss::test;

namespace {

constexpr uint32_t kQc = 1u << 27;

struct SimdMachine {
    Machine m;
    SimdMachine() { m.cpu.write_sysreg(SysReg::CPACR_EL1, 3u << 20); }
    void setv(unsigned r, uint64_t hi, uint64_t lo) {
        m.cpu.v[r][0] = lo;
        m.cpu.v[r][1] = hi;
    }
    uint64_t lo(unsigned r) const { return m.cpu.v[r][0]; }
    uint64_t hi(unsigned r) const { return m.cpu.v[r][1]; }
    // Executes the instructions of `src` one by one from kText.
    bool run(const std::string& src) {
        auto words = assemble(src);
        if (words.empty()) return false;
        for (size_t i = 0; i < words.size(); ++i) m.mem.put32(kText + 4 * i, words[i]);
        m.cpu.invalidate_code(kText, kText + 4 * words.size());
        m.cpu.pc = kText;
        for (size_t i = 0; i < words.size(); ++i) m.cpu.step_one();
        return true;
    }
    // Executes one raw word; returns true if it raised an exception.
    bool raw_faults(uint32_t w) {
        m.mem.put32(kText, w);
        m.cpu.invalidate_code(kText, kText + 4);
        m.cpu.pc = kText;
        m.cpu.write_sysreg(SysReg::ESR_EL1, 0xdead);
        m.cpu.step_one();
        return m.cpu.read_sysreg(SysReg::ESR_EL1) != 0xdead;
    }
};

}  // namespace

TEST(IssSimdInt, ThreeSameArithmeticAndSaturation) {
    VP_NEED_AS();
    SimdMachine s;
    s.setv(1, 0x1111111111111111, 0x00000001ffffffff);
    s.setv(2, 0x2222222222222222, 0x0000000200000001);
    s.setv(0, ~0ull, ~0ull);
    ASSERT_TRUE(s.run("add v0.2s, v1.2s, v2.2s"));
    EXPECT_EQ(s.lo(0), 0x0000000300000000u);  // 0xffffffff + 1 wraps; Q = 0 clears bits 127:64
    EXPECT_EQ(s.hi(0), 0u);

    s.setv(1, 0, 0x807f);
    s.setv(2, 0, 0xff01);
    s.m.cpu.fpsr = 0;
    ASSERT_TRUE(s.run("sqadd v0.8b, v1.8b, v2.8b"));
    EXPECT_EQ(s.lo(0), 0x807fu);  // 127 + 1 -> 127, -128 + -1 -> -128
    EXPECT_EQ(s.m.cpu.fpsr, kQc);

    s.setv(1, 0, 0x0005000300000000);
    s.setv(2, 0, 0x0002000400000000);
    s.m.cpu.fpsr = 0;
    ASSERT_TRUE(s.run("uqsub v3.8h, v1.8h, v2.8h\n uqadd v4.8h, v1.8h, v2.8h"));
    EXPECT_EQ(s.lo(3), 0x0003000000000000u);  // 3 - 4 -> 0 (QC), 5 - 2 = 3
    EXPECT_EQ(s.lo(4), 0x0007000700000000u);
    EXPECT_EQ(s.m.cpu.fpsr, kQc);

    // SQDMULH / SQRDMULH: (2ab [+ 0x8000]) >> 16; 0x8000 * 0x8000 saturates.
    s.setv(1, 0, 0x000000c040008000);
    s.setv(2, 0, 0x0000008040008000);
    s.m.cpu.fpsr = 0;
    ASSERT_TRUE(s.run("sqdmulh v5.4h, v1.4h, v2.4h\n sqrdmulh v6.4h, v1.4h, v2.4h"));
    EXPECT_EQ(s.lo(5), 0x000000002000'7fffu);
    EXPECT_EQ(s.lo(6), 0x000000012000'7fffu);
    EXPECT_EQ(s.m.cpu.fpsr, kQc);

    // PMUL: 3 * 3 = 5, 0xff * 0xff = 0x5555 -> low byte 0x55. CMHI / CMGE.
    s.setv(1, 0, 0xff03);
    s.setv(2, 0, 0xff03);
    ASSERT_TRUE(s.run("pmul v7.8b, v1.8b, v2.8b\n pmull v8.8h, v1.8b, v2.8b"));
    EXPECT_EQ(s.lo(7), 0x5505u);
    EXPECT_EQ(s.lo(8), 0x0000000055550005u);
    EXPECT_EQ(s.hi(8), 0u);
    s.setv(1, 0, 0x80'01);
    s.setv(2, 0, 0x01'80);
    ASSERT_TRUE(s.run("cmhi v9.8b, v1.8b, v2.8b\n cmge v10.8b, v1.8b, v2.8b"));
    EXPECT_EQ(s.lo(9), 0xff00u);               // unsigned: 0x80 > 0x01, 0x01 < 0x80
    EXPECT_EQ(s.lo(10), 0xffffffffffff00ffu);  // signed: -128 < 1, 1 >= -128, 0 >= 0
}

TEST(IssSimdInt, ShiftByRegister) {
    VP_NEED_AS();
    SimdMachine s;
    // lanes: (3, -1), (0x80, -8), (0x40, +1), (0x01, +8)
    s.setv(1, 0, 0x01408003);
    s.setv(2, 0, 0x0801f8ff);
    s.m.cpu.fpsr = 0;
    ASSERT_TRUE(
        s.run("srshl v3.8b, v1.8b, v2.8b\n urshl v4.8b, v1.8b, v2.8b\n"
              "sshl v5.8b, v1.8b, v2.8b\n ushl v6.8b, v1.8b, v2.8b"));
    EXPECT_EQ(s.lo(3), 0x00800002u);  // (3+1)>>1 = 2; (-128+128)>>8 = 0; 0x40<<1 = 0x80; 1<<8 -> 0
    EXPECT_EQ(s.lo(4), 0x00800102u);  // unsigned (128+128)>>8 = 1
    EXPECT_EQ(s.lo(5), 0x0080ff01u);  // 3>>1 = 1; -128>>8 = -1
    EXPECT_EQ(s.lo(6), 0x00800001u);
    EXPECT_EQ(s.m.cpu.fpsr, 0u);
    ASSERT_TRUE(s.run("sqshl v7.8b, v1.8b, v2.8b"));
    EXPECT_EQ(s.lo(7), 0x7f7fff01u);  // 0x40<<1 and 1<<8 saturate to 0x7f
    EXPECT_EQ(s.m.cpu.fpsr, kQc);
    s.m.cpu.fpsr = 0;
    ASSERT_TRUE(s.run("uqshl v8.8b, v1.8b, v2.8b"));
    EXPECT_EQ(s.lo(8), 0xff800001u);  // 256 saturates to 0xff
    EXPECT_EQ(s.m.cpu.fpsr, kQc);
    // Scalar D: URSHL by -64 keeps the rounding bit (the top bit); SRSHL gives 0.
    s.setv(1, 5, 0x8000000000000000);
    s.setv(2, 7, 0xc0);  // -64
    ASSERT_TRUE(s.run("urshl d9, d1, d2\n srshl d10, d1, d2"));
    EXPECT_EQ(s.lo(9), 1u);
    EXPECT_EQ(s.hi(9), 0u);
    EXPECT_EQ(s.lo(10), 0u);
}

TEST(IssSimdInt, LogicalSelect) {
    VP_NEED_AS();
    SimdMachine s;
    s.setv(1, 0xffffffffffffffff, 0xaaaaaaaaaaaaaaaa);  // n
    s.setv(2, 0x0000000000000000, 0x5555555555555555);  // m
    s.setv(3, 0x0f0f0f0f0f0f0f0f, 0xf0f0f0f0f0f0f0f0);
    s.setv(4, 0x0f0f0f0f0f0f0f0f, 0xf0f0f0f0f0f0f0f0);
    s.setv(5, 0x0f0f0f0f0f0f0f0f, 0xf0f0f0f0f0f0f0f0);
    ASSERT_TRUE(
        s.run("bsl v3.16b, v1.16b, v2.16b\n bit v4.16b, v1.16b, v2.16b\n bif v5.16b, v1.16b, v2.16b\n"
              "orn v6.8b, v1.8b, v2.8b"));
    EXPECT_EQ(s.lo(3), 0xa5a5a5a5a5a5a5a5u);  // d=1 -> n (a), d=0 -> m (5)
    EXPECT_EQ(s.hi(3), 0x0f0f0f0f0f0f0f0fu);  // hi: d selects n (ff) in 0x0f, m (00) elsewhere
    EXPECT_EQ(s.lo(4), 0xa0a0a0a0a0a0a0a0u);  // m = 0101...: n's bits there are 0; d kept where m = 0
    EXPECT_EQ(s.hi(4), 0x0f0f0f0f0f0f0f0fu);  // m = 0: d unchanged
    EXPECT_EQ(s.lo(5), 0xfafafafafafafafau);  // m = 0 bits take n (0xaa), m = 1 bits keep d (0x50)
    EXPECT_EQ(s.hi(5), 0xffffffffffffffffu);
    EXPECT_EQ(s.lo(6), 0xaaaaaaaaaaaaaaaau);  // n | ~m = 0xaa | 0xaa
    EXPECT_EQ(s.hi(6), 0u);
}

TEST(IssSimdInt, AcrossLanesAndPairwise) {
    VP_NEED_AS();
    SimdMachine s;
    s.setv(1, 0x0101010101010101, 0x0101010101010101);
    s.setv(2, 0xffffffffffffffff, 0xffffffffffffffff);
    s.setv(3, 0x8000000000000003, 0x7fffffff00000005);
    ASSERT_TRUE(
        s.run("addv b4, v1.16b\n saddlv h5, v2.16b\n uaddlv h6, v2.8b\n umaxv s7, v3.4s\n"
              "sminv s8, v3.4s\n addp d9, v3.2d\n addp v10.4s, v3.4s, v1.4s"));
    EXPECT_EQ(s.lo(4), 0x10u);
    EXPECT_EQ(s.hi(4), 0u);
    EXPECT_EQ(s.lo(5), 0xfff0u);  // 16 x -1
    EXPECT_EQ(s.lo(6), 8u * 0xffu);
    EXPECT_EQ(s.lo(7), 0x80000000u);
    EXPECT_EQ(s.lo(8), 0x80000000u);
    EXPECT_EQ(s.lo(9), 0xffffffff00000008u);
    // pairs: (5 + 0x7fffffff), (3 + 0x80000000), (0x01010101 * 2) twice
    EXPECT_EQ(s.lo(10), 0x8000000380000004u);
    EXPECT_EQ(s.hi(10), 0x0202020202020202u);
}

TEST(IssSimdInt, PermuteExtractTable) {
    VP_NEED_AS();
    SimdMachine s;
    s.setv(1, 0x0f0e0d0c0b0a0908, 0x0706050403020100);
    s.setv(2, 0x1f1e1d1c1b1a1918, 0x1716151413121110);
    ASSERT_TRUE(
        s.run("zip1 v3.16b, v1.16b, v2.16b\n uzp2 v4.8h, v1.8h, v2.8h\n trn1 v5.4s, v1.4s, v2.4s\n"
              "ext v6.16b, v1.16b, v2.16b, #3\n ext v7.8b, v1.8b, v2.8b, #7\n zip2 v8.2d, v1.2d, v2.2d"));
    EXPECT_EQ(s.lo(3), 0x1303120211011000u);
    EXPECT_EQ(s.hi(3), 0x1707160615051404u);
    EXPECT_EQ(s.lo(4), 0x0f0e0b0a07060302u);
    EXPECT_EQ(s.hi(4), 0x1f1e1b1a17161312u);
    EXPECT_EQ(s.lo(5), 0x1312111003020100u);
    EXPECT_EQ(s.hi(5), 0x1b1a19180b0a0908u);
    EXPECT_EQ(s.lo(6), 0x0a09080706050403u);
    EXPECT_EQ(s.hi(6), 0x1211100f0e0d0c0bu);
    EXPECT_EQ(s.lo(7), 0x1615141312111007u);
    EXPECT_EQ(s.hi(7), 0u);
    EXPECT_EQ(s.lo(8), 0x0f0e0d0c0b0a0908u);
    EXPECT_EQ(s.hi(8), 0x1f1e1d1c1b1a1918u);

    s.setv(3, 0, 0x10101010ff201f01);  // indices 1, 31, 32 (out), 255 (out), 16
    s.setv(4, ~0ull, 0xaaaaaaaaaaaaaaaa);
    s.setv(5, ~0ull, 0xaaaaaaaaaaaaaaaa);
    ASSERT_TRUE(s.run("tbl v4.16b, {v1.16b, v2.16b}, v3.16b\n tbx v5.8b, {v1.16b, v2.16b}, v3.8b"));
    EXPECT_EQ(s.lo(4), 0x1010101000001f01u);
    EXPECT_EQ(s.hi(4), 0u);  // index 0 -> byte 0 of v1 = 0
    EXPECT_EQ(s.lo(5), 0x10101010aaaa1f01u);
    EXPECT_EQ(s.hi(5), 0u);  // 64-bit TBX clears the upper half
}

TEST(IssSimdInt, ThreeDifferentLongNarrow) {
    VP_NEED_AS();
    SimdMachine s;
    s.setv(1, 0x0002ffff80007fff, 0);
    s.setv(2, 0xfffe000380007fff, 0);
    ASSERT_TRUE(s.run("smull2 v0.4s, v1.8h, v2.8h"));
    EXPECT_EQ(s.lo(0), 0x400000003fff0001u);
    EXPECT_EQ(s.hi(0), 0xfffffffcfffffffdu);

    s.setv(1, 0x1234123412341234, 0x1234123412341234);
    s.setv(2, 0x0100010001000100, 0x0100010001000100);
    s.setv(3, 0xdeadbeefdeadbeef, 0x1122334455667788);
    s.setv(4, 0x1280128012801280, 0x1280128012801280);
    s.setv(5, 0, 0);
    ASSERT_TRUE(
        s.run("addhn2 v3.16b, v1.8h, v2.8h\n rsubhn v6.8b, v4.8h, v5.8h\n subhn v7.8b, v4.8h, v5.8h\n"
              "uaddw2 v8.4s, v2.4s, v1.8h"));
    EXPECT_EQ(s.lo(3), 0x1122334455667788u);  // the "2" form keeps the lower half
    EXPECT_EQ(s.hi(3), 0x1313131313131313u);
    EXPECT_EQ(s.lo(6), 0x1313131313131313u);  // (0x1280 + 0x80) >> 8
    EXPECT_EQ(s.hi(6), 0u);
    EXPECT_EQ(s.lo(7), 0x1212121212121212u);
    EXPECT_EQ(s.lo(8), 0x0100133401001334u);  // 0x01000100 + 0x1234 per 32-bit lane
    EXPECT_EQ(s.hi(8), 0x0100133401001334u);

    s.setv(0, 0xffff, 0x7fffffff);
    s.setv(1, 0xffff, 1);
    s.setv(2, 0xffff, 1);
    s.m.cpu.fpsr = 0;
    ASSERT_TRUE(s.run("sqdmlal s0, h1, h2"));
    EXPECT_EQ(s.lo(0), 0x7fffffffu);  // 0x7fffffff + 2 saturates
    EXPECT_EQ(s.hi(0), 0u);
    EXPECT_EQ(s.m.cpu.fpsr, kQc);
    s.setv(1, 0, 0x80000000);
    s.setv(2, 0, 0x80000000);
    s.m.cpu.fpsr = 0;
    ASSERT_TRUE(s.run("sqdmull d3, s1, s2"));
    EXPECT_EQ(s.lo(3), 0x7fffffffffffffffu);
    EXPECT_EQ(s.m.cpu.fpsr, kQc);
}

TEST(IssSimdInt, ByElement) {
    VP_NEED_AS();
    SimdMachine s;
    s.setv(1, 0x0000000400000003, 0x0000000200000001);
    s.setv(2, 0x0000000300000000, 0);
    ASSERT_TRUE(s.run("mul v0.4s, v1.4s, v2.s[3]"));
    EXPECT_EQ(s.lo(0), 0x0000000600000003u);
    EXPECT_EQ(s.hi(0), 0x0000000c00000009u);
    // H elements: Rm is 4 bits, index = H:L:M.
    s.setv(15, 0xfffe000000000000, 0);  // h[7] = -2
    s.setv(1, 0x0004000300020001, 0x8000000000000000);
    s.setv(3, 0x0000000100000001, 0x0000000100000001);
    ASSERT_TRUE(
        s.run("mla v4.8h, v1.8h, v15.h[7]\n smlal2 v3.4s, v1.8h, v15.h[7]\n umull v5.4s, v1.4h, v15.h[7]"));
    EXPECT_EQ(s.lo(4), 0u);  // 0x8000 * -2 = 0 mod 2^16
    EXPECT_EQ(s.hi(4), 0xfff8fffafffcfffeu);
    EXPECT_EQ(s.lo(3), 0xfffffffdffffffffu);  // 1 + 1*-2 = -1, 1 + 2*-2 = -3
    EXPECT_EQ(s.hi(3), 0xfffffff9fffffffbu);  // 1 - 6, 1 - 8
    EXPECT_EQ(s.hi(5), 0x7fff000000000000u);  // 0x8000 * 0xfffe = 0x7fff0000
    s.setv(2, 0, 0x8000);
    s.setv(1, 0, 0x8000);
    s.m.cpu.fpsr = 0;
    ASSERT_TRUE(s.run("sqrdmulh h6, h1, v2.h[0]"));
    EXPECT_EQ(s.lo(6), 0x7fffu);
    EXPECT_EQ(s.m.cpu.fpsr, kQc);
}

TEST(IssSimdInt, ReservedEncodingsAreUndefined) {
    SimdMachine s;
    EXPECT_TRUE(s.raw_faults(0x4ee00400));  // shadd v0.2d: size = 11 reserved
    EXPECT_EQ(s.m.esr() >> 26, 0u);
    EXPECT_TRUE(s.raw_faults(0x0ee08400));   // add v0.1d: size:Q = 110 reserved
    EXPECT_TRUE(s.raw_faults(0x0ee0e000));   // pmull v0.1q: FEAT_PMULL (crypto) not implemented
    EXPECT_TRUE(s.raw_faults(0x4ee0e000));   // pmull2 v0.1q
    EXPECT_TRUE(s.raw_faults(0x0e60e000));   // pmull size = 01 reserved
    EXPECT_TRUE(s.raw_faults(0x2e004000));   // ext 8b with imm4<3> = 1
    EXPECT_TRUE(s.raw_faults(0x0eb1b800));   // addv s0, v0.2s: size:Q = 100 reserved
    EXPECT_TRUE(s.raw_faults(0x5e208400));   // add b0, b0, b0 (scalar: only D)
    EXPECT_TRUE(s.raw_faults(0x0fc08000));   // mul by element with size 11
    EXPECT_TRUE(s.raw_faults(0x0e209000));   // sqdmlal with size 00
    EXPECT_FALSE(s.raw_faults(0x5ee08400));  // add d0, d0, d0
    EXPECT_FALSE(s.raw_faults(0x0e20e000));  // pmull v0.8h, v0.8b, v0.8b
}

TEST(IssSimdInt, DecodeSpotChecks) {
    VP_NEED_AS();
    const std::vector<DecodeCase> cases = {
        {"shadd v0.8b, v1.8b, v2.8b", "SHADD_v"},
        {"uqrshl v3.2d, v4.2d, v5.2d", "UQRSHL_v"},
        {"cmtst v0.4h, v1.4h, v2.4h", "CMTST_v"},
        {"sqrdmulh v0.4s, v1.4s, v2.4s", "SQRDMULH_v"},
        {"addp v0.2d, v1.2d, v2.2d", "ADDP_v"},
        {"uminp v0.8b, v1.8b, v2.8b", "UMINP_v"},
        {"and v0.16b, v1.16b, v2.16b", "AND_v"},
        {"bif v0.8b, v1.8b, v2.8b", "BIF_v"},
        {"saddl2 v0.8h, v1.16b, v2.16b", "SADDL_v"},
        {"usubw v0.2d, v1.2d, v2.2s", "USUBW_v"},
        {"raddhn v0.4h, v1.4s, v2.4s", "RADDHN_v"},
        {"uabal v0.8h, v1.8b, v2.8b", "UABAL_v"},
        {"sqdmlsl2 v0.2d, v1.4s, v2.4s", "SQDMLSL_v"},
        {"pmull2 v0.8h, v1.16b, v2.16b", "PMULL_v"},
        {"mls v0.4h, v1.4h, v2.h[3]", "MLS_e"},
        {"umlsl2 v0.2d, v1.4s, v31.s[3]", "UMLSL_e"},
        {"sqdmulh v0.2s, v1.2s, v2.s[1]", "SQDMULH_e"},
        {"sqdmull s0, h1, v2.h[7]", "SQDMULL_se"},
        {"sqdmlal d0, s1, v2.s[2]", "SQDMLAL_se"},
        {"sqrdmulh s0, s1, v17.s[1]", "SQRDMULH_se"},
        {"uaddlv d0, v1.4s", "UADDLV_v"},
        {"smaxv h0, v1.8h", "SMAXV_v"},
        {"uzp1 v0.4s, v1.4s, v2.4s", "UZP1_v"},
        {"trn2 v0.8b, v1.8b, v2.8b", "TRN2_v"},
        {"ext v0.16b, v1.16b, v2.16b, #15", "EXT_v"},
        {"tbl v0.8b, {v30.16b, v31.16b, v0.16b, v1.16b}, v2.8b", "TBL_v"},
        {"tbx v0.16b, {v1.16b}, v2.16b", "TBX_v"},
        {"uqadd b0, b1, b2", "UQADD_sv"},
        {"cmhs d0, d1, d2", "CMHS_sv"},
        {"sqdmulh h0, h1, h2", "SQDMULH_sv"},
        {"sqdmlsl s0, h1, h2", "SQDMLSL_sv"},
        {"addp d0, v1.2d", "ADDP_sv"},
    };
    expect_decodes_to(cases);
}
