// VMSAv8-64 stage 1 translation, 4 KiB granule (ARM ARM D5.2-D5.4): crafted page tables in the
// flat test memory; fault codes from D17.2.37 (DFSC/IFSC) and PAR_EL1 (D17.2.96).
#include "machine.h"

using namespace vp::iss;
using namespace vp::iss::test;

namespace {

// Descriptor bits (D5.3): valid/table/page, AttrIndx 4:2, AP[2:1] 7:6, SH 9:8, AF 10, nG 11,
// PXN 53, UXN 54.
constexpr uint64_t kValid = 1, kTableDesc = 3, kPageDesc = 3, kBlockDesc = 1, kAF = 1u << 10, kNG = 1u << 11;
constexpr uint64_t kApEl0 = 1u << 6, kApRO = 1u << 7, kShInner = 3u << 8, kPXN = 1ull << 53,
                   kUXN = 1ull << 54;
// Fault status codes: translation 0b0001LL, access flag 0b0010LL, permission 0b0011LL.
constexpr unsigned transl(unsigned l) {
    return 0x04 | l;
}
constexpr unsigned access_flag(unsigned l) {
    return 0x08 | l;
}
constexpr unsigned perm(unsigned l) {
    return 0x0C | l;
}

constexpr uint64_t kL1 = 0x20000, kL2 = 0x21000, kL3 = 0x22000, kL1hi = 0x23000;

// TCR_EL1: T0SZ = T1SZ = 25 (39-bit VAs, walks start at level 1), TG0 = 4K, TG1 = 4K (0b10),
// IPS = 44 bits, AS = 16-bit ASIDs.
constexpr uint64_t kTcr = 25 | (25u << 16) | (2ull << 30) | (4ull << 32) | (1ull << 36);

struct MmuMachine : Machine {
    explicit MmuMachine(CpuHooks h = {}) : Machine(std::move(h)) {
        // Identity map of the 1 MiB RAM with 4 KiB pages, EL1 read/write, Normal memory (MAIR attr 0).
        put64(kL1, kL2 | kTableDesc);
        put64(kL2, kL3 | kTableDesc);
        for (uint64_t i = 0; i < 256; ++i) put64(kL3 + 8 * i, (i << 12) | kPageDesc | kAF | kShInner);
        cpu.write_sysreg(SysReg::MAIR_EL1, 0x44FF);  // attr0 = Normal WB, attr1 = Normal NC
        cpu.write_sysreg(SysReg::TCR_EL1, kTcr);
        cpu.write_sysreg(SysReg::TTBR0_EL1, kL1);
        cpu.write_sysreg(SysReg::TTBR1_EL1, kL1hi);
    }
    void put64(uint64_t pa, uint64_t v) { std::memcpy(mem.ptr(pa), &v, 8); }
    uint64_t get64(uint64_t pa) {
        uint64_t v;
        std::memcpy(&v, mem.ptr(pa), 8);
        return v;
    }
    void page(uint64_t va_page, uint64_t desc) { put64(kL3 + 8 * ((va_page >> 12) & 511), desc); }
    void mmu_on() { cpu.write_sysreg(SysReg::SCTLR_EL1, cpu.read_sysreg(SysReg::SCTLR_EL1) | 1); }
    uint64_t par(uint64_t va, bool el0 = false, bool write = false) {
        cpu.address_translate(va, el0, write);
        return cpu.read_sysreg(SysReg::PAR_EL1);
    }
};

}  // namespace

TEST(IssMmu, IdentityMapWithPagesRunsCode) {
    VP_NEED_AS();
    MmuMachine m;
    m.mmu_on();
    ASSERT_TRUE(m.load("ldr x1, [x2]\n str x1, [x3]\n wfi\n"));
    m.put64(0x3000, 0x1122334455667788ull);
    m.cpu.set_xreg(2, 0x3000);
    m.cpu.set_xreg(3, 0x4008);
    EXPECT_EQ(m.cpu.run(20), StopReason::wfi);
    EXPECT_EQ(m.cpu.xreg(1), 0x1122334455667788ull);
    EXPECT_EQ(m.get64(0x4008), 0x1122334455667788ull);
}

