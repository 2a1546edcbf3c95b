// Scalar floating-point conversions (ARM ARM C4.1.90): between floating-point and fixed-point
// (scale field), between floating-point and integer (FCVT<r>S/U, SCVTF/UCVTF) and FMOV (general).
// The conversions are FPToFixed / FixedToFP of the iss/fp library.
#include "iss/frontend/row_binding.h"
#include "iss/semantics/fp_scalar.h"
#include "iss/semantics/sem.h"

namespace vp::iss {
using namespace sem;
using fps::by_ftype;

namespace {

using fp::Rounding;

// FCVT<r>{S,U} and FCVTZ{S,U} (fixed-point): FP register n -> general register slot d.
// M = 32 (W, zero-extended) or 64 (X); f0 = fbits (0 for the integer forms).
template <class T, Rounding R, bool U, int M>
const Op* op_to_int(Cpu& c, const Op* o) {
    c.x[o->d] = fp::to_fixed<T>(sread<T>(c, o->n), o->f0, U, M, c.fpcr, R, c.fpsr);
    return next(c, o);
}

// SCVTF/UCVTF (integer and fixed-point): general register slot n -> FP register d, rounded with
// the FPCR rounding mode.
template <class T, bool U, int M>
const Op* op_from_int(Cpu& c, const Op* o) {
    swrite<T>(c, o->d, fp::fixed_to_fp<T>(c.x[o->n], o->f0, U, M, c.fpcr, fp::fpcr_rounding(c.fpcr), c.fpsr));
    return next(c, o);
}

// ftype checks plus the sf-dependent choice of M.
template <Rounding R, bool U>
bool to_int(Builder& b, const Fields& f, unsigned fbits) {
    b.op.d = dst_zr(f.Rd());
    b.op.n = uint8_t(f.Rn());
    b.op.f0 = uint8_t(fbits);
    const bool sf = f.sf();
    return by_ftype(b, f.ftype(), [sf](auto t) -> OpFn {
        using T = decltype(t);
        return sf ? op_to_int<T, R, U, 64> : op_to_int<T, R, U, 32>;
    });
}

template <bool U>
bool from_int(Builder& b, const Fields& f, unsigned fbits) {
    b.op.d = uint8_t(f.Rd());
    b.op.n = src_zr(f.Rn());
    b.op.f0 = uint8_t(fbits);
    const bool sf = f.sf();
    return by_ftype(b, f.ftype(), [sf](auto t) -> OpFn {
        using T = decltype(t);
        return sf ? op_from_int<T, U, 64> : op_from_int<T, U, 32>;
    });
}

// Fixed-point forms: fbits = 64 - scale; with sf = 0, scale < 32 (fbits > 32) is unallocated.
bool fixed_fbits(Builder& b, const Fields& f, unsigned& fbits) {
    const unsigned scale = f.scale();
    if (!f.sf() && scale < 32) return b.unimp("32-bit fixed-point conversion with scale < 32");
    fbits = 64 - scale;
    return true;
}

template <Rounding R, bool U>
bool tr_to_int(Builder& b, const Fields& f) {
    return to_int<R, U>(b, f, 0);
}
template <bool U>
bool tr_from_int(Builder& b, const Fields& f) {
    return from_int<U>(b, f, 0);
}

template <bool U>
bool tr_fix_to(Builder& b, const Fields& f) {
    unsigned fbits;
    return fixed_fbits(b, f, fbits) && to_int<Rounding::Zero, U>(b, f, fbits);
}
template <bool U>
bool tr_fix_from(Builder& b, const Fields& f) {
    unsigned fbits;
    return fixed_fbits(b, f, fbits) && from_int<U>(b, f, fbits);
}

// FMOV (general): T = uint32_t (W <-> S) or uint64_t (X <-> D).
template <class T>
const Op* op_fmov_to_gen(Cpu& c, const Op* o) {
    c.x[o->d] = sread<T>(c, o->n);
    return next(c, o);
}
template <class T>
const Op* op_fmov_from_gen(Cpu& c, const Op* o) {
    swrite<T>(c, o->d, T(c.x[o->n]));
    return next(c, o);
}
// Xd <- Vn.D[1]; Vd.D[1] <- Xn keeps bits 63:0 of Vd (Vpart[d, 1] = X[n]).
const Op* op_fmov_top_to_gen(Cpu& c, const Op* o) {
    c.x[o->d] = c.v[o->n][1];
    return next(c, o);
}
const Op* op_fmov_gen_to_top(Cpu& c, const Op* o) {
    c.v[o->d][1] = c.x[o->n];
    return next(c, o);
}

// FMOV W/S needs sf = 0, ftype = 00; X/D needs sf = 1, ftype = 01; ftype = 11 (H) needs FEAT_FP16.
bool fmov_gen_form(Builder& b, const Fields& f, bool& wide) {
    const unsigned sf = f.sf(), ftype = f.ftype();
    if (ftype == 3) return b.unimp("FMOV to/from a half-precision register needs FEAT_FP16");
    if (!((sf == 0 && ftype == 0) || (sf == 1 && ftype == 1)))
        return b.unimp("unallocated FMOV (general) form");
    wide = sf;
    return true;
}

}  // namespace

bool tr_FMOV_to_gen_fp(Builder& b, const Fields& f) {
    bool wide;
    if (!fmov_gen_form(b, f, wide)) return false;
    b.op.d = dst_zr(f.Rd());
    b.op.n = uint8_t(f.Rn());
    b.op.fn = wide ? op_fmov_to_gen<uint64_t> : op_fmov_to_gen<uint32_t>;
    return true;
}
bool tr_FMOV_from_gen_fp(Builder& b, const Fields& f) {
    bool wide;
    if (!fmov_gen_form(b, f, wide)) return false;
    b.op.d = uint8_t(f.Rd());
    b.op.n = src_zr(f.Rn());
    b.op.fn = wide ? op_fmov_from_gen<uint64_t> : op_fmov_from_gen<uint32_t>;
    return true;
}
bool tr_FMOV_top_to_gen_fp(Builder& b, const Fields& f) {
    b.op.d = dst_zr(f.Rd());
    b.op.n = uint8_t(f.Rn());
    b.op.fn = op_fmov_top_to_gen;
    return true;
}
bool tr_FMOV_gen_to_top_fp(Builder& b, const Fields& f) {
    b.op.d = uint8_t(f.Rd());
    b.op.n = src_zr(f.Rn());
    b.op.fn = op_fmov_gen_to_top;
    return true;
}

#define VP_ROWS_tr_fix_from VP_DEFINED_HERE
#define VP_ROWS_tr_fix_to VP_DEFINED_HERE
#define VP_ROWS_tr_from_int VP_DEFINED_HERE
#define VP_ROWS_tr_to_int VP_DEFINED_HERE
#include "iss/frontend/bind_rows.inc"

}  // namespace vp::iss
