// SIMD&FP loads and stores (ldst_simd sections): known encodings assembled by binutils, expected
// values derived by hand from the ARM ARM (C7.2 LDR/STR/LDP/STP (SIMD&FP), LD1-LD4, LD1R-LD4R,
// ST1-ST4): scalar loads zero the rest of the register, 64-bit arrangements clear the upper half,
// lane loads keep the other lanes, structures (de)interleave, registers wrap modulo 32.
#include <cstring>
#include <set>

#include "decode_check.h"
#include "iss/frontend/decoder.h"
#include "machine.h"

using namespace vp::iss;
using namespace vp::iss::test;

namespace {

constexpr uint64_t kData = 0x10000;  // bytes i = i (mod 256)
constexpr uint64_t kOut = 0x20000;

struct SimdMachine : Machine {
    SimdMachine() {
        cpu.write_sysreg(SysReg::CPACR_EL1, 3u << 20);  // FPEN = 0b11: FP/SIMD not trapped
        for (unsigned i = 0; i < 256; ++i) mem.ptr(kData)[i] = uint8_t(i);
        for (auto& r : cpu.v) r[0] = r[1] = 0xa5a5a5a5a5a5a5a5ull;
        cpu.set_xreg(0, kData);
        cpu.set_xreg(1, kOut);
    }
    bool run_to_wfi(const std::string& src) {
        if (!load(src + "\n wfi\n")) return false;
        EXPECT_EQ(cpu.run(1000), StopReason::wfi);
        return true;
    }
    uint64_t lo(unsigned r) const { return cpu.v[r][0]; }
    uint64_t hi(unsigned r) const { return cpu.v[r][1]; }
    uint64_t out64(unsigned off) {
        uint64_t v;
        std::memcpy(&v, mem.ptr(kOut + off), 8);
        return v;
    }
};

constexpr uint64_t kA5 = 0xa5a5a5a5a5a5a5a5ull;

}  // namespace

TEST(IssSimdLdst, ScalarLoadsZeroTheRestOfTheRegister) {
    VP_NEED_AS();
    SimdMachine m;
    m.normal_memory();  // unaligned accesses to Normal memory are allowed (B2.5.2)
    ASSERT_TRUE(
        m.run_to_wfi("ldr b0, [x0, #3]\n ldr h1, [x0, #2]\n ldr s2, [x0, #4]\n ldr d3, [x0, #8]\n"
                     "ldr q4, [x0, #16]\n ldur q5, [x0, #1]\n ldur s6, [x0, #-1]\n"));
    EXPECT_EQ(m.lo(0), 0x03u);
    EXPECT_EQ(m.hi(0), 0u);
    EXPECT_EQ(m.lo(1), 0x0302u);
    EXPECT_EQ(m.lo(2), 0x07060504u);
    EXPECT_EQ(m.hi(2), 0u);
    EXPECT_EQ(m.lo(3), 0x0f0e0d0c0b0a0908u);
    EXPECT_EQ(m.hi(3), 0u);
    EXPECT_EQ(m.lo(4), 0x1716151413121110u);
    EXPECT_EQ(m.hi(4), 0x1f1e1d1c1b1a1918u);
    EXPECT_EQ(m.lo(5), 0x0807060504030201u);  // unaligned Q load
    EXPECT_EQ(m.hi(5), 0x100f0e0d0c0b0a09u);
    EXPECT_EQ(m.lo(6), 0x02010000u);  // byte 0xffff = 0 (RAM is zero there)
}

