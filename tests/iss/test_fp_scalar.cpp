// Scalar floating-point instructions (ARM ARM C4.1.90): decode of binutils encodings of every
// row, and known answers derived by hand from the ARM ARM pseudocode / IEEE 754.
#include <cstring>
#include <utility>

#include "decode_check.h"
#include "iss/frontend/decoder.h"
#include "machine.h"

using namespace vp::iss;
using namespace vp::iss::test;

namespace {

constexpr uint32_t kRmodeRP = 1u << 22;
constexpr uint32_t kFz = 1u << 24, kDn = 1u << 25, kAhp = 1u << 26;
constexpr uint32_t IOC = 1, DZC = 2, OFC = 4, UFC = 8, IXC = 16, IDC = 128;

// A machine with FP enabled (CPACR_EL1.FPEN = 0b11; the reset value traps FP).
struct FpMachine : Machine {
    FpMachine() { cpu.write_sysreg(SysReg::CPACR_EL1, 3u << 20); }
    // Runs `src` followed by WFI; false if it did not reach the WFI.
    bool run(const std::string& src) {
        if (!load(src + "\n wfi\n")) return false;
        return cpu.run(1000) == StopReason::wfi;
    }
    void set_s(unsigned r, uint32_t bits) { cpu.v[r][0] = bits, cpu.v[r][1] = 0; }
    void set_d(unsigned r, uint64_t bits) { cpu.v[r][0] = bits, cpu.v[r][1] = 0; }
    uint64_t lo(unsigned r) const { return cpu.v[r][0]; }
    uint64_t hi(unsigned r) const { return cpu.v[r][1]; }
    unsigned nzcv() const { return cpu.nzcv >> 28; }
};

constexpr uint32_t kOneF = 0x3f800000, kTwoF = 0x40000000, kThreeF = 0x40400000;
constexpr uint64_t kOneD = 0x3ff0000000000000ull;

}  // namespace

