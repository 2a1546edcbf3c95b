// Memory types and physical address range (ARM ARM D8.2.10 "The effects of disabling an address
// translation stage", B2.5.2 alignment, AArch64.CheckAlignment, D8.3 Address size faults):
// with SCTLR_EL1.M = 0 every data access is Device-nGnRnE, so an unaligned one takes an Alignment
// fault (DFSC 0b100001) while instruction fetches are Normal; SCTLR_EL1.A = 1 checks every data
// access; Device pages of the MMU-on regime fault the same way; a PA at or above 2^44
// (ID_AA64MMFR0_EL1.PARange = 0b0100) is an Address size fault (FSC 0b0000LL), level 0 with the MMU
// off. ESR_EL1 (D17.2.37): EC 0x25 data abort / 0x21 instruction abort from the same EL, WnR bit 6.
#include "machine.h"

using namespace vp::iss;
using namespace vp::iss::test;

namespace {

constexpr unsigned kEcDabort = 0x25, kEcIabort = 0x21;
constexpr unsigned kAlignment = 0x21, kAddressSizeL0 = 0x00, kExternal = 0x10;
constexpr uint64_t kWnR = 1u << 6;
constexpr uint64_t kPaLimit = 1ull << 44;

// RAM plus a device window (no host page; reads return 0x5A bytes, writes are accepted) where a
// UART would be.
constexpr uint64_t kDev = 0x09000000;
struct DeviceWindowMemory : FlatMemory {
    DeviceWindowMemory() : FlatMemory(0, 1 << 20) {}
    bool read(uint64_t pa, void* data, unsigned size) override {
        if (pa >= kDev && pa + size <= kDev + 0x1000) {
            std::memset(data, 0x5A, size);
            return true;
        }
        return FlatMemory::read(pa, data, size);
    }
    bool write(uint64_t pa, const void* data, unsigned size) override {
        if (pa >= kDev && pa + size <= kDev + 0x1000) return true;
        return FlatMemory::write(pa, data, size);
    }
};

// Runs `src` (ending in WFI) with x1 = `x1`; returns true if it reached the WFI (no exception).
bool runs_clean(Machine& m, const std::string& src, uint64_t x1) {
    if (!m.load(src + "\n wfi\n")) return false;
    m.cpu.pc = kText;
    m.cpu.set_xreg(1, x1);
    m.cpu.write_sysreg(SysReg::ESR_EL1, 0);
    return m.cpu.run(50) == StopReason::wfi;
}

uint64_t dfsc(const Machine& m) {
    return m.esr() & 0x3F;
}

}  // namespace

// The case: an 8-byte load from RAM + 3 with the MMU off. An aligned load to the same page
// comes first, so that the page is in the core's host cache (the unaligned access must fault on the
// fast path too, not only on a cache miss).
TEST(IssMemoryTypes, MmuOffUnalignedLoadIsAlignmentFault) {
    VP_NEED_AS();
    Machine m;
    m.cpu.set_xreg(0, 0x77);
    EXPECT_FALSE(runs_clean(m, "ldr x9, [x1, #5]\n ldr x0, [x1]", 0x3003));
    EXPECT_EQ(m.esr() >> 26, kEcDabort);
    EXPECT_EQ(dfsc(m), kAlignment);
    EXPECT_EQ(m.esr() & kWnR, 0u);
    EXPECT_EQ(m.cpu.read_sysreg(SysReg::FAR_EL1), 0x3003u);
    EXPECT_EQ(m.elr(), kText + 4);
    EXPECT_EQ(m.cpu.xreg(0), 0x77u);  // the load did not happen
    // Aligned accesses of every size and byte accesses anywhere are fine.
    Machine ok;
    EXPECT_TRUE(
        runs_clean(ok, "ldr x0, [x1]\n ldr w0, [x1, #4]\n ldrh w0, [x1, #2]\n ldrb w0, [x1, #3]", 0x3008));
}

