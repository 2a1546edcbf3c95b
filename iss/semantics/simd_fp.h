#pragma once
// Shared helpers of the AdvSIMD floating-point semantics (simd_fp_*.cpp; ARM ARM C4.1.90 FP
// groups, C7.2 instruction pseudocode). Every element operation calls the iss/fp library with
// the current FPCR and accumulates into FPSR; no host floating-point arithmetic.
//
// Element operations are small structs with a static `f`; kernels (structs with a static
// function template `fn<T, L>`) apply them to L lanes of element type T (uint32_t single,
// uint64_t double); L = 1 is the scalar form. Pickers validate Q/sz and select the kernel.
#include "iss/semantics/sem.h"
#include "iss/semantics/simd.h"

namespace vp::iss::sem::sfp {

using fp::Rounding;

template <class T>
constexpr T mask(bool b) {
    return b ? T(~T(0)) : T(0);
}

// V[d] = result of L lanes of T: 128 bits, 64 bits (upper half cleared) or one scalar element
// (every other bit cleared; the unused lanes of `r` are zero).
template <class T, unsigned L>
inline void write_lanes(Cpu& c, unsigned d, const Vec& r) {
    vwrite(c, d, r, L * sizeof(T) == 16 ? 16 : 8);
}

// ---- Binary element operations: T f(T op1, T op2, Cpu&) ---------------------------------
struct FAdd {
    template <class T>
    static T f(T a, T b, Cpu& c) {
        return fp::add(a, b, c.fpcr, c.fpsr);
    }
};
struct FSub {
    template <class T>
    static T f(T a, T b, Cpu& c) {
        return fp::sub(a, b, c.fpcr, c.fpsr);
    }
};
struct FMul {
    template <class T>
    static T f(T a, T b, Cpu& c) {
        return fp::mul(a, b, c.fpcr, c.fpsr);
    }
};
struct FMulX {
    template <class T>
    static T f(T a, T b, Cpu& c) {
        return fp::mulx(a, b, c.fpcr, c.fpsr);
    }
};
struct FDiv {
    template <class T>
    static T f(T a, T b, Cpu& c) {
        return fp::div(a, b, c.fpcr, c.fpsr);
    }
};
struct FMax {
    template <class T>
    static T f(T a, T b, Cpu& c) {
        return fp::max(a, b, c.fpcr, c.fpsr);
    }
};
struct FMin {
    template <class T>
    static T f(T a, T b, Cpu& c) {
        return fp::min(a, b, c.fpcr, c.fpsr);
    }
};
struct FMaxNum {
    template <class T>
    static T f(T a, T b, Cpu& c) {
        return fp::maxnum(a, b, c.fpcr, c.fpsr);
    }
};
struct FMinNum {
    template <class T>
    static T f(T a, T b, Cpu& c) {
        return fp::minnum(a, b, c.fpcr, c.fpsr);
    }
};
struct FRecpS {
    template <class T>
    static T f(T a, T b, Cpu& c) {
        return fp::recip_step_fused(a, b, c.fpcr, c.fpsr);
    }
};
struct FRsqrtS {
    template <class T>
    static T f(T a, T b, Cpu& c) {
        return fp::rsqrt_step_fused(a, b, c.fpcr, c.fpsr);
    }
};
// FABD: FPAbs(FPSub(op1, op2)).
struct FAbd {
    template <class T>
    static T f(T a, T b, Cpu& c) {
        return fp::abs(fp::sub(a, b, c.fpcr, c.fpsr));
    }
};
// Compares write an all-ones / all-zeros element mask.
struct FCmEq {
    template <class T>
    static T f(T a, T b, Cpu& c) {
        return mask<T>(fp::compare_eq(a, b, c.fpcr, c.fpsr));
    }
};
struct FCmGe {
    template <class T>
    static T f(T a, T b, Cpu& c) {
        return mask<T>(fp::compare_ge(a, b, c.fpcr, c.fpsr));
    }
};
struct FCmGt {
    template <class T>
    static T f(T a, T b, Cpu& c) {
        return mask<T>(fp::compare_gt(a, b, c.fpcr, c.fpsr));
    }
};
// FACGE/FACGT compare FPAbs of both operands.
struct FAcGe {
    template <class T>
    static T f(T a, T b, Cpu& c) {
        return mask<T>(fp::compare_ge(fp::abs(a), fp::abs(b), c.fpcr, c.fpsr));
    }
};
struct FAcGt {
    template <class T>
    static T f(T a, T b, Cpu& c) {
        return mask<T>(fp::compare_gt(fp::abs(a), fp::abs(b), c.fpcr, c.fpsr));
    }
};

// ---- Accumulating operations: T f(T acc, T op1, T op2, Cpu&) ----------------------------
// FMLA: FPMulAdd(acc, op1, op2); FMLS: FPMulAdd(acc, FPNeg(op1), op2).
struct FMla {
    template <class T>
    static T f(T acc, T a, T b, Cpu& c) {
        return fp::muladd(acc, a, b, c.fpcr, c.fpsr);
    }
};
struct FMls {
    template <class T>
    static T f(T acc, T a, T b, Cpu& c) {
        return fp::muladd(acc, fp::neg(a), b, c.fpcr, c.fpsr);
    }
};

// ---- Conversions to/from integer and fixed point: T f(T op, const Op* o, Cpu&) -------------
// o->f0 = fbits (0 for the integer forms); the integer size M is the element size.
// FPToFixed with a fixed rounding (FCVTNS/NU ... FCVTZS/ZU, FCVTAS/AU).
template <Rounding R, bool U>
struct FToFixed {
    template <class T>
    static T f(T a, const Op* o, Cpu& c) {
        return T(fp::to_fixed(a, o->f0, U, int(8 * sizeof(T)), c.fpcr, R, c.fpsr));
    }
};
// FixedToFP with FPCR rounding (SCVTF/UCVTF).
template <bool U>
struct FromFixed {
    template <class T>
    static T f(T a, const Op* o, Cpu& c) {
        return fp::fixed_to_fp<T>(uint64_t(a), o->f0, U, int(8 * sizeof(T)), c.fpcr,
                                  fp::fpcr_rounding(c.fpcr), c.fpsr);
    }
};

// ---- Kernels --------------------------------------------------------------------------
// Lane-wise binary operation (three same, scalar three same).
template <class OP>
struct Bin {
    template <class T, unsigned L>
    static const Op* fn(Cpu& c, const Op* o) {
        const Vec a = vread(c, o->n), b = vread(c, o->m);
        Vec r;
        for (unsigned i = 0; i < L; ++i) r.set<T>(i, OP::f(a.get<T>(i), b.get<T>(i), c));
        write_lanes<T, L>(c, o->d, r);
        return next(c, o);
    }
};

// Binary operation with element f0 of the 128-bit V[m] as second operand (by element).
template <class OP>
struct BinElem {
    template <class T, unsigned L>
    static const Op* fn(Cpu& c, const Op* o) {
        const Vec a = vread(c, o->n);
        const T b = vread(c, o->m).get<T>(o->f0);
        Vec r;
        for (unsigned i = 0; i < L; ++i) r.set<T>(i, OP::f(a.get<T>(i), b, c));
        write_lanes<T, L>(c, o->d, r);
        return next(c, o);
    }
};

// Accumulating operation into V[d]; ELEM: second operand is element f0 of V[m].
template <class OP, bool ELEM>
struct Acc {
    template <class T, unsigned L>
    static const Op* fn(Cpu& c, const Op* o) {
        const Vec a = vread(c, o->n), b = vread(c, o->m), acc = vread(c, o->d);
        Vec r;
        for (unsigned i = 0; i < L; ++i)
            r.set<T>(i, OP::f(acc.get<T>(i), a.get<T>(i), b.get<T>(ELEM ? o->f0 : i), c));
        write_lanes<T, L>(c, o->d, r);
        return next(c, o);
    }
};

// Lane-wise unary operation: OP::f(T op, const Op*, Cpu&) (the Op carries fbits for the
// fixed-point conversions).
template <class OP>
struct Un {
    template <class T, unsigned L>
    static const Op* fn(Cpu& c, const Op* o) {
        const Vec a = vread(c, o->n);
        Vec r;
        for (unsigned i = 0; i < L; ++i) r.set<T>(i, OP::f(a.get<T>(i), o, c));
        write_lanes<T, L>(c, o->d, r);
        return next(c, o);
    }
};

// ---- Pickers (translate side) -----------------------------------------------------------
// The register fields the row has (one or two sources).
inline void set_regs(Builder& b, const Fields& f) {
    b.op.d = uint8_t(f.Rd());
    b.op.n = uint8_t(f.Rn());
    if (f.has(Field::Rm)) b.op.m = uint8_t(f.Rm());
}

// Vector forms with sz selecting single (2S/4S) or double (2D); sz:Q = 10 is reserved.
template <class K>
bool pick_v(Builder& b, const Fields& f) {
    bool q = f.Q(), sz = f.sz();
    if (sz && !q) return b.unimp("AdvSIMD FP: sz = 1 with Q = 0 is reserved");
    b.op.fn = sz  ? &K::template fn<uint64_t, 2>
              : q ? &K::template fn<uint32_t, 4>
                  : &K::template fn<uint32_t, 2>;
    set_regs(b, f);
    return true;
}

// Scalar forms: sz selects S or D.
template <class K>
bool pick_sv(Builder& b, const Fields& f) {
    b.op.fn = f.sz() ? &K::template fn<uint64_t, 1> : &K::template fn<uint32_t, 1>;
    set_regs(b, f);
    return true;
}

}  // namespace vp::iss::sem::sfp