TEST(IssFpScalar, EveryRowDecodesFromBinutils) {
    VP_NEED_AS();
    const std::vector<DecodeCase> cases = {
        {"fcvtzs w1, s2, #3", "FCVTZS_fix_fp"},
        {"fcvtzu x1, d2, #64", "FCVTZU_fix_fp"},
        {"scvtf d1, w2, #32", "SCVTF_fix_fp"},
        {"ucvtf s1, x2, #1", "UCVTF_fix_fp"},
        {"fcvtns w1, s2", "FCVTNS_int_fp"},
        {"fcvtnu x1, d2", "FCVTNU_int_fp"},
        {"scvtf s1, x2", "SCVTF_int_fp"},
        {"ucvtf d1, w2", "UCVTF_int_fp"},
        {"fcvtas x1, s2", "FCVTAS_int_fp"},
        {"fcvtau w1, d2", "FCVTAU_int_fp"},
        {"fmov w1, s2", "FMOV_to_gen_fp"},
        {"fmov x1, d2", "FMOV_to_gen_fp"},
        {"fmov s1, w2", "FMOV_from_gen_fp"},
        {"fmov d1, x2", "FMOV_from_gen_fp"},
        {"fcvtps w1, d2", "FCVTPS_int_fp"},
        {"fcvtpu x1, s2", "FCVTPU_int_fp"},
        {"fmov x1, v2.d[1]", "FMOV_top_to_gen_fp"},
        {"fmov v1.d[1], x2", "FMOV_gen_to_top_fp"},
        {"fcvtms x1, d2", "FCVTMS_int_fp"},
        {"fcvtmu w1, s2", "FCVTMU_int_fp"},
        {"fcvtzs x1, s2", "FCVTZS_int_fp"},
        {"fcvtzu w1, d2", "FCVTZU_int_fp"},
        {"fmov s1, s2", "FMOV_reg_fp"},
        {"fabs d1, d2", "FABS_fp"},
        {"fneg s1, s2", "FNEG_fp"},
        {"fsqrt d1, d2", "FSQRT_fp"},
        {"fcvt s1, d2", "FCVT_s_fp"},
        {"fcvt s1, h2", "FCVT_s_fp"},
        {"fcvt d1, s2", "FCVT_d_fp"},
        {"fcvt d1, h2", "FCVT_d_fp"},
        {"fcvt h1, s2", "FCVT_h_fp"},
        {"fcvt h1, d2", "FCVT_h_fp"},
        {"frintn s1, s2", "FRINTN_fp"},
        {"frintp d1, d2", "FRINTP_fp"},
        {"frintm s1, s2", "FRINTM_fp"},
        {"frintz d1, d2", "FRINTZ_fp"},
        {"frinta s1, s2", "FRINTA_fp"},
        {"frintx d1, d2", "FRINTX_fp"},
        {"frinti s1, s2", "FRINTI_fp"},
        {"fcmp s1, s2", "FCMP_fp"},
        {"fcmp d1, #0.0", "FCMP_zero_fp"},
        {"fcmpe d1, d2", "FCMPE_fp"},
        {"fcmpe s1, #0.0", "FCMPE_zero_fp"},
        {"fmov d1, #-1.25", "FMOV_imm_fp"},
        {"fmov s1, #31.0", "FMOV_imm_fp"},
        {"fccmp s1, s2, #4, ne", "FCCMP_fp"},
        {"fccmpe d1, d2, #15, lt", "FCCMPE_fp"},
        {"fmul s1, s2, s3", "FMUL_fp"},
        {"fdiv d1, d2, d3", "FDIV_fp"},
        {"fadd s1, s2, s3", "FADD_fp"},
        {"fsub d1, d2, d3", "FSUB_fp"},
        {"fmax s1, s2, s3", "FMAX_fp"},
        {"fmin d1, d2, d3", "FMIN_fp"},
        {"fmaxnm s1, s2, s3", "FMAXNM_fp"},
        {"fminnm d1, d2, d3", "FMINNM_fp"},
        {"fnmul s1, s2, s3", "FNMUL_fp"},
        {"fcsel d1, d2, d3, hi", "FCSEL_fp"},
        {"fmadd s1, s2, s3, s4", "FMADD_fp"},
        {"fmsub d1, d2, d3, d4", "FMSUB_fp"},
        {"fnmadd s1, s2, s3, s4", "FNMADD_fp"},
        {"fnmsub d1, d2, d3, d4", "FNMSUB_fp"},
    };
    expect_decodes_to(cases, "fp_");
}

// FADD/FSUB/FMUL/FDIV/FNMUL; a scalar result clears the rest of the register (C1.2.4).
TEST(IssFpScalar, TwoSourceArithmetic) {
    VP_NEED_AS();
    FpMachine m;
    m.set_s(1, kOneF);
    m.set_s(2, kTwoF);
    m.cpu.v[0][0] = m.cpu.v[0][1] = ~0ull;
    m.set_d(10, 0x4008000000000000ull);  // 3.0
    m.set_d(11, 0);                      // +0.0
    ASSERT_TRUE(
        m.run("fadd s0, s1, s2\n fsub s3, s1, s2\n fmul s4, s2, s2\n fnmul s5, s1, s2\n"
              "fdiv d6, d10, d11\n fdiv s7, s1, s2"));
    EXPECT_EQ(m.lo(0), kThreeF);
    EXPECT_EQ(m.hi(0), 0u);
    EXPECT_EQ(m.lo(3), 0xbf800000u);            // -1.0
    EXPECT_EQ(m.lo(4), 0x40800000u);            // 4.0
    EXPECT_EQ(m.lo(5), 0xc0000000u);            // -(1*2)
    EXPECT_EQ(m.lo(6), 0x7ff0000000000000ull);  // 3/+0 = +inf, Divide by Zero
    EXPECT_EQ(m.lo(7), 0x3f000000u);            // 0.5
    EXPECT_EQ(m.cpu.fpsr, DZC);
}

