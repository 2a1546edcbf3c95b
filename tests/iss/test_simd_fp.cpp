// AdvSIMD floating-point instructions (a64_simd_fp.inc): decoding of binutils encodings for every
// row, reserved/FP16 encodings UNDEFINED, and known answers derived by hand from the ARM ARM
// pseudocode (C7.2 instruction descriptions, shared/functions/float library).
#include <bit>
#include <cstring>
#include <set>
#include <string>
#include <vector>

#include "decode_check.h"
#include "iss/frontend/decoder.h"
#include "machine.h"

using namespace vp::iss;
using namespace vp::iss::test;

namespace {

uint32_t f32(float f) {
    return std::bit_cast<uint32_t>(f);
}
uint64_t f64(double d) {
    return std::bit_cast<uint64_t>(d);
}
uint64_t pack(uint32_t lo, uint32_t hi) {
    return uint64_t(hi) << 32 | lo;
}

constexpr uint32_t kIoc = 1, kIxc = 1u << 4, kIdc = 1u << 7;

// FP/SIMD enabled (CPACR_EL1.FPEN = 0b11), V registers preset by the test.
struct FpMachine : Machine {
    FpMachine() { cpu.write_sysreg(SysReg::CPACR_EL1, 3u << 20); }
    void q(unsigned r, uint64_t lo, uint64_t hi = 0) {
        cpu.v[r][0] = lo;
        cpu.v[r][1] = hi;
    }
    void s4(unsigned r, uint32_t a, uint32_t b, uint32_t c, uint32_t d) { q(r, pack(a, b), pack(c, d)); }
    uint32_t s(unsigned r, unsigned lane) const { return uint32_t(cpu.v[r][lane / 2] >> (32 * (lane % 2))); }
    // Runs `src` followed by WFI.
    bool run(const std::string& src) {
        if (!load(src + "\n wfi\n")) return false;
        return cpu.run(1000) == StopReason::wfi;
    }
};

}  // namespace

