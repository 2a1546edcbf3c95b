#pragma once
// Helpers shared by the scalar floating-point semantics (fp_scalar.cpp, fp_scalar_cvt.cpp).
#include "iss/semantics/simd.h"

namespace vp::iss::fps {

// Picks the semantic function for the ftype field of a scalar FP encoding (ARM ARM C4.1.90):
// 00 single, 01 double; 10 is reserved; 11 (half) needs FEAT_FP16, which ARMv8.0 lacks.
// `pick` is a generic lambda called with a value of the storage type (uint32_t / uint64_t).
template <class Pick>
bool by_ftype(Builder& b, unsigned ftype, Pick&& pick) {
    switch (ftype) {
        case 0: b.op.fn = pick(uint32_t{}); return true;
        case 1: b.op.fn = pick(uint64_t{}); return true;
        case 3: return b.unimp("half-precision arithmetic needs FEAT_FP16");
        default: return b.unimp("ftype 10 is reserved");
    }
}

// V-register numbers of a scalar FP instruction (no register-31 special case): the register
// fields its row has.
inline void vregs(Builder& b, const Fields& f) {
    if (f.has(Field::Rd)) b.op.d = uint8_t(f.Rd());
    if (f.has(Field::Rn)) b.op.n = uint8_t(f.Rn());
    if (f.has(Field::Rm)) b.op.m = uint8_t(f.Rm());
    if (f.has(Field::Ra)) b.op.a = uint8_t(f.Ra());
}

}  // namespace vp::iss::fps