// x = 1 + 2^-27: x*x = 1 + 2^-26 + 2^-54 exactly. The fused forms keep the 2^-54 term that a
// separate FMUL rounds away (2^-54 < half an ulp of 1).
TEST(IssFpScalar, FusedMultiplyAddRoundsOnce) {
    VP_NEED_AS();
    FpMachine m;
    m.set_d(1, 0x3ff0000002000000ull);  // 1 + 2^-27
    m.set_d(2, 0xbff0000004000000ull);  // -(1 + 2^-26)
    ASSERT_TRUE(
        m.run("fmadd d3, d1, d1, d2\n fmul d4, d1, d1\n fadd d4, d4, d2\n"
              "fnmadd d5, d1, d1, d2\n fmsub d6, d1, d1, d2\n fnmsub d7, d1, d1, d2"));
    EXPECT_EQ(m.lo(3), 0x3c90000000000000ull);  // +2^-54
    EXPECT_EQ(m.lo(4), 0u);                     // rounded product cancels exactly
    EXPECT_EQ(m.lo(5), 0xbc90000000000000ull);  // -a - x*x = -2^-54
    EXPECT_EQ(m.lo(6), 0xc000000004000000ull);  // a - x*x = -(2 + 2^-25 + 2^-54) -> -(2 + 2^-25)
    EXPECT_EQ(m.lo(7), 0x4000000004000000ull);  // x*x - a = 2 + 2^-25 + 2^-54 -> 2 + 2^-25
    EXPECT_EQ(m.cpu.fpsr, IXC);
}

// FCMP/FCMPE: N=less, Z+C=equal, C=greater, C+V=unordered; FCMPE signals on quiet NaNs.
TEST(IssFpScalar, CompareSetsNzcv) {
    VP_NEED_AS();
    FpMachine m;
    m.set_s(1, kOneF);
    m.set_s(2, kTwoF);
    m.set_s(3, 0x7fc00001);  // quiet NaN
    m.set_s(4, 0x80000000);  // -0.0
    ASSERT_TRUE(
        m.run("fcmp s1, s2\n mrs x10, nzcv\n fcmp s2, s1\n mrs x11, nzcv\n fcmp s4, #0.0\n mrs x12, nzcv\n"
              "fcmp s1, s3\n mrs x13, nzcv"));
    EXPECT_EQ(m.cpu.xreg(10) >> 28, 0x8u);
    EXPECT_EQ(m.cpu.xreg(11) >> 28, 0x2u);
    EXPECT_EQ(m.cpu.xreg(12) >> 28, 0x6u);  // -0 == +0
    EXPECT_EQ(m.cpu.xreg(13) >> 28, 0x3u);
    EXPECT_EQ(m.cpu.fpsr, 0u);  // FCMP: quiet NaN does not signal
    FpMachine e;
    e.set_s(1, kOneF);
    e.set_s(3, 0x7fc00001);
    ASSERT_TRUE(e.run("fcmpe s3, #0.0"));
    EXPECT_EQ(e.nzcv(), 0x3u);
    EXPECT_EQ(e.cpu.fpsr, IOC);
}