// Every row of the simdfp_ sections decodes from at least one binutils encoding.
TEST(IssSimdFp, BinutilsEncodingsDecodeToTheirRows) {
    VP_NEED_AS();
    const std::vector<DecodeCase> cases = {
        {"fmaxnm v0.4s, v1.4s, v2.4s", "FMAXNM_v"},
        {"fmla v0.2d, v1.2d, v2.2d", "FMLA_v"},
        {"fadd v0.2s, v1.2s, v2.2s", "FADD_v"},
        {"fmulx v3.4s, v4.4s, v5.4s", "FMULX_v"},
        {"fcmeq v0.2d, v1.2d, v2.2d", "FCMEQ_v"},
        {"fmax v0.4s, v1.4s, v2.4s", "FMAX_v"},
        {"frecps v0.2s, v1.2s, v2.2s", "FRECPS_v"},
        {"fminnm v0.2d, v1.2d, v2.2d", "FMINNM_v"},
        {"fmls v0.4s, v1.4s, v2.4s", "FMLS_v"},
        {"fsub v0.2d, v1.2d, v2.2d", "FSUB_v"},
        {"fmin v0.2s, v1.2s, v2.2s", "FMIN_v"},
        {"frsqrts v0.4s, v1.4s, v2.4s", "FRSQRTS_v"},
        {"fmaxnmp v0.2d, v1.2d, v2.2d", "FMAXNMP_v"},
        {"faddp v0.4s, v1.4s, v2.4s", "FADDP_v"},
        {"fmul v0.2s, v1.2s, v2.2s", "FMUL_v"},
        {"fcmge v0.4s, v1.4s, v2.4s", "FCMGE_v"},
        {"facge v0.2d, v1.2d, v2.2d", "FACGE_v"},
        {"fmaxp v0.2s, v1.2s, v2.2s", "FMAXP_v"},
        {"fdiv v0.4s, v1.4s, v2.4s", "FDIV_v"},
        {"fminnmp v0.4s, v1.4s, v2.4s", "FMINNMP_v"},
        {"fabd v0.2d, v1.2d, v2.2d", "FABD_v"},
        {"fcmgt v0.2s, v1.2s, v2.2s", "FCMGT_v"},
        {"facgt v0.4s, v1.4s, v2.4s", "FACGT_v"},
        {"fminp v0.2d, v1.2d, v2.2d", "FMINP_v"},
        {"fmulx s0, s1, s2", "FMULX_sv"},
        {"fcmeq d0, d1, d2", "FCMEQ_sv"},
        {"frecps s0, s1, s2", "FRECPS_sv"},
        {"frsqrts d0, d1, d2", "FRSQRTS_sv"},
        {"fcmge s0, s1, s2", "FCMGE_sv"},
        {"facge d0, d1, d2", "FACGE_sv"},
        {"fabd s0, s1, s2", "FABD_sv"},
        {"fcmgt d0, d1, d2", "FCMGT_sv"},
        {"facgt s0, s1, s2", "FACGT_sv"},
        {"fcvtn v0.4h, v1.4s", "FCVTN_v"},
        {"fcvtn2 v0.4s, v1.2d", "FCVTN_v"},
        {"fcvtl v0.4s, v1.4h", "FCVTL_v"},
        {"fcvtl2 v0.2d, v1.4s", "FCVTL_v"},
        {"frintn v0.4s, v1.4s", "FRINTN_v"},
        {"frintm v0.2d, v1.2d", "FRINTM_v"},
        {"fcvtns v0.2s, v1.2s", "FCVTNS_v"},
        {"fcvtms v0.4s, v1.4s", "FCVTMS_v"},
        {"fcvtas v0.2d, v1.2d", "FCVTAS_v"},
        {"scvtf v0.4s, v1.4s", "SCVTF_v"},
        {"fcmgt v0.4s, v1.4s, #0.0", "FCMGT_z_v"},
        {"fcmeq v0.2d, v1.2d, #0.0", "FCMEQ_z_v"},
        {"fcmlt v0.2s, v1.2s, #0.0", "FCMLT_z_v"},
        {"fabs v0.4s, v1.4s", "FABS_v"},
        {"frintp v0.2d, v1.2d", "FRINTP_v"},
        {"frintz v0.2s, v1.2s", "FRINTZ_v"},
        {"fcvtps v0.4s, v1.4s", "FCVTPS_v"},
        {"fcvtzs v0.2d, v1.2d", "FCVTZS_v"},
        {"urecpe v0.4s, v1.4s", "URECPE_v"},
        {"frecpe v0.2d, v1.2d", "FRECPE_v"},
        {"fcvtxn v0.2s, v1.2d", "FCVTXN_v"},
        {"fcvtxn2 v0.4s, v1.2d", "FCVTXN_v"},
        {"frinta v0.4s, v1.4s", "FRINTA_v"},
        {"frintx v0.2d, v1.2d", "FRINTX_v"},
        {"fcvtnu v0.2s, v1.2s", "FCVTNU_v"},
        {"fcvtmu v0.4s, v1.4s", "FCVTMU_v"},
        {"fcvtau v0.2d, v1.2d", "FCVTAU_v"},
        {"ucvtf v0.4s, v1.4s", "UCVTF_v"},
        {"fcmge v0.2d, v1.2d, #0.0", "FCMGE_z_v"},
        {"fcmle v0.4s, v1.4s, #0.0", "FCMLE_z_v"},
        {"fneg v0.2d, v1.2d", "FNEG_v"},
        {"frinti v0.2s, v1.2s", "FRINTI_v"},
        {"fcvtpu v0.4s, v1.4s", "FCVTPU_v"},
        {"fcvtzu v0.2d, v1.2d", "FCVTZU_v"},
        {"ursqrte v0.2s, v1.2s", "URSQRTE_v"},
        {"frsqrte v0.4s, v1.4s", "FRSQRTE_v"},
        {"fsqrt v0.2d, v1.2d", "FSQRT_v"},
        {"fcvtns s0, s1", "FCVTNS_sv"},
        {"fcvtms d0, d1", "FCVTMS_sv"},
        {"fcvtas s0, s1", "FCVTAS_sv"},
        {"scvtf d0, d1", "SCVTF_sv"},
        {"fcmgt s0, s1, #0.0", "FCMGT_z_sv"},
        {"fcmeq d0, d1, #0.0", "FCMEQ_z_sv"},
        {"fcmlt s0, s1, #0.0", "FCMLT_z_sv"},
        {"fcvtps d0, d1", "FCVTPS_sv"},
        {"fcvtzs s0, s1", "FCVTZS_sv"},
        {"frecpe d0, d1", "FRECPE_sv"},
        {"frecpx s0, s1", "FRECPX_sv"},
        {"fcvtxn s0, d1", "FCVTXN_sv"},
        {"fcvtnu d0, d1", "FCVTNU_sv"},
        {"fcvtmu s0, s1", "FCVTMU_sv"},
        {"fcvtau d0, d1", "FCVTAU_sv"},
        {"ucvtf s0, s1", "UCVTF_sv"},
        {"fcmge d0, d1, #0.0", "FCMGE_z_sv"},
        {"fcmle s0, s1, #0.0", "FCMLE_z_sv"},
        {"fcvtpu d0, d1", "FCVTPU_sv"},
        {"fcvtzu s0, s1", "FCVTZU_sv"},
        {"frsqrte d0, d1", "FRSQRTE_sv"},
        {"fmaxnmv s0, v1.4s", "FMAXNMV_v"},
        {"fmaxv s0, v1.4s", "FMAXV_v"},
        {"fminnmv s0, v1.4s", "FMINNMV_v"},
        {"fminv s0, v1.4s", "FMINV_v"},
        {"fmaxnmp s0, v1.2s", "FMAXNMP_sv"},
        {"faddp d0, v1.2d", "FADDP_sv"},
        {"fmaxp s0, v1.2s", "FMAXP_sv"},
        {"fminnmp d0, v1.2d", "FMINNMP_sv"},
        {"fminp s0, v1.2s", "FMINP_sv"},
        {"fmla v0.4s, v1.4s, v2.s[3]", "FMLA_e"},
        {"fmls v0.2d, v1.2d, v31.d[1]", "FMLS_e"},
        {"fmul v0.2s, v1.2s, v17.s[1]", "FMUL_e"},
        {"fmulx v0.4s, v1.4s, v2.s[2]", "FMULX_e"},
        {"fmla s0, s1, v2.s[1]", "FMLA_se"},
        {"fmls d0, d1, v2.d[1]", "FMLS_se"},
        {"fmul s0, s1, v20.s[3]", "FMUL_se"},
        {"fmulx d0, d1, v2.d[0]", "FMULX_se"},
        {"scvtf v0.4s, v1.4s, #3", "SCVTF_fix_v"},
        {"scvtf v0.2d, v1.2d, #64", "SCVTF_fixd_v"},
        {"ucvtf v0.2s, v1.2s, #32", "UCVTF_fix_v"},
        {"ucvtf v0.2d, v1.2d, #1", "UCVTF_fixd_v"},
        {"fcvtzs v0.4s, v1.4s, #1", "FCVTZS_fix_v"},
        {"fcvtzs v0.2d, v1.2d, #20", "FCVTZS_fixd_v"},
        {"fcvtzu v0.2s, v1.2s, #16", "FCVTZU_fix_v"},
        {"fcvtzu v0.2d, v1.2d, #64", "FCVTZU_fixd_v"},
        {"scvtf s0, s1, #32", "SCVTF_fix_sv"},
        {"ucvtf d0, d1, #64", "UCVTF_fix_sv"},
        {"fcvtzs d0, d1, #1", "FCVTZS_fix_sv"},
        {"fcvtzu s0, s1, #7", "FCVTZU_fix_sv"},
    };
    expect_decodes_to(cases, "simdfp_");
}

