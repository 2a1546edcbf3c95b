// Internal building blocks of the FP library: format parameters, FPUnpack, NaN processing and
// FPRoundBase over an exact (or sticky-truncated) binary value. Not part of the public API.
#pragma once

#include <algorithm>
#include <bit>
#include <cstdint>

#include "fp/fp.h"

namespace vp::iss::fp::detail {

using u128 = unsigned __int128;

template <class T>
struct Format;
template <>
struct Format<uint16_t> {
    static constexpr int N = 16, E = 5, F = 10;
};
template <>
struct Format<uint32_t> {
    static constexpr int N = 32, E = 8, F = 23;
};
template <>
struct Format<uint64_t> {
    static constexpr int N = 64, E = 11, F = 52;
};

template <class T>
struct Fmt : Format<T> {
    using Format<T>::N;
    using Format<T>::E;
    using Format<T>::F;
    static constexpr int bias = (1 << (E - 1)) - 1;
    static constexpr int min_exp = 1 - bias;  // exponent of the smallest normal
    static constexpr T frac_mask = T((T(1) << F) - 1);
    static constexpr T exp_mask = T(((T(1) << E) - 1) << F);
    static constexpr T quiet_bit = T(T(1) << (F - 1));
    static constexpr T sign = T(T(1) << (N - 1));
};

// FPType.
enum class Type : uint8_t { Zero, Denormal, Nonzero, Infinity, QNaN, SNaN };

// Result of FPUnpack. For Denormal/Nonzero the magnitude is mant * 2^exp (mant != 0).
struct Unpacked {
    Type type;
    bool sign;
    int exp;
    uint64_t mant;
    bool is_nan() const { return type == Type::QNaN || type == Type::SNaN; }
    bool is_inf() const { return type == Type::Infinity; }
    bool is_zero() const { return type == Type::Zero; }
    bool is_finite_nonzero() const { return type == Type::Denormal || type == Type::Nonzero; }
};

// Half precision is never flushed (FPCR.FZ16 requires FEAT_FP16).
template <class T>
constexpr bool flush_enabled(uint32_t fpcr) {
    return Fmt<T>::N != 16 && (fpcr & kFpcrFz);
}

// FPUnpack (FPUnpackBase with FZ16 = 0).
template <class T>
inline Unpacked unpack(T x, uint32_t fpcr, uint32_t& fpsr) {
    using Fm = Fmt<T>;
    Unpacked u{};
    u.sign = (x & Fm::sign) != 0;
    int e = int((x & Fm::exp_mask) >> Fm::F);
    uint64_t frac = x & Fm::frac_mask;
    if (e == 0) {
        if (frac == 0 || flush_enabled<T>(fpcr)) {
            u.type = Type::Zero;
            if (frac != 0) fpsr |= kIdc;
        } else {
            u.type = Type::Denormal;
            u.exp = Fm::min_exp - Fm::F;
            u.mant = frac;
        }
    } else if (e == (1 << Fm::E) - 1 && !(Fm::N == 16 && (fpcr & kFpcrAhp))) {
        if (frac == 0)
            u.type = Type::Infinity;
        else
            u.type = (frac & Fm::quiet_bit) ? Type::QNaN : Type::SNaN;
    } else {
        u.type = Type::Nonzero;
        u.exp = e - Fm::bias - Fm::F;
        u.mant = frac | (uint64_t(1) << Fm::F);
    }
    return u;
}

template <class T>
constexpr T zero_bits(bool s) {
    return s ? Fmt<T>::sign : T(0);
}
template <class T>
constexpr T inf_bits(bool s) {
    return T(zero_bits<T>(s) | Fmt<T>::exp_mask);
}
template <class T>
constexpr T max_normal_bits(bool s) {
    return T(zero_bits<T>(s) | (Fmt<T>::exp_mask - (T(1) << Fmt<T>::F)) | Fmt<T>::frac_mask);
}
template <class T>
constexpr T default_nan_bits() {
    return T(Fmt<T>::exp_mask | Fmt<T>::quiet_bit);
}
// FPTwo / FPOnePointFive / FPThree style constants: 2^k * (1 + frac/2^F).
template <class T>
constexpr T const_bits(bool s, int k, T frac) {
    return T(zero_bits<T>(s) | (T(Fmt<T>::bias + k) << Fmt<T>::F) | frac);
}

// FPProcessNaN.
template <class T>
inline T process_nan(Type type, T op, uint32_t fpcr, uint32_t& fpsr) {
    T result = op;
    if (type == Type::SNaN) {
        result |= Fmt<T>::quiet_bit;
        fpsr |= kIoc;
    }
    if (fpcr & kFpcrDn) result = default_nan_bits<T>();
    return result;
}

// FPProcessNaNs: returns true (and the result) if either operand is a NaN.
template <class T>
inline bool process_nans(const Unpacked& a, const Unpacked& b, T op1, T op2, uint32_t fpcr, uint32_t& fpsr,
                         T& result) {
    if (a.type == Type::SNaN) {
        result = process_nan(a.type, op1, fpcr, fpsr);
    } else if (b.type == Type::SNaN) {
        result = process_nan(b.type, op2, fpcr, fpsr);
    } else if (a.type == Type::QNaN) {
        result = process_nan(a.type, op1, fpcr, fpsr);
    } else if (b.type == Type::QNaN) {
        result = process_nan(b.type, op2, fpcr, fpsr);
    } else {
        return false;
    }
    return true;
}

// FPProcessNaNs3.
template <class T>
inline bool process_nans3(const Unpacked& a, const Unpacked& b, const Unpacked& c, T op1, T op2, T op3,
                          uint32_t fpcr, uint32_t& fpsr, T& result) {
    if (a.type == Type::SNaN) {
        result = process_nan(a.type, op1, fpcr, fpsr);
    } else if (b.type == Type::SNaN) {
        result = process_nan(b.type, op2, fpcr, fpsr);
    } else if (c.type == Type::SNaN) {
        result = process_nan(c.type, op3, fpcr, fpsr);
    } else if (a.type == Type::QNaN) {
        result = process_nan(a.type, op1, fpcr, fpsr);
    } else if (b.type == Type::QNaN) {
        result = process_nan(b.type, op2, fpcr, fpsr);
    } else if (c.type == Type::QNaN) {
        result = process_nan(c.type, op3, fpcr, fpsr);
    } else {
        return false;
    }
    return true;
}

// A real number sign * mant * 2^exp. mant == 0 means exactly zero. When a computation had to
// drop nonzero low-order bits, it ORs 1 into bit 0 ("sticky") and keeps at least 64 significant
// bits above it, so every rounding decision of round() stays exact.
struct Exact {
    bool sign;
    int exp;
    u128 mant;
};

inline int msb128(u128 x) {
    uint64_t hi = uint64_t(x >> 64);
    return hi ? 127 - std::countl_zero(hi) : 63 - std::countl_zero(uint64_t(x));
}

// Right shift keeping a sticky bit for everything shifted out.
inline u128 shift_right_jam(u128 x, int n) {
    if (n <= 0) return x;
    if (n >= 128) return x != 0 ? 1 : 0;
    u128 lost = x & ((u128(1) << n) - 1);
    return (x >> n) | (lost != 0 ? 1 : 0);
}

// Value of an unpacked finite operand.
inline Exact exact_of(const Unpacked& u) {
    return Exact{u.sign, u.exp, u128(u.mant)};
}

// Exact sum of two values whose mantissas have at most 110 significant bits and no sticky bit.
inline Exact exact_add(Exact a, Exact b) {
    if (a.mant == 0) return b;
    if (b.mant == 0) return a;
    // Normalise both so that the most significant bit is bit 125 (headroom for the carry).
    int sa = 125 - msb128(a.mant), sb = 125 - msb128(b.mant);
    a.mant <<= sa;
    a.exp -= sa;
    b.mant <<= sb;
    b.exp -= sb;
    if (a.exp < b.exp) std::swap(a, b);
    b.mant = shift_right_jam(b.mant, a.exp - b.exp);
    Exact r{a.sign, a.exp, 0};
    if (a.sign == b.sign) {
        r.mant = a.mant + b.mant;
    } else if (a.mant >= b.mant) {
        r.mant = a.mant - b.mant;
    } else {
        r.mant = b.mant - a.mant;
        r.sign = b.sign;
    }
    return r;
}

inline Exact exact_mul(const Unpacked& a, const Unpacked& b) {
    return Exact{a.sign != b.sign, a.exp + b.exp, u128(a.mant) * b.mant};
}

// FPRoundBase(op, fpcr, rounding) for a nonzero value. For N = 16 the AHP format is selected by
// FPCR.AHP (FPRoundCV); half precision is never flushed.
template <class T>
T round(const Exact& v, uint32_t fpcr, Rounding rounding, uint32_t& fpsr) {
    using Fm = Fmt<T>;
    const bool sign = v.sign;
    const int p = msb128(v.mant);
    const int exponent = v.exp + p;  // value = 1.xxx * 2^exponent
    if (flush_enabled<T>(fpcr) && exponent < Fm::min_exp) {
        fpsr |= kUfc;
        return zero_bits<T>(sign);
    }
    int biased_exp = std::max(exponent - Fm::min_exp + 1, 0);
    // int_mant = RoundDown(value / 2^lsb_exp); err: 0 exact, 1 below half, 2 half, 3 above half.
    const int lsb_exp = (biased_exp == 0 ? Fm::min_exp : exponent) - Fm::F;
    const int r = lsb_exp - v.exp;
    uint64_t int_mant;
    int err;
    if (r <= 0) {
        int_mant = uint64_t(v.mant << -r);
        err = 0;
    } else if (r > 128) {
        int_mant = 0;
        err = 1;
    } else {
        u128 rem = r == 128 ? v.mant : v.mant & ((u128(1) << r) - 1);
        u128 half = u128(1) << (r - 1);
        int_mant = r == 128 ? 0 : uint64_t(v.mant >> r);
        err = rem == 0 ? 0 : rem < half ? 1 : rem == half ? 2 : 3;
    }
    if (biased_exp == 0 && err != 0) fpsr |= kUfc;
    bool round_up = false, overflow_to_inf = false;
    switch (rounding) {
        case Rounding::TieEven:
            round_up = err == 3 || (err == 2 && (int_mant & 1));
            overflow_to_inf = true;
            break;
        case Rounding::TieAway:
            round_up = err >= 2;
            overflow_to_inf = true;
            break;
        case Rounding::PosInf:
            round_up = err != 0 && !sign;
            overflow_to_inf = !sign;
            break;
        case Rounding::NegInf:
            round_up = err != 0 && sign;
            overflow_to_inf = sign;
            break;
        case Rounding::Zero:
        case Rounding::Odd: break;
    }
    if (round_up) {
        ++int_mant;
        if (int_mant == uint64_t(1) << Fm::F) biased_exp = 1;  // denormal rounded up to normal
        if (int_mant == uint64_t(1) << (Fm::F + 1)) {          // rounded up to the next exponent
            ++biased_exp;
            int_mant >>= 1;
        }
    }
    if (err != 0 && rounding == Rounding::Odd) int_mant |= 1;
    bool inexact = err != 0;
    T result;
    if (Fm::N != 16 || !(fpcr & kFpcrAhp)) {
        if (biased_exp >= (1 << Fm::E) - 1) {
            result = overflow_to_inf ? inf_bits<T>(sign) : max_normal_bits<T>(sign);
            fpsr |= kOfc;
            inexact = true;
        } else {
            result = T(zero_bits<T>(sign) | (T(biased_exp) << Fm::F) | (T(int_mant) & Fm::frac_mask));
        }
    } else {
        if (biased_exp >= (1 << Fm::E)) {
            result = T(zero_bits<T>(sign) | T(~Fm::sign));
            fpsr |= kIoc;
            inexact = false;
        } else {
            result = T(zero_bits<T>(sign) | (T(biased_exp) << Fm::F) | (T(int_mant) & Fm::frac_mask));
        }
    }
    if (inexact) fpsr |= kIxc;
    return result;
}

// Rounds a computed value; an exact zero gets the sign the rounding mode gives a zero sum.
template <class T>
inline T round_sum(const Exact& v, uint32_t fpcr, uint32_t& fpsr) {
    Rounding rm = fpcr_rounding(fpcr);
    if (v.mant == 0) return zero_bits<T>(rm == Rounding::NegInf);
    return round<T>(v, fpcr, rm, fpsr);
}

// Orders two non-NaN operands by value: -1, 0, +1 (zeros of either sign are equal).
inline int compare_values(const Unpacked& a, const Unpacked& b) {
    auto key = [](const Unpacked& u, int& mag_exp, uint64_t& mag) {
        // Returns class: 0 zero, 1 finite, 2 infinite; normalised magnitude for finite.
        if (u.is_zero()) return 0;
        if (u.is_inf()) return 2;
        int s = std::countl_zero(u.mant);
        mag = u.mant << s;
        mag_exp = u.exp - s;
        return 1;
    };
    int ea = 0, eb = 0;
    uint64_t ma = 0, mb = 0;
    int ca = key(a, ea, ma), cb = key(b, eb, mb);
    if (ca == 0 && cb == 0) return 0;
    int sa = ca == 0 ? 0 : (a.sign ? -1 : 1);
    int sb = cb == 0 ? 0 : (b.sign ? -1 : 1);
    if (sa != sb) return sa < sb ? -1 : 1;
    // Same sign, both nonzero: compare magnitudes.
    int mag;
    if (ca != cb)
        mag = ca < cb ? -1 : 1;
    else if (ca == 2)
        mag = 0;
    else if (ea != eb)
        mag = ea < eb ? -1 : 1;
    else
        mag = ma == mb ? 0 : (ma < mb ? -1 : 1);
    return sa < 0 ? -mag : mag;
}

}  // namespace vp::iss::fp::detail