// FCCMP: condition true -> compare, false -> the immediate flags (no FP exception either way
// for FCCMP with numbers); FCSEL picks Vn when the condition holds.
TEST(IssFpScalar, ConditionalCompareAndSelect) {
    VP_NEED_AS();
    FpMachine m;
    m.set_d(1, kOneD);
    m.set_d(2, 0x4000000000000000ull);
    m.set_d(3, 0x7ff0000000000001ull);  // signalling NaN
    ASSERT_TRUE(
        m.run("cmp x0, x0\n fccmp d1, d2, #0xf, eq\n mrs x10, nzcv\n"
              "fccmpe d1, d3, #0x2, eq\n mrs x11, nzcv\n"
              "fcsel d4, d1, d2, eq\n fcsel d5, d1, d2, ne"));
    EXPECT_EQ(m.cpu.xreg(10) >> 28, 0x8u);  // eq held: 1 < 2
    EXPECT_EQ(m.cpu.xreg(11) >> 28, 0x2u);  // eq failed (Z clear): immediate, the sNaN is not compared
    EXPECT_EQ(m.cpu.fpsr, 0u);
    EXPECT_EQ(m.lo(4), 0x4000000000000000ull);  // flags are C only now: eq false -> Vm
    EXPECT_EQ(m.lo(5), kOneD);
    FpMachine s;
    s.set_d(1, kOneD);
    s.set_d(3, 0x7ff0000000000001ull);
    ASSERT_TRUE(s.run("cmp x0, x0\n fccmp d1, d3, #0, eq"));
    EXPECT_EQ(s.nzcv(), 0x3u);
    EXPECT_EQ(s.cpu.fpsr, IOC);  // a signalling NaN signals even for FCCMP
}

// VFPExpandImm: imm8 = a:b:cdefgh -> sign a, exponent NOT(b):b..b:cd, fraction efgh.
TEST(IssFpScalar, FmovImmediate) {
    VP_NEED_AS();
    FpMachine m;
    m.cpu.v[1][1] = 5;
    ASSERT_TRUE(m.run("fmov d1, #-1.25\n fmov s2, #31.0\n fmov s3, #0.125\n fmov d4, #2.0"));
    EXPECT_EQ(m.lo(1), 0xbff4000000000000ull);
    EXPECT_EQ(m.hi(1), 0u);
    EXPECT_EQ(m.lo(2), 0x41f80000u);
    EXPECT_EQ(m.lo(3), 0x3e000000u);
    EXPECT_EQ(m.lo(4), 0x4000000000000000ull);
}

// FMOV (general): W/X <-> S/D, and the top half of a 128-bit register, which keeps the low half.
TEST(IssFpScalar, FmovGeneral) {
    VP_NEED_AS();
    FpMachine m;
    m.cpu.v[1][0] = 0x1111222233334444ull;
    m.cpu.v[1][1] = 0x5555666677778888ull;
    m.cpu.set_xreg(2, 0xaaaabbbbccccddddull);
    m.cpu.v[5][1] = 9;
    ASSERT_TRUE(
        m.run("fmov x3, v1.d[1]\n fmov w4, s1\n fmov v1.d[1], x2\n fmov s5, w2\n fmov d6, x2\n fmov x7, d1"));
    EXPECT_EQ(m.cpu.xreg(3), 0x5555666677778888ull);
    EXPECT_EQ(m.cpu.xreg(4), 0x33334444ull);
    EXPECT_EQ(m.lo(1), 0x1111222233334444ull);
    EXPECT_EQ(m.hi(1), 0xaaaabbbbccccddddull);
    EXPECT_EQ(m.lo(5), 0xccccddddull);
    EXPECT_EQ(m.hi(5), 0u);
    EXPECT_EQ(m.lo(6), 0xaaaabbbbccccddddull);
    EXPECT_EQ(m.cpu.xreg(7), 0x1111222233334444ull);
}