// Reserved forms of the rows (sz = 1 with Q = 0, 2D across lanes, FCVTXN with sz = 0, URECPE
// with sz = 1, by-element sz:L = 11, fixed-point immh = 000x/001x) and FEAT_FP16 arithmetic are
// UNDEFINED (EC 0x00).
TEST(IssSimdFp, ReservedAndHalfPrecisionEncodingsAreUndefined) {
    VP_NEED_AS();
    const std::vector<std::pair<uint32_t, const char*>> reserved = {
        {0x0e62d420u, "FADD_v"},        {0x6e70f820u, "FMAXV_v"},       {0x2e30f820u, "FMAXV_v"},
        {0x2e216820u, "FCVTXN_v"},      {0x4ee1c820u, "URECPE_v"},      {0x4fe29020u, "FMUL_e"},
        {0x5fe29020u, "FMUL_se"},       {0x0fc21020u, "FMLA_e"},        {0x5f08e420u, "SCVTF_fix_sv"},
        {0x5f18fc20u, "FCVTZS_fix_sv"}, {0x2f40fc20u, "FCVTZU_fixd_v"}, {0x7e216820u, "FCVTXN_sv"},
        {0x0ee1d820u, "FRECPE_v"},
    };
    auto fp16 = assemble(
        ".arch armv8.2-a+fp16\n fadd v0.4h, v1.4h, v2.4h\n fmaxnmv h0, v1.8h\n"
        " fcvtzs v0.8h, v1.8h, #3\n fmul h0, h1, v2.h[7]\n faddp h0, v1.2h\n frecpe h0, h1\n");
    ASSERT_EQ(fp16.size(), 6u);
    std::vector<uint32_t> words;
    for (auto& r : reserved) {
        const DecodeRow* row = Decoder::instance().decode(r.first);
        ASSERT_NE(row, nullptr);
        EXPECT_STREQ(row->name, r.second);
        words.push_back(r.first);
    }
    words.insert(words.end(), fp16.begin(), fp16.end());
    for (uint32_t w : words) {
        FpMachine m;
        m.mem.put32(kText, w);
        m.cpu.run(5);
        EXPECT_EQ(m.esr() >> 26, 0u) << std::hex << w;
        EXPECT_EQ(m.elr(), kText) << std::hex << w;
        EXPECT_FALSE(m.unimp_log.empty()) << std::hex << w;
    }
}

