// Advanced SIMD shift by immediate and scalar shift by immediate, integer forms (ARM ARM
// C4.1.90; C7.2 instruction pages). The element size is 8 << HighestSetBit(immh); right shifts
// use shift = 2 * esize - UInt(immh:immb) (1..esize), left shifts UInt(immh:immb) - esize
// (0..esize-1). Rounding and saturation are computed exactly in 128 bits; saturation sets FPSR.QC.
#include <bit>

#include "iss/semantics/simd_misc.h"

namespace vp::iss {
using namespace simd_misc;

namespace {

using i128 = __int128;

template <bool SIGNED, unsigned B>
inline i128 widen(U<B> v) {
    return SIGNED ? i128(S<B>(v)) : i128(v);
}

// SSHR/USHR/SRSHR/URSHR and the accumulating SSRA/USRA/SRSRA/URSRA.
template <bool SIGNED, bool ROUND, bool ACC>
struct Shr {
    static constexpr bool kAcc = ACC;
    template <unsigned B>
    static U<B> f(Cpu&, U<B> d, U<B> n, unsigned sh) {
        i128 v = widen<SIGNED, B>(n);
        if (ROUND) v += i128(1) << (sh - 1);
        U<B> r = U<B>(v >> sh);
        return ACC ? U<B>(d + r) : r;
    }
};
struct Shl {
    static constexpr bool kAcc = false;
    template <unsigned B>
    static U<B> f(Cpu&, U<B>, U<B> n, unsigned sh) {
        return U<B>(U<B>(n) << sh);
    }
};
// SQSHL (signed -> signed), UQSHL (unsigned -> unsigned), SQSHLU (signed -> unsigned).
template <bool SRC_SIGNED, bool DST_SIGNED>
struct QShl {
    static constexpr bool kAcc = false;
    template <unsigned B>
    static U<B> f(Cpu& c, U<B>, U<B> n, unsigned sh) {
        i128 v = widen<SRC_SIGNED, B>(n) * (i128(1) << sh);
        if constexpr (DST_SIGNED) return U<B>(sem::sat_signed<S<B>>(v, c));
        return sem::sat_unsigned<U<B>>(v, c);
    }
};
// SRI: shift right and insert (shift = esize leaves Vd unchanged).
struct Sri {
    static constexpr bool kAcc = true;
    template <unsigned B>
    static U<B> f(Cpu&, U<B> d, U<B> n, unsigned sh) {
        if (sh >= 8 * B) return d;
        U<B> mask = U<B>(U<B>(~U<B>(0)) >> sh);
        return U<B>((d & U<B>(~mask)) | U<B>(n >> sh));
    }
};
// SLI: shift left and insert.
struct Sli {
    static constexpr bool kAcc = true;
    template <unsigned B>
    static U<B> f(Cpu&, U<B> d, U<B> n, unsigned sh) {
        U<B> mask = U<B>(U<B>(~U<B>(0)) << sh);
        return U<B>((d & U<B>(~mask)) | U<B>(U<B>(n) << sh));
    }
};

// Narrowing right shifts (B = destination bytes). SAT: 0 truncate (SHRN/RSHRN), 1 signed
// (SQSHRN/SQRSHRN), 2 unsigned (SQSHRUN/SQRSHRUN from signed, UQSHRN/UQRSHRN from unsigned).
template <bool SIGNED, bool ROUND, unsigned SAT>
struct ShrN {
    template <unsigned B>
    static U<B> f(Cpu& c, U<2 * B> n, unsigned sh) {
        i128 v = widen<SIGNED, 2 * B>(n);
        if (ROUND) v += i128(1) << (sh - 1);
        v >>= sh;
        if constexpr (SAT == 0) return U<B>(v);
        if constexpr (SAT == 1) return U<B>(sem::sat_signed<S<B>>(v, c));
        return sem::sat_unsigned<U<B>>(v, c);
    }
};
// SSHLL/USHLL (SXTL/UXTL with shift 0).
template <bool SIGNED>
struct ShLL {
    template <unsigned B>
    static U<2 * B> f(U<B> n, unsigned sh) {
        U<2 * B> w = SIGNED ? U<2 * B>(S<2 * B>(S<B>(n))) : U<2 * B>(n);
        return U<2 * B>(w << sh);
    }
};

struct Imm {
    unsigned size;   // log2(esize / 8)
    unsigned right;  // 2 * esize - immh:immb
    unsigned left;   // immh:immb - esize
};
Imm decode(const Fields& f) {
    unsigned immh = f.immh(), v = (immh << 3) | f.immb();
    unsigned size = unsigned(std::bit_width(immh)) - 1, esize = 8u << size;
    return {size, 2 * esize - v, v - esize};
}

bool emit(Builder& b, const Fields& f, OpFn fn, unsigned sh) {
    b.op.fn = fn;
    b.op.d = uint8_t(f.Rd());
    b.op.n = uint8_t(f.Rn());
    b.op.f0 = uint8_t(sh);
    return true;
}

// Vector forms on same-size elements: immh = 1xxx needs Q = 1.
template <class K, bool RIGHT>
bool vec_same(Builder& b, const Fields& f) {
    if (f.immh() == 0) return b.unimp("immh = 0000 (modified immediate)");
    Imm im = decode(f);
    bool q = f.Q();
    if (im.size == 3 && !q) return b.unimp("reserved immh = 1xxx with Q = 0");
    return emit(b, f, pick_same<K>(im.size, q), RIGHT ? im.right : im.left);
}
// Narrowing (right) and lengthening (left) vector forms: immh = 1xxx is reserved.
template <class K>
bool vec_narrow(Builder& b, const Fields& f) {
    if (f.immh() == 0 || (f.immh() & 8)) return b.unimp("reserved immh");
    Imm im = decode(f);
    return emit(b, f, pick_narrow<K>(im.size, f.Q()), im.right);
}
template <class K>
bool vec_long(Builder& b, const Fields& f) {
    if (f.immh() == 0 || (f.immh() & 8)) return b.unimp("reserved immh");
    Imm im = decode(f);
    return emit(b, f, pick_long<K>(im.size, f.Q()), im.left);
}
// Scalar forms: D only (immh = 1xxx) unless ANY_SIZE.
template <class K, bool RIGHT, bool ANY_SIZE>
bool scalar_same(Builder& b, const Fields& f) {
    if (f.immh() == 0) return b.unimp("reserved immh = 0000");
    Imm im = decode(f);
    if (!ANY_SIZE && im.size != 3) return b.unimp("reserved immh (D only)");
    return emit(b, f, pick_same_s<K>(im.size), RIGHT ? im.right : im.left);
}
template <class K>
bool scalar_narrow(Builder& b, const Fields& f) {
    if (f.immh() == 0 || (f.immh() & 8)) return b.unimp("reserved immh");
    Imm im = decode(f);
    return emit(b, f, pick_narrow_s<K>(im.size), im.right);
}

}  // namespace

// The kernel type comes last (it may contain commas).
#define VEC_SAME(Name, RIGHT, ...)                        \
    bool tr_##Name##_imm_v(Builder& b, const Fields& f) { \
        return vec_same<__VA_ARGS__, RIGHT>(b, f);        \
    }