// FCVT<r>S/U: each rounding mode on ties and negative values; out of range saturates with IOC;
// a W result is zero-extended.
TEST(IssFpScalar, ConvertToInteger) {
    VP_NEED_AS();
    FpMachine m;
    m.set_s(1, 0x40200000);             // 2.5
    m.set_s(2, 0xbfc00000);             // -1.5
    m.set_d(3, 0x3ff199999999999aull);  // 1.1
    ASSERT_TRUE(
        m.run("fcvtns x10, s1\n fcvtas x11, s1\n fcvtms x12, s2\n fcvtps w13, s2\n fcvtzs w14, s2\n"
              "fcvtpu x15, d3\n fcvtmu w16, d3\n fcvtau x17, s2\n fcvtnu w18, s1"));
    EXPECT_EQ(m.cpu.xreg(10), 2u);                     // tie to even
    EXPECT_EQ(m.cpu.xreg(11), 3u);                     // tie away
    EXPECT_EQ(m.cpu.xreg(12), 0xfffffffffffffffeull);  // floor(-1.5) = -2
    EXPECT_EQ(m.cpu.xreg(13), 0xffffffffull);          // ceil(-1.5) = -1 as W
    EXPECT_EQ(m.cpu.xreg(14), 0xffffffffull);          // trunc(-1.5) = -1 as W
    EXPECT_EQ(m.cpu.xreg(15), 2u);
    EXPECT_EQ(m.cpu.xreg(16), 1u);
    EXPECT_EQ(m.cpu.xreg(17), 0u);  // -2 to unsigned: saturates, IOC
    EXPECT_EQ(m.cpu.xreg(18), 2u);
    EXPECT_EQ(m.cpu.fpsr, IOC | IXC);
    FpMachine o;
    o.set_s(1, 0x501502f9);  // 1e10f
    o.set_s(2, 0x7fc00000);  // NaN
    ASSERT_TRUE(o.run("fcvtzs w10, s1\n fcvtzs x11, s1\n fcvtzu w12, s1\n fcvtzs x13, s2"));
    EXPECT_EQ(o.cpu.xreg(10), 0x7fffffffu);
    EXPECT_EQ(o.cpu.xreg(11), 10000000000ull);
    EXPECT_EQ(o.cpu.xreg(12), 0xffffffffu);
    EXPECT_EQ(o.cpu.xreg(13), 0u);
    EXPECT_EQ(o.cpu.fpsr, IOC);
}

// Fixed-point forms: value * 2^fbits (FCVTZS), integer / 2^fbits (SCVTF/UCVTF).
TEST(IssFpScalar, FixedPointConversions) {
    VP_NEED_AS();
    FpMachine m;
    m.set_s(1, 0x3fc00000);  // 1.5
    m.cpu.set_xreg(2, 384);
    m.cpu.set_xreg(3, ~0ull);
    m.set_d(4, 0xbfe0000000000000ull);  // -0.5
    ASSERT_TRUE(
        m.run("fcvtzs w10, s1, #4\n scvtf s5, w2, #8\n ucvtf d6, x3\n scvtf s7, w3\n"
              "fcvtzs x11, d4, #64\n ucvtf s8, x3, #64"));
    EXPECT_EQ(m.cpu.xreg(10), 24u);
    EXPECT_EQ(m.lo(5), 0x3fc00000u);                   // 384 / 256 = 1.5
    EXPECT_EQ(m.lo(6), 0x43f0000000000000ull);         // 2^64 - 1 rounds to 2^64
    EXPECT_EQ(m.lo(7), 0xbf800000u);                   // W -1 -> -1.0
    EXPECT_EQ(m.cpu.xreg(11), 0x8000000000000000ull);  // -0.5 * 2^64 = -2^63 fits exactly
    EXPECT_EQ(m.lo(8), kOneF);                         // (2^64 - 1) / 2^64 rounds to 1.0
    EXPECT_EQ(m.cpu.fpsr, IXC);
}

