#pragma once
// The differential rig: vp's ISS and libunicorn 2.0.1 (QEMU 5.0, Cortex-A57 model) execute one
// instruction from the same architectural state over the same memory; then either both retired
// it with the same registers, flags, SIMD&FP state and data memory, or both raised the same class
// of exception, with the ESR the ARM ARM requires (D17.2.37), and changed no register.
//
// Memory (both sides): data at [0, kDataSize), random bytes compared after every instruction, and
// one code page at kCode; nothing else, so any other access is a data abort on both. vp runs with
// its MMU on: an identity map of exactly these pages as Normal write-back memory, data read/write
// at EL0 and EL1 (AP[2:1] = 0b01, so LDTR/STTR at EL1 behave as ordinary accesses, as on
// unicorn), code read-only at EL1 (AP = 0b10), tables at kTables outside every mapped page.
// unicorn runs with its MMU off: unicorn 2.0.1 does not walk stage 1 tables (with SCTLR_EL1.M set,
// by uc_reg_write or by the guest's own MSR, every fetch takes a prefetch abort), and QEMU 5.0 does
// not give MMU-off data accesses the Device-nGnRnE type, so both sides see Normal memory, where
// unaligned accesses are allowed (B2.5.2). The MMU-off alignment faults are tested against the
// ARM ARM in test_memory_types.cpp.
#include <gtest/gtest.h>
#include <unicorn/unicorn.h>
#ifdef VP_HAVE_CAPSTONE
#include <capstone/capstone.h>
#endif

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "flat_memory.h"
#include "fp_values.h"
#include "iss/core/cpu.h"