TEST(IssSimdLdst, IndexedAndRegisterOffsetForms) {
    VP_NEED_AS();
    SimdMachine m;
    m.cpu.set_xreg(2, 3);
    m.cpu.set_xreg(3, 0xffffffff00000001ull);  // W3 = 1 (SXTW ignores the upper half)
    ASSERT_TRUE(
        m.run_to_wfi("ldr q4, [x0, #16]\n str q4, [x1, #32]!\n ldr s6, [x0, x2, lsl #2]\n"
                     "ldr q7, [x0, w3, sxtw #4]\n ldr h8, [x0], #-6\n str d7, [x1], #8\n"
                     "ldr b9, [x0, x2]\n str b9, [x1, x2]\n"));
    EXPECT_EQ(m.cpu.xreg(1), kOut + 40);          // pre-index 32, then post-index 8
    EXPECT_EQ(m.cpu.xreg(0), kData - 6);          // post-index -6
    EXPECT_EQ(m.out64(32), 0x1716151413121110u);  // str d7 over q4's lower half
    EXPECT_EQ(m.out64(40), 0x1f1e1d1c001a1918u);  // q4's upper half, byte 43 from str b9
    EXPECT_EQ(m.lo(6), 0x0f0e0d0cu);
    EXPECT_EQ(m.lo(7), 0x1716151413121110u);
    EXPECT_EQ(m.hi(7), 0x1f1e1d1c1b1a1918u);
    EXPECT_EQ(m.lo(8), 0x0100u);
    EXPECT_EQ(m.lo(9), 0u);  // X0 = 0xfffa, + 3 = 0xfffd: zero RAM
    EXPECT_EQ(m.hi(9), 0u);
    EXPECT_EQ(m.mem.ptr(kOut + 43)[0], 0u);
}

TEST(IssSimdLdst, PairsAndLiteral) {
    VP_NEED_AS();
    SimdMachine m;
    ASSERT_TRUE(
        m.run_to_wfi("ldp q0, q1, [x0]\n ldnp s2, s3, [x0, #8]\n ldp d4, d5, [x0], #16\n"
                     "stp d4, d5, [x1, #-16]!\n stp s2, s3, [x1, #64]\n ldr q6, lit\n ldr s7, lit\n"
                     "b 1f\n .balign 16\n lit: .quad 0x1122334455667788, 0x99aabbccddeeff00\n 1:"));
    EXPECT_EQ(m.lo(0), 0x0706050403020100u);
    EXPECT_EQ(m.hi(0), 0x0f0e0d0c0b0a0908u);
    EXPECT_EQ(m.lo(1), 0x1716151413121110u);
    EXPECT_EQ(m.hi(1), 0x1f1e1d1c1b1a1918u);
    EXPECT_EQ(m.lo(2), 0x0b0a0908u);
    EXPECT_EQ(m.hi(2), 0u);
    EXPECT_EQ(m.lo(3), 0x0f0e0d0cu);
    EXPECT_EQ(m.lo(4), 0x0706050403020100u);
    EXPECT_EQ(m.lo(5), 0x0f0e0d0c0b0a0908u);
    EXPECT_EQ(m.hi(5), 0u);
    EXPECT_EQ(m.cpu.xreg(0), kData + 16);
    EXPECT_EQ(m.cpu.xreg(1), kOut - 16);
    uint64_t v;
    std::memcpy(&v, m.mem.ptr(kOut - 16), 8);
    EXPECT_EQ(v, 0x0706050403020100u);
    std::memcpy(&v, m.mem.ptr(kOut - 8), 8);
    EXPECT_EQ(v, 0x0f0e0d0c0b0a0908u);
    std::memcpy(&v, m.mem.ptr(kOut + 48), 8);
    EXPECT_EQ(v, 0x0f0e0d0c0b0a0908u);  // s2 then s3
    EXPECT_EQ(m.lo(6), 0x1122334455667788u);
    EXPECT_EQ(m.hi(6), 0x99aabbccddeeff00u);
    EXPECT_EQ(m.lo(7), 0x55667788u);
    EXPECT_EQ(m.hi(7), 0u);
}

