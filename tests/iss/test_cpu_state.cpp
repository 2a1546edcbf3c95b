// CpuState: the layout promises translated code relies on when it addresses the core's state by
// offset from a CpuState* (standard layout, offsets that hold in a live Cpu and fit a 32-bit
// displacement, power-of-two host-TLB entries), and the host-pointer caches as an inline memory
// fast path reads them.
#include <bit>
#include <cstddef>
#include <cstdint>
#include <limits>

#include "machine.h"

using namespace vp::iss;
using namespace vp::iss::test;

namespace {

const char* base_of(const Cpu& c) {
    return reinterpret_cast<const char*>(static_cast<const CpuState*>(&c));
}
template <class T>
T at_offset(const Cpu& c, size_t off) {
    T v;
    std::memcpy(&v, base_of(c) + off, sizeof(T));
    return v;
}

}  // namespace

TEST(IssCpuState, IsStandardLayoutWithPowerOfTwoTlbEntries) {
    EXPECT_TRUE(std::is_standard_layout_v<CpuState>);
    EXPECT_TRUE(std::is_standard_layout_v<HostTlbEntry>);
    // An entry's index is (VA >> 12) mod kHostTlbSize, its address base + index << log2(size).
    EXPECT_TRUE(std::has_single_bit(sizeof(HostTlbEntry)));
    EXPECT_TRUE(std::has_single_bit(CpuState::kHostTlbSize));
    EXPECT_EQ(offsetof(CpuState, wtlb) - offsetof(CpuState, rtlb),
              CpuState::kHostTlbSize * sizeof(HostTlbEntry));
    EXPECT_EQ(offsetof(HostTlbEntry, tag), 0u);  // the tag compare is a [base + disp] operand
    // The whole state, and so every field's offset, is reachable with a signed 32-bit displacement.
    EXPECT_LE(sizeof(CpuState), size_t(std::numeric_limits<int32_t>::max()));
    // X0-X15 with an 8-bit displacement: the register file comes first.
    EXPECT_EQ(offsetof(CpuState, x), 0u);
}

TEST(IssCpuState, OffsetsHoldInALiveCpu) {
    Machine m;
    Cpu& c = m.cpu;
    const char* base = base_of(c);
    auto off = [base](const void* p) { return size_t(static_cast<const char*>(p) - base); };
    EXPECT_EQ(off(&c.x[7]), offsetof(CpuState, x) + 7 * 8);
    EXPECT_EQ(off(&c.pc), offsetof(CpuState, pc));
    EXPECT_EQ(off(&c.nzcv), offsetof(CpuState, nzcv));
    EXPECT_EQ(off(&c.sr[size_t(SysReg::ESR_EL1)]), offsetof(CpuState, sr) + size_t(SysReg::ESR_EL1) * 8);
    EXPECT_EQ(off(&c.v[3][1]), offsetof(CpuState, v) + 3 * 16 + 8);
    EXPECT_EQ(off(&c.fpsr), offsetof(CpuState, fpsr));
    EXPECT_EQ(off(&c.exit_req), offsetof(CpuState, exit_req));
    EXPECT_EQ(off(&c.icount), offsetof(CpuState, icount));
    EXPECT_EQ(off(&c.wtlb[5].host),
              offsetof(CpuState, wtlb) + 5 * sizeof(HostTlbEntry) + offsetof(HostTlbEntry, host));

    // The architectural registers, set through the public accessors, are where a JIT reads them:
    // X<n> in slot n, SP in slot 32 (kSP), NZCV in bits 31:28, Vn's low half first.
    c.set_xreg(5, 0x1122334455667788ull);
    c.set_sp(0x7ff0);
    c.set_pstate(0x60000000u | 0x3C0u | 0x5u);  // Z and C set, DAIF masked, EL1h
    EXPECT_EQ(at_offset<uint64_t>(c, offsetof(CpuState, x) + 5 * 8), 0x1122334455667788ull);
    EXPECT_EQ(at_offset<uint64_t>(c, offsetof(CpuState, x) + 32 * 8), 0x7ff0u);
    EXPECT_EQ(at_offset<uint32_t>(c, offsetof(CpuState, nzcv)), 0x60000000u);
    EXPECT_EQ(at_offset<uint32_t>(c, offsetof(CpuState, daif)), 0x3C0u);
}

