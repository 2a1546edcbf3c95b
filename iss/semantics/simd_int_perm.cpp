// Advanced SIMD across lanes (integer), scalar pairwise ADDP, permute (UZP/TRN/ZIP), EXT and
// table lookup TBL/TBX (ARM ARM C4.1.90 / C7.2).
#include "iss/frontend/row_binding.h"
#include "iss/semantics/simd_int.h"

namespace vp::iss {
using namespace simd_int;

namespace {

// Reductions: R is the result type (the element type, or its wide type for xADDLV).
enum class Red { Add, Max, Min };
template <class T, class R, Red K>
const Op* op_across(Cpu& c, const Op* o) {
    const Vec n = sem::vread(c, o->n);
    R acc = R(n.get<T>(0));
    for (unsigned i = 1; i < o->f0; ++i) {
        R v = R(n.get<T>(i));
        if (K == Red::Add)
            acc = R(uint64_t(acc) + uint64_t(v));
        else if (K == Red::Max)
            acc = v > acc ? v : acc;
        else
            acc = v < acc ? v : acc;
    }
    sem::swrite(c, o->d, std::make_unsigned_t<R>(acc));
    return next(c, o);
}

enum class Perm { Uzp, Trn, Zip };
template <class T, Perm K>
const Op* op_perm(Cpu& c, const Op* o) {
    const Vec n = sem::vread(c, o->n), m = sem::vread(c, o->m);
    Vec r;
    const unsigned lanes = o->f0, part = o->f1, pairs = lanes / 2;
    if (K == Perm::Uzp) {
        for (unsigned i = 0; i < lanes; ++i) {
            unsigned s = 2 * i + part;  // element s of the concatenation Vm:Vn
            r.set<T>(i, s < lanes ? n.get<T>(s) : m.get<T>(s - lanes));
        }
    } else if (K == Perm::Trn) {
        for (unsigned p = 0; p < pairs; ++p) {
            r.set<T>(2 * p, n.get<T>(2 * p + part));
            r.set<T>(2 * p + 1, m.get<T>(2 * p + part));
        }
    } else {
        const unsigned base = part * pairs;
        for (unsigned p = 0; p < pairs; ++p) {
            r.set<T>(2 * p, n.get<T>(base + p));
            r.set<T>(2 * p + 1, m.get<T>(base + p));
        }
    }
    sem::vwrite(c, o->d, r);
    return next(c, o);
}

// EXT: bytes [pos, pos + datasize) of the concatenation Vm:Vn (datasize bytes each). f0 = bytes,
// f1 = pos.
const Op* op_ext(Cpu& c, const Op* o) {
    const Vec n = sem::vread(c, o->n), m = sem::vread(c, o->m);
    Vec r;
    const unsigned bytes = o->f0, pos = o->f1;
    for (unsigned i = 0; i < bytes; ++i) {
        unsigned s = pos + i;
        r.set<uint8_t>(i, s < bytes ? n.get<uint8_t>(s) : m.get<uint8_t>(s - bytes));
    }
    sem::vwrite(c, o->d, r);
    return next(c, o);
}

// TBL/TBX: f0 = bytes (8/16), f1 = table registers (1-4, from Vn upwards modulo 32). An index out
// of range gives 0 (TBL) or keeps the destination byte (TBX).
template <bool Tbx>
const Op* op_tbl(Cpu& c, const Op* o) {
    uint8_t table[64];
    const unsigned regs = o->f1;
    for (unsigned t = 0; t < regs; ++t) {
        const Vec v = sem::vread(c, (o->n + t) % 32);
        std::memcpy(table + 16 * t, v.d, 16);
    }
    const Vec idx = sem::vread(c, o->m), d = sem::vread(c, o->d);
    Vec r;
    for (unsigned i = 0; i < o->f0; ++i) {
        unsigned x = idx.get<uint8_t>(i);
        r.set<uint8_t>(i, x < 16 * regs ? table[x] : Tbx ? d.get<uint8_t>(i) : uint8_t(0));
    }
    sem::vwrite(c, o->d, r);
    return next(c, o);
}

// Across lanes: size 11 and size:Q = 100 (4 x 32-bit in a 64-bit vector) are reserved.
template <Red K, bool S, bool Long>
bool across(Builder& b, const Fields& f) {
    unsigned size = f.size();
    bool q = f.Q();
    if (size == 3 || (size == 2 && !q)) return b.unimp("reserved size/Q");
    b.op.d = uint8_t(f.Rd());
    b.op.n = uint8_t(f.Rn());
    b.op.f0 = uint8_t((q ? 16 : 8) >> size);
    using T1 = elem_t<1, S>;
    using T2 = elem_t<2, S>;
    using T4 = elem_t<4, S>;
    if constexpr (Long) {
        OpFn fns[3] = {op_across<T1, wide_t<T1>, K>, op_across<T2, wide_t<T2>, K>,
                       op_across<T4, wide_t<T4>, K>};
        b.op.fn = fns[size];
    } else {
        OpFn fns[3] = {op_across<T1, T1, K>, op_across<T2, T2, K>, op_across<T4, T4, K>};
        b.op.fn = fns[size];
    }
    return true;
}

// Permutes: size:Q = 110 reserved.
template <Perm K, unsigned Part>
bool perm(Builder& b, const Fields& f) {
    unsigned size = f.size();
    bool q = f.Q();
    if (size == 3 && !q) return b.unimp("reserved size/Q");
    b.op.d = uint8_t(f.Rd());
    b.op.n = uint8_t(f.Rn());
    b.op.m = uint8_t(f.Rm());
    b.op.f0 = uint8_t((q ? 16 : 8) >> size);
    b.op.f1 = uint8_t(Part);
    OpFn fns[4] = {op_perm<uint8_t, K>, op_perm<uint16_t, K>, op_perm<uint32_t, K>, op_perm<uint64_t, K>};
    b.op.fn = fns[size];
    return true;
}

template <bool Tbx>
bool tbl(Builder& b, const Fields& f) {
    b.op.d = uint8_t(f.Rd());
    b.op.n = uint8_t(f.Rn());
    b.op.m = uint8_t(f.Rm());
    b.op.f0 = uint8_t(f.Q() ? 16 : 8);
    b.op.f1 = uint8_t(f.len() + 1);
    b.op.fn = op_tbl<Tbx>;
    return true;
}

}  // namespace

// ADDP (scalar): Dd = Vn.D[0] + Vn.D[1]; only size 11 is allocated.
bool tr_ADDP_sv(Builder& b, const Fields& f) {
    if (f.size() != 3) return b.unimp("reserved size");
    b.op.d = uint8_t(f.Rd());
    b.op.n = uint8_t(f.Rn());
    b.op.f0 = 2;
    b.op.fn = op_across<uint64_t, uint64_t, Red::Add>;
    return true;
}

// EXT: Q = 0 with imm4<3> = 1 is reserved.
bool tr_EXT_v(Builder& b, const Fields& f) {
    unsigned imm4 = f.imm();
    bool q = f.Q();
    if (!q && (imm4 & 8)) return b.unimp("reserved imm4 for 64-bit EXT");
    b.op.d = uint8_t(f.Rd());
    b.op.n = uint8_t(f.Rn());
    b.op.m = uint8_t(f.Rm());
    b.op.f0 = uint8_t(q ? 16 : 8);
    b.op.f1 = uint8_t(imm4);
    b.op.fn = op_ext;
    return true;
}

#define VP_ROWS_across VP_DEFINED_HERE
#define VP_ROWS_perm VP_DEFINED_HERE
#define VP_ROWS_tbl VP_DEFINED_HERE
#include "iss/frontend/bind_rows.inc"

}  // namespace vp::iss