TEST(IssMmu, BlockMappingsTranslate) {
    MmuMachine m;
    m.put64(kL1 + 8, 0 | kBlockDesc | kAF);                  // VA 1 GiB: 1 GiB block at PA 0
    m.put64(kL2 + 8 * 4, 0 | kBlockDesc | kAF | (1u << 2));  // VA 8 MiB: 2 MiB block at PA 0, attr 1
    m.mmu_on();
    uint64_t p = m.par((1ull << 30) + 0x3abc);
    EXPECT_EQ(p & 1, 0u);
    EXPECT_EQ(p & 0xFFFFFFFFF000ull, 0x3000u);
    EXPECT_EQ(p >> 56, 0xFFu);  // MAIR attr 0
    p = m.par((8ull << 20) + 0x5123);
    EXPECT_EQ(p & 0xFFFFFFFFF000ull, 0x5000u);
    EXPECT_EQ(p >> 56, 0x44u);  // MAIR attr 1
    p = m.par(0x7000);
    EXPECT_EQ(p & 0xFFFFFFFFF000ull, 0x7000u);
    EXPECT_EQ((p >> 7) & 3, 3u);  // SH: Inner Shareable, from the descriptor
}

TEST(IssMmu, BlockMappingIsUsedByLoads) {
    VP_NEED_AS();
    MmuMachine m;
    m.put64(kL1 + 8, 0 | kBlockDesc | kAF);  // VA 0x4000_0000 -> PA 0
    m.mmu_on();
    ASSERT_TRUE(m.load("ldr x1, [x2]\n wfi\n"));
    m.put64(0x6000, 42);
    m.cpu.set_xreg(2, 0x40006000);
    EXPECT_EQ(m.cpu.run(20), StopReason::wfi);
    EXPECT_EQ(m.cpu.xreg(1), 42u);
}

TEST(IssMmu, Ttbr1HighHalf) {
    VP_NEED_AS();
    MmuMachine m;
    m.put64(kL1hi, kL2 | kTableDesc);  // VA 0xFFFFFF80_00000000 (T1SZ = 25) -> same L2 as the low half
    m.mmu_on();
    ASSERT_TRUE(m.load("ldr x1, [x2]\n wfi\n"));
    m.put64(0x5008, 0xfeed);
    m.cpu.set_xreg(2, 0xFFFFFF8000005008ull);
    EXPECT_EQ(m.cpu.run(20), StopReason::wfi);
    EXPECT_EQ(m.cpu.xreg(1), 0xfeedu);
    // A VA between the two halves is a level 0 translation fault.
    EXPECT_EQ(m.par(0x0000800000000000ull), 1u | (transl(0) << 1) | (1u << 11));
    // EPD1 disables TTBR1 walks.
    m.cpu.write_sysreg(SysReg::TCR_EL1, kTcr | (1u << 23));
    m.cpu.tlbi(TlbiKind::vmalle1, 0, false);
    EXPECT_EQ((m.par(0xFFFFFF8000005008ull) >> 1) & 0x3F, transl(0));
}

TEST(IssMmu, TranslationFaultLevels) {
    MmuMachine m;
    m.mmu_on();
    EXPECT_EQ((m.par(2ull << 30) >> 1) & 0x3F, transl(1));  // L1 entry 2 empty
    EXPECT_EQ((m.par(0x200000) >> 1) & 0x3F, transl(2));    // L2 entry 1 empty
    EXPECT_EQ((m.par(0x12C000) >> 1) & 0x3F, transl(3));    // L3 entry 300 empty
    // 48-bit VAs start at level 0.
    m.cpu.write_sysreg(SysReg::TCR_EL1, (kTcr & ~0x3Full) | 16);
    m.cpu.tlbi(TlbiKind::vmalle1, 0, false);
    m.put64(kL1hi + 0, kL1 | kTableDesc);  // a level 0 table whose entry 0 is the level 1 table
    m.cpu.write_sysreg(SysReg::TTBR0_EL1, kL1hi);
    EXPECT_EQ(m.par(0x5000) & 0xFFFFFFFFF001ull, 0x5000u);
    EXPECT_EQ((m.par(1ull << 39) >> 1) & 0x3F, transl(0));
}

