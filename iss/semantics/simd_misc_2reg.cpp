// Advanced SIMD (scalar) two-register miscellaneous, integer forms (ARM ARM C4.1.90; C7.2
// instruction pages). Saturating forms set FPSR.QC.
#include <bit>

#include "iss/frontend/row_binding.h"
#include "iss/semantics/simd_misc.h"

namespace vp::iss {
using namespace simd_misc;

namespace {

// ---- element kernels (see simd_misc.h) ----
struct Cls {
    static constexpr bool kAcc = false;
    template <unsigned B>
    static U<B> f(Cpu&, U<B>, U<B> n, unsigned) {
        // CountLeadingZeroBits(x<N-1:1> EOR x<N-2:0>) of the N-1 bit value.
        U<B> y = U<B>(U<B>(n >> 1) ^ U<B>(n & U<B>(U<B>(~U<B>(0)) >> 1)));
        return U<B>(std::countl_zero(y) - 1);
    }
};
struct Clz {
    static constexpr bool kAcc = false;
    template <unsigned B>
    static U<B> f(Cpu&, U<B>, U<B> n, unsigned) {
        return U<B>(std::countl_zero(n));
    }
};
struct Cnt {
    static constexpr bool kAcc = false;
    template <unsigned B>
    static U<B> f(Cpu&, U<B>, U<B> n, unsigned) {
        return U<B>(std::popcount(n));
    }
};
struct Not {
    static constexpr bool kAcc = false;
    template <unsigned B>
    static U<B> f(Cpu&, U<B>, U<B> n, unsigned) {
        return U<B>(~n);
    }
};
struct Rbit {
    static constexpr bool kAcc = false;
    template <unsigned B>
    static U<B> f(Cpu&, U<B>, U<B> n, unsigned) {
        U<B> r = 0;
        for (unsigned i = 0; i < 8 * B; ++i) r = U<B>(r | (((n >> i) & 1) << (8 * B - 1 - i)));
        return r;
    }
};
template <bool NEG>
struct AbsNeg {  // ABS / NEG: modulo 2^N (the most negative value stays)
    static constexpr bool kAcc = false;
    template <unsigned B>
    static U<B> f(Cpu&, U<B>, U<B> n, unsigned) {
        if constexpr (NEG) return U<B>(U<B>(0) - n);
        return S<B>(n) < 0 ? U<B>(U<B>(0) - n) : n;
    }
};
template <bool NEG>
struct SqAbsNeg {  // SQABS / SQNEG
    static constexpr bool kAcc = false;
    template <unsigned B>
    static U<B> f(Cpu& c, U<B>, U<B> n, unsigned) {
        __int128 v = S<B>(n);
        if (NEG || v < 0) v = -v;
        return U<B>(sem::sat_signed<S<B>>(v, c));
    }
};
// CMGT/CMEQ/CMLT/CMGE/CMLE #0: 0 GT, 1 EQ, 2 LT, 3 GE, 4 LE.
template <unsigned CMP>
struct CmpZero {
    static constexpr bool kAcc = false;
    template <unsigned B>
    static U<B> f(Cpu&, U<B>, U<B> n, unsigned) {
        S<B> v = S<B>(n);
        bool r = CMP == 0 ? v > 0 : CMP == 1 ? v == 0 : CMP == 2 ? v < 0 : CMP == 3 ? v >= 0 : v <= 0;
        return r ? U<B>(~U<B>(0)) : U<B>(0);
    }
};
struct Suqadd {  // SignedSatQ(SInt(Vd) + UInt(Vn))
    static constexpr bool kAcc = true;
    template <unsigned B>
    static U<B> f(Cpu& c, U<B> d, U<B> n, unsigned) {
        return U<B>(sem::sat_signed<S<B>>(__int128(S<B>(d)) + __int128(n), c));
    }
};
struct Usqadd {  // UnsignedSatQ(UInt(Vd) + SInt(Vn))
    static constexpr bool kAcc = true;
    template <unsigned B>
    static U<B> f(Cpu& c, U<B> d, U<B> n, unsigned) {
        return sem::sat_unsigned<U<B>>(__int128(d) + __int128(S<B>(n)), c);
    }
};

// Narrowing kernels, B = destination element bytes.
struct Xtn {
    template <unsigned B>
    static U<B> f(Cpu&, U<2 * B> n, unsigned) {
        return U<B>(n);
    }
};
struct Sqxtn {
    template <unsigned B>
    static U<B> f(Cpu& c, U<2 * B> n, unsigned) {
        return U<B>(sem::sat_signed<S<B>>(S<2 * B>(n), c));
    }
};
struct Uqxtn {
    template <unsigned B>
    static U<B> f(Cpu& c, U<2 * B> n, unsigned) {
        return sem::sat_unsigned<U<B>>(n, c);
    }
};
struct Sqxtun {
    template <unsigned B>
    static U<B> f(Cpu& c, U<2 * B> n, unsigned) {
        return sem::sat_unsigned<U<B>>(S<2 * B>(n), c);
    }
};
struct Shll {  // SHLL: zero-extended element shifted left by esize
    template <unsigned B>
    static U<2 * B> f(U<B> n, unsigned) {
        return U<2 * B>(U<2 * B>(n) << (8 * B));
    }
};

// REV16/REV32/REV64: reverse the B-byte elements inside each C-byte container.
template <unsigned B, unsigned C, bool Q>
const Op* op_rev(Cpu& c, const Op* o) {
    Vec n = sem::vread(c, o->n), r;
    for (unsigned i = 0; i < (Q ? 16 : 8) / B; ++i) r.set<U<B>>(i, n.get<U<B>>(i ^ (C / B - 1)));
    sem::vwrite(c, o->d, r, Q ? 16 : 8);
    return next(c, o);
}
template <unsigned B, unsigned C, bool Q>
constexpr OpFn rev_fn() {
    if constexpr (B < C) return op_rev<B, C, Q>;
    return nullptr;  // not allocated (element not smaller than the container)
}
template <unsigned C>
OpFn pick_rev(unsigned size, bool q) {
    static constexpr OpFn t[3][2] = {{rev_fn<1, C, false>(), rev_fn<1, C, true>()},
                                     {rev_fn<2, C, false>(), rev_fn<2, C, true>()},
                                     {rev_fn<4, C, false>(), rev_fn<4, C, true>()}};
    return t[size][q];
}

// SADDLP/UADDLP/SADALP/UADALP: pairs of B-byte elements added into 2B-byte elements (modulo).
template <bool SIGNED, bool ACC, unsigned B, bool Q>
const Op* op_addlp(Cpu& c, const Op* o) {
    using W = U<2 * B>;
    Vec n = sem::vread(c, o->n), r;
    if constexpr (ACC) r = sem::vread(c, o->d);
    auto ext = [](U<B> v) { return SIGNED ? W(S<2 * B>(S<B>(v))) : W(v); };
    for (unsigned i = 0; i < (Q ? 16 : 8) / (2 * B); ++i) {
        W s = W(ext(n.get<U<B>>(2 * i)) + ext(n.get<U<B>>(2 * i + 1)));
        r.set<W>(i, W((ACC ? r.get<W>(i) : W(0)) + s));
    }
    sem::vwrite(c, o->d, r, Q ? 16 : 8);
    return next(c, o);
}
template <bool SIGNED, bool ACC>
OpFn pick_addlp(unsigned size, bool q) {
    static constexpr OpFn t[3][2] = {{op_addlp<SIGNED, ACC, 1, false>, op_addlp<SIGNED, ACC, 1, true>},
                                     {op_addlp<SIGNED, ACC, 2, false>, op_addlp<SIGNED, ACC, 2, true>},
                                     {op_addlp<SIGNED, ACC, 4, false>, op_addlp<SIGNED, ACC, 4, true>}};
    return t[size][q];
}

void regs(Builder& b, const Fields& f) {
    b.op.d = uint8_t(f.Rd());
    b.op.n = uint8_t(f.Rn());
    b.op.f0 = 0;
}

// Vector forms. `ok` is the ARM ARM's allocation condition on size:Q.
bool vec(Builder& b, const Fields& f, OpFn fn, bool ok) {
    if (!ok) return b.unimp("reserved size/Q");
    regs(b, f);
    b.op.fn = fn;
    return true;
}
// Same-size forms where only size = 11 with Q = 0 (1D) is reserved.
template <class K>
bool same_no1d(Builder& b, const Fields& f) {
    unsigned size = f.size();
    bool q = f.Q();
    return vec(b, f, pick_same<K>(size, q), size != 3 || q);
}
// Same-size forms where size = 11 is reserved.
template <class K>
bool same_bhs(Builder& b, const Fields& f) {
    unsigned size = f.size();
    return vec(b, f, size == 3 ? nullptr : pick_same<K>(size, f.Q()), size != 3);
}
template <class K>
bool narrow(Builder& b, const Fields& f) {
    unsigned size = f.size();
    return vec(b, f, size == 3 ? nullptr : pick_narrow<K>(size, f.Q()), size != 3);
}

// Scalar forms: all sizes, or D only (size = 11) for the compare/ABS/NEG forms.
template <class K, bool d_only>
bool scalar(Builder& b, const Fields& f) {
    unsigned size = f.size();
    if (d_only && size != 3) return b.unimp("reserved size (D only)");
    regs(b, f);
    b.op.fn = pick_same_s<K>(size);
    return true;
}
template <class K>
bool scalar_narrow(Builder& b, const Fields& f) {
    unsigned size = f.size();
    if (size == 3) return b.unimp("reserved size");
    regs(b, f);
    b.op.fn = pick_narrow_s<K>(size);
    return true;
}

}  // namespace

bool tr_REV64_v(Builder& b, const Fields& f) {
    unsigned size = f.size();
    return vec(b, f, size == 3 ? nullptr : pick_rev<8>(size, f.Q()), size != 3);
}
bool tr_REV32_v(Builder& b, const Fields& f) {
    unsigned size = f.size();
    return vec(b, f, size > 1 ? nullptr : pick_rev<4>(size, f.Q()), size <= 1);
}
bool tr_REV16_v(Builder& b, const Fields& f) {
    return vec(b, f, pick_rev<2>(0, f.Q()), f.size() == 0);
}
bool tr_SADDLP_v(Builder& b, const Fields& f) {
    unsigned size = f.size();
    return vec(b, f, size == 3 ? nullptr : pick_addlp<true, false>(size, f.Q()), size != 3);
}
bool tr_UADDLP_v(Builder& b, const Fields& f) {
    unsigned size = f.size();
    return vec(b, f, size == 3 ? nullptr : pick_addlp<false, false>(size, f.Q()), size != 3);
}
bool tr_SADALP_v(Builder& b, const Fields& f) {
    unsigned size = f.size();
    return vec(b, f, size == 3 ? nullptr : pick_addlp<true, true>(size, f.Q()), size != 3);
}
bool tr_UADALP_v(Builder& b, const Fields& f) {
    unsigned size = f.size();
    return vec(b, f, size == 3 ? nullptr : pick_addlp<false, true>(size, f.Q()), size != 3);
}
bool tr_CNT_v(Builder& b, const Fields& f) {
    return vec(b, f, pick_same<Cnt>(0, f.Q()), f.size() == 0);
}
bool tr_NOT_v(Builder& b, const Fields& f) {
    return vec(b, f, pick_same<Not>(0, f.Q()), true);
}
bool tr_RBIT_v(Builder& b, const Fields& f) {
    return vec(b, f, pick_same<Rbit>(0, f.Q()), true);
}
bool tr_SHLL_v(Builder& b, const Fields& f) {
    unsigned size = f.size();
    return vec(b, f, size == 3 ? nullptr : pick_long<Shll>(size, f.Q()), size != 3);
}

#define VP_ROWS_narrow VP_DEFINED_HERE
#define VP_ROWS_same_bhs VP_DEFINED_HERE
#define VP_ROWS_same_no1d VP_DEFINED_HERE
#define VP_ROWS_scalar VP_DEFINED_HERE
#define VP_ROWS_scalar_narrow VP_DEFINED_HERE
#include "iss/frontend/bind_rows.inc"

}  // namespace vp::iss