TEST(IssSimdLdst, MultipleStructuresInterleave) {
    VP_NEED_AS();
    SimdMachine m;
    m.cpu.set_xreg(2, 100);
    ASSERT_TRUE(
        m.run_to_wfi("ld2 {v0.8b, v1.8b}, [x0]\n ld4 {v2.4s, v3.4s, v4.4s, v5.4s}, [x0], #64\n"
                     "ld3 {v30.4h, v31.4h, v0.4h}, [x1]\n ld1 {v10.16b, v11.16b}, [x0]\n"
                     "st1 {v10.16b, v11.16b}, [x1], x2\n ld1 {v12.1d, v13.1d, v14.1d}, [x0]\n"
                     "st2 {v2.4s, v3.4s}, [x1]\n"));
    // LD2 .8B: even bytes to V0 (overwritten below by LD3), odd bytes to V1, upper halves cleared.
    EXPECT_EQ(m.lo(1), 0x0f0d0b0907050301u);
    EXPECT_EQ(m.hi(1), 0u);
    // LD4 .4S: word j of structure e goes to V(2+j) lane e; structure e = bytes 16e..16e+15.
    EXPECT_EQ(m.lo(2), 0x1312111003020100u);
    EXPECT_EQ(m.hi(2), 0x3332313023222120u);
    EXPECT_EQ(m.lo(5), 0x1f1e1d1c0f0e0d0cu);
    EXPECT_EQ(m.hi(5), 0x3f3e3d3c2f2e2d2cu);
    EXPECT_EQ(m.cpu.xreg(0), kData + 64);  // post-index immediate = 64 bytes transferred
    // LD3 .4H from kOut (zero RAM at the time) wraps V30, V31, V0: all three fully written.
    EXPECT_EQ(m.lo(30), 0u);
    EXPECT_EQ(m.hi(30), 0u);
    EXPECT_EQ(m.lo(0), 0u);
    EXPECT_EQ(m.hi(0), 0u);
    // LD1 two registers from kData + 64, stored by ST1 to kOut, X1 += X2.
    EXPECT_EQ(m.lo(10), 0x4746454443424140u);
    EXPECT_EQ(m.hi(11), 0x5f5e5d5c5b5a5958u);
    EXPECT_EQ(m.out64(0), 0x4746454443424140u);
    EXPECT_EQ(m.out64(24), 0x5f5e5d5c5b5a5958u);
    EXPECT_EQ(m.cpu.xreg(1), kOut + 100);
    // LD1 .1D x3: three consecutive doublewords, upper halves cleared.
    EXPECT_EQ(m.lo(12), 0x4746454443424140u);
    EXPECT_EQ(m.lo(14), 0x5756555453525150u);
    EXPECT_EQ(m.hi(14), 0u);
    // ST2 .4S interleaves V2/V3 words: V2[0], V3[0], V2[1], V3[1], ...
    uint32_t w[8];
    std::memcpy(w, m.mem.ptr(kOut + 100), sizeof w);
    EXPECT_EQ(w[0], 0x03020100u);  // V2[0]
    EXPECT_EQ(w[1], 0x07060504u);  // V3[0]
    EXPECT_EQ(w[2], 0x13121110u);  // V2[1]
    EXPECT_EQ(w[7], 0x37363534u);  // V3[3]
}