TEST(IssMmu, DataAbortReportsFaultLevelWnrAndFar) {
    VP_NEED_AS();
    MmuMachine m;
    m.page(0x5000, 0x5000 | kPageDesc | kShInner);     // AF = 0
    m.page(0x6000, 0x6000 | kPageDesc | kAF | kApRO);  // read-only
    m.mmu_on();
    struct Case {
        const char* src;
        uint64_t addr;
        bool write;
        unsigned fsc;
    } cases[] = {
        {"ldr x1, [x2]\n", 0x12C010, false, transl(3)},
        {"ldr x1, [x2]\n", 0x5010, false, access_flag(3)},
        {"str x1, [x2]\n", 0x6018, true, perm(3)},
        {"ldr x1, [x2]\n", 0x6018, false, 0},
    };
    for (auto& c : cases) {
        ASSERT_TRUE(m.load(std::string(c.src) + "wfi\n"));
        m.cpu.pc = kText;
        m.cpu.halted_wfi = false;
        m.cpu.set_xreg(2, c.addr);
        m.cpu.write_sysreg(SysReg::ESR_EL1, 0);
        m.cpu.run(10);
        if (!c.fsc) {
            EXPECT_EQ(m.cpu.pc, kText + 8) << c.src;
            continue;
        }
        EXPECT_EQ(m.cpu.pc, kVbar + 0x200);
        EXPECT_EQ(m.esr(), (0x25u << 26) | (1u << 25) | (c.write ? 1u << 6 : 0) | c.fsc) << c.src << c.addr;
        EXPECT_EQ(m.cpu.read_sysreg(SysReg::FAR_EL1), c.addr);
        EXPECT_EQ(m.elr(), kText);
        m.cpu.set_pstate(0x3C5);
    }
}

TEST(IssMmu, El0PermissionsAndExecuteNever) {
    VP_NEED_AS();
    MmuMachine m;
    // Code pages EL0-readable; 0x5000 EL1-only data; 0x6000 EL0 data but UXN; 0x7000 PXN.
    m.page(0x1000, 0x1000 | kPageDesc | kAF | kApEl0 | kApRO);
    m.page(0x6000, 0x6000 | kPageDesc | kAF | kApEl0 | kUXN);
    m.page(0x7000, 0x7000 | kPageDesc | kAF | kPXN);
    m.mmu_on();
    ASSERT_TRUE(
        m.load("adr x2, el0\n msr elr_el1, x2\n msr spsr_el1, xzr\n eret\n"
               "el0: ldr x1, [x6]\n ldr x1, [x5]\n"));
    m.cpu.set_xreg(5, 0x5000);
    m.cpu.set_xreg(6, 0x6000);
    m.cpu.run(20);
    EXPECT_EQ(m.cpu.pc, kVbar + 0x400);
    EXPECT_EQ(m.esr(), (0x24u << 26) | (1u << 25) | perm(3));  // EL0 read of an EL1-only page
    EXPECT_EQ(m.cpu.read_sysreg(SysReg::FAR_EL1), 0x5000u);
    EXPECT_EQ(m.elr(), kText + 20);
    // EL0 branch to a UXN page: instruction abort from a lower EL.
    ASSERT_TRUE(m.load("adr x2, el0\n msr elr_el1, x2\n msr spsr_el1, xzr\n eret\n el0: br x6\n"));
    m.cpu.set_pstate(0x3C5);
    m.cpu.pc = kText;
    m.cpu.run(20);
    EXPECT_EQ(m.esr(), (0x20u << 26) | (1u << 25) | perm(3));
    EXPECT_EQ(m.cpu.read_sysreg(SysReg::FAR_EL1), 0x6000u);
    EXPECT_EQ(m.elr(), 0x6000u);
    // EL1 branch to a PXN page.
    ASSERT_TRUE(m.load("br x7\n"));
    m.cpu.set_pstate(0x3C5);
    m.cpu.pc = kText;
    m.cpu.set_xreg(7, 0x7000);
    m.cpu.run(20);
    EXPECT_EQ(m.esr(), (0x21u << 26) | (1u << 25) | perm(3));
    EXPECT_EQ(m.elr(), 0x7000u);
    // AT S1E0R on the EL1-only page faults; S1E1R succeeds.
    EXPECT_EQ(m.par(0x5000, true), 1u | (perm(3) << 1) | (1u << 11));
    EXPECT_EQ(m.par(0x5000) & 1, 0u);
    EXPECT_EQ(m.par(0x6000, true, true) & 1, 0u);  // EL0 read/write page
    EXPECT_EQ(m.par(0x1000, true, true) & 1, 1u);  // read-only at EL0
}

