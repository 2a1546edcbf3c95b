// Advanced SIMD shift by immediate and scalar shift by immediate, integer forms (ARM ARM
// C4.1.90; C7.2 instruction pages). The element size is 8 << HighestSetBit(immh); right shifts
// use shift = 2 * esize - UInt(immh:immb) (1..esize), left shifts UInt(immh:immb) - esize
// (0..esize-1). Rounding and saturation are computed exactly in 128 bits; saturation sets FPSR.QC.
#include <bit>

#include "iss/frontend/row_binding.h"
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
bool shift_long(Builder& b, const Fields& f) {
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
bool shift_scalar_narrow(Builder& b, const Fields& f) {
    if (f.immh() == 0 || (f.immh() & 8)) return b.unimp("reserved immh");
    Imm im = decode(f);
    return emit(b, f, pick_narrow_s<K>(im.size), im.right);
}

}  // namespace

// The kernel type comes last (it may contain commas).

#define VP_ROWS_shift_scalar_narrow VP_DEFINED_HERE
#define VP_ROWS_scalar_same VP_DEFINED_HERE
#define VP_ROWS_shift_long VP_DEFINED_HERE
#define VP_ROWS_vec_narrow VP_DEFINED_HERE
#define VP_ROWS_vec_same VP_DEFINED_HERE
#include "iss/frontend/bind_rows.inc"

}  // namespace vp::iss
