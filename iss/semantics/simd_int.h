#pragma once
// Helpers shared by the integer AdvSIMD semantics (simd_int_*.cpp): lane element functors and
// the generic lane loops. Operand conventions of the ops built here:
//   op.d/n/m = V register numbers, f0 = lanes, f1 = part (0 lower, 1 upper half: the "2" forms),
//   f2 = element index (by-element forms).
// A result is built in a zeroed Vec and written as 128 bits, so a 64-bit vector (Q = 0) or a
// scalar result clears the rest of the register (ARM ARM C1.2.4).
#include <type_traits>

#include "iss/semantics/simd.h"

namespace vp::iss::simd_int {

using sem::Vec;

template <class T>
using wide_t = std::conditional_t<std::is_signed_v<T>, sem::int_t<sizeof(T) * 2>, sem::uint_t<sizeof(T) * 2>>;

// SignedSatQ / UnsignedSatQ after the element's signedness; sets FPSR.QC on saturation.
template <class T>
inline T sat(__int128 v, Cpu& c) {
    if constexpr (std::is_signed_v<T>)
        return sem::sat_signed<T>(v, c);
    else
        return sem::sat_unsigned<T>(v, c);
}

inline __int128 iabs(__int128 v) {
    return v < 0 ? -v : v;
}

// ---- same-width element functors: f(cpu, element1, element2, old destination element) ----
template <class T>
struct Add {
    static T f(Cpu&, T a, T b, T) { return T(uint64_t(a) + uint64_t(b)); }
};
template <class T>
struct Sub {
    static T f(Cpu&, T a, T b, T) { return T(uint64_t(a) - uint64_t(b)); }
};
template <class T>
struct Mul {  // modulo 2^esize: computed in uint64_t (no signed overflow after promotion)
    static T f(Cpu&, T a, T b, T) { return T(uint64_t(a) * uint64_t(b)); }
};
template <class T>
struct Mla {
    static T f(Cpu&, T a, T b, T d) { return T(uint64_t(d) + uint64_t(a) * uint64_t(b)); }
};
template <class T>
struct Mls {
    static T f(Cpu&, T a, T b, T d) { return T(uint64_t(d) - uint64_t(a) * uint64_t(b)); }
};
template <class T>
struct Max {
    static T f(Cpu&, T a, T b, T) { return a > b ? a : b; }
};
template <class T>
struct Min {
    static T f(Cpu&, T a, T b, T) { return a < b ? a : b; }
};
// SQDMULH / SQRDMULH: SignedSatQ((2 * a * b + round) >> esize).
template <class T, bool Round>
struct Qdmulh {
    static T f(Cpu& c, T a, T b, T) {
        constexpr unsigned esize = sizeof(T) * 8;
        __int128 p = 2 * __int128(a) * b + (Round ? (__int128(1) << (esize - 1)) : 0);
        return sat<T>(p >> esize, c);
    }
};
template <class T>
using Sqdmulh = Qdmulh<T, false>;
template <class T>
using Sqrdmulh = Qdmulh<T, true>;

// ---- long element functors: wide result from wide operands (already extended) ----
template <class W>
struct LAdd {
    static W f(Cpu&, W a, W b, W) { return W(uint64_t(a) + uint64_t(b)); }
};
template <class W>
struct LSub {
    static W f(Cpu&, W a, W b, W) { return W(uint64_t(a) - uint64_t(b)); }
};
template <class W>
struct LAbd {
    static W f(Cpu&, W a, W b, W) { return W(iabs(__int128(a) - b)); }
};
template <class W>
struct LAba {
    static W f(Cpu&, W a, W b, W d) { return W(uint64_t(d) + uint64_t(iabs(__int128(a) - b))); }
};
template <class W>
struct LMul {
    static W f(Cpu&, W a, W b, W) { return W(uint64_t(a) * uint64_t(b)); }
};
template <class W>
struct LMla {
    static W f(Cpu&, W a, W b, W d) { return W(uint64_t(d) + uint64_t(a) * uint64_t(b)); }
};
template <class W>
struct LMls {
    static W f(Cpu&, W a, W b, W d) { return W(uint64_t(d) - uint64_t(a) * uint64_t(b)); }
};
// SQDMULL / SQDMLAL / SQDMLSL: product = SignedSatQ(2 * a * b, 2 * esize), then (for the
// accumulating forms) SignedSatQ(d +/- product, 2 * esize); both saturations set QC.
template <class W>
struct LQdmull {
    static W f(Cpu& c, W a, W b, W) { return sat<W>(2 * __int128(a) * b, c); }
};
template <class W>
struct LQdmlal {
    static W f(Cpu& c, W a, W b, W d) { return sat<W>(__int128(d) + sat<W>(2 * __int128(a) * b, c), c); }
};
template <class W>
struct LQdmlsl {
    static W f(Cpu& c, W a, W b, W d) { return sat<W>(__int128(d) - sat<W>(2 * __int128(a) * b, c), c); }
};

// Same-width lanes: result[i] = F(n[i], m[i] or m[index], d[i]).
template <class T, template <class> class F, bool Idx>
const Op* op_lanes(Cpu& c, const Op* o) {
    const Vec n = sem::vread(c, o->n), m = sem::vread(c, o->m), d = sem::vread(c, o->d);
    Vec r;
    const unsigned lanes = o->f0;
    for (unsigned i = 0; i < lanes; ++i)
        r.set<T>(i, F<T>::f(c, n.get<T>(i), m.get<T>(Idx ? o->f2 : i), d.get<T>(i)));
    sem::vwrite(c, o->d, r);
    return next(c, o);
}

// Long lanes: result[i] (2*esize) = F(ext(n[part*lanes + i]) or n[i] (WideN), ext(m[...] or
// m[index]), d[i]).
template <class T, template <class> class F, bool WideN, bool Idx>
const Op* op_long(Cpu& c, const Op* o) {
    using W = wide_t<T>;
    const Vec n = sem::vread(c, o->n), m = sem::vread(c, o->m), d = sem::vread(c, o->d);
    Vec r;
    const unsigned lanes = o->f0, base = o->f1 * lanes;
    for (unsigned i = 0; i < lanes; ++i) {
        W a = WideN ? n.get<W>(i) : W(n.get<T>(base + i));
        W b = W(m.get<T>(Idx ? o->f2 : base + i));
        r.set<W>(i, F<W>::f(c, a, b, d.get<W>(i)));
    }
    sem::vwrite(c, o->d, r);
    return next(c, o);
}

template <unsigned Bytes, bool S>
using elem_t = std::conditional_t<S, sem::int_t<Bytes>, sem::uint_t<Bytes>>;

// The op for element size `size` (0 B, 1 H, 2 S, 3 D); the caller has rejected reserved sizes.
template <template <class> class F, bool S, bool Idx>
OpFn pick_lanes(unsigned size) {
    switch (size) {
        case 0: return op_lanes<elem_t<1, S>, F, Idx>;
        case 1: return op_lanes<elem_t<2, S>, F, Idx>;
        case 2: return op_lanes<elem_t<4, S>, F, Idx>;
        default: return op_lanes<elem_t<8, S>, F, Idx>;
    }
}
template <template <class> class F, bool S, bool WideN, bool Idx>
OpFn pick_long(unsigned size) {
    switch (size) {
        case 0: return op_long<elem_t<1, S>, F, WideN, Idx>;
        case 1: return op_long<elem_t<2, S>, F, WideN, Idx>;
        default: return op_long<elem_t<4, S>, F, WideN, Idx>;
    }
}

// By-element operand (C7.2 "<Vm>.<Ts>[<index>]"): size 01 (H): index = H:L:M, Rm = 0:Rm<3:0>;
// size 10 (S): index = H:L, Rm = M:Rm<3:0>. Field letters: m = Rm<3:0>, M, L, H.
inline void elem_operand(unsigned size, const Fields& f, unsigned& index, unsigned& rm) {
    if (size == 1) {
        index = (f.H() << 2) | (f.L() << 1) | f.M();
        rm = f.Rm();
    } else {
        index = (f.H() << 1) | f.L();
        rm = (f.M() << 4) | f.Rm();
    }
}

}  // namespace vp::iss::simd_int