TEST(IssSimdLdst, SingleStructureLanesAndReplicate) {
    VP_NEED_AS();
    SimdMachine m;
    m.normal_memory();  // unaligned elements are allowed in Normal memory (B2.5.2)
    m.cpu.set_xreg(3, 8);
    ASSERT_TRUE(m.run_to_wfi(
        "ld1 {v0.s}[3], [x0]\n ld2 {v1.b, v2.b}[9], [x0], #2\n ld4r {v3.8b, v4.8b, v5.8b, v6.8b}, [x0]\n"
        "ld1r {v7.2d}, [x0], x3\n ld3 {v31.d, v0.d, v1.d}[0], [x0]\n st4 {v3.h, v4.h, v5.h, v6.h}[3], "
        "[x1]\n"));
    // LD1 lane 3: only bits 127:96 change (lane 0 is replaced by the LD3 below).
    EXPECT_EQ(m.hi(0), 0x0302010000000000u | (kA5 & 0xffffffffu));
    // LD2 lane 9 (byte 1 of the upper half): V1 gets byte 0 (then LD3 replaces its lane 0), V2 byte 1.
    EXPECT_EQ(m.hi(1), kA5 & ~0xff00ull);
    EXPECT_EQ(m.lo(2), kA5);
    EXPECT_EQ(m.hi(2), (kA5 & ~0xff00ull) | 0x0100);
    // LD4R .8B from kData + 2: bytes 2, 3, 4, 5 replicated to the lower halves, upper halves zero.
    EXPECT_EQ(m.lo(3), 0x0202020202020202u);
    EXPECT_EQ(m.hi(3), 0u);
    EXPECT_EQ(m.lo(6), 0x0505050505050505u);
    EXPECT_EQ(m.hi(6), 0u);
    // LD1R .2D from kData + 2, then X0 += 8.
    EXPECT_EQ(m.lo(7), 0x0908070605040302u);
    EXPECT_EQ(m.hi(7), 0x0908070605040302u);
    EXPECT_EQ(m.cpu.xreg(0), kData + 10);
    // LD3 D lane 0 wraps V31, V0, V1 and keeps their upper halves.
    EXPECT_EQ(m.lo(31), 0x11100f0e0d0c0b0au);
    EXPECT_EQ(m.hi(31), kA5);
    EXPECT_EQ(m.lo(0), 0x1918171615141312u);
    EXPECT_EQ(m.lo(1), 0x21201f1e1d1c1b1au);
    // ST4 H lane 3 of V3-V6: 0x0202, 0x0303, 0x0404, 0x0505 at ascending addresses.
    EXPECT_EQ(m.out64(0), 0x0505040403030202u);
}

TEST(IssSimdLdst, FaultLeavesRegistersAndBaseUnchanged) {
    VP_NEED_AS();
    SimdMachine m;
    m.normal_memory();  // 0xffff8 is not 16-byte aligned: with the MMU off a Q access would fault on that
    m.cpu.set_xreg(0, 0xffff8);  // the last 8 bytes of RAM: the second half of a Q access faults
    ASSERT_TRUE(m.load("ldp q0, q1, [x0], #32\n"));
    m.cpu.run(5);
    EXPECT_EQ(m.esr() >> 26, 0x25u);
    EXPECT_FALSE(m.esr() & (1u << 6));
    EXPECT_EQ(m.cpu.read_sysreg(SysReg::FAR_EL1), 0x100000u);
    EXPECT_EQ(m.elr(), kText);
    EXPECT_EQ(m.cpu.xreg(0), 0xffff8u);
    EXPECT_EQ(m.lo(0), kA5);
    EXPECT_EQ(m.lo(1), kA5);
}

TEST(IssSimdLdst, StoreFaultReportsWnR) {
    VP_NEED_AS();
    SimdMachine m;
    m.cpu.set_xreg(0, 0x40000000);
    ASSERT_TRUE(m.load("st4 {v0.16b, v1.16b, v2.16b, v3.16b}, [x0], #64\n"));
    m.cpu.run(5);
    EXPECT_EQ(m.esr() >> 26, 0x25u);
    EXPECT_TRUE(m.esr() & (1u << 6));
    EXPECT_EQ(m.cpu.read_sysreg(SysReg::FAR_EL1), 0x40000000u);
    EXPECT_EQ(m.cpu.xreg(0), 0x40000000u);
}

TEST(IssSimdLdst, ReservedEncodingsAreUndefined) {
    VP_NEED_AS();
    // LDP (SIMD&FP) opc = 11; LDR (immediate, SIMD&FP) size = 01 with opc<1> = 1; LDR (literal,
    // SIMD&FP) opc = 11; LD2 (multiple) .1D; LD1 (single, S/D) size = 10; LD1 (single, D) S = 1;
    // LD1 (single, H) size<0> = 1; LDR (register, SIMD&FP) option = 000.
    const uint32_t words[] = {0xed400000, 0x7dc00000, 0xdc000000, 0x0c408c00,
                              0x0d408800, 0x0d409400, 0x0d404400, 0x3c600800};
    for (uint32_t w : words) {
        SimdMachine m;
        m.mem.put32(kText, w);
        m.cpu.invalidate_code(kText, kText + 4);
        m.cpu.run(1);
        EXPECT_EQ(m.esr() >> 26, 0u) << std::hex << w;
        EXPECT_EQ(m.elr(), kText) << std::hex << w;
        EXPECT_EQ(m.unimp_log.size(), 1u) << std::hex << w;
    }
}

