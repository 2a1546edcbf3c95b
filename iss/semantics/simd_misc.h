#pragma once
// Shapes shared by the integer AdvSIMD two-register-misc and shift-by-immediate semantics
// (simd_misc_2reg.cpp, simd_misc_shift.cpp). An element operation is a "kernel" struct K with a
// static template member; the shape functions below apply it to every lane and write the result
// after all sources have been read. The shift amount (or 0) travels in Op::f0.
#include "iss/semantics/simd.h"

namespace vp::iss::simd_misc {

using sem::Vec;

template <unsigned B>
using U = sem::uint_t<B>;
template <unsigned B>
using S = sem::int_t<B>;

// Same-size elements: d[i] = K::f<B>(cpu, d[i], n[i], shift). K::kAcc says whether the old
// destination is an input (accumulating and inserting forms); it is read before the write.
template <class K, unsigned B, bool Q>
const Op* op_same(Cpu& c, const Op* o) {
    Vec n = sem::vread(c, o->n), d, r;
    if constexpr (K::kAcc) d = sem::vread(c, o->d);
    for (unsigned i = 0; i < (Q ? 16 : 8) / B; ++i)
        r.set<U<B>>(i, K::template f<B>(c, d.get<U<B>>(i), n.get<U<B>>(i), o->f0));
    sem::vwrite(c, o->d, r, Q ? 16 : 8);
    return next(c, o);
}

// Scalar form of the same kernels: element B bytes in the low bits, the rest of Vd cleared.
template <class K, unsigned B>
const Op* op_same_s(Cpu& c, const Op* o) {
    U<B> n = sem::sread<U<B>>(c, o->n), d = 0;
    if constexpr (K::kAcc) d = sem::sread<U<B>>(c, o->d);
    sem::swrite<U<B>>(c, o->d, K::template f<B>(c, d, n, o->f0));
    return next(c, o);
}

// Narrowing: 2B-byte source elements -> B-byte results, K::f<B>(cpu, U<2B> n, shift). The
// vector form writes the lower half of Vd (upper cleared) or, for the "2" forms (Q = 1), the
// upper half keeping the lower one.
template <class K, unsigned B, bool Q>
const Op* op_narrow(Cpu& c, const Op* o) {
    Vec n = sem::vread(c, o->n), r;
    if constexpr (Q) r = sem::vread(c, o->d);
    for (unsigned i = 0; i < 8 / B; ++i)
        r.set<U<B>>(i + (Q ? 8 / B : 0), K::template f<B>(c, n.get<U<2 * B>>(i), o->f0));
    sem::vwrite(c, o->d, r, 16);
    return next(c, o);
}
template <class K, unsigned B>
const Op* op_narrow_s(Cpu& c, const Op* o) {
    sem::swrite<U<B>>(c, o->d, K::template f<B>(c, sem::sread<U<2 * B>>(c, o->n), o->f0));
    return next(c, o);
}

// Lengthening: B-byte source elements from the lower (Q = 0) or upper (Q = 1, the "2" forms)
// half of Vn -> 2B-byte results, K::f<B>(U<B> n, shift) returning U<2B>.
template <class K, unsigned B, bool Q>
const Op* op_long(Cpu& c, const Op* o) {
    Vec n = sem::vread(c, o->n), r;
    for (unsigned i = 0; i < 8 / B; ++i)
        r.set<U<2 * B>>(i, K::template f<B>(n.get<U<B>>(i + (Q ? 8 / B : 0)), o->f0));
    sem::vwrite(c, o->d, r, 16);
    return next(c, o);
}

// Instantiation tables indexed by log2(element bytes) and Q.
template <class K>
OpFn pick_same(unsigned size, bool q) {
    static constexpr OpFn t[4][2] = {{op_same<K, 1, false>, op_same<K, 1, true>},
                                     {op_same<K, 2, false>, op_same<K, 2, true>},
                                     {op_same<K, 4, false>, op_same<K, 4, true>},
                                     {op_same<K, 8, false>, op_same<K, 8, true>}};
    return t[size][q];
}
template <class K>
OpFn pick_same_s(unsigned size) {
    static constexpr OpFn t[4] = {op_same_s<K, 1>, op_same_s<K, 2>, op_same_s<K, 4>, op_same_s<K, 8>};
    return t[size];
}
// size = log2 of the narrow (destination) element bytes, 0..2.
template <class K>
OpFn pick_narrow(unsigned size, bool q) {
    static constexpr OpFn t[3][2] = {{op_narrow<K, 1, false>, op_narrow<K, 1, true>},
                                     {op_narrow<K, 2, false>, op_narrow<K, 2, true>},
                                     {op_narrow<K, 4, false>, op_narrow<K, 4, true>}};
    return t[size][q];
}
template <class K>
OpFn pick_narrow_s(unsigned size) {
    static constexpr OpFn t[3] = {op_narrow_s<K, 1>, op_narrow_s<K, 2>, op_narrow_s<K, 4>};
    return t[size];
}
// size = log2 of the source (narrow) element bytes, 0..2.
template <class K>
OpFn pick_long(unsigned size, bool q) {
    static constexpr OpFn t[3][2] = {{op_long<K, 1, false>, op_long<K, 1, true>},
                                     {op_long<K, 2, false>, op_long<K, 2, true>},
                                     {op_long<K, 4, false>, op_long<K, 4, true>}};
    return t[size][q];
}

}  // namespace vp::iss::simd_misc
