// LDTR/STTR in the x86-64 tier's inline load/store path: at EL1 they access memory with EL0's
// permissions (ARM ARM C6.2.134, C6.2.300; no PAN on an ARMv8.0 core), so an inline hit needs a
// host-cache entry filled after an EL0 permission check, never one an ordinary access filled.
#include "machine.h"
#include "page_tables.h"

using namespace vp::iss;
using namespace vp::iss::test;

// A copy_to_user-like loop over a page EL0 may read and write runs through its LDTR/STTR 1000
// times; then an ordinary LDR of an EL1-only page succeeds (and caches the page for EL1), and an
// LDTR of the same page takes a Permission fault at level 3 (DFSC 0b001111) to the current EL's
// vector, with FAR_EL1 = the address and the destination register unchanged.
TEST(IssJitUnpriv, LdtrAtEl1UsesEl0PermissionsInHostCode) {
    VP_NEED_AS();
    Machine m({}, jit_config(), true);
    ASSERT_TRUE(
        m.load("movz x3, #1000\n movz x9, #0x4, lsl #16\n"
               "loop: ldtr x1, [x9]\n add x0, x0, x1\n sttr x0, [x9, #8]\n ldtrsw x5, [x9, #16]\n"
               "subs x3, x3, #1\n b.ne loop\n"
               "movz x10, #0x4, lsl #16\n movk x10, #0x1000\n ldr x2, [x10]\n ldtr x4, [x10]\n b .\n"));
    map_pages(m, {{0x40, page_desc(0x40000, kApEl0Rw)}, {0x41, page_desc(0x41000, kApEl1Rw)}});
    const uint64_t five = 5, el1_only = 0x77, minus_two = 0xFFFFFFFEull;
    std::memcpy(m.mem.ptr(0x40000), &five, 8);
    std::memcpy(m.mem.ptr(0x40010), &minus_two, 8);
    std::memcpy(m.mem.ptr(0x41000), &el1_only, 8);
    m.cpu.set_xreg(0, 0);
    m.cpu.set_xreg(4, 0x1234);
    m.cpu.run(20'000);
    EXPECT_EQ(m.cpu.xreg(0), 5000u);
    uint64_t stored = 0;
    std::memcpy(&stored, m.mem.ptr(0x40008), 8);
    EXPECT_EQ(stored, 5000u);
    EXPECT_EQ(m.cpu.xreg(5), ~1ull);  // LDTRSW: -2 sign-extended
    EXPECT_EQ(m.cpu.xreg(2), 0x77u);
    EXPECT_EQ(m.cpu.xreg(4), 0x1234u);
    EXPECT_EQ(m.cpu.pc, kVbar + 0x200);
    EXPECT_EQ(m.esr(), (0x25u << 26) | (1u << 25) | 0x0Fu);  // data abort, same EL; level 3 permission
    EXPECT_EQ(m.cpu.read_sysreg(SysReg::FAR_EL1), 0x41000u);
    EXPECT_EQ(m.cpu.stats().host_side_exits, 0u);
}

// The other way round: an STTR to a page EL0 may not write (EL1 read/write only) faults even after
// an ordinary STR cached the page for EL1 writes.
TEST(IssJitUnpriv, SttrAtEl1FaultsWhereOnlyEl1MayWrite) {
    VP_NEED_AS();
    Machine m({}, jit_config(), true);
    ASSERT_TRUE(m.load(
        "movz x10, #0x4, lsl #16\n movz x1, #9\n str x1, [x10]\n movz x1, #10\n sttr x1, [x10]\n b .\n"));
    map_pages(m, {{0x40, page_desc(0x40000, kApEl1Rw)}});
    m.cpu.run(100);
    uint64_t stored = 0;
    std::memcpy(&stored, m.mem.ptr(0x40000), 8);
    EXPECT_EQ(stored, 9u);
    EXPECT_EQ(m.cpu.pc, kVbar + 0x200);
    // Data abort, same EL; WnR (ISS bit 6) set; level 3 permission.
    EXPECT_EQ(m.esr(), (0x25u << 26) | (1u << 25) | (1u << 6) | 0x0Fu);
    EXPECT_EQ(m.cpu.read_sysreg(SysReg::FAR_EL1), 0x40000u);
}