namespace vp::iss::test {

constexpr uint64_t kDataSize = 0x20000;
// Far above every address a test forms from data-range registers (base + index << 3 < 0x120000).
constexpr uint64_t kCode = 0x200000;
constexpr uint64_t kTables = 0x180000;  // vp's page tables (level 1, level 2, two level 3)
constexpr uint64_t kVpMemSize = kCode + 0x1000;

// QEMU's exception numbers (target/arm/cpu.h EXCP_*), which unicorn's UC_HOOK_INTR reports.
// unicorn 2.0.1 does not enter the guest's vectors and leaves ESR_EL1/FAR_EL1 unwritten (read
// back, they keep what was written before), so the syndrome is checked against the ARM ARM here.
enum QemuExcp : int { kExcpUdef = 1, kExcpSwi = 2, kExcpDataAbort = 4, kExcpBkpt = 7, kExcpSmc = 13 };

inline uint64_t env_u64(const char* name, uint64_t def) {
    const char* v = std::getenv(name);
    return v ? std::strtoull(v, nullptr, 0) : def;
}

inline std::string disasm(uint32_t w, uint64_t pc = kCode) {
#ifdef VP_HAVE_CAPSTONE
    csh h;
    if (cs_open(CS_ARCH_ARM64, CS_MODE_LITTLE_ENDIAN, &h) != CS_ERR_OK) return "?";
    cs_insn* insn;
    std::string s = "(undecodable)";
    if (cs_disasm(h, reinterpret_cast<const uint8_t*>(&w), 4, pc, 1, &insn) == 1) {
        s = std::string(insn->mnemonic) + " " + insn->op_str;
        cs_free(insn, 1);
    }
    cs_close(&h);
    return s;
#else
    (void)w;
    (void)pc;
    return "";
#endif
}

inline std::string hex(uint64_t v) {
    char b[24];
    std::snprintf(b, sizeof b, "0x%llx", (unsigned long long)v);
    return b;
}

// Architectural state set on both sides before an instruction.
struct ArchState {
    uint64_t x[31] = {}, sp = 0;
    uint32_t nzcv = 0, fpcr = 0, fpsr = 0;
    uint64_t v[32][2] = {};
};

// What one instruction did on each side.
struct StepResult {
    bool vp_exception = false;
    uint64_t esr = 0, elr = 0, far = 0;
    int intno = -1;  // unicorn guest exception (QemuExcp), -1 for none
    uc_err err = UC_ERR_OK;
    uint64_t uc_pc = 0;
    bool uc_mem_fault = false;  // unicorn memory error: access outside its mapped memory
    bool uc_mem_write = false;
    uint64_t uc_mem_addr = 0;
    bool uc_exception() const { return intno >= 0 || uc_mem_fault; }
};

// Descriptor bits (D8.3): page, AF, inner shareable, AP[2:1].
constexpr uint64_t kPage = 3, kAF = 1u << 10, kShInner = 3u << 8, kApEl0Rw = 1u << 6, kApEl1Ro = 2u << 6;
constexpr uint64_t kUXN = 1ull << 54, kPXN = 1ull << 53;

// The alignment an exclusive or load-acquire/store-release access needs (C4.1 "Load/store
// exclusive", bits 29:24 = 0b001000: size in bits 31:30, o1 (bit 21) = 1 with o2 = 0 for the pairs,
// which need the alignment of both registers), or 0 for other words. Such accesses check alignment
// before the translation (AArch64.CheckAlignment for AccType_ATOMIC/ORDERED, B2.5.2).
inline unsigned ordered_alignment(uint32_t w) {
    if (((w >> 24) & 0x3F) != 0x08) return 0;
    const unsigned size = w >> 30;
    const bool pair = ((w >> 21) & 1) && !((w >> 23) & 1);
    return pair ? 8u << (size & 1) : 1u << size;
}

// The DFSC vp must report for a translation fault on `va` in the map above (T0SZ = 25: walks
// start at level 1, EPD1 = 1): out-of-range or TTBR1 addresses fault at level 0, the others at the
// first level whose entry is invalid (level 1 entry 0, level 2 entries 0-1, data and code pages).
inline unsigned translation_fault_fsc(uint64_t va) {
    if (va >> 39) return 0x04;
    if ((va >> 30) & 511) return 0x05;
    if (((va >> 21) & 511) > 1) return 0x06;
    return 0x07;
}

class DiffRig {
public:
    explicit DiffRig(int uc_model = UC_CPU_ARM64_A57, bool lse = false)
        : vmem(0, kVpMemSize), cpu(vmem, config(lse)), udata(kDataSize), ucode(0x1000) {
        EXPECT_EQ(uc_open(UC_ARCH_ARM64, UC_MODE_ARM, &uc), UC_ERR_OK);
        EXPECT_EQ(uc_ctl_set_cpu_model(uc, uc_model), UC_ERR_OK);
        EXPECT_EQ(uc_mem_map_ptr(uc, 0, kDataSize, UC_PROT_ALL, udata.data()), UC_ERR_OK);
        EXPECT_EQ(uc_mem_map_ptr(uc, kCode, 0x1000, UC_PROT_READ | UC_PROT_EXEC, ucode.data()), UC_ERR_OK);
        uc_hook h;
        uc_hook_add(uc, &h, UC_HOOK_INTR, reinterpret_cast<void*>(&DiffRig::on_intr), this, 1, 0);
        uc_hook_add(uc, &h, UC_HOOK_MEM_INVALID, reinterpret_cast<void*>(&DiffRig::on_mem_invalid), this, 1,
                    0);
        uint64_t cpacr = 3u << 20;  // CPACR_EL1.FPEN = 0b11: FP/SIMD not trapped on either side
        cpu.write_sysreg(SysReg::CPACR_EL1, cpacr);
        uc_reg_write(uc, UC_ARM64_REG_CPACR_EL1, &cpacr);
        cpu.write_sysreg(SysReg::VBAR_EL1, kCode + 0x800);
        map_vp_memory();
    }
    ~DiffRig() { uc_close(uc); }
    DiffRig(const DiffRig&) = delete;
    DiffRig& operator=(const DiffRig&) = delete;

    void randomize_data(std::mt19937_64& rng) {
        for (auto& b : udata) b = uint8_t(rng());
        std::memcpy(vmem.ptr(0), udata.data(), kDataSize);
    }
    // After an exception: partial stores of a faulting instruction are UNKNOWN, take vp's.
    void resync_memory() { std::memcpy(udata.data(), vmem.ptr(0), kDataSize); }

