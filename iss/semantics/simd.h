#pragma once
// Shared helpers of the FP and AdvSIMD semantic functions: the V register file views (ARM ARM
// C1.2.4 "SIMD and floating-point registers"), the FP control state, saturation.
#include <cstdint>
#include <cstring>
#include <limits>
#include <type_traits>

#include "iss/core/cpu.h"
#include "iss/fp/fp.h"
#include "iss/frontend/builder.h"

namespace vp::iss::sem {

// A whole 128-bit register value, lane-addressable. Semantic functions read their sources into
// Vec values first and write the result last, so a destination that is also a source is safe.
struct Vec {
    alignas(16) uint64_t d[2] = {0, 0};
    template <class T>
    T get(unsigned i) const {
        T v;
        std::memcpy(&v, reinterpret_cast<const uint8_t*>(d) + i * sizeof(T), sizeof(T));
        return v;
    }
    template <class T>
    void set(unsigned i, T v) {
        std::memcpy(reinterpret_cast<uint8_t*>(d) + i * sizeof(T), &v, sizeof(T));
    }
};

inline Vec vread(const Cpu& c, unsigned r) {
    Vec v;
    v.d[0] = c.v[r][0];
    v.d[1] = c.v[r][1];
    return v;
}
// V[d] = value with 128 bits.
inline void vwrite(Cpu& c, unsigned r, const Vec& v) {
    c.v[r][0] = v.d[0];
    c.v[r][1] = v.d[1];
}
// A 64-bit (D-form, Q = 0) vector result: the upper half of the register is cleared.
inline void vwrite64(Cpu& c, unsigned r, const Vec& v) {
    c.v[r][0] = v.d[0];
    c.v[r][1] = 0;
}
// Vector result of `bytes` (8 or 16) bytes.
inline void vwrite(Cpu& c, unsigned r, const Vec& v, unsigned bytes) {
    c.v[r][0] = v.d[0];
    c.v[r][1] = bytes == 16 ? v.d[1] : 0;
}

// Scalar views (B/H/S/D): the element in the low bits. Writing a scalar clears every other bit of
// the register (C1.2.4: "the upper bits ... are set to zero").
template <class T>
inline T sread(const Cpu& c, unsigned r) {
    return T(c.v[r][0]);
}
template <class T>
inline void swrite(Cpu& c, unsigned r, T value) {
    static_assert(std::is_unsigned_v<T> && sizeof(T) <= 8);
    c.v[r][0] = uint64_t(value);
    c.v[r][1] = 0;
}

// Unsigned storage type of an element of `bytes` bytes.
template <unsigned Bytes>
using uint_t = std::conditional_t<
    Bytes == 1, uint8_t,
    std::conditional_t<Bytes == 2, uint16_t, std::conditional_t<Bytes == 4, uint32_t, uint64_t>>>;
template <unsigned Bytes>
using int_t = std::make_signed_t<uint_t<Bytes>>;

// Saturation (shared/functions/integer SignedSatQ / UnsignedSatQ): clamps `v` to the range of
// an N-bit element and sets FPSR.QC when it had to.
inline constexpr uint32_t kFpsrQc = 1u << 27;
template <class S>
inline S sat_signed(__int128 v, Cpu& c) {
    using L = std::numeric_limits<S>;
    if (v > L::max()) {
        c.fpsr |= kFpsrQc;
        return L::max();
    }
    if (v < L::min()) {
        c.fpsr |= kFpsrQc;
        return L::min();
    }
    return S(v);
}
template <class U>
inline U sat_unsigned(__int128 v, Cpu& c) {
    using L = std::numeric_limits<U>;
    if (v > __int128(L::max())) {
        c.fpsr |= kFpsrQc;
        return L::max();
    }
    if (v < 0) {
        c.fpsr |= kFpsrQc;
        return 0;
    }
    return U(v);
}

}  // namespace vp::iss::sem