// FADD, FABD lane-wise; FADDP concatenates Vm:Vn and adds adjacent pairs (low half from Vn);
// 64-bit forms clear the upper half; FCMGE writes all-ones/all-zeros masks.
TEST(IssSimdFp, ThreeSameAndPairwise) {
    VP_NEED_AS();
    FpMachine m;
    m.s4(1, f32(1), f32(2), f32(3), f32(4));
    m.s4(2, f32(10), f32(20), f32(30), f32(40));
    m.q(5, ~0ull, ~0ull);
    ASSERT_TRUE(
        m.run("fadd v3.4s, v1.4s, v2.4s\n faddp v4.4s, v1.4s, v2.4s\n faddp v5.2s, v1.2s, v2.2s\n"
              "fabd v6.4s, v1.4s, v2.4s\n fcmge v7.4s, v1.4s, v2.4s\n fcmge v8.2s, v2.2s, v1.2s"));
    EXPECT_EQ(m.cpu.v[3][0], pack(f32(11), f32(22)));
    EXPECT_EQ(m.cpu.v[3][1], pack(f32(33), f32(44)));
    EXPECT_EQ(m.cpu.v[4][0], pack(f32(3), f32(7)));
    EXPECT_EQ(m.cpu.v[4][1], pack(f32(30), f32(70)));
    EXPECT_EQ(m.cpu.v[5][0], pack(f32(3), f32(30)));
    EXPECT_EQ(m.cpu.v[5][1], 0u);
    EXPECT_EQ(m.cpu.v[6][0], pack(f32(9), f32(18)));
    EXPECT_EQ(m.cpu.v[6][1], pack(f32(27), f32(36)));
    EXPECT_EQ(m.cpu.v[7][0], 0u);
    EXPECT_EQ(m.cpu.v[7][1], 0u);
    EXPECT_EQ(m.cpu.v[8][0], ~0ull);
    EXPECT_EQ(m.cpu.v[8][1], 0u);
    EXPECT_EQ(m.cpu.fpsr, 0u);
}