TEST(IssSimdLdst, TrappedWhenFpDisabledAndSpAlignmentChecked) {
    VP_NEED_AS();
    {
        SimdMachine m;
        m.cpu.write_sysreg(SysReg::CPACR_EL1, 0);
        ASSERT_TRUE(m.load("ld1 {v0.16b}, [x0]\n"));
        m.cpu.run(1);
        EXPECT_EQ(m.esr() >> 26, 0x07u);
    }
    {
        SimdMachine m;
        m.cpu.set_sp(0x80008);
        m.cpu.write_sysreg(SysReg::SCTLR_EL1, m.cpu.read_sysreg(SysReg::SCTLR_EL1) | (1u << 3));
        ASSERT_TRUE(m.load("ldr q0, [sp]\n"));
        m.cpu.run(1);
        EXPECT_EQ(m.esr() >> 26, 0x26u);
    }
}

// Every ldst_simd row, assembled by binutils (kept here rather than in test_decoder.cpp's shared
// table so the per-family helpers do not edit the same lines).
TEST(IssSimdLdst, KnownEncodingsFromBinutils) {
    VP_NEED_AS();
    const std::vector<DecodeCase> cases = {
        {"ldr s1, .", "VLDR_lit"},
        {"ldr d1, .", "VLDR_lit"},
        {"ldr q1, .", "VLDR_lit"},
        {"stnp s1, s2, [x3]", "VSTNP"},
        {"ldnp q1, q2, [sp, #-1024]", "VLDNP"},
        {"stp d1, d2, [x3], #8", "VSTP_post"},
        {"ldp q0, q1, [x1], #32", "VLDP_post"},
        {"stp q0, q1, [x0, #32]", "VSTP_off"},
        {"ldp s1, s2, [x3, #252]", "VLDP_off"},
        {"stp d8, d9, [sp, #-16]!", "VSTP_pre"},
        {"ldp q1, q2, [x3, #1008]!", "VLDP_pre"},
        {"stur b1, [x2, #-256]", "VSTUR"},
        {"ldur q1, [x2, #255]", "VLDUR"},
        {"ldur h1, [x2, #1]", "VLDUR"},
        {"str s1, [x2], #4", "VSTR_post"},
        {"ldr q1, [x2], #-16", "VLDR_post"},
        {"str d1, [x2, #8]!", "VSTR_pre"},
        {"ldr b1, [x2, #1]!", "VLDR_pre"},
        {"str q1, [x2, x3, lsl #4]", "VSTR_reg"},
        {"ldr h1, [x2, w3, sxtw #1]", "VLDR_reg"},
        {"ldr b1, [x2, x3, lsl #0]", "VLDR_reg"},
        {"str q1, [x2, #65520]", "VSTR_uimm"},
        {"ldr d1, [sp, #32760]", "VLDR_uimm"},
        {"ldr q0, [x1]", "VLDR_uimm"},
        {"st4 {v0.16b, v1.16b, v2.16b, v3.16b}, [x0]", "VST4_mult"},
        {"st1 {v0.2d, v1.2d, v2.2d, v3.2d}, [x0]", "VST1_mult4"},
        {"st3 {v0.4h, v1.4h, v2.4h}, [x0]", "VST3_mult"},
        {"st1 {v0.1d, v1.1d, v2.1d}, [x0]", "VST1_mult3"},
        {"st1 {v31.8b}, [sp]", "VST1_mult1"},
        {"st2 {v0.4s, v1.4s}, [x0]", "VST2_mult"},
        {"st1 {v31.4s, v0.4s}, [x0]", "VST1_mult2"},
        {"ld4 {v0.8h, v1.8h, v2.8h, v3.8h}, [x0]", "VLD4_mult"},
        {"ld1 {v0.16b, v1.16b, v2.16b, v3.16b}, [x0]", "VLD1_mult4"},
        {"ld3 {v0.2s, v1.2s, v2.2s}, [x0]", "VLD3_mult"},
        {"ld1 {v0.8h, v1.8h, v2.8h}, [x0]", "VLD1_mult3"},
        {"ld1 {v0.1d}, [x0]", "VLD1_mult1"},
        {"ld2 {v0.2d, v1.2d}, [x0]", "VLD2_mult"},
        {"ld1 {v0.2s, v1.2s}, [x0]", "VLD1_mult2"},
        {"st4 {v0.16b, v1.16b, v2.16b, v3.16b}, [x0], #64", "VST4_mult_post"},
        {"st1 {v0.2d, v1.2d, v2.2d, v3.2d}, [x0], x1", "VST1_mult4_post"},
        {"st3 {v0.4h, v1.4h, v2.4h}, [x0], #24", "VST3_mult_post"},
        {"st1 {v0.1d, v1.1d, v2.1d}, [x0], x5", "VST1_mult3_post"},
        {"st1 {v31.8b}, [sp], #8", "VST1_mult1_post"},
        {"st2 {v0.4s, v1.4s}, [x0], #32", "VST2_mult_post"},
        {"st1 {v31.4s, v0.4s}, [x0], x30", "VST1_mult2_post"},
        {"ld4 {v0.8h, v1.8h, v2.8h, v3.8h}, [x0], #64", "VLD4_mult_post"},
        {"ld1 {v0.16b, v1.16b, v2.16b, v3.16b}, [x0], #64", "VLD1_mult4_post"},
        {"ld3 {v0.2s, v1.2s, v2.2s}, [x0], x2", "VLD3_mult_post"},
        {"ld1 {v0.8h, v1.8h, v2.8h}, [x0], #48", "VLD1_mult3_post"},
        {"ld1 {v0.1d}, [x0], #8", "VLD1_mult1_post"},
        {"ld2 {v0.2d, v1.2d}, [x0], x3", "VLD2_mult_post"},
        {"ld1 {v0.2s, v1.2s}, [x0], #16", "VLD1_mult2_post"},
        {"st1 {v0.b}[15], [x0]", "VST1_single_b"},
        {"st3 {v0.b, v1.b, v2.b}[1], [x0]", "VST3_single_b"},
        {"st1 {v0.h}[7], [x0]", "VST1_single_h"},
        {"st3 {v0.h, v1.h, v2.h}[2], [x0]", "VST3_single_h"},
        {"st1 {v0.s}[3], [x0]", "VST1_single_s"},
        {"st3 {v0.d, v1.d, v2.d}[1], [x0]", "VST3_single_s"},
        {"st2 {v0.b, v1.b}[8], [x0]", "VST2_single_b"},
        {"st4 {v0.b, v1.b, v2.b, v3.b}[3], [x0]", "VST4_single_b"},
        {"st2 {v0.h, v1.h}[4], [x0]", "VST2_single_h"},
        {"st4 {v0.h, v1.h, v2.h, v3.h}[1], [x0]", "VST4_single_h"},
        {"st2 {v0.d, v1.d}[0], [x0]", "VST2_single_s"},
        {"st4 {v0.s, v1.s, v2.s, v3.s}[2], [x0]", "VST4_single_s"},
        {"ld1 {v0.b}[0], [x0]", "VLD1_single_b"},
        {"ld3 {v0.b, v1.b, v2.b}[9], [x0]", "VLD3_single_b"},
        {"ld1 {v0.h}[3], [x0]", "VLD1_single_h"},
        {"ld3 {v0.h, v1.h, v2.h}[6], [x0]", "VLD3_single_h"},
        {"ld1 {v0.d}[1], [x0]", "VLD1_single_s"},
        {"ld3 {v0.s, v1.s, v2.s}[0], [x0]", "VLD3_single_s"},
        {"ld1r {v0.4s}, [x0]", "VLD1R"},
        {"ld3r {v0.8b, v1.8b, v2.8b}, [x0]", "VLD3R"},
        {"ld2 {v0.b, v1.b}[5], [x0]", "VLD2_single_b"},
        {"ld4 {v0.b, v1.b, v2.b, v3.b}[12], [x0]", "VLD4_single_b"},
        {"ld2 {v0.h, v1.h}[0], [x0]", "VLD2_single_h"},
        {"ld4 {v0.h, v1.h, v2.h, v3.h}[5], [x0]", "VLD4_single_h"},
        {"ld2 {v0.s, v1.s}[1], [x0]", "VLD2_single_s"},
        {"ld4 {v0.d, v1.d, v2.d, v3.d}[1], [x0]", "VLD4_single_s"},
        {"ld2r {v0.2d, v1.2d}, [x0]", "VLD2R"},
        {"ld4r {v0.4h, v1.4h, v2.4h, v3.4h}, [x0]", "VLD4R"},
        {"st1 {v0.b}[15], [x0], #1", "VST1_single_b_post"},
        {"st3 {v0.b, v1.b, v2.b}[1], [x0], x1", "VST3_single_b_post"},
        {"st1 {v0.h}[7], [x0], #2", "VST1_single_h_post"},
        {"st3 {v0.h, v1.h, v2.h}[2], [x0], #6", "VST3_single_h_post"},
        {"st1 {v0.s}[3], [x0], x2", "VST1_single_s_post"},
        {"st3 {v0.d, v1.d, v2.d}[1], [x0], #24", "VST3_single_s_post"},
        {"st2 {v0.b, v1.b}[8], [x0], #2", "VST2_single_b_post"},
        {"st4 {v0.b, v1.b, v2.b, v3.b}[3], [x0], #4", "VST4_single_b_post"},
        {"st2 {v0.h, v1.h}[4], [x0], x3", "VST2_single_h_post"},
        {"st4 {v0.h, v1.h, v2.h, v3.h}[1], [x0], #8", "VST4_single_h_post"},
        {"st2 {v0.d, v1.d}[0], [x0], #16", "VST2_single_s_post"},
        {"st4 {v0.s, v1.s, v2.s, v3.s}[2], [x0], #16", "VST4_single_s_post"},
        {"ld1 {v0.b}[0], [x0], #1", "VLD1_single_b_post"},
        {"ld3 {v0.b, v1.b, v2.b}[9], [x0], #3", "VLD3_single_b_post"},
        {"ld1 {v0.h}[3], [x0], x4", "VLD1_single_h_post"},
        {"ld3 {v0.h, v1.h, v2.h}[6], [x0], #6", "VLD3_single_h_post"},
        {"ld1 {v0.d}[1], [x0], #8", "VLD1_single_s_post"},
        {"ld3 {v0.s, v1.s, v2.s}[0], [x0], #12", "VLD3_single_s_post"},
        {"ld1r {v0.4s}, [x0], #4", "VLD1R_post"},
        {"ld3r {v0.8b, v1.8b, v2.8b}, [x0], x7", "VLD3R_post"},
        {"ld2 {v0.b, v1.b}[5], [x0], #2", "VLD2_single_b_post"},
        {"ld4 {v0.b, v1.b, v2.b, v3.b}[12], [x0], #4", "VLD4_single_b_post"},
        {"ld2 {v0.h, v1.h}[0], [x0], #4", "VLD2_single_h_post"},
        {"ld4 {v0.h, v1.h, v2.h, v3.h}[5], [x0], x9", "VLD4_single_h_post"},
        {"ld2 {v0.s, v1.s}[1], [x0], #8", "VLD2_single_s_post"},
        {"ld4 {v0.d, v1.d, v2.d, v3.d}[1], [x0], #32", "VLD4_single_s_post"},
        {"ld2r {v0.2d, v1.2d}, [x0], #16", "VLD2R_post"},
        {"ld4r {v0.4h, v1.4h, v2.4h, v3.4h}, [x0], #8", "VLD4R_post"},
    };
    expect_decodes_to(cases, "ldst_simd");
}