#define VEC_NARROW(Name, ...)                             \
    bool tr_##Name##_imm_v(Builder& b, const Fields& f) { \
        return vec_narrow<__VA_ARGS__>(b, f);             \
    }
#define SCALAR_SAME(Name, RIGHT, ANY, ...)                 \
    bool tr_##Name##_imm_sv(Builder& b, const Fields& f) { \
        return scalar_same<__VA_ARGS__, RIGHT, ANY>(b, f); \
    }
#define SCALAR_NARROW(Name, ...)                           \
    bool tr_##Name##_imm_sv(Builder& b, const Fields& f) { \
        return scalar_narrow<__VA_ARGS__>(b, f);           \
    }

VEC_SAME(SSHR, true, Shr<true, false, false>)
VEC_SAME(USHR, true, Shr<false, false, false>)
VEC_SAME(SRSHR, true, Shr<true, true, false>)
VEC_SAME(URSHR, true, Shr<false, true, false>)
VEC_SAME(SSRA, true, Shr<true, false, true>)
VEC_SAME(USRA, true, Shr<false, false, true>)
VEC_SAME(SRSRA, true, Shr<true, true, true>)
VEC_SAME(URSRA, true, Shr<false, true, true>)
VEC_SAME(SRI, true, Sri)
VEC_SAME(SHL, false, Shl)
VEC_SAME(SLI, false, Sli)
VEC_SAME(SQSHL, false, QShl<true, true>)
VEC_SAME(UQSHL, false, QShl<false, false>)
VEC_SAME(SQSHLU, false, QShl<true, false>)
VEC_NARROW(SHRN, ShrN<false, false, 0>)
VEC_NARROW(RSHRN, ShrN<false, true, 0>)
VEC_NARROW(SQSHRN, ShrN<true, false, 1>)
VEC_NARROW(SQRSHRN, ShrN<true, true, 1>)
VEC_NARROW(SQSHRUN, ShrN<true, false, 2>)
VEC_NARROW(SQRSHRUN, ShrN<true, true, 2>)
VEC_NARROW(UQSHRN, ShrN<false, false, 2>)
VEC_NARROW(UQRSHRN, ShrN<false, true, 2>)
bool tr_SSHLL_imm_v(Builder& b, const Fields& f) {
    return vec_long<ShLL<true>>(b, f);
}
bool tr_USHLL_imm_v(Builder& b, const Fields& f) {
    return vec_long<ShLL<false>>(b, f);
}

SCALAR_SAME(SSHR, true, false, Shr<true, false, false>)
SCALAR_SAME(USHR, true, false, Shr<false, false, false>)
SCALAR_SAME(SRSHR, true, false, Shr<true, true, false>)
SCALAR_SAME(URSHR, true, false, Shr<false, true, false>)
SCALAR_SAME(SSRA, true, false, Shr<true, false, true>)
SCALAR_SAME(USRA, true, false, Shr<false, false, true>)
SCALAR_SAME(SRSRA, true, false, Shr<true, true, true>)
SCALAR_SAME(URSRA, true, false, Shr<false, true, true>)
SCALAR_SAME(SRI, true, false, Sri)
SCALAR_SAME(SHL, false, false, Shl)
SCALAR_SAME(SLI, false, false, Sli)
SCALAR_SAME(SQSHL, false, true, QShl<true, true>)
SCALAR_SAME(UQSHL, false, true, QShl<false, false>)
SCALAR_SAME(SQSHLU, false, true, QShl<true, false>)
SCALAR_NARROW(SQSHRN, ShrN<true, false, 1>)
SCALAR_NARROW(SQRSHRN, ShrN<true, true, 1>)
SCALAR_NARROW(SQSHRUN, ShrN<true, false, 2>)
SCALAR_NARROW(SQRSHRUN, ShrN<true, true, 2>)
SCALAR_NARROW(UQSHRN, ShrN<false, false, 2>)
SCALAR_NARROW(UQRSHRN, ShrN<false, true, 2>)

}  // namespace vp::iss
