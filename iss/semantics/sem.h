#pragma once
// Shared helpers of the semantic functions (ARM ARM J1 shared pseudocode equivalents).
#include <array>
#include <bit>
#include <cstdint>
#include <cstring>

#include "iss/core/cpu.h"
#include "iss/frontend/builder.h"

namespace vp::iss::sem {

inline constexpr uint32_t N = 1u << 31, Z = 1u << 30, C = 1u << 29, V = 1u << 28;

// ConditionHolds (J1.1.3 shared/functions/system), evaluated once per (cond, NZCV) at compile
// time: bit `nzcv` of kCondTable[cond] is the result.
constexpr bool cond_eval(unsigned cond, unsigned f) {
    bool n = f & 8, z = f & 4, c = f & 2, v = f & 1, r = true;
    switch (cond >> 1) {
        case 0: r = z; break;
        case 1: r = c; break;
        case 2: r = n; break;
        case 3: r = v; break;
        case 4: r = c && !z; break;
        case 5: r = n == v; break;
        case 6: r = n == v && !z; break;
        default: return true;  // AL and NV both execute
    }
    return (cond & 1) ? !r : r;
}
constexpr auto kCondTable = [] {
    std::array<uint16_t, 16> t{};
    for (unsigned c = 0; c < 16; ++c)
        for (unsigned f = 0; f < 16; ++f)
            if (cond_eval(c, f)) t[c] |= uint16_t(1u << f);
    return t;
}();
inline bool cond_holds(uint32_t nzcv, unsigned cond) {
    return (kCondTable[cond] >> (nzcv >> 28)) & 1;
}

// AddWithCarry (J1.1.3 shared/functions/integer): returns the result and the NZCV flags.
template <class T>
inline T add_with_carry(T a, T b, bool carry, uint32_t& flags) {
    using S = std::make_signed_t<T>;
    T r = T(a + b + T(carry));
    bool c = carry ? r <= a : r < a;
    bool v = S((a ^ r) & (b ^ r)) < 0;
    flags = (S(r) < 0 ? N : 0) | (r == 0 ? Z : 0) | (c ? C : 0) | (v ? V : 0);
    return r;
}

template <class T>
inline uint32_t logic_flags(T r) {
    using S = std::make_signed_t<T>;
    return (S(r) < 0 ? N : 0) | (r == 0 ? Z : 0);
}

// ShiftReg (C6.2 shifted register forms): 0 LSL, 1 LSR, 2 ASR, 3 ROR.
template <class T>
inline T shift_reg(T v, unsigned type, unsigned amount) {
    using S = std::make_signed_t<T>;
    if (amount == 0) return v;
    switch (type) {
        case 0: return T(v << amount);
        case 1: return T(v >> amount);
        case 2: return T(S(v) >> amount);
        default: return std::rotr(v, int(amount));
    }
}

// ExtendReg: option 0..7 = UXTB UXTH UXTW UXTX SXTB SXTH SXTW SXTX, then LSL by `shift`.
inline uint64_t extend_reg(uint64_t v, unsigned option, unsigned shift) {
    switch (option) {
        case 0: v = uint8_t(v); break;
        case 1: v = uint16_t(v); break;
        case 2: v = uint32_t(v); break;
        case 3: break;
        case 4: v = uint64_t(int64_t(int8_t(v))); break;
        case 5: v = uint64_t(int64_t(int16_t(v))); break;
        case 6: v = uint64_t(int64_t(int32_t(v))); break;
        default: break;
    }
    return v << shift;
}

// Loads and stores have an ALIGN variant that the translator picks while Cpu::align_checked()
// (MMU off: every data access is Device-nGnRnE, ARM ARM D8.2.10; or SCTLR_EL1.A = 1): it checks
// the single-copy alignment first (Cpu::aligned<Cpu::align_rule(ALIGN)>: each register of a pair,
// each vector element, a whole Q register). The other variant has no check.

// The memory access of a load/store op, the same code in its two instances: the fast instance
// (SLOW = false) tries the host cache inline and returns `miss` when the op must continue in its
// SLOW instance, an out-of-line function that calls Cpu::access_slow (no stack frame in the fast
// path). A miss has made no access, so the slow instance performs the whole op.
enum class Mem : uint8_t { ok, fault, miss };
template <bool SLOW>
[[gnu::always_inline]] inline Mem mem_access(Cpu& c, uint64_t va, void* data, unsigned size,
                                             Cpu::AccessKind k) {
    if constexpr (SLOW) {
        return c.access_slow(va, data, size, k) ? Mem::ok : Mem::fault;
    } else {
        // LDTR/STTR at EL1 use their own entries (Cpu::kUnprivTag); k.unpriv is a constant here.
        const uint64_t tag_bits = c.host_tag_bits(k.unpriv);
        uint8_t* p = k.write ? c.host_ptr<true>(va, size, tag_bits) : c.host_ptr<false>(va, size, tag_bits);
        if (!p) [[unlikely]]
            return Mem::miss;
        if (k.write)
            std::memcpy(p, data, size);
        else
            std::memcpy(data, p, size);
        return Mem::ok;
    }
}

// Writes a result of datasize T to a register slot (32-bit results are zero-extended).
template <class T>
inline void wr(Cpu& c, unsigned slot, T v) {
    c.x[slot] = uint64_t(v);
}

// MRS of a register whose value is its stored copy (Cpu::sysreg_read_is_stored), and of SP_EL0
// (the banked copy while SP_EL1 is the live SP, else the live SP): the x86-64 tier has inline
// forms of both (iss/backend/x64/emit_int.cpp).
const Op* op_mrs_stored(Cpu& c, const Op* o);
const Op* op_mrs_sp_el0(Cpu& c, const Op* o);

}  // namespace vp::iss::sem