// The second case: a word load from a device register at an unaligned offset is an
// Alignment fault, not an external abort (and not a device access).
TEST(IssMemoryTypes, MmuOffUnalignedDeviceLoadIsAlignmentFault) {
    VP_NEED_AS();
    DeviceWindowMemory mem;
    Cpu cpu(mem);
    auto words = assemble("ldr w0, [x1]\n wfi\n");
    ASSERT_EQ(words.size(), 2u);
    mem.put32(kText, words[0]);
    mem.put32(kText + 4, words[1]);
    cpu.write_sysreg(SysReg::VBAR_EL1, kVbar);
    for (uint64_t a = kVbar; a < kVbar + 0x800; a += 4) mem.put32(a, 0x14000000);  // b .
    cpu.pc = kText;
    cpu.set_xreg(1, kDev + 0x19);
    cpu.run(10);
    const uint64_t esr = cpu.read_sysreg(SysReg::ESR_EL1);
    EXPECT_EQ(esr >> 26, kEcDabort);
    EXPECT_EQ(esr & 0x3F, kAlignment);
    EXPECT_EQ(cpu.read_sysreg(SysReg::FAR_EL1), kDev + 0x19);
    // Aligned, the same register reads the device.
    cpu.pc = kText;
    cpu.set_xreg(1, kDev + 0x18);
    EXPECT_EQ(cpu.run(10), StopReason::wfi);
    EXPECT_EQ(cpu.xreg(0), 0x5A5A5A5Au);
}

// Each Mem[] access of an instruction must be aligned to its own size: each register of a pair,
// each element of a vector structure, the whole Q register; stores report WnR = 1; a faulting
// pre/post-indexed access writes no base back. An aligned load and store to the page come first
// (host caches filled).
TEST(IssMemoryTypes, MmuOffAlignmentIsPerSingleCopyAccess) {
    VP_NEED_AS();
    struct Case {
        const char* src;
        uint64_t x1;
        bool faults;
        bool write;
    };
    const Case cases[] = {
        {"str w0, [x1]", 0x3002, true, true},
        {"strh w0, [x1]", 0x3001, true, true},
        {"stur x0, [x1, #4]", 0x3000, true, true},
        {"ldp w2, w3, [x1]", 0x3004, false, false},  // two aligned words
        {"ldp x2, x3, [x1]", 0x3004, true, false},   // 8-byte registers at a 4-byte boundary
        {"stp x2, x3, [x1, #8]!", 0x3000, false, true},
        {"ldr q0, [x1]", 0x3008, true, false},  // a Q register is one 16-byte access
        {"ldr q0, [x1]", 0x3010, false, false},
        {"ld1 {v0.16b}, [x1]", 0x3001, false, false},  // byte elements
        {"ld1 {v0.4s}, [x1]", 0x3002, true, false},    // word elements at a halfword boundary
        {"st1 {v0.2d}, [x1]", 0x3004, true, true},
        {"ld1r {v0.4h}, [x1]", 0x3001, true, false},
        {"ld1 {v0.s}[1], [x1]", 0x3004, false, false},
        {"ldtr x0, [x1]", 0x3004, true, false},  // unprivileged forms are data accesses too
        {"ldr x0, [x1], #8", 0x3001, true, false},
    };
    for (const Case& k : cases) {
        Machine m;
        m.cpu.write_sysreg(SysReg::CPACR_EL1, 3u << 20);
        m.cpu.set_xreg(10, k.x1 & ~0xFFFull);
        EXPECT_EQ(runs_clean(m, std::string("ldr x9, [x10]\n str x9, [x10]\n") + k.src, k.x1), !k.faults)
            << k.src;
        if (!k.faults) continue;
        EXPECT_EQ(m.esr() >> 26, kEcDabort) << k.src;
        EXPECT_EQ(dfsc(m), kAlignment) << k.src;
        EXPECT_EQ((m.esr() & kWnR) != 0, k.write) << k.src;
        EXPECT_EQ(m.cpu.xreg(1), k.x1) << k.src << ": no base writeback";
    }
}