// LDTR/STTR at EL1 are checked with EL0 permissions (C6.2.134; PAN not implemented).
TEST(IssMmu, UnprivilegedLoadUsesEl0Permissions) {
    VP_NEED_AS();
    MmuMachine m;
    m.page(0x6000, 0x6000 | kPageDesc | kAF | kApEl0);
    m.mmu_on();
    ASSERT_TRUE(m.load("ldr x1, [x5]\n ldtr x3, [x6]\n ldtr x2, [x5]\n"));
    m.put64(0x6000, 9);
    m.cpu.set_xreg(5, 0x5000);
    m.cpu.set_xreg(6, 0x6000);
    m.cpu.run(20);
    EXPECT_EQ(m.cpu.xreg(3), 9u);
    EXPECT_EQ(m.esr(), (0x25u << 26) | (1u << 25) | perm(3));
    EXPECT_EQ(m.elr(), kText + 8);
}

// The write side of the same rule: a page that EL1 may write and EL0 may not (AP[2:1] = 00), written
// by STR first (so EL1's write pointer for it is cached), still faults STTR with a permission fault.
TEST(IssMmu, UnprivilegedStoreUsesEl0PermissionsAfterAPrivilegedStore) {
    VP_NEED_AS();
    MmuMachine m;
    m.mmu_on();
    ASSERT_TRUE(m.load("str x1, [x5]\n str x1, [x5, #8]\n sttr x1, [x5, #16]\n"));
    m.cpu.set_xreg(1, 7);
    m.cpu.set_xreg(5, 0x5000);
    m.cpu.run(20);
    EXPECT_EQ(m.get64(0x5008), 7u);
    EXPECT_EQ(m.get64(0x5010), 0u);
    EXPECT_EQ(m.esr(), (0x25u << 26) | (1u << 25) | (1u << 6) | perm(3));  // WnR
    EXPECT_EQ(m.elr(), kText + 8);
}

// LDTR/STTR that EL0 may perform reuse a host pointer like other accesses: Linux's copy_to_user,
// copy_from_user and clear_user are made of them, so a slow path per access would make every
// read()/write() of a large buffer crawl. 64 iterations, one page: a fill for the load and one for
// the store, not 128 slow accesses.
TEST(IssMmu, UnprivilegedAccessesToAUserPageStayOnTheFastPath) {
    VP_NEED_AS();
    MmuMachine m;
    m.page(0x6000, 0x6000 | kPageDesc | kAF | kApEl0);
    m.mmu_on();
    ASSERT_TRUE(
        m.load("mov x7, #64\n"
               "1: ldtr x3, [x6]\n add x3, x3, #1\n sttr x3, [x6]\n subs x7, x7, #1\n b.ne 1b\n wfi\n"));
    m.cpu.set_xreg(6, 0x6000);
    const uint64_t before = m.cpu.stats().slow_accesses;
    EXPECT_EQ(m.cpu.run(1000), StopReason::wfi);
    EXPECT_EQ(m.get64(0x6000), 64u);
    EXPECT_LE(m.cpu.stats().slow_accesses - before, 4u);
}