    void set_state(const ArchState& s) {
        for (unsigned i = 0; i < 31; ++i) cpu.x[i] = s.x[i];
        cpu.set_sp(s.sp);
        cpu.nzcv = s.nzcv;
        std::memcpy(cpu.v, s.v, sizeof s.v);
        cpu.fpcr = s.fpcr;
        cpu.fpsr = s.fpsr;
        cpu.halted_wfi = cpu.halted_wfe = false;
        cpu.excl_clear();
        for (int i = 0; i < 31; ++i) uc_reg_write(uc, xreg_id(i), &s.x[i]);
        uc_reg_write(uc, UC_ARM64_REG_SP, &s.sp);
        uint64_t n = s.nzcv, fpcr = s.fpcr, fpsr = s.fpsr;
        uc_reg_write(uc, UC_ARM64_REG_NZCV, &n);
        for (int i = 0; i < 32; ++i) uc_reg_write(uc, UC_ARM64_REG_Q0 + i, s.v[i]);
        uc_reg_write(uc, UC_ARM64_REG_FPCR, &fpcr);
        uc_reg_write(uc, UC_ARM64_REG_FPSR, &fpsr);
    }

    // Places `words` at kCode on both sides.
    void set_code(const uint32_t* words, unsigned n) {
        for (unsigned i = 0; i < n; ++i) vmem.put32(kCode + 4 * i, words[i]);
        cpu.invalidate_code(kCode, kCode + 4 * n);
        std::memcpy(ucode.data(), words, 4 * n);
        uc_ctl_remove_cache(uc, kCode, kCode + 4 * n);
    }

    // One instruction at kCode on both sides from the state last set.
    StepResult step(uint32_t w) {
        // A load-exclusive leaves a reservation in unicorn's monitor, which its API cannot clear
        // (set_state clears vp's): a CLREX on unicorn before the next word.
        if (uc_reservation_) {
            const uint32_t clrex = 0xD503305F;
            set_code(&clrex, 1);
            uc_emu_start(uc, kCode, kCode + 4, 0, 1);
            uc_reservation_ = false;
        }
        uc_reservation_ = ((w >> 24) & 0x3F) == 0x08 && ((w >> 22) & 1) && !((w >> 23) & 1);
        set_code(&w, 1);
        StepResult r;
        cpu.pc = kCode;
        cpu.write_sysreg(SysReg::ESR_EL1, kNoEsr);
        cpu.step_one();
        r.esr = cpu.read_sysreg(SysReg::ESR_EL1);
        r.vp_exception = r.esr != kNoEsr;
        r.elr = cpu.read_sysreg(SysReg::ELR_EL1);
        r.far = cpu.read_sysreg(SysReg::FAR_EL1);
        last_ = {};
        r.err = uc_emu_start(uc, kCode, kCode + 4, 0, 1);
        uc_reg_read(uc, UC_ARM64_REG_PC, &r.uc_pc);
        r.intno = last_.intno;
        // A branch out of the mapped memory retires on unicorn, which then fails to fetch.
        r.uc_mem_fault = last_.mem_fault && r.err != UC_ERR_FETCH_UNMAPPED;
        r.uc_mem_write = last_.mem_write;
        r.uc_mem_addr = last_.mem_addr;
        return r;
    }