TEST(IssSimdFp, DoublePairwiseAndScalarPairwise) {
    VP_NEED_AS();
    FpMachine m;
    m.q(10, f64(1.5), f64(2.25));
    m.q(11, f64(-1.0), f64(-0.5));
    ASSERT_TRUE(
        m.run("faddp v9.2d, v10.2d, v11.2d\n faddp d12, v10.2d\n fminnmp d13, v11.2d\n fmaxp s14, v15.2s"));
    EXPECT_EQ(m.cpu.v[9][0], f64(3.75));
    EXPECT_EQ(m.cpu.v[9][1], f64(-1.5));
    EXPECT_EQ(m.cpu.v[12][0], f64(3.75));
    EXPECT_EQ(m.cpu.v[12][1], 0u);
    EXPECT_EQ(m.cpu.v[13][0], f64(-1.0));
    EXPECT_EQ(m.cpu.v[14][0], 0u);  // FPMax(+0, +0)
}

// FCMEQ does not signal on a quiet NaN (FPCompareEQ), FCMGE/FCMLT do (FPCompareGE/GT: IOC).
TEST(IssSimdFp, ComparesAndNaNSignalling) {
    VP_NEED_AS();
    const uint32_t qnan = 0x7fc00001;
    {
        FpMachine m;
        m.s4(1, qnan, f32(1), f32(-2), f32(5));
        m.s4(2, f32(1), qnan, f32(-2), f32(4));
        ASSERT_TRUE(m.run("fcmeq v0.4s, v1.4s, v2.4s\n fcmeq v3.4s, v1.4s, #0.0"));
        EXPECT_EQ(m.cpu.v[0][0], 0u);
        EXPECT_EQ(m.cpu.v[0][1], 0xffffffffull);
        EXPECT_EQ(m.cpu.v[3][0], 0u);
        EXPECT_EQ(m.cpu.fpsr, 0u);
    }
    {
        FpMachine m;
        m.s4(1, qnan, f32(1), f32(-2), f32(5));
        m.s4(2, f32(1), qnan, f32(-2), f32(4));
        ASSERT_TRUE(m.run("fcmge v0.4s, v1.4s, v2.4s"));
        EXPECT_EQ(m.cpu.v[0][0], 0u);
        EXPECT_EQ(m.cpu.v[0][1], ~0ull);
        EXPECT_EQ(m.cpu.fpsr, kIoc);
    }
    {
        FpMachine m;  // #0.0 forms: LT/LE compare (0, element); -0.0 == +0.0
        m.s4(1, f32(-1), f32(0), 0x80000000u, f32(2));
        ASSERT_TRUE(
            m.run("fcmlt v0.4s, v1.4s, #0.0\n fcmle v2.4s, v1.4s, #0.0\n fcmgt v3.4s, v1.4s, #0.0\n"
                  "facgt v4.4s, v1.4s, v5.4s\n fcmlt s6, s1, #0.0"));
        EXPECT_EQ(m.cpu.v[0][0], 0xffffffffull);
        EXPECT_EQ(m.cpu.v[0][1], 0u);
        EXPECT_EQ(m.cpu.v[2][0], ~0ull);
        EXPECT_EQ(m.cpu.v[2][1], 0xffffffffull);
        EXPECT_EQ(m.cpu.v[3][0], 0u);
        EXPECT_EQ(m.cpu.v[3][1], 0xffffffff00000000ull);
        EXPECT_EQ(m.cpu.v[4][0], 0xffffffffull);  // |-1| > 0, |0| > 0 false
        EXPECT_EQ(m.cpu.v[4][1], 0xffffffff00000000ull);
        EXPECT_EQ(m.cpu.v[6][0], 0xffffffffull);
        EXPECT_EQ(m.cpu.v[6][1], 0u);
        EXPECT_EQ(m.cpu.fpsr, 0u);
    }
}