TEST(IssMmu, TlbiMakesADescriptorChangeVisible) {
    VP_NEED_AS();
    MmuMachine m;
    m.mmu_on();
    m.put64(0x5000, 111);
    m.put64(0x6000, 222);
    // Read VA 0x5000, retarget its descriptor to PA 0x6000 with a store, read again (the TLB still
    // holds the old translation), TLBI VAAE1 + DSB + ISB, read again.
    ASSERT_TRUE(
        m.load("ldr x1, [x10]\n str x11, [x12]\n dsb ish\n ldr x2, [x10]\n"
               "tlbi vaae1, x13\n dsb ish\n isb\n ldr x3, [x10]\n wfi\n"));
    m.cpu.set_xreg(10, 0x5000);
    m.cpu.set_xreg(11, 0x6000 | kPageDesc | kAF);
    m.cpu.set_xreg(12, kL3 + 8 * 5);
    m.cpu.set_xreg(13, 0x5000 >> 12);
    EXPECT_EQ(m.cpu.run(50), StopReason::wfi);
    EXPECT_EQ(m.cpu.xreg(1), 111u);
    EXPECT_EQ(m.cpu.xreg(2), 111u);
    EXPECT_EQ(m.cpu.xreg(3), 222u);
}

TEST(IssMmu, AsidSwitchKeepsOnlyGlobalEntries) {
    VP_NEED_AS();
    for (bool global : {false, true}) {
        MmuMachine m;
        m.page(0x5000, 0x5000 | kPageDesc | kAF | (global ? 0 : kNG));
        m.cpu.write_sysreg(SysReg::TTBR0_EL1, kL1 | (1ull << 48));  // ASID 1
        m.mmu_on();
        m.put64(0x5000, 111);
        m.put64(0x6000, 222);
        ASSERT_TRUE(
            m.load("ldr x1, [x10]\n str x11, [x12]\n msr ttbr0_el1, x14\n isb\n ldr x2, [x10]\n wfi\n"));
        m.cpu.set_xreg(10, 0x5000);
        m.cpu.set_xreg(11, 0x6000 | kPageDesc | kAF | (global ? 0 : kNG));
        m.cpu.set_xreg(12, kL3 + 8 * 5);
        m.cpu.set_xreg(14, kL1 | (2ull << 48));  // ASID 2, same tables
        EXPECT_EQ(m.cpu.run(50), StopReason::wfi);
        EXPECT_EQ(m.cpu.xreg(1), 111u);
        // A global entry survives the ASID switch (old mapping); a non-global one is re-walked.
        EXPECT_EQ(m.cpu.xreg(2), global ? 111u : 222u) << "global=" << global;
    }
}

TEST(IssMmu, AsideInvalidatesOnlyThatAsid) {
    MmuMachine m;
    m.page(0x5000, 0x5000 | kPageDesc | kAF | kNG);
    m.cpu.write_sysreg(SysReg::TTBR0_EL1, kL1 | (7ull << 48));
    m.mmu_on();
    EXPECT_EQ(m.par(0x5000) & 0xFFFFFFFFF000ull, 0x5000u);
    m.page(0x5000, 0x6000 | kPageDesc | kAF | kNG);
    m.cpu.tlbi(TlbiKind::aside1, 8ull << 48, true);  // another ASID: entry stays
    EXPECT_EQ(m.par(0x5000) & 0xFFFFFFFFF000ull, 0x5000u);
    m.cpu.tlbi(TlbiKind::aside1, 7ull << 48, true);
    EXPECT_EQ(m.par(0x5000) & 0xFFFFFFFFF000ull, 0x6000u);
}