    // Differences after both sides retired the instruction ("" = none): X0-X30, SP, PC, NZCV,
    // V0-V31, FPCR, FPSR, data memory. `before` names the old values in the report.
    std::string compare_retired(const ArchState& before) {
        std::string d;
        for (int i = 0; i < 31; ++i) {
            uint64_t u;
            uc_reg_read(uc, xreg_id(i), &u);
            if (u != cpu.x[i])
                d += " X" + std::to_string(i) + ": vp " + hex(cpu.x[i]) + " unicorn " + hex(u) + " (was " +
                     hex(before.x[i]) + ")";
        }
        uint64_t usp, upc, unz, ufpcr = 0, ufpsr = 0;
        uc_reg_read(uc, UC_ARM64_REG_SP, &usp);
        uc_reg_read(uc, UC_ARM64_REG_PC, &upc);
        uc_reg_read(uc, UC_ARM64_REG_NZCV, &unz);
        uc_reg_read(uc, UC_ARM64_REG_FPCR, &ufpcr);
        uc_reg_read(uc, UC_ARM64_REG_FPSR, &ufpsr);
        if (usp != cpu.sp()) d += " SP: vp " + hex(cpu.sp()) + " unicorn " + hex(usp);
        if (upc != cpu.pc) d += " PC: vp " + hex(cpu.pc) + " unicorn " + hex(upc);
        if ((unz & 0xF0000000u) != cpu.nzcv) d += " NZCV: vp " + hex(cpu.nzcv) + " unicorn " + hex(unz);
        for (int i = 0; i < 32; ++i) {
            uint64_t q[2];
            uc_reg_read(uc, UC_ARM64_REG_Q0 + i, q);
            if (q[0] != cpu.v[i][0] || q[1] != cpu.v[i][1])
                d += " V" + std::to_string(i) + ": vp " + hex(cpu.v[i][1]) + ":" + hex(cpu.v[i][0]) +
                     " unicorn " + hex(q[1]) + ":" + hex(q[0]) + " (was " + hex(before.v[i][1]) + ":" +
                     hex(before.v[i][0]) + ")";
        }
        if ((uint32_t(ufpcr) & kFpcrMask) != cpu.fpcr) d += " FPCR";
        if ((uint32_t(ufpsr) & kFpsrMask) != cpu.fpsr)
            d += " FPSR: vp " + hex(cpu.fpsr) + " unicorn " + hex(uint32_t(ufpsr) & kFpsrMask) + " (FPCR " +
                 hex(before.fpcr) + ")";
        if (std::memcmp(udata.data(), vmem.ptr(0), kDataSize) != 0) {
            d += " data memory";
            resync_memory();
        }
        return d;
    }

