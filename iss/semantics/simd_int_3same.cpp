// Advanced SIMD three same (integer and logical) and Advanced SIMD scalar three same (integer),
// ARM ARM C4.1.90 / C7.2.
#include "iss/frontend/row_binding.h"
#include "iss/semantics/simd_int.h"

namespace vp::iss {
using namespace simd_int;

namespace {

// ---- element functors of the three-same group (others are in simd_int.h) ----
template <class T>
struct Hadd {
    static T f(Cpu&, T a, T b, T) { return T((__int128(a) + b) >> 1); }
};
template <class T>
struct Rhadd {
    static T f(Cpu&, T a, T b, T) { return T((__int128(a) + b + 1) >> 1); }
};
template <class T>
struct Hsub {
    static T f(Cpu&, T a, T b, T) { return T((__int128(a) - b) >> 1); }
};
template <class T>
struct Qadd {
    static T f(Cpu& c, T a, T b, T) { return sat<T>(__int128(a) + b, c); }
};
template <class T>
struct Qsub {
    static T f(Cpu& c, T a, T b, T) { return sat<T>(__int128(a) - b, c); }
};
template <class T>
struct Cmgt {
    static T f(Cpu&, T a, T b, T) { return a > b ? T(~T(0)) : T(0); }
};
template <class T>
struct Cmge {
    static T f(Cpu&, T a, T b, T) { return a >= b ? T(~T(0)) : T(0); }
};
template <class T>
struct Cmeq {
    static T f(Cpu&, T a, T b, T) { return a == b ? T(~T(0)) : T(0); }
};
template <class T>
struct Cmtst {
    static T f(Cpu&, T a, T b, T) { return (a & b) != 0 ? T(~T(0)) : T(0); }
};
template <class T>
struct Abd {
    static T f(Cpu&, T a, T b, T) { return T(iabs(__int128(a) - b)); }
};
template <class T>
struct Aba {
    static T f(Cpu&, T a, T b, T d) { return T(uint64_t(d) + uint64_t(iabs(__int128(a) - b))); }
};
// PMUL: polynomial multiply over {0,1}, 8-bit elements, low 8 bits of the product.
template <class T>
struct Pmul {
    static T f(Cpu&, T a, T b, T) {
        unsigned r = 0;
        for (unsigned i = 0; i < 8; ++i)
            if ((uint8_t(b) >> i) & 1) r ^= unsigned(uint8_t(a)) << i;
        return T(r);
    }
};

// SSHL/USHL/SRSHL/URSHL/SQSHL/UQSHL/SQRSHL/UQRSHL (C7.2): shift = SInt(element2<7:0>);
// element = (Int(element1) + round_const) << shift, round_const = 1 << (-shift - 1) for right
// shifts with rounding; then SatQ (saturating forms) or the low esize bits.
template <class T, bool Round, bool Sat>
struct Shl {
    static T f(Cpu& c, T a, T b, T) {
        constexpr int esize = int(sizeof(T) * 8);
        const int shift = int8_t(b);
        __int128 v;
        if (shift >= 0) {
            if (a == 0) return 0;
            if (shift >= esize) {  // every non-zero element leaves the esize-bit range
                if constexpr (!Sat) return 0;
                v = a > 0 ? (__int128(1) << 100) : -(__int128(1) << 100);
            } else {
                v = __int128(a) << shift;
            }
        } else {
            const int r = -shift;
            if (Round) {
                v = r > esize ? 0 : (__int128(a) + (__int128(1) << (r - 1))) >> r;
            } else {
                v = __int128(a) >> (r >= esize ? esize : r);
            }
        }
        if constexpr (Sat)
            return sat<T>(v, c);
        else
            return T(v);
    }
};
template <class T>
using Sshl = Shl<T, false, false>;
template <class T>
using Srshl = Shl<T, true, false>;
template <class T>
using Sqshl = Shl<T, false, true>;
template <class T>
using Sqrshl = Shl<T, true, true>;

// Pairwise: concatenate Vm:Vn, result[i] = F(concat[2i], concat[2i+1]).
template <class T, template <class> class F>
const Op* op_pair(Cpu& c, const Op* o) {
    const Vec n = sem::vread(c, o->n), m = sem::vread(c, o->m);
    Vec r;
    const unsigned lanes = o->f0, half = lanes / 2;
    for (unsigned i = 0; i < half; ++i) {
        r.set<T>(i, F<T>::f(c, n.get<T>(2 * i), n.get<T>(2 * i + 1), T(0)));
        r.set<T>(half + i, F<T>::f(c, m.get<T>(2 * i), m.get<T>(2 * i + 1), T(0)));
    }
    sem::vwrite(c, o->d, r);
    return next(c, o);
}

// AND BIC ORR ORN EOR BSL BIT BIF on 64-bit chunks; f0 = 1 or 2 chunks.
enum class Logic { And, Bic, Orr, Orn, Eor, Bsl, Bit, Bif };
template <Logic L>
const Op* op_logic(Cpu& c, const Op* o) {
    const Vec n = sem::vread(c, o->n), m = sem::vread(c, o->m), d = sem::vread(c, o->d);
    Vec r;
    for (unsigned i = 0; i < o->f0; ++i) {
        uint64_t a = n.d[i], b = m.d[i], x = d.d[i], v;
        switch (L) {
            case Logic::And: v = a & b; break;
            case Logic::Bic: v = a & ~b; break;
            case Logic::Orr: v = a | b; break;
            case Logic::Orn: v = a | ~b; break;
            case Logic::Eor: v = a ^ b; break;
            case Logic::Bsl: v = (x & a) | (~x & b); break;  // Vd selects Vn (1) / Vm (0)
            case Logic::Bit: v = (b & a) | (~b & x); break;  // insert Vn where Vm is 1
            default: v = (~b & a) | (b & x); break;          // BIF: insert Vn where Vm is 0
        }
        r.d[i] = v;
    }
    sem::vwrite(c, o->d, r);
    return next(c, o);
}

// Reserved size/Q combinations (C7.2 per instruction).
enum class Sz {
    any,   // size:Q = 110 reserved (1D)
    no64,  // size = 11 reserved
    hs,    // size = 01 or 10 only
    b,     // size = 00 only
    d,     // scalar: size = 11 only
};
bool vec_size_ok(Sz rule, unsigned size, bool q) {
    switch (rule) {
        case Sz::any: return !(size == 3 && !q);
        case Sz::no64: return size != 3;
        case Sz::hs: return size == 1 || size == 2;
        case Sz::b: return size == 0;
        default: return size == 3;
    }
}

void regs(Builder& b, const Fields& f) {
    b.op.d = uint8_t(f.Rd());
    b.op.n = uint8_t(f.Rn());
    b.op.m = uint8_t(f.Rm());
}

template <template <class> class F, bool S, Sz rule>
bool vec3(Builder& b, const Fields& f) {
    unsigned size = f.size();
    bool q = f.Q();
    if (!vec_size_ok(rule, size, q)) return b.unimp("reserved size/Q");
    regs(b, f);
    b.op.f0 = uint8_t((q ? 16 : 8) >> size);
    b.op.fn = pick_lanes<F, S, false>(size);
    return true;
}

template <template <class> class F, bool S, Sz rule>
bool pair3(Builder& b, const Fields& f) {
    unsigned size = f.size();
    bool q = f.Q();
    if (!vec_size_ok(rule, size, q)) return b.unimp("reserved size/Q");
    regs(b, f);
    b.op.f0 = uint8_t((q ? 16 : 8) >> size);
    using OpPick = OpFn;
    OpPick fns[4] = {op_pair<elem_t<1, S>, F>, op_pair<elem_t<2, S>, F>, op_pair<elem_t<4, S>, F>,
                     op_pair<elem_t<8, S>, F>};
    b.op.fn = fns[size];
    return true;
}

template <Logic L>
bool logic3(Builder& b, const Fields& f) {
    regs(b, f);
    b.op.f0 = uint8_t(f.Q() ? 2 : 1);
    b.op.fn = op_logic<L>;
    return true;
}

// Scalar: one lane of the element size; the rest of Vd is cleared.
template <template <class> class F, bool S, Sz rule>
bool scalar3(Builder& b, const Fields& f) {
    unsigned size = f.size();
    if (rule == Sz::hs ? !(size == 1 || size == 2) : rule == Sz::d ? size != 3 : false)
        return b.unimp("reserved size");
    regs(b, f);
    b.op.f0 = 1;
    b.op.fn = pick_lanes<F, S, false>(size);
    return true;
}

}  // namespace

#define VP_ROWS_logic3 VP_DEFINED_HERE
#define VP_ROWS_pair3 VP_DEFINED_HERE
#define VP_ROWS_scalar3 VP_DEFINED_HERE
#define VP_ROWS_vec3 VP_DEFINED_HERE
#include "iss/frontend/bind_rows.inc"

}  // namespace vp::iss
