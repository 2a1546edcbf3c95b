// SIMD&FP loads and stores (ldst_simd sections): known encodings assembled by binutils, expected
// values derived by hand from the ARM ARM (C7.2 LDR/STR/LDP/STP (SIMD&FP), LD1-LD4, LD1R-LD4R,
// ST1-ST4): scalar loads zero the rest of the register, 64-bit arrangements clear the upper half,
// lane loads keep the other lanes, structures (de)interleave, registers wrap modulo 32.
#include <cstring>

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
  ASSERT_TRUE(m.run_to_wfi("ldr b0, [x0, #3]\n ldr h1, [x0, #2]\n ldr s2, [x0, #4]\n ldr d3, [x0, #8]\n"
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
  ASSERT_TRUE(m.run_to_wfi("ldr q4, [x0, #16]\n str q4, [x1, #32]!\n ldr s6, [x0, x2, lsl #2]\n"
                           "ldr q7, [x0, w3, sxtw #4]\n ldr h8, [x0], #-6\n str d7, [x1], #8\n"
                           "ldr b9, [x0, x2]\n str b9, [x1, x2]\n"));
  EXPECT_EQ(m.cpu.xreg(1), kOut + 40);      // pre-index 32, then post-index 8
  EXPECT_EQ(m.cpu.xreg(0), kData - 6);      // post-index -6
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
  ASSERT_TRUE(m.run_to_wfi("ldp q0, q1, [x0]\n ldnp s2, s3, [x0, #8]\n ldp d4, d5, [x0], #16\n"
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