    // After both sides raised an exception for `w`: the classes must agree, vp's ESR_EL1, ELR_EL1
    // and FAR_EL1 must be what the architecture requires for that class and word, and no register
    // may have changed ("" = all so).
    std::string compare_faulted(uint32_t w, const ArchState& before, const StepResult& r) {
        std::string d;
        const unsigned ec = unsigned(r.esr >> 26);
        const uint64_t il = 1u << 25, imm16 = (w >> 5) & 0xFFFF;
        auto expect_esr = [&](uint64_t want) {
            if (r.esr != want) d += " ESR " + hex(r.esr) + ", the architecture requires " + hex(want);
        };
        uint64_t want_elr = kCode;
        if (r.uc_mem_fault) {
            // Data abort from the current EL (EC 0x25), IL = 1; FnV, EA, CM, S1PTW = 0; WnR and FAR
            // from the access unicorn could not make; DFSC from vp's map: a store to the read-only
            // code page is a permission fault (level 3), anything else unmapped a translation fault.
            const bool code_page = r.uc_mem_addr >> 12 == kCode >> 12;
            const unsigned align = ordered_alignment(w);
            const unsigned dfsc = align && (r.uc_mem_addr & (align - 1)) ? 0x21
                                  : code_page                            ? 0x0F
                                              : translation_fault_fsc(r.uc_mem_addr);
            if (ec != ec::dabort_same)
                d += " vp EC " + hex(ec) + " where unicorn could not access " + hex(r.uc_mem_addr);
            else {
                if (!(r.esr & il)) d += " ESR.IL = 0";
                if ((r.esr & 0x3F) != dfsc) d += " DFSC " + hex(r.esr & 0x3F) + ", expected " + hex(dfsc);
                // An exclusive or ordered form is a write exactly when its L bit (22) is clear
                // (ExclusiveMonitorsPass checks a store-exclusive's alignment with iswrite = TRUE;
                // QEMU reads the location first for a store-exclusive); else the failed access tells.
                const bool write = align ? !((w >> 22) & 1) : r.uc_mem_write;
                if (bool(r.esr & (1u << 6)) != write) d += " WnR differs from the access";
                if (r.esr & 0x780) d += " FnV/EA/CM/S1PTW set";
                if (!(r.esr & (1u << 24)) && (r.esr & 0xFFC000)) d += " ISS bits 23:14 set with ISV = 0";
                if (r.far != r.uc_mem_addr)
                    d += " FAR " + hex(r.far) + ", unicorn faulted at " + hex(r.uc_mem_addr);
            }
        } else if (r.intno == kExcpDataAbort) {
            // With its MMU off, QEMU raises a data abort itself only for a misaligned exclusive or
            // ordered access: an Alignment fault (DFSC 0b100001).
            if (ec != ec::dabort_same || (r.esr & 0x3F) != 0x21)
                d += " ESR " + hex(r.esr) + " where unicorn took an alignment fault";
        } else if (r.intno == kExcpUdef) {
            expect_esr(il);  // EC 0b000000 (unknown reason), ISS 0
        } else if (r.intno == kExcpSwi) {
            expect_esr((uint64_t(ec::svc) << 26) | il | imm16);
            want_elr = kCode + 4;  // SVC: the preferred return is the next instruction
        } else if (r.intno == kExcpBkpt) {
            expect_esr((uint64_t(ec::brk) << 26) | il | imm16);
        } else {
            d += " unicorn exception " + std::to_string(r.intno) + " has no counterpart here (vp ESR " +
                 hex(r.esr) + ")";
        }
        if (r.elr != want_elr) d += " ELR " + hex(r.elr) + ", expected " + hex(want_elr);
        // Nothing retired: the registers are as before on both sides.
        for (int i = 0; i < 31; ++i) {
            uint64_t u;
            uc_reg_read(uc, xreg_id(i), &u);
            if (cpu.x[i] != before.x[i] || u != before.x[i])
                d += " X" + std::to_string(i) + " changed: vp " + hex(cpu.x[i]) + " unicorn " + hex(u);
        }
        if (cpu.sp() != before.sp) d += " SP changed";
        if (cpu.nzcv != before.nzcv) d += " NZCV changed";
        if (std::memcmp(cpu.v, before.v, sizeof before.v) != 0) d += " V registers changed";
        resync_memory();
        return d;
    }