// LDR (literal) of a doubleword at a word-aligned address: the literal pool entry is misaligned.
// A word load of the same literal comes first (host cache filled).
TEST(IssMemoryTypes, MmuOffMisalignedLiteralLoadFaults) {
    VP_NEED_AS();
    Machine m;
    EXPECT_TRUE(
        runs_clean(m, "ldr w9, lit\n ldr x0, lit\n wfi\n .word 0\n lit: .word 1, 2", 0));  // kText + 16
    Machine bad;
    EXPECT_FALSE(runs_clean(bad, "ldr w9, lit\n ldr x0, lit\n wfi\n lit: .word 1, 2", 0));  // kText + 12
    EXPECT_EQ(bad.esr() >> 26, kEcDabort);
    EXPECT_EQ(dfsc(bad), kAlignment);
    EXPECT_EQ(bad.cpu.read_sysreg(SysReg::FAR_EL1), kText + 12);
}

// Instruction fetches with the MMU off are Normal memory: code runs from anywhere in RAM, and only
// data accesses change when the MMU goes on (Normal memory there allows unaligned accesses).
TEST(IssMemoryTypes, MmuOnNormalMemoryAllowsUnalignedAccesses) {
    VP_NEED_AS();
    Machine m;
    m.normal_memory();
    m.cpu.write_sysreg(SysReg::CPACR_EL1, 3u << 20);
    uint64_t v = 0x1122334455667788ull;
    std::memcpy(m.mem.ptr(0x3003), &v, 8);
    EXPECT_TRUE(runs_clean(m, "ldr x0, [x1]\n stur x0, [x1, #0xf1]\n ld1 {v0.4s}, [x1]", 0x3003));
    EXPECT_EQ(m.cpu.xreg(0), v);
}

// SCTLR_EL1.A = 1 makes every data access alignment-checked, also on Normal memory, and an
// alignment fault from A comes before the translation (AArch64.CheckAlignment).
TEST(IssMemoryTypes, SctlrAChecksEveryDataAccess) {
    VP_NEED_AS();
    Machine m;
    m.normal_memory();
    m.cpu.write_sysreg(SysReg::SCTLR_EL1, m.cpu.read_sysreg(SysReg::SCTLR_EL1) | 2);
    EXPECT_FALSE(runs_clean(m, "ldr w9, [x1, #3]\n ldr w0, [x1]", 0x3001));
    EXPECT_EQ(m.esr() >> 26, kEcDabort);
    EXPECT_EQ(dfsc(m), kAlignment);
    Machine unmapped;
    unmapped.normal_memory();
    unmapped.cpu.write_sysreg(SysReg::SCTLR_EL1, unmapped.cpu.read_sysreg(SysReg::SCTLR_EL1) | 2);
    EXPECT_FALSE(runs_clean(unmapped, "ldr w0, [x1]", 0x7fff0001));  // no translation there
    EXPECT_EQ(dfsc(unmapped), kAlignment);
    // With A = 0 again the same access succeeds.
    Machine a0;
    a0.normal_memory();
    EXPECT_TRUE(runs_clean(a0, "ldr w0, [x1]", 0x3001));
}

// With the MMU on, a page whose MAIR attribute is Device (0b0000xxxx) faults unaligned accesses;
// an aligned access to it first must not let a later unaligned one through a cached host pointer.
TEST(IssMemoryTypes, MmuOnDevicePageFaultsUnalignedAccesses) {
    VP_NEED_AS();
    Machine m;
    // Level 1 -> level 2 -> level 3 identity pages of the first 1 MiB; page 0x5000 is attr 1.
    auto put64 = [&](uint64_t pa, uint64_t v) { std::memcpy(m.mem.ptr(pa), &v, 8); };
    const uint64_t l1 = 0xE0000, l2 = 0xE1000, l3 = 0xE2000;
    put64(l1, l2 | 3);
    put64(l2, l3 | 3);
    for (uint64_t i = 0; i < 256; ++i)
        put64(l3 + 8 * i, (i << 12) | 3 | (1u << 10) | (i == 5 ? 1u << 2 : 0));  // page, AF, AttrIndx
    m.cpu.write_sysreg(SysReg::MAIR_EL1, 0x00FF);  // attr 0 Normal write-back, attr 1 Device-nGnRnE
    m.cpu.write_sysreg(SysReg::TCR_EL1, 25 | (1u << 23) | (4ull << 32));
    m.cpu.write_sysreg(SysReg::TTBR0_EL1, l1);
    m.cpu.write_sysreg(SysReg::SCTLR_EL1, m.cpu.read_sysreg(SysReg::SCTLR_EL1) | 1);
    EXPECT_FALSE(runs_clean(m, "ldr x0, [x1]\n ldr x0, [x1, #0x14]\n", 0x5008));
    EXPECT_EQ(m.esr() >> 26, kEcDabort);
    EXPECT_EQ(dfsc(m), kAlignment);
    EXPECT_EQ(m.cpu.read_sysreg(SysReg::FAR_EL1), 0x501Cu);
    EXPECT_EQ(m.elr(), kText + 4);
    // The Normal page next to it allows the same access.
    EXPECT_TRUE(runs_clean(m, "ldr x0, [x1, #0x14]\n", 0x4008));
}