// Reduce() halves the vector recursively: FMAXV {qNaN_A, 1, sNaN_B, 2} = FPMax(FPMax(qA, 1),
// FPMax(sB, 2)) = FPMax(qA, quiet(sB)) = qA (IOC from the sNaN); a left-to-right fold would
// return quiet(sB). FMINNMV ignores quiet NaNs.
TEST(IssSimdFp, AcrossLanesFollowsReduceTree) {
    VP_NEED_AS();
    FpMachine m;
    m.s4(1, 0x7fc00001, f32(1), 0x7f800002, f32(2));
    m.s4(2, 0x7fc00003, f32(3), f32(-1), 0x7fc00004);
    m.q(0, ~0ull, ~0ull);
    ASSERT_TRUE(m.run("fmaxv s0, v1.4s\n fminnmv s3, v2.4s\n fmaxnmv s4, v2.4s"));
    EXPECT_EQ(m.cpu.v[0][0], 0x7fc00001u);
    EXPECT_EQ(m.cpu.v[0][1], 0u);
    EXPECT_EQ(m.cpu.v[3][0], f32(-1));
    EXPECT_EQ(m.cpu.v[4][0], f32(3));
    EXPECT_EQ(m.cpu.fpsr, kIoc);
}

// FCVTN2 writes the upper half and keeps the lower; FCVTN clears the upper half; FCVTXN rounds
// to odd (1 + 2^-30 -> 1 + 2^-23, inexact); FCVTL2 widens the upper half.
TEST(IssSimdFp, NarrowAndWidenConversions) {
    VP_NEED_AS();
    FpMachine m;
    m.q(0, 0x1111222233334444ull, 0x5555666677778888ull);
    m.s4(1, f32(1), f32(-2), f32(0.5f), f32(65504));
    m.q(2, ~0ull, ~0ull);
    m.q(4, 0x3ff0000000400000ull, 0x3ff0000000000000ull);  // {1 + 2^-30, 1.0}
    m.q(6, 0, pack(0x3fc00000, 0xbe800000));
    ASSERT_TRUE(
        m.run("fcvtn2 v0.8h, v1.4s\n fcvtn v2.4h, v1.4s\n fcvtxn v3.2s, v4.2d\n fcvtl2 v5.2d, v6.4s\n"
              "fcvtl v7.4s, v0.4h\n fcvtxn s8, d4"));
    EXPECT_EQ(m.cpu.v[0][0], 0x1111222233334444ull);
    EXPECT_EQ(m.cpu.v[0][1], 0x7bff3800c0003c00ull);
    EXPECT_EQ(m.cpu.v[2][0], 0x7bff3800c0003c00ull);
    EXPECT_EQ(m.cpu.v[2][1], 0u);
    EXPECT_EQ(m.cpu.v[3][0], pack(0x3f800001, 0x3f800000));
    EXPECT_EQ(m.cpu.v[3][1], 0u);
    EXPECT_EQ(m.cpu.v[5][0], 0x3ff8000000000000ull);
    EXPECT_EQ(m.cpu.v[5][1], 0xbfd0000000000000ull);
    EXPECT_EQ(m.cpu.v[8][0], 0x3f800001u);
    EXPECT_EQ(m.cpu.fpsr, kIxc);
}