    FlatMemory vmem;
    Cpu cpu;
    std::vector<uint8_t> udata, ucode;
    uc_engine* uc = nullptr;

private:
    static constexpr uint64_t kNoEsr = 0xdead;
    struct UcEvents {
        int intno = -1;
        bool mem_fault = false, mem_write = false;
        uint64_t mem_addr = 0;
    };
    static CpuConfig config(bool lse) {
        CpuConfig c;
        c.features.lse = lse;
        return c;
    }
    static int xreg_id(int i) {
        return i < 29 ? UC_ARM64_REG_X0 + i : (i == 29 ? UC_ARM64_REG_X29 : UC_ARM64_REG_X30);
    }
    static void on_intr(uc_engine* uc, uint32_t intno, void* self) {
        static_cast<DiffRig*>(self)->last_.intno = int(intno);
        uc_emu_stop(uc);
    }
    static bool on_mem_invalid(uc_engine*, uc_mem_type type, uint64_t addr, int, int64_t, void* self) {
        UcEvents& e = static_cast<DiffRig*>(self)->last_;
        if (!e.mem_fault && type != UC_MEM_FETCH_UNMAPPED && type != UC_MEM_FETCH_PROT) {
            e.mem_fault = true;
            e.mem_write = type == UC_MEM_WRITE_UNMAPPED || type == UC_MEM_WRITE_PROT;
            e.mem_addr = addr;
        }
        return false;
    }
    void put64(uint64_t pa, uint64_t v) { std::memcpy(vmem.ptr(pa), &v, 8); }
    void map_vp_memory() {
        const uint64_t l1 = kTables, l2 = kTables + 0x1000, l3_data = kTables + 0x2000,
                       l3_code = kTables + 0x3000;
        put64(l1, l2 | 3);
        put64(l2, l3_data | 3);      // VA 0 - 2 MiB
        put64(l2 + 8, l3_code | 3);  // VA 2 MiB - 4 MiB
        for (uint64_t p = 0; p < kDataSize >> 12; ++p)
            put64(l3_data + 8 * p, (p << 12) | kPage | kAF | kShInner | kApEl0Rw | kUXN | kPXN);
        put64(l3_code, kCode | kPage | kAF | kShInner | kApEl1Ro | kUXN);
        cpu.write_sysreg(SysReg::MAIR_EL1, 0xFF);  // attr 0: Normal, inner/outer write-back
        // TCR_EL1: T0SZ = 25, EPD1 = 1, IPS = 0b100 (44 bits).
        cpu.write_sysreg(SysReg::TCR_EL1, 25 | (1u << 23) | (4ull << 32));
        cpu.write_sysreg(SysReg::TTBR0_EL1, kTables);
        cpu.write_sysreg(SysReg::SCTLR_EL1, cpu.read_sysreg(SysReg::SCTLR_EL1) | 1);
    }
    UcEvents last_;
    bool uc_reservation_ = false;  // the last word was a load-exclusive (LDXR, LDAXR, LDXP, LDAXP)
};

// Random architectural state: registers from `reg` (a data address or an "interesting" value), V
// registers aimed at FP special values and integer lane boundaries, random FPCR, mostly clear FPSR.
inline uint64_t interesting(std::mt19937_64& rng) {
    static const uint64_t special[] = {0,
                                       1,
                                       2,
                                       ~0ull,
                                       0x7fffffffffffffffull,
                                       0x8000000000000000ull,
                                       0xffffffffull,
                                       0x7fffffffull,
                                       0x80000000ull,
                                       0xffffffff80000000ull,
                                       63,
                                       64,
                                       31,
                                       32};
    switch (rng() % 4) {
        case 0: return special[rng() % std::size(special)];
        case 1: return rng() & 0xffff;
        default: return rng();
    }
}

inline uint64_t vector_half(vp::test::Gen& g) {
    uint64_t r = 0;
    switch (g.below(6)) {
        case 0: return g.value(vp::test::kD);
        case 1: return g.value(vp::test::kS) | (g.value(vp::test::kS) << 32);
        case 2:
            for (int i = 0; i < 4; ++i) r |= g.value(vp::test::kH) << (16 * i);
            return r;
        case 3: {  // integer lane boundaries: 0, 1, max, min, -1 of a random lane size
            static const uint64_t lane[] = {0,      1,      0x7f,   0x80,       0xff,
                                            0x7fff, 0x8000, 0xffff, 0x7fffffff, 0x80000000u};
            for (int i = 0; i < 8; ++i) r |= (lane[g.below(std::size(lane))] & 0xff) << (8 * i);
            return g.coin() ? r : r * 0x0101010101010101ull;
        }
        default: return g.u64();
    }
}

// `addresses`: X registers and SP hold data addresses (half of them 16-byte aligned, so that
// exclusives and acquire/release forms execute), else interesting values.
inline ArchState random_state(std::mt19937_64& rng, vp::test::Gen& fpgen, bool addresses) {
    ArchState s;
    const bool aligned = rng() % 2;
    for (auto& r : s.x) {
        r = addresses ? rng() % (kDataSize - 0x400) : interesting(rng);
        if (addresses && aligned) r &= ~0xfull;
    }
    s.sp = addresses ? rng() % (kDataSize - 0x400) : interesting(rng);
    if (addresses && aligned) s.sp &= ~0xfull;
    s.nzcv = uint32_t(rng() & 0xF) << 28;
    for (auto& q : s.v) q[0] = vector_half(fpgen), q[1] = vector_half(fpgen);
    s.fpcr = uint32_t(rng()) & kFpcrMask;
    s.fpsr = rng() % 4 == 0 ? uint32_t(rng()) & kFpsrMask : 0;
    return s;
}

}  // namespace vp::iss::test
