#pragma once
// Where vp and unicorn 2.0.1 may legitimately differ, each case with its ARM ARM reason. Everything
// else the differential tests compare. vp implements ARMv8.0 as a Cortex-A57 with EL0/EL1 only: no
// crypto, FP16, LSE (unless enabled), EL2/EL3, PMU; unicorn's Cortex-A57 model (QEMU 5.0) has the
// crypto extension and EL2/EL3.
#include <cstdint>
#include <cstring>
#include <set>
#include <string>

#include "iss/frontend/decoder.h"

namespace vp::iss::test {

inline bool starts(const char* s, const char* p) {
    return std::strncmp(s, p, std::strlen(p)) == 0;
}

inline uint32_t field(const DecodeRow& r, uint32_t w, char c) {
    uint32_t v = 0;
    for (auto [slot, bit] : r.field_bits)
        if (slot == Fields::slot(c)) v = (v << 1) | ((w >> bit) & 1);
    return v;
}
inline bool has(const DecodeRow& r, char c) {
    for (auto [slot, bit] : r.field_bits)
        if (slot == Fields::slot(c)) return true;
    return false;
}

// CONSTRAINED UNPREDICTABLE register combinations (ARM ARM K1.2): results legitimately differ.
inline bool unpredictable(const DecodeRow& r, uint32_t w) {
    std::string name = r.name;
    uint32_t n = field(r, w, 'n'), t = field(r, w, 't'), t2 = field(r, w, 'T'), s = field(r, w, 's');
    // SIMD&FP rows: Rt/Rt2 are V registers, so writeback never overlaps them; only LDP/LDNP
    // (SIMD&FP) with t == t2 is CONSTRAINED UNPREDICTABLE (C7.2 LDP (SIMD&FP), K1.2).
    if (starts(r.section, "ldst_simd")) return (starts(r.name, "VLDP") || starts(r.name, "VLDNP")) && t == t2;
    bool wback = name.find("_post") != std::string::npos || name.find("_pre") != std::string::npos;
    bool pair = has(r, 'T') && (starts(r.name, "LDP") || starts(r.name, "STP") || starts(r.name, "LDNP") ||
                                starts(r.name, "STNP") || starts(r.name, "LDPSW"));
    if (wback && n != 31 && (n == t || (pair && n == t2)))
        return true;                                                  // C6.2 LDR/STR/LDP/STP (wback, n == t)
    if (pair && name[0] == 'L' && t == t2) return true;               // LDP t == t2
    if ((name == "LDXP" || name == "LDAXP") && t == t2) return true;  // LDXP t == t2
    if (name == "STXR" || name == "STLXR" || name == "STXP" || name == "STLXP") {
        if (s == t || (s == n && n != 31)) return true;  // STXR s == t / s == n
        if ((name == "STXP" || name == "STLXP") && s == t2) return true;
    }
    return false;
}

// unicorn 2.0.1 computes LDSMAX/LDSMIN on sub-64-bit sizes without sign-extending the memory
// operand, and LDUMAX/LDUMIN compare against the untruncated 64-bit register; ARM ARM C6.2
// (LDSMAX etc.) compares SInt/UInt of the datasize-bit values. Covered by
// IssExec.AtomicMinMaxUseTheOperandSize instead.
inline bool unicorn_minmax_bug(const DecodeRow& r, uint32_t w) {
    std::string name = r.name;
    bool minmax = name == "LDSMAX" || name == "LDSMIN" || name == "LDUMAX" || name == "LDUMIN";
    return minmax && (w >> 30) != 3;
}

// The cryptographic extension (C4.1 "Cryptographic AES", "Cryptographic three-register SHA",
// "Cryptographic two-register SHA"; PMULL/PMULL2 with size = 11, the 64 x 64 -> 128-bit form):
// unicorn's Cortex-A57 implements it; vp does not (ID_AA64ISAR0_EL1.AES = SHA1 = SHA2 = 0), and
// without HaveAESExt()/HaveSHA1Ext()/HaveSHA256Ext()/HaveBit128PMULLExt() these encodings are
// UNDEFINED (C7.2 AESE ... PMULL). vp's side is checked: it must raise EC 0 for them.
inline bool crypto_encoding(uint32_t w) {
    return (w & 0xFF3E0C00u) == 0x4E280800u      // AESE, AESD, AESMC, AESIMC
           || (w & 0xFF208C00u) == 0x5E000000u   // SHA1C ... SHA256SU1 (three-register)
           || (w & 0xFF3E0C00u) == 0x5E280800u   // SHA1H, SHA1SU1, SHA256SU0 (two-register)
           || (w & 0xBFE0FC00u) == 0x0EE0E000u;  // PMULL{2} .1Q
}

// SMC at EL1 without EL3 is UNDEFINED (C6.2 SMC: "if !HaveEL(EL3) ... UNDEFINED"); unicorn's
// model has EL3 and takes it there (QEMU EXCP_SMC). vp's side is checked: EC 0.
inline bool smc_encoding(uint32_t w) {
    return (w & 0xFFE0001Fu) == 0xD4000003u;
}

// ERET and DRPS with Rn != 31: C4.1 "Unconditional branch (register)" allocates them only with
// Rn = 0b11111, so any other Rn is UNDEFINED; QEMU 5.0 ignores the Rn field and performs the
// exception return. vp's side is checked: EC 0.
inline bool unicorn_eret_any_rn(uint32_t w) {
    return (w & 0xFFBFFC1Fu) == 0xD69F0000u && ((w >> 5) & 31) != 31;
}

// System instructions (C4.1 "System": bits 31:22 = 1101010100): MSR/MRS, SYS/SYSL, hints,
// barriers, PSTATE. Their effects are on system registers, whose models differ on purpose (vp:
// PMUVer = 0, no EL2/EL3 registers, its own ID register values; unicorn's Cortex-A57 model has a
// PMU, EL2/EL3 and QEMU's ID values), and WFI/WFE stop both simulators in their own ways. Covered
// against the ARM ARM by IssSystem.*, IssExceptions.* and IssMmu.*. Also ERET and DRPS
// (C4.1 "Unconditional branch (register)", opc 0100/0101): an exception return from the vector
// state (IssExceptions.*).
inline bool system_encoding(uint32_t w) {
    return (w >> 22) == 0x354 || (w & 0xFFBFFFFFu) == 0xD69F03E0u;
}

// Rows excluded from the per-row run, each with the reason.
inline bool excluded_row(const DecodeRow& r, std::string& why) {
    static const std::set<std::string> system_rows = {"NOP",   "WFE",     "WFI", "SEV",  "SEVL",    "HINT",
                                                      "CLREX", "DSB",     "DMB", "ISB",  "MSR_imm", "SYS",
                                                      "SYSL",  "MSR_reg", "MRS", "ERET", "SMC"};
    if (system_rows.count(r.name)) {
        why = "system row: system-register models differ (see system_encoding)";
        return true;
    }
    return false;
}

// unicorn 2.0.1 (QEMU 5.0) performs misaligned exclusive, load-acquire/store-release and atomic
// accesses; ARM ARM B2.5.2 requires an Alignment fault (DFSC 0x21) for them, which vp raises.
inline bool unicorn_misses_alignment_fault(const DecodeRow* r, bool vp_exc, bool uc_exc, uint64_t esr) {
    return r && vp_exc && !uc_exc && (starts(r->section, "ldst_excl") || starts(r->section, "ldst_atomic")) &&
           (esr >> 26) == 0x25 && (esr & 0x3f) == 0x21;
}

// A store-exclusive (C4.1 "Load/store exclusive", o2 = 0, L = 0) with no reservation whose address
// does not translate: whether the abort is detected before the local monitor check is
// IMPLEMENTATION DEFINED (AArch64.ExclusiveMonitorsPass). vp checks the monitor first and fails the
// store without an access; QEMU 5.0 marks a clear monitor with the address -1, so a store-exclusive
// to 0xFFFFFFFFFFFFFFFF goes on to access memory and takes the abort.
inline bool store_exclusive_abort_order(uint32_t w, bool vp_exc, bool uc_mem_fault) {
    const bool store_exclusive = ((w >> 24) & 0x3F) == 0x08 && !((w >> 23) & 1) && !((w >> 22) & 1);
    return store_exclusive && !vp_exc && uc_mem_fault;
}

}  // namespace vp::iss::test