// FRINT<r>: only FRINTX signals Inexact; FRINTI uses FPCR.RMode.
TEST(IssFpScalar, RoundToIntegral) {
    VP_NEED_AS();
    FpMachine m;
    m.set_s(1, 0x40200000);             // 2.5
    m.set_s(2, 0xbf000000);             // -0.5
    m.set_d(3, 0x4000cccccccccccdull);  // 2.1
    ASSERT_TRUE(
        m.run("frintn s10, s1\n frinta s11, s1\n frintm s12, s2\n frintz s13, s2\n frintp s14, s2\n"
              "frinti d15, d3"));
    EXPECT_EQ(m.lo(10), kTwoF);
    EXPECT_EQ(m.lo(11), kThreeF);
    EXPECT_EQ(m.lo(12), 0xbf800000u);  // -1.0
    EXPECT_EQ(m.lo(13), 0x80000000u);  // -0.0
    EXPECT_EQ(m.lo(14), 0x80000000u);  // ceil(-0.5) = -0.0
    EXPECT_EQ(m.lo(15), 0x4000000000000000ull);
    EXPECT_EQ(m.cpu.fpsr, 0u);
    FpMachine x;
    x.cpu.fpcr = kRmodeRP;
    x.set_d(3, 0x4000cccccccccccdull);
    ASSERT_TRUE(x.run("frinti d15, d3\n frintx d16, d3"));
    EXPECT_EQ(x.lo(15), 0x4008000000000000ull);  // 3.0
    EXPECT_EQ(x.lo(16), 0x4008000000000000ull);
    EXPECT_EQ(x.cpu.fpsr, IXC);
}

// FCVT between all formats, FPCR.AHP for half, overflow.
TEST(IssFpScalar, PrecisionConversions) {
    VP_NEED_AS();
    FpMachine m;
    m.set_s(1, kOneF);
    m.set_s(2, 0x7c00);                 // half +inf
    m.set_d(3, 0x7e37e43c8800759cull);  // 1e300
    m.set_s(4, 0x3555);                 // half 0x3555 = 0.333251953125
    ASSERT_TRUE(m.run("fcvt h10, s1\n fcvt d11, h2\n fcvt s12, d3\n fcvt d13, h4\n fcvt h14, d3"));
    EXPECT_EQ(m.lo(10), 0x3c00u);
    EXPECT_EQ(m.lo(11), 0x7ff0000000000000ull);
    EXPECT_EQ(m.lo(12), 0x7f800000u);
    EXPECT_EQ(m.lo(13), 0x3fd5540000000000ull);
    EXPECT_EQ(m.lo(14), 0x7c00u);
    EXPECT_EQ(m.cpu.fpsr, OFC | IXC);
    FpMachine a;
    a.cpu.fpcr = kAhp;
    a.set_s(1, 0x7fc00000);  // NaN: no NaN in the alternative format -> 0 and IOC
    a.set_s(2, 0x477fe000);  // 65504: max IEEE half
    a.set_s(3, 0x47ffe000);  // 131008: max alternative half
    ASSERT_TRUE(a.run("fcvt h10, s1\n fcvt h11, s2\n fcvt h12, s3"));
    EXPECT_EQ(a.lo(10), 0u);
    EXPECT_EQ(a.lo(11), 0x7bffu);
    EXPECT_EQ(a.lo(12), 0x7fffu);
    EXPECT_EQ(a.cpu.fpsr, IOC);
}