// DC ZVA to Device memory is an Alignment fault (C5.3.21), so with the MMU off it always is.
TEST(IssMemoryTypes, MmuOffDcZvaIsAlignmentFault) {
    VP_NEED_AS();
    Machine m;
    for (unsigned i = 0; i < 64; ++i) m.mem.ptr(0x3000)[i] = 0xAA;
    EXPECT_FALSE(runs_clean(m, "dc zva, x1", 0x3000));
    EXPECT_EQ(m.esr() >> 26, kEcDabort);
    EXPECT_EQ(dfsc(m), kAlignment);
    EXPECT_NE(m.esr() & kWnR, 0u);
    EXPECT_EQ(m.mem.ptr(0x3000)[0], 0xAA);
}

// PA >= 2^44 with the MMU off: Address size fault, level 0, for loads, stores and instruction
// fetches (it used to reach the bus as an external abort).
TEST(IssMemoryTypes, MmuOffAddressBeyondPaRangeIsAddressSizeFault) {
    VP_NEED_AS();
    Machine m;
    EXPECT_FALSE(runs_clean(m, "ldr x0, [x1]", kPaLimit));
    EXPECT_EQ(m.esr() >> 26, kEcDabort);
    EXPECT_EQ(dfsc(m), kAddressSizeL0);
    EXPECT_EQ(m.cpu.read_sysreg(SysReg::FAR_EL1), kPaLimit);
    Machine st;
    EXPECT_FALSE(runs_clean(st, "str x0, [x1]", 0xFFFFFFFFFFFFFFF0ull));
    EXPECT_EQ(dfsc(st), kAddressSizeL0);
    EXPECT_NE(st.esr() & kWnR, 0u);
    // Just below the limit the address is in range: an external abort from the bus (no memory).
    Machine below;
    EXPECT_FALSE(runs_clean(below, "ldr x0, [x1]", kPaLimit - 8));
    EXPECT_EQ(dfsc(below), kExternal);
    // Instruction fetch: IFSC 0b000000, FAR and ELR = the target.
    Machine fetch;
    EXPECT_FALSE(runs_clean(fetch, "br x1", kPaLimit + 0x1000));
    EXPECT_EQ(fetch.esr() >> 26, kEcIabort);
    EXPECT_EQ(fetch.esr() & 0x3F, kAddressSizeL0);
    EXPECT_EQ(fetch.cpu.read_sysreg(SysReg::FAR_EL1), kPaLimit + 0x1000);
    EXPECT_EQ(fetch.elr(), kPaLimit + 0x1000);
    // AT with the MMU off reports the same fault in PAR_EL1 (F = 1, FST = 0, bit 11 RES1).
    Machine at;
    at.cpu.address_translate(kPaLimit, false, false);
    EXPECT_EQ(at.cpu.read_sysreg(SysReg::PAR_EL1), 1u | (1u << 11));
}