TEST(IssMmu, TbIsRetranslatedWhenTheCodeMappingChanges) {
    VP_NEED_AS();
    MmuMachine m;
    m.mmu_on();
    // VA 0x10000 maps PA 0x11000 or PA 0x12000; each holds a different function.
    ASSERT_TRUE(m.load("mov x0, #1\n ret\n", 0x11000));
    ASSERT_TRUE(m.load("mov x0, #2\n ret\n", 0x12000));
    m.page(0x10000, 0x11000 | kPageDesc | kAF);
    ASSERT_TRUE(
        m.load("blr x9\n mov x1, x0\n str x11, [x12]\n tlbi vmalle1\n dsb ish\n isb\n blr x9\n wfi\n"));
    m.cpu.set_xreg(9, 0x10000);
    m.cpu.set_xreg(11, 0x12000 | kPageDesc | kAF);
    m.cpu.set_xreg(12, kL3 + 8 * 0x10);
    EXPECT_EQ(m.cpu.run(50), StopReason::wfi);
    EXPECT_EQ(m.cpu.xreg(1), 1u);
    EXPECT_EQ(m.cpu.xreg(0), 2u);
}

// Data-cache maintenance by VA translates the address: a fault is a data abort with CM = 1 and
// WnR = 1 (D17.2.37); DC IVAC needs write permission.
TEST(IssMmu, DcByVaFaultsLikeAnAccess) {
    VP_NEED_AS();
    MmuMachine m;
    m.page(0x6000, 0x6000 | kPageDesc | kAF | kApRO);
    m.mmu_on();
    ASSERT_TRUE(m.load("dc civac, x6\n dc ivac, x6\n"));
    m.cpu.set_xreg(6, 0x6040);
    m.cpu.run(10);
    EXPECT_EQ(m.elr(), kText + 4);
    EXPECT_EQ(m.esr(), (0x25u << 26) | (1u << 25) | (1u << 8) | (1u << 6) | perm(3));
    EXPECT_EQ(m.cpu.read_sysreg(SysReg::FAR_EL1), 0x6040u);
    ASSERT_TRUE(m.load("dc cvac, x6\n"));
    m.cpu.set_pstate(0x3C5);
    m.cpu.pc = kText;
    m.cpu.set_xreg(6, 0x12C000);
    m.cpu.run(10);
    EXPECT_EQ(m.esr(), (0x25u << 26) | (1u << 25) | (1u << 8) | (1u << 6) | transl(3));
}

// A descriptor whose output address exceeds the 44-bit PA range is an address size fault at its
// level (D5.2.6); so is a TTBR base beyond it (level 0).
TEST(IssMmu, AddressSizeFaults) {
    MmuMachine m;
    m.page(0x5000, (1ull << 45) | kPageDesc | kAF);
    m.mmu_on();
    EXPECT_EQ((m.par(0x5000) >> 1) & 0x3F, 0x03u);
    m.cpu.write_sysreg(SysReg::TTBR0_EL1, (1ull << 44) | kL1);
    EXPECT_EQ((m.par(0x7000) >> 1) & 0x3F, 0x00u);
}

