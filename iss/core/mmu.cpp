// VMSAv8-64 stage 1 translation for the EL1&0 regime, 4 KiB granule (ARM ARM D5.2-D5.4), the
// per-core software TLB, TLB maintenance and AT (C5.4, C5.5).
#include <algorithm>

#include "iss/core/cpu.h"

namespace vp::iss {

namespace {
constexpr uint64_t kVaMask = 0x00FFFFFFFFFFFFFFull;  // VA[55:0]: the TLB ignores the top byte
constexpr uint64_t low_mask(unsigned shift) {
    return (1ull << shift) - 1;
}
// Fault status codes (D17.2.37 DFSC/IFSC): type | level, with kFault set so that an address size
// fault at level 0 (FSC 0) is not mistaken for success.
constexpr unsigned kFault = 0x100;
constexpr unsigned kAddrSize = kFault | 0x00, kTransl = kFault | 0x04, kAccessFlag = kFault | 0x08,
                   kPerm = kFault | 0x0C, kWalkExt = kFault | 0x14;
}  // namespace

uint16_t Cpu::asid_from_registers() const {
    const uint64_t tcr = sr[size_t(SysReg::TCR_EL1)];
    uint64_t ttbr = sr[size_t((tcr >> 22) & 1 ? SysReg::TTBR1_EL1 : SysReg::TTBR0_EL1)];  // TCR.A1
    uint16_t asid = uint16_t(ttbr >> 48);
    return (tcr >> 36) & 1 ? asid : uint16_t(asid & 0xFF);  // TCR.AS: 16-bit ASIDs
}

// AArch64.TranslationTableWalk for the 4 KiB granule. Returns 0 or a fault status code.
unsigned Cpu::walk(uint64_t va, SwTlbEntry& out) {
    const uint64_t tcr = sr[size_t(SysReg::TCR_EL1)];
    const bool hi = (va >> 55) & 1;  // VA[55] selects TTBR1 (D5.2.3)
    unsigned tsz = unsigned(hi ? (tcr >> 16) & 63 : tcr & 63);
    tsz = std::clamp(tsz, 16u, 39u);  // out-of-range TxSZ: CONSTRAINED UNPREDICTABLE, clamped
    const bool tbi = hi ? (tcr >> 38) & 1 : (tcr >> 37) & 1;
    const unsigned inputsize = 64 - tsz, top = tbi ? 55 : 63;
    const uint64_t upper = (va >> inputsize) & low_mask(top - inputsize + 1);
    if (upper != (hi ? low_mask(top - inputsize + 1) : 0)) return kTransl | 0;
    if (hi ? (tcr >> 23) & 1 : (tcr >> 7) & 1) return kTransl | 0;  // EPD1 / EPD0
    static constexpr unsigned kIps[8] = {32, 36, 40, 42, 44, 48, 48, 48};
    const unsigned pabits = std::min(kIps[(tcr >> 32) & 7], cfg_.model->pa_bits);  // PARange
    const uint64_t ttbr = sr[size_t(hi ? SysReg::TTBR1_EL1 : SysReg::TTBR0_EL1)];
    const unsigned start = 4 - (inputsize - 12 + 8) / 9;
    uint64_t table = ttbr & 0x0000FFFFFFFFFFFEull;
    if (table >> pabits) return kAddrSize | 0;
    bool no_el0 = false, ro = false, uxn = false, pxn = false;  // hierarchical table attributes
    for (unsigned level = start; level <= 3; ++level) {
        const unsigned shift = 12 + 9 * (3 - level);
        const unsigned bits = level == start ? inputsize - shift : 9;
        if (level == start) table &= ~low_mask(bits + 3);
        const uint64_t daddr = table + ((va >> shift) & low_mask(bits)) * 8;
        uint64_t d = 0;
        if (uint8_t* host = mem_.host_page(daddr & ~0xfffull, false))
            std::memcpy(&d, host + (daddr & 0xfff), 8);
        else if (!mem_.read(daddr, &d, 8))
            return kWalkExt | level;
        if (!(d & 1)) return kTransl | level;
        const bool table_desc = (d & 2) && level < 3;
        if (!(d & 2) && (level == 0 || level == 3)) return kTransl | level;  // no level 0 blocks; reserved
        uint64_t oa = d & 0x0000FFFFFFFFF000ull;
        if (oa >> pabits) return kAddrSize | level;
        if (table_desc) {
            pxn |= (d >> 59) & 1;
            uxn |= (d >> 60) & 1;
            no_el0 |= (d >> 61) & 1;  // APTable[0]
            ro |= (d >> 62) & 1;      // APTable[1]
            table = oa;
            continue;
        }
        if (!((d >> 10) & 1)) return kAccessFlag | level;  // AF = 0, no hardware AF update
        const unsigned ap = (d >> 6) & 3;                  // AP[2:1]
        const bool el0 = (ap & 1) && !no_el0, wr = !(ap & 2) && !ro;
        uint8_t perm = kR1;
        if (wr) perm |= kW1;
        if (el0) perm |= kR0 | (wr ? kW0 : 0);
        // PXN; a region writable at EL0 is never executable at EL1 (D5.4.5).
        if (!pxn && !((d >> 53) & 1) && !(el0 && wr)) perm |= kX1;
        if (!uxn && !((d >> 54) & 1)) perm |= kX0;
        if ((sr[size_t(SysReg::SCTLR_EL1)] >> 19) & 1) {  // WXN: writable implies execute-never
            if (perm & kW1) perm &= uint8_t(~kX1);
            if (perm & kW0) perm &= uint8_t(~kX0);
        }
        out.vbase = va & kVaMask & ~low_mask(shift);
        out.pbase = oa & ~low_mask(shift);
        out.shift = uint8_t(shift);
        out.perm = perm;
        out.global = !((d >> 11) & 1);  // nG
        out.asid = current_asid();
        out.attr = uint8_t(sr[size_t(SysReg::MAIR_EL1)] >> (8 * ((d >> 2) & 7)));
        out.sh = uint8_t((d >> 8) & 3);
        return 0;
    }
    return kTransl | 3;  // not reached
}

const Cpu::SwTlbEntry* Cpu::swtlb_hit(uint64_t va) const {
    const SwTlbEntry& e = swtlb_[(va >> 12) & (kSwTlbSize - 1)];
    const uint64_t key = va & kVaMask;
    // A TLB hit needs the VA's own range check too (the top byte is not part of the tag).
    const uint64_t tcr = sr[size_t(SysReg::TCR_EL1)];
    const bool hi = (va >> 55) & 1, tbi = hi ? (tcr >> 38) & 1 : (tcr >> 37) & 1;
    const bool top_ok = tbi || (va >> 56) == (hi ? 0xFF : 0);
    if (top_ok && e.vbase == (key & ~low_mask(e.shift)) && (e.global || e.asid == current_asid())) return &e;
    return nullptr;
}

unsigned Cpu::translate(uint64_t va, Access acc, uint64_t& pa, unsigned at_el, const SwTlbEntry** entry) {
    if (!mmu_on()) return translate_s1_off(va, pa);
    SwTlbEntry& e = swtlb_[(va >> 12) & (kSwTlbSize - 1)];
    if (!swtlb_hit(va)) {
        SwTlbEntry n;
        unsigned fsc = walk(va, n);
        if (hooks_.mmu_walk) [[unlikely]]
            trace_walk(va, acc, fsc, n);
        if (fsc) return fsc;
        e = n;
    }
    uint8_t need = acc == Access::fetch   ? (at_el ? kX1 : kX0)
                   : acc == Access::write ? (at_el ? kW1 : kW0)
                                          : (at_el ? kR1 : kR0);
    if (!(e.perm & need)) {
        if (hooks_.mmu_walk) [[unlikely]]
            trace_walk(va, acc, kPerm | (3 - (e.shift - 12) / 9), e);
        return kPerm | (3 - (e.shift - 12) / 9);
    }
    pa = e.pbase | (va & low_mask(e.shift));
    if (entry) *entry = &e;
    return 0;
}

void Cpu::trace_walk(uint64_t va, Access acc, unsigned fsc, const SwTlbEntry& e) const {
    MmuTrace t;
    t.va = va;
    t.fsc = fsc & 0x3F;
    t.access = acc == Access::fetch ? 'x' : acc == Access::write ? 'w' : 'r';
    if (!fsc) {
        t.pa = e.pbase | (va & low_mask(e.shift));
        t.shift = e.shift;
        t.perm = e.perm;
        t.attr = e.attr;
    }
    hooks_.mmu_walk(*this, t);
}

bool Cpu::check_cache_op(uint64_t va, bool write) {
    uint64_t pa;
    unsigned fsc = translate(va, write ? Access::write : Access::read, pa, el);
    if (!fsc) return true;
    fault_addr = va;
    fault_fsc = uint8_t(fsc & 0x3F);
    return false;
}

bool Cpu::debug_translate(uint64_t va, uint64_t& pa) {
    if (!mmu_on()) return translate_s1_off(va, pa) == 0;
    SwTlbEntry n;
    if (walk(va, n)) return false;
    pa = n.pbase | (va & low_mask(n.shift));
    return true;
}

bool Cpu::invalidate_icache_va(uint64_t va) {
    uint64_t pa;
    unsigned fsc = translate(va, Access::read, pa, el);
    if (fsc) {
        fault_addr = va;
        fault_fsc = uint8_t(fsc & 0x3F);
        return false;
    }
    for (Cpu* c : tracker_->cpus())
        if (c->tbs_.invalidate_page(pa >> 12)) c->exit_req = true;
    return true;
}

bool Cpu::fetch_translate(uint64_t va, uint64_t& pa) {
    unsigned fsc = translate(va, Access::fetch, pa, el);
    if (!fsc) return true;
    take_exception(ExceptionKind::sync,
                   ((el == 0 ? ec::iabort_lower : ec::iabort_same) << 26) | (1u << 25) | (fsc & 0x3F), va,
                   va);
    return false;
}

void Cpu::translation_changed() {
    asid_ = asid_from_registers();
    flush_tlbs();
    ++map_epoch;  // chain links made before are no longer followed
    exit_req = true;
}

// TLBI (C5.5.x): Xt holds VA[55:12] in bits 43:0 and the ASID in bits 63:48. Last-level-only forms
// invalidate like the full forms (invalidating more than required is allowed).
void Cpu::tlbi(TlbiKind kind, uint64_t xt, bool broadcast) {
    auto apply = [kind, xt](Cpu& c) {
        const bool as16 = (c.sr[size_t(SysReg::TCR_EL1)] >> 36) & 1;
        const uint16_t asid = uint16_t(as16 ? xt >> 48 : (xt >> 48) & 0xFF);
        const uint64_t va = (xt & 0xFFFFFFFFFFFull) << 12;
        for (SwTlbEntry& e : c.swtlb_) {
            if (e.vbase == ~0ull) continue;
            bool va_match = (va & ~low_mask(e.shift)) == e.vbase;
            bool hit = false;
            switch (kind) {
                case TlbiKind::vmalle1: hit = true; break;
                case TlbiKind::vae1:
                case TlbiKind::vale1: hit = va_match && (e.global || e.asid == asid); break;
                case TlbiKind::vaae1:
                case TlbiKind::vaale1: hit = va_match; break;
                case TlbiKind::aside1: hit = !e.global && e.asid == asid; break;
            }
            if (hit) e = SwTlbEntry{};
        }
        c.translation_changed();
    };
    if (!broadcast) return apply(*this);
    for (Cpu* c : tracker_->cpus()) apply(*c);
}

// AT S1E{0,1}{R,W} -> PAR_EL1 (D17.2.96). Success: F = 0, SH 8:7, PA 47:12, ATTR 63:56; with the
// MMU off data accesses are Device-nGnRnE (ATTR 0x00), Outer Shareable. Fault: F = 1, FST 6:1,
// bit 11 RES1.
void Cpu::address_translate(uint64_t va, bool el0, bool write) {
    uint64_t pa = 0;
    const SwTlbEntry* e = nullptr;
    unsigned fsc = translate(va, write ? Access::write : Access::read, pa, el0 ? 0 : 1, &e);
    uint64_t par;
    if (fsc)
        par = 1 | ((fsc & 0x3F) << 1) | (1u << 11);
    else if (!e)
        par = (pa & 0xFFFFFFFFF000ull) | (0x2u << 7);
    else
        par = (pa & 0xFFFFFFFFF000ull) | (uint64_t(e->attr) << 56) | (uint64_t(e->sh) << 7);
    sr[size_t(SysReg::PAR_EL1)] = par;
}

}  // namespace vp::iss