// The top byte with TCR_EL1.TBI0 = 1 is not part of the address (AddrTop = 55) even with the MMU
// off; without TBI it is, and is out of range.
TEST(IssMemoryTypes, MmuOffTopByteIgnoredOnlyWithTbi) {
    VP_NEED_AS();
    const uint64_t tagged = 0x5A00000000003000ull;
    Machine plain;
    EXPECT_FALSE(runs_clean(plain, "ldr x0, [x1]", tagged));
    EXPECT_EQ(dfsc(plain), kAddressSizeL0);
    Machine tbi;
    tbi.cpu.write_sysreg(SysReg::TCR_EL1, 1ull << 37);  // TBI0
    uint64_t v = 0x0123456789abcdefull;
    std::memcpy(tbi.mem.ptr(0x3000), &v, 8);
    EXPECT_TRUE(runs_clean(tbi, "ldr x0, [x1]", tagged));
    EXPECT_EQ(tbi.cpu.xreg(0), v);
}

// Priority with the MMU off: the Address size fault of TranslateAddressS1Off comes before the
// Device-memory Alignment fault; an SCTLR_EL1.A Alignment fault comes before both.
TEST(IssMemoryTypes, MmuOffAddressSizeFaultBeforeDeviceAlignmentFault) {
    VP_NEED_AS();
    Machine m;
    EXPECT_FALSE(runs_clean(m, "ldr x0, [x1]", kPaLimit + 3));
    EXPECT_EQ(dfsc(m), kAddressSizeL0);
    Machine a;
    a.cpu.write_sysreg(SysReg::SCTLR_EL1, a.cpu.read_sysreg(SysReg::SCTLR_EL1) | 2);
    EXPECT_FALSE(runs_clean(a, "ldr x0, [x1]", kPaLimit + 3));
    EXPECT_EQ(dfsc(a), kAlignment);
}

// Table walks: a table descriptor whose next-level address is at or above 2^44 is an Address size
// fault at the level of that descriptor (D8.3, FSC 0b0000LL).
TEST(IssMemoryTypes, WalkThroughTableBeyondPaRangeIsAddressSizeFault) {
    VP_NEED_AS();
    Machine m;
    m.normal_memory();
    // Level 1 entry 1 (VA 1 GiB..2 GiB): a table at 2^44.
    uint64_t desc = kPaLimit | 3;
    std::memcpy(m.mem.ptr(Machine::kTables + 8), &desc, 8);
    EXPECT_FALSE(runs_clean(m, "ldr x0, [x1]", 1ull << 30));
    EXPECT_EQ(m.esr() >> 26, kEcDabort);
    EXPECT_EQ(dfsc(m), 0x01u);  // address size fault, level 1
    EXPECT_EQ(m.cpu.read_sysreg(SysReg::FAR_EL1), 1ull << 30);
}

// Exclusives, load-acquire/store-release (B2.5.2) and the FEAT_LSE atomics need natural alignment
// also on Normal memory, where ordinary accesses may be unaligned: an Alignment fault, FAR = the
// address, WnR = 0 for a load (and for an atomic, a read first) and 1 for a store.
TEST(IssMemoryTypes, MmuOnExclusivesAcquireReleaseAndAtomicsNeedNaturalAlignment) {
    VP_NEED_AS();
    struct Case {
        const char* insn;
        bool wnr;
    };
    for (const Case& k :
         {Case{"ldxr x0, [x1]", false}, Case{"ldar x0, [x1]", false}, Case{"stlr x0, [x1]", true},
          Case{"stxp w2, x3, x4, [x1]", true}, Case{".arch armv8.1-a\n ldadd x0, x2, [x1]", false}}) {
        CpuConfig cfg;
        cfg.features.lse = true;
        Machine m({}, cfg);
        m.normal_memory();
        EXPECT_FALSE(runs_clean(m, k.insn, 0x3004)) << k.insn;
        EXPECT_EQ(m.esr() >> 26, kEcDabort) << k.insn;
        EXPECT_EQ(dfsc(m), kAlignment) << k.insn;
        EXPECT_EQ((m.esr() >> 6) & 1, k.wnr ? 1u : 0u) << k.insn;
        EXPECT_EQ(m.cpu.read_sysreg(SysReg::FAR_EL1), 0x3004u) << k.insn;
    }
}