// TLBI ...IS reaches every core sharing the CodeTracker; the non-IS form only the issuing core.
TEST(IssMmu, TlbiInnerShareableReachesOtherCores) {
    for (bool is : {false, true}) {
        FlatMemory mem(0, 1 << 20);
        CodeTracker tracker;
        CpuConfig c0, c1;
        c0.code_tracker = c1.code_tracker = &tracker;
        c1.core_id = 1;
        Cpu a(mem, c0), b(mem, c1);
        auto put64 = [&](uint64_t pa, uint64_t v) { std::memcpy(mem.ptr(pa), &v, 8); };
        put64(kL1, kL2 | kTableDesc);
        put64(kL2, kL3 | kTableDesc);
        put64(kL3 + 8 * 5, 0x5000 | kPageDesc | kAF);
        for (Cpu* c : {&a, &b}) {
            c->write_sysreg(SysReg::TCR_EL1, kTcr);
            c->write_sysreg(SysReg::TTBR0_EL1, kL1);
            c->write_sysreg(SysReg::SCTLR_EL1, c->read_sysreg(SysReg::SCTLR_EL1) | 1);
            c->address_translate(0x5000, false, false);
            EXPECT_EQ(c->read_sysreg(SysReg::PAR_EL1) & 0xFFFFFFFFF000ull, 0x5000u);
        }
        put64(kL3 + 8 * 5, 0x6000 | kPageDesc | kAF);
        a.tlbi(TlbiKind::vaae1, 5, is);
        b.address_translate(0x5000, false, false);
        EXPECT_EQ(b.read_sysreg(SysReg::PAR_EL1) & 0xFFFFFFFFF000ull, is ? 0x6000u : 0x5000u);
    }
}

// IC IVAU translates its VA: the TB of the physical page behind it is dropped (here code reached
// through an alias VA), other pages keep their translations.
TEST(IssMmu, IcIvauInvalidatesThePhysicalPageOfItsVa) {
    VP_NEED_AS();
    MmuMachine m;
    m.page(0x10000, 0x11000 | kPageDesc | kAF);  // VA 0x10000 -> PA 0x11000 (alias of VA 0x11000)
    m.mmu_on();
    ASSERT_TRUE(m.load("mov x0, #1\n ret\n", 0x11000));
    ASSERT_TRUE(m.load("blr x9\n wfi\n"));
    m.cpu.set_xreg(9, 0x11000);
    EXPECT_EQ(m.cpu.run(20), StopReason::wfi);
    EXPECT_EQ(m.cpu.xreg(0), 1u);
    size_t tbs = m.cpu.tb_count();
    m.mem.put32(0x11000, assemble("mov x0, #2\n").at(0));  // behind the core's back
    ASSERT_TRUE(m.load("ic ivau, x5\n dsb ish\n isb\n blr x9\n wfi\n", 0x3000));
    m.cpu.set_xreg(5, 0x10000);  // the alias
    m.cpu.pc = 0x3000;
    m.cpu.halted_wfi = false;
    EXPECT_EQ(m.cpu.run(20), StopReason::wfi);
    EXPECT_EQ(m.cpu.xreg(0), 2u);
    EXPECT_GE(m.cpu.tb_count(), tbs);  // the code at kText was not flushed with it
    // An unmapped VA faults like a load (CM = 1, WnR = 1).
    ASSERT_TRUE(m.load("ic ivau, x5\n", 0x3000));
    m.cpu.set_xreg(5, 0x12C000);
    m.cpu.pc = 0x3000;
    m.cpu.halted_wfi = false;
    m.cpu.run(10);
    EXPECT_EQ(m.esr(), (0x25u << 26) | (1u << 25) | (1u << 8) | (1u << 6) | transl(3));
}

TEST(IssMmu, DebugTranslateWalksWithoutSideEffects) {
    MmuMachine m;
    m.put64(kL1 + 8, 0 | kBlockDesc | kAF);
    uint64_t pa = 0;
    EXPECT_TRUE(m.cpu.debug_translate(0x40001234, pa));  // MMU off: flat
    EXPECT_EQ(pa, 0x40001234u);
    m.mmu_on();
    EXPECT_TRUE(m.cpu.debug_translate(0x40001234, pa));
    EXPECT_EQ(pa, 0x1234u);
    EXPECT_FALSE(m.cpu.debug_translate(0x12C000, pa));
    EXPECT_EQ(m.cpu.read_sysreg(SysReg::ESR_EL1), 0u);
}