// By element: FMLA v0 += v1 * v2.s[3]; FMUL (scalar) uses V[m].d[1]; FMULX(inf, -0) = -2.0;
// FMLS d = d - n * m.d[0].
TEST(IssSimdFp, ByElement) {
    VP_NEED_AS();
    FpMachine m;
    m.s4(0, f32(1), f32(1), f32(1), f32(1));
    m.s4(1, f32(1), f32(2), f32(3), f32(4));
    m.s4(2, 0, 0, 0, f32(10));
    m.q(4, f64(3.0), f64(99.0));
    m.q(5, 0, f64(0.5));
    m.q(3, ~0ull, ~0ull);
    m.s4(7, 0x7f800000, 0, 0, 0);
    m.s4(8, 0, 0, 0x80000000, 0);
    m.q(9, f64(10), f64(20));
    m.q(10, f64(1), f64(2));
    m.q(11, f64(3), f64(100));
    ASSERT_TRUE(
        m.run("fmla v0.4s, v1.4s, v2.s[3]\n fmul d3, d4, v5.d[1]\n fmulx s6, s7, v8.s[2]\n"
              "fmls v9.2d, v10.2d, v11.d[0]"));
    EXPECT_EQ(m.cpu.v[0][0], pack(f32(11), f32(21)));
    EXPECT_EQ(m.cpu.v[0][1], pack(f32(31), f32(41)));
    EXPECT_EQ(m.cpu.v[3][0], f64(1.5));
    EXPECT_EQ(m.cpu.v[3][1], 0u);
    EXPECT_EQ(m.cpu.v[6][0], 0xc0000000u);
    EXPECT_EQ(m.cpu.v[9][0], f64(7));
    EXPECT_EQ(m.cpu.v[9][1], f64(14));
    EXPECT_EQ(m.cpu.fpsr, 0u);
}

// FPToFixed saturates with IOC (NaN -> 0), FixedToFP with fbits, UCVTF of 2^64-1 rounds to 2^64.
TEST(IssSimdFp, IntegerAndFixedPointConversions) {
    VP_NEED_AS();
    FpMachine m;
    m.s4(1, f32(1.5f), f32(-1), f32(1e10f), 0x7fc00000);
    m.q(3, 3, 0);
    m.q(5, ~0ull, 1);
    m.s4(7, f32(2.5f), f32(-2.5f), f32(0.5f), f32(-0.4f));
    m.q(9, f32(-1), 0);
    m.s4(10, 0x80000000u, 0x7fffffffu, 0xffffffffu, 0xc0000000u);
    ASSERT_TRUE(
        m.run("fcvtzs v0.4s, v1.4s, #8\n scvtf d2, d3, #1\n ucvtf v4.2d, v5.2d\n fcvtas v6.4s, v7.4s\n"
              "fcvtnu s8, s9\n urecpe v11.4s, v10.4s\n ucvtf v12.4s, v10.4s, #32"));
    EXPECT_EQ(m.s(0, 0), 384u);
    EXPECT_EQ(m.s(0, 1), 0xffffff00u);
    EXPECT_EQ(m.s(0, 2), 0x7fffffffu);
    EXPECT_EQ(m.s(0, 3), 0u);
    EXPECT_EQ(m.cpu.v[2][0], f64(1.5));
    EXPECT_EQ(m.cpu.v[4][0], 0x43f0000000000000ull);
    EXPECT_EQ(m.cpu.v[4][1], f64(1));
    EXPECT_EQ(m.s(6, 0), 3u);
    EXPECT_EQ(m.s(6, 1), uint32_t(-3));
    EXPECT_EQ(m.s(6, 2), 1u);
    EXPECT_EQ(m.s(6, 3), 0u);
    EXPECT_EQ(m.cpu.v[8][0], 0u);
    // UnsignedRecipEstimate: bit 31 clear -> all ones; else RecipEstimate(operand<31:23>)<8:0>:0(23).
    EXPECT_EQ(m.s(11, 0), 0xff800000u);
    EXPECT_EQ(m.s(11, 1), 0xffffffffu);
    EXPECT_EQ(m.s(11, 2), 0x80000000u);
    EXPECT_EQ(m.s(11, 3), 0xaa800000u);
    EXPECT_EQ(m.s(12, 0), f32(0.5f));
    EXPECT_EQ(m.s(12, 3), f32(0.75f));
    EXPECT_EQ(m.cpu.fpsr, kIoc | kIxc);
}