// FSQRT, FABS/FNEG (sign only, NaNs untouched), min/max NaN rules, FPCR.DN and FPCR.FZ.
TEST(IssFpScalar, OneSourceAndNanRules) {
    VP_NEED_AS();
    FpMachine m;
    m.set_s(1, kTwoF);
    m.set_s(2, 0xbf800000);  // -1.0
    m.set_s(3, 0x7fc00123);  // quiet NaN with payload
    m.set_s(4, 0x80000000);  // -0.0
    m.set_s(5, 0);           // +0.0
    ASSERT_TRUE(
        m.run("fsqrt s10, s1\n fabs s11, s2\n fneg s12, s3\n fmaxnm s13, s3, s1\n fmax s14, s3, s1\n"
              "fmin s15, s4, s5\n fmax s16, s4, s5\n fminnm s17, s1, s2"));
    EXPECT_EQ(m.lo(10), 0x3fb504f3u);  // sqrt(2) rounded to nearest
    EXPECT_EQ(m.lo(11), kOneF);
    EXPECT_EQ(m.lo(12), 0xffc00123u);
    EXPECT_EQ(m.lo(13), kTwoF);
    EXPECT_EQ(m.lo(14), 0x7fc00123u);
    EXPECT_EQ(m.lo(15), 0x80000000u);
    EXPECT_EQ(m.lo(16), 0u);
    EXPECT_EQ(m.lo(17), 0xbf800000u);
    EXPECT_EQ(m.cpu.fpsr, IXC);
    FpMachine n;
    n.cpu.fpcr = kDn | kFz;
    n.set_s(1, kOneF);
    n.set_s(2, 0xbf800000);
    n.set_s(3, 0x7f800001);  // signalling NaN
    n.set_s(4, 0x00000001);  // smallest denormal: flushed to +0 on input
    n.set_s(5, 0x0d800000);  // 2^-100
    n.set_s(6, 0x30800000);  // 2^-30
    ASSERT_TRUE(n.run("fsqrt s10, s2\n fadd s11, s3, s1\n fmul s12, s4, s1\n fmul s13, s5, s6"));
    EXPECT_EQ(n.lo(10), 0x7fc00000u);  // default NaN
    EXPECT_EQ(n.lo(11), 0x7fc00000u);
    EXPECT_EQ(n.lo(12), 0u);
    EXPECT_EQ(n.lo(13), 0u);  // 2^-130 is tiny: flushed to +0 with Underflow only
    EXPECT_EQ(n.cpu.fpsr, IOC | IDC | UFC);
}

// ftype 10 is reserved; ftype 11 (half) arithmetic needs FEAT_FP16; FMOV W<->D and 32-bit
// fixed-point scale < 32 are unallocated; FCVT to the same precision is unallocated.
TEST(IssFpScalar, UnallocatedFormsAreUndefined) {
    const uint32_t words[] = {
        0x1ea22820,  // fadd with ftype 10
        0x1ee22820,  // fadd h0, h1, h2 (FEAT_FP16)
        0x1ee70020,  // fmov h0, w1 (FEAT_FP16)
        0x1e660020,  // fmov w0, d1: sf=0 ftype=01
        0x1e180020,  // fcvtzs w0, s1, #64 (scale 0 < 32 with sf = 0)
        0x1e224020,  // fcvt s0, s1
        0x1ee0c020,  // fabs h0, h1 (FEAT_FP16)
        0x1eee1000,  // fmov h0, #1.0 (FEAT_FP16)
        0x9eaf0020,  // fmov v0.d[1], x1: ftype 10 is allocated here
    };
    for (size_t i = 0; i + 1 < std::size(words); ++i) {
        FpMachine m;
        m.mem.put32(kText, words[i]);
        m.cpu.run(5);
        EXPECT_EQ(m.cpu.pc, kVbar + 0x200) << std::hex << words[i];
        EXPECT_EQ(m.esr() >> 26, 0u) << std::hex << words[i];
    }
    FpMachine ok;  // the last word is the allocated top-half FMOV
    ok.mem.put32(kText, words[std::size(words) - 1]);
    ok.mem.put32(kText + 4, 0xd503207f);  // wfi
    ok.cpu.set_xreg(1, 42);
    EXPECT_EQ(ok.cpu.run(5), StopReason::wfi);
    EXPECT_EQ(ok.hi(0), 42u);
}

// With CPACR_EL1.FPEN = 0 (reset) a scalar FP instruction traps with EC 0x07.
TEST(IssFpScalar, TrapsWhenFpDisabled) {
    Machine m;
    m.mem.put32(kText, 0x1e222820);  // fadd s0, s1, s2
    m.cpu.run(5);
    EXPECT_EQ(m.esr(), (0x07u << 26) | (1u << 25) | (1u << 24) | (0xEu << 20));
}