// A chain link from a block to a direct-branch target must not survive a change of the target's
// mapping: the same `bl` runs before and after the remap + TLBI.
TEST(IssMmu, ChainLinksDoNotOutliveAMappingChange) {
    VP_NEED_AS();
    MmuMachine m;
    m.mmu_on();
    ASSERT_TRUE(m.load("mov x0, #1\n ret\n", 0x11000));
    ASSERT_TRUE(m.load("mov x0, #2\n ret\n", 0x12000));
    m.page(0x10000, 0x11000 | kPageDesc | kAF);
    // 0x1000: mov; 0x1004: loop: bl 0x10000 (four passes; the third follows the link made by the
    // second, then remaps)
    ASSERT_TRUE(
        m.load("mov x3, #4\n loop: bl .+0xEFFC\n add x1, x1, x0\n cmp x3, #2\n b.ne 1f\n"
               "str x11, [x12]\n tlbi vmalle1\n dsb ish\n isb\n"
               "1: subs x3, x3, #1\n b.ne loop\n wfi\n"));
    m.cpu.set_xreg(11, 0x12000 | kPageDesc | kAF);
    m.cpu.set_xreg(12, kL3 + 8 * 0x10);
    EXPECT_EQ(m.cpu.run(100), StopReason::wfi);
    EXPECT_EQ(m.cpu.xreg(1), 1u + 1u + 1u + 2u);
    EXPECT_GT(m.cpu.stats().chained, 0u);
}

// A link to a block on the same virtual page stays valid under any mapping (the block that takes
// it was entered under the current one), so a loop that runs a TLBI each pass keeps its in-page
// links: each pass looks up one block (after the TLBI ends its block), not every block again.
TEST(IssMmu, ChainLinksWithinAPageSurviveAMappingChange) {
    VP_NEED_AS();
    Machine m;
    ASSERT_TRUE(
        m.load("movz x3, #64\n loop: add x0, x0, #1\n tlbi vale1, x7\n add x1, x1, #1\n subs x3, x3, #1\n"
               "b.ne loop\n wfi\n"));
    m.cpu.set_xreg(7, 0x7F000 >> 12);  // a page the loop never uses
    EXPECT_EQ(m.cpu.run(10'000), StopReason::wfi);
    EXPECT_EQ(m.cpu.xreg(1), 64u);
    EXPECT_LT(m.cpu.stats().lookups, 64u + 16u);
}

// AArch64.ExclusiveMonitorsPass (ARM ARM J1, shared/functions/exclusive): with a reservation the
// store-exclusive's translation is checked and its permission fault taken (how an OS sees the
// first write to a copy-on-write page inside an atomic loop); without a reservation it just fails.
TEST(IssMmu, StoreExclusiveToReadOnlyPageTakesThePermissionFault) {
    VP_NEED_AS();
    MmuMachine m;
    m.page(0x6000, 0x6000 | kPageDesc | kAF | kApRO | kShInner);  // read-only
    m.mmu_on();
    ASSERT_TRUE(m.load("ldxr x1, [x2]\n stxr w3, x4, [x2]\n wfi\n"));
    m.cpu.set_xreg(2, 0x6040);
    m.cpu.set_xreg(3, 7);
    m.cpu.run(10);
    EXPECT_EQ(m.cpu.pc, kVbar + 0x200);
    EXPECT_EQ(m.esr(), (0x25u << 26) | (1u << 25) | (1u << 6) | perm(3));
    EXPECT_EQ(m.elr(), kText + 4);
    EXPECT_EQ(m.cpu.xreg(3), 7u);  // the status register is not written

    MmuMachine open;  // no LDXR before: the local monitor is open, STXR fails without an abort
    open.page(0x6000, 0x6000 | kPageDesc | kAF | kApRO | kShInner);
    open.mmu_on();
    ASSERT_TRUE(open.load("stxr w3, x4, [x2]\n wfi\n"));
    open.cpu.set_xreg(2, 0x6040);
    EXPECT_EQ(open.cpu.run(10), StopReason::wfi);
    EXPECT_EQ(open.cpu.xreg(3), 1u);
}
