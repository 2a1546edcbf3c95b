// Data processing -- register: 1-source, 2-source (incl. CRC32) and 3-source (ARM ARM C4.1.89).
#include <array>

#include "iss/frontend/row_binding.h"
#include "iss/semantics/sem.h"

namespace vp::iss {
using namespace sem;

namespace {

template <class T>
T bit_reverse(T v) {
    T r = 0;
    for (unsigned i = 0; i < sizeof(T) * 8; ++i, v >>= 1) r = T((r << 1) | (v & 1));
    return r;
}

// OP: 0 RBIT, 1 REV16, 2 REV32 (REV for 32-bit), 3 REV, 4 CLZ, 5 CLS.
template <class T, unsigned OP>
const Op* op_dp1(Cpu& c, const Op* o) {
    T v = T(c.x[o->n]), r;
    using S = std::make_signed_t<T>;
    if constexpr (OP == 0) {
        r = bit_reverse<T>(v);
    } else if constexpr (OP == 1) {
        constexpr T m = T(0x00ff00ff00ff00ffull);
        r = T(((v >> 8) & m) | ((v & m) << 8));
    } else if constexpr (OP == 2) {
        if constexpr (sizeof(T) == 8)
            r = (uint64_t(__builtin_bswap32(uint32_t(v >> 32))) << 32) | __builtin_bswap32(uint32_t(v));
        else
            r = __builtin_bswap32(v);
    } else if constexpr (OP == 3) {
        r = T(__builtin_bswap64(v));
    } else if constexpr (OP == 4) {
        r = T(std::countl_zero(v));
    } else {
        r = T(std::countl_zero(T(v ^ T(S(v) >> 1))) - 1);
    }
    wr<T>(c, o->d, r);
    return next(c, o);
}

// OP: 0 UDIV, 1 SDIV (ARM ARM C6.2: x/0 = 0, INT_MIN/-1 = INT_MIN), 2 LSLV, 3 LSRV, 4 ASRV, 5 RORV.
template <class T, unsigned OP>
const Op* op_dp2(Cpu& c, const Op* o) {
    using S = std::make_signed_t<T>;
    T a = T(c.x[o->n]), b = T(c.x[o->m]), r;
    constexpr unsigned bits = sizeof(T) * 8;
    if constexpr (OP == 0) {
        r = b ? T(a / b) : T(0);
    } else if constexpr (OP == 1) {
        if (b == 0)
            r = 0;
        else if (S(b) == -1)
            r = T(T(0) - a);
        else
            r = T(S(a) / S(b));
    } else {
        r = shift_reg<T>(a, OP - 2, unsigned(b % bits));
    }
    wr<T>(c, o->d, r);
    return next(c, o);
}

struct CrcTables {
    std::array<uint32_t, 256> t[2];
    CrcTables() {
        const uint32_t poly[2] = {0xEDB88320u, 0x82F63B78u};  // reflected 0x04C11DB7, 0x1EDC6F41
        for (int k = 0; k < 2; ++k)
            for (uint32_t i = 0; i < 256; ++i) {
                uint32_t v = i;
                for (int j = 0; j < 8; ++j) v = (v >> 1) ^ ((v & 1) ? poly[k] : 0);
                t[k][i] = v;
            }
    }
};
const CrcTables kCrc;

// CRC32{B,H,W,X} / CRC32C*: f0 = bytes, f1 = 1 for the Castagnoli polynomial (C6.2.83).
const Op* op_crc32(Cpu& c, const Op* o) {
    uint32_t acc = uint32_t(c.x[o->n]);
    uint64_t val = c.x[o->m];
    const auto& t = kCrc.t[o->f1];
    for (unsigned i = 0; i < o->f0; ++i, val >>= 8) acc = (acc >> 8) ^ t[(acc ^ val) & 0xff];
    c.x[o->d] = acc;
    return next(c, o);
}

template <class T, bool SUB>
const Op* op_madd(Cpu& c, const Op* o) {
    T p = T(T(c.x[o->n]) * T(c.x[o->m])), a = T(c.x[o->a]);
    wr<T>(c, o->d, SUB ? T(a - p) : T(a + p));
    return next(c, o);
}

template <bool SIGNED, bool SUB>
const Op* op_maddl(Cpu& c, const Op* o) {
    uint64_t p = SIGNED ? uint64_t(int64_t(int32_t(c.x[o->n])) * int64_t(int32_t(c.x[o->m])))
                        : uint64_t(uint32_t(c.x[o->n])) * uint32_t(c.x[o->m]);
    c.x[o->d] = SUB ? c.x[o->a] - p : c.x[o->a] + p;
    return next(c, o);
}

template <bool SIGNED>
const Op* op_mulh(Cpu& c, const Op* o) {
    if constexpr (SIGNED)
        c.x[o->d] = uint64_t((__int128(int64_t(c.x[o->n])) * int64_t(c.x[o->m])) >> 64);
    else
        c.x[o->d] = uint64_t((unsigned __int128)c.x[o->n] * c.x[o->m] >> 64);
    return next(c, o);
}

// The register fields the row has (1, 2 or 3 sources).
void regs3(Builder& b, const Fields& f) {
    b.op.d = dst_zr(f.Rd());
    b.op.n = src_zr(f.Rn());
    if (f.has(Field::Rm)) b.op.m = src_zr(f.Rm());
    if (f.has(Field::Ra)) b.op.a = src_zr(f.Ra());
}

template <unsigned OP>
bool tr_dp1(Builder& b, const Fields& f) {
    bool sf = f.sf();
    if (OP == 3 && !sf) return false;
    b.op.fn = sf ? op_dp1<uint64_t, OP> : op_dp1 < uint32_t, OP == 2 ? 2 : OP > ;
    regs3(b, f);
    return true;
}

template <unsigned OP>
bool tr_dp2(Builder& b, const Fields& f) {
    b.op.fn = f.sf() ? op_dp2<uint64_t, OP> : op_dp2<uint32_t, OP>;
    regs3(b, f);
    return true;
}

}  // namespace

bool tr_CRC32(Builder& b, const Fields& f) {
    bool sf = f.sf();
    if (sf != (f.sz() == 3)) return false;
    b.op.fn = op_crc32;
    regs3(b, f);
    b.op.f0 = uint8_t(1u << f.sz());
    b.op.f1 = uint8_t(f.C());
    return true;
}
bool tr_MADD(Builder& b, const Fields& f) {
    b.op.fn = f.sf() ? op_madd<uint64_t, false> : op_madd<uint32_t, false>;
    regs3(b, f);
    return true;
}
bool tr_MSUB(Builder& b, const Fields& f) {
    b.op.fn = f.sf() ? op_madd<uint64_t, true> : op_madd<uint32_t, true>;
    regs3(b, f);
    return true;
}
bool tr_SMADDL(Builder& b, const Fields& f) {
    regs3(b, f);
    b.op.fn = op_maddl<true, false>;
    return true;
}
bool tr_SMSUBL(Builder& b, const Fields& f) {
    regs3(b, f);
    b.op.fn = op_maddl<true, true>;
    return true;
}
bool tr_UMADDL(Builder& b, const Fields& f) {
    regs3(b, f);
    b.op.fn = op_maddl<false, false>;
    return true;
}
bool tr_UMSUBL(Builder& b, const Fields& f) {
    regs3(b, f);
    b.op.fn = op_maddl<false, true>;
    return true;
}
bool tr_SMULH(Builder& b, const Fields& f) {
    regs3(b, f);
    b.op.fn = op_mulh<true>;
    return true;
}
bool tr_UMULH(Builder& b, const Fields& f) {
    regs3(b, f);
    b.op.fn = op_mulh<false>;
    return true;
}

#define VP_ROWS_tr_dp1 VP_DEFINED_HERE
#define VP_ROWS_tr_dp2 VP_DEFINED_HERE
#include "iss/frontend/bind_rows.inc"

}  // namespace vp::iss