// After a load and a store to plain memory, each access's page is in its host cache (tag =
// VA >> 12, host = the page, ppage = PA >> 12), but the page holding the code never enters the
// write cache, and the store filter word is the exclusive monitor's.
TEST(IssCpuState, HostCachesHoldTheAccessedPagesButNoWritableCodePage) {
    VP_NEED_AS();
    ExclusiveMonitor monitor;
    CpuConfig cfg;
    cfg.monitor = &monitor;
    Machine m({}, cfg);
    ASSERT_TRUE(
        m.load("ldr x1, [x0]\n str x1, [x2]\n str x1, [x3]\n ldr x4, [x3]\n wfi\n"
               ".balign 512\n data: .quad 0\n"));
    m.cpu.set_xreg(0, 0x20008);
    m.cpu.set_xreg(2, 0x30010);
    m.cpu.set_xreg(3, kText + 0x200);  // `data`, in the code's page
    m.mem.put32(0x20008, 0xCAFE);
    ASSERT_EQ(m.cpu.run(100), StopReason::wfi);
    EXPECT_EQ(m.cpu.xreg(4), 0xCAFEu);
    const Cpu& c = m.cpu;
    const HostTlbEntry& r = c.rtlb[0x20 & (CpuState::kHostTlbSize - 1)];
    EXPECT_EQ(r.tag, 0x20u);
    EXPECT_EQ(r.host + 0x008, m.mem.ptr(0x20008));
    const HostTlbEntry& w = c.wtlb[0x30 & (CpuState::kHostTlbSize - 1)];
    EXPECT_EQ(w.tag, 0x30u);
    EXPECT_EQ(w.host, m.mem.ptr(0x30000));
    EXPECT_EQ(w.ppage, 0x30u);
    EXPECT_EQ(c.wtlb[(kText >> 12) & (CpuState::kHostTlbSize - 1)].tag, ~0ull);
    EXPECT_EQ(c.rtlb[(kText >> 12) & (CpuState::kHostTlbSize - 1)].tag, kText >> 12);
    EXPECT_EQ(c.excl_page_bits, &monitor.page_bits);
}

// A store by another core into a reserved granule clears the reservation (ARM ARM B2.9.2) even when
// that core's write cache already holds the page: the store fast path must test the monitor's
// page filter (CpuState::excl_page_bits) and leave such stores to the slow path.
TEST(IssCpuState, CachedStoreFromAnotherCoreClearsTheReservation) {
    VP_NEED_AS();
    ExclusiveMonitor mon;
    FlatMemory mem(0, 1 << 20);
    CpuConfig c0, c1;
    c0.monitor = c1.monitor = &mon;
    c1.core_id = 1;
    Cpu a(mem, c0), b(mem, c1);
    auto w = assemble(
        "movz x1, #0x3000\n ldxr x0, [x1]\n b .\n"                            // core 0: reserve, then spin
        "stxr w2, x0, [x1]\n b .\n"                                           // core 0: the store-exclusive
        "movz x1, #0x3008\n str x1, [x1]\n b 1f\n 1: str x1, [x1]\n b .\n");  // core 1
    ASSERT_FALSE(w.empty());
    for (size_t i = 0; i < w.size(); ++i) mem.put32(0x1000 + 4 * i, w[i]);
    b.pc = 0x1000 + 5 * 4;
    b.run(3);  // core 1's first store fills its write cache with page 0x3000
    ASSERT_EQ(b.wtlb[3].tag, 3u);
    a.pc = 0x1000;
    a.run(2);  // core 0 reserves 0x3000
    b.run(1);  // core 1 stores into the reserved granule again
    a.pc = 0x1000 + 3 * 4;
    a.run(1);
    EXPECT_EQ(a.xreg(2), 1u);  // the store-exclusive failed: the reservation was cleared
}