// FRINTA ties away, FRINTN ties to even, FRINTI uses FPCR.RMode, only FRINTX signals inexact.
TEST(IssSimdFp, RoundToIntegral) {
    VP_NEED_AS();
    FpMachine m;
    m.s4(1, f32(2.5f), f32(-2.5f), f32(0.5f), f32(1.25f));
    m.cpu.fpcr = 1u << 22;  // RMode = RP
    ASSERT_TRUE(m.run("frinta v2.4s, v1.4s\n frintn v3.4s, v1.4s\n frinti v4.4s, v1.4s"));
    EXPECT_EQ(m.cpu.v[2][0], pack(f32(3), f32(-3)));
    EXPECT_EQ(m.cpu.v[2][1], pack(f32(1), f32(1)));
    EXPECT_EQ(m.cpu.v[3][0], pack(f32(2), f32(-2)));
    EXPECT_EQ(m.cpu.v[3][1], pack(f32(0), f32(1)));
    EXPECT_EQ(m.cpu.v[4][0], pack(f32(3), f32(-2)));
    EXPECT_EQ(m.cpu.v[4][1], pack(f32(1), f32(2)));
    EXPECT_EQ(m.cpu.fpsr, 0u);
    FpMachine x;
    x.s4(1, f32(2.5f), f32(2), 0, 0);
    ASSERT_TRUE(x.run("frintx v2.2s, v1.2s"));
    EXPECT_EQ(x.cpu.v[2][0], pack(f32(2), f32(2)));
    EXPECT_EQ(x.cpu.fpsr, kIxc);
}

// FRECPE(1.0f) = 0x3F7F8000, FRSQRTE(4.0f) = 0x3EFF8000, FRECPX(3.0) = 1.0 (inverted exponent),
// FRECPS(2, 0.5) = 2 - 1 = 1, FRSQRTS(2, 0.5) = (3 - 1) / 2 = 1.
TEST(IssSimdFp, EstimatesAndSteps) {
    VP_NEED_AS();
    FpMachine m;
    m.q(2, f32(1));
    m.q(4, f64(3));
    m.s4(6, f32(4), f32(4), 0, 0);
    m.s4(7, f32(2), f32(2), 0, 0);
    m.s4(8, f32(0.5f), f32(0.5f), 0, 0);
    ASSERT_TRUE(
        m.run("frecpe s1, s2\n frecpx d3, d4\n frsqrte v5.2s, v6.2s\n frecps v9.2s, v7.2s, v8.2s\n"
              "frsqrts s10, s7, s8"));
    EXPECT_EQ(m.cpu.v[1][0], 0x3f7f8000u);
    EXPECT_EQ(m.cpu.v[3][0], f64(1));
    EXPECT_EQ(m.s(5, 0), 0x3eff8000u);
    EXPECT_EQ(m.cpu.v[9][0], pack(f32(1), f32(1)));
    EXPECT_EQ(m.cpu.v[10][0], f32(1));
    EXPECT_EQ(m.cpu.fpsr, 0u);
}

// FPCR.FZ flushes a denormal input to zero (IDC): 1.0 + 2^-149 = 1.0 exactly. Without FZ the sum
// is inexact.
TEST(IssSimdFp, FlushToZeroInputs) {
    VP_NEED_AS();
    FpMachine m;
    m.s4(1, 1, 1, 0, 0);
    m.s4(2, f32(1), f32(1), 0, 0);
    m.cpu.fpcr = 1u << 24;
    ASSERT_TRUE(m.run("fadd v0.2s, v1.2s, v2.2s"));
    EXPECT_EQ(m.cpu.v[0][0], pack(f32(1), f32(1)));
    EXPECT_EQ(m.cpu.fpsr, kIdc);
    FpMachine n;
    n.s4(1, 1, 1, 0, 0);
    n.s4(2, f32(1), f32(1), 0, 0);
    ASSERT_TRUE(n.run("fadd v0.2s, v1.2s, v2.2s"));
    EXPECT_EQ(n.cpu.v[0][0], pack(f32(1), f32(1)));
    EXPECT_EQ(n.cpu.fpsr, kIxc);
}
