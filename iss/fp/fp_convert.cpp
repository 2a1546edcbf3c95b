// FP rounding to integral, conversions and estimates: FPRoundInt, FPToFixed, FixedToFP,
// FPConvert (+FPConvertNaN), FPRecipEstimate, FPRSqrtEstimate, FPRecpX, RecipEstimate,
// RecipSqrtEstimate, UnsignedRecipEstimate, UnsignedRSqrtEstimate.
#include <array>

#include "fp/fp_core.h"

namespace vp::iss::fp {

using namespace detail;

namespace {

// Splits |value| * 2^scale = mant * 2^(exp + scale) into its integer part and a rounding class of
// the fraction (0 exact, 1 below half, 2 half, 3 above half). Returns false if the integer part
// needs more than 100 bits.
bool split_integer(uint64_t mant, int exp, u128& int_part, int& err) {
    if (exp >= 0) {
        if (exp + (63 - std::countl_zero(mant)) >= 100) return false;
        int_part = u128(mant) << exp;
        err = 0;
        return true;
    }
    int s = -exp;
    if (s >= 64) {
        int_part = 0;
        // mant < 2^53 <= 2^(s-1): the fraction is below one half.
        err = 1;
        return true;
    }
    uint64_t rem = mant & ((uint64_t(1) << s) - 1);
    uint64_t half = uint64_t(1) << (s - 1);
    int_part = mant >> s;
    err = rem == 0 ? 0 : rem < half ? 1 : rem == half ? 2 : 3;
    return true;
}

// RoundDown on the signed value followed by the round_up decision of FPRoundInt/FPToFixed.
// mag/err_mag describe |value|; returns the signed rounded integer and the signed error class.
__int128 round_integer(bool sign, u128 mag, int err_mag, Rounding rounding, int& err) {
    __int128 int_result;
    if (!sign) {
        int_result = __int128(mag);
        err = err_mag;
    } else if (err_mag == 0) {
        int_result = -__int128(mag);
        err = 0;
    } else {
        int_result = -__int128(mag) - 1;  // RoundDown of a negative non-integer
        err = 4 - err_mag;                // error = 1 - fraction
    }
    bool round_up = false;
    switch (rounding) {
        case Rounding::TieEven: round_up = err == 3 || (err == 2 && (int_result & 1)); break;
        case Rounding::PosInf: round_up = err != 0; break;
        case Rounding::NegInf: round_up = false; break;
        case Rounding::Zero: round_up = err != 0 && int_result < 0; break;
        case Rounding::TieAway: round_up = err == 3 || (err == 2 && int_result >= 0); break;
        case Rounding::Odd: break;  // not allowed by the pseudocode
    }
    return round_up ? int_result + 1 : int_result;
}

consteval std::array<uint16_t, 256> make_recip_table() {
    std::array<uint16_t, 256> t{};
    for (int i = 0; i < 256; ++i) {
        int a = (256 + i) * 2 + 1;  // round to nearest
        int b = (1 << 19) / a;
        t[i] = uint16_t((b + 1) / 2);  // round to nearest
    }
    return t;
}

consteval std::array<uint16_t, 384> make_rsqrt_table() {
    std::array<uint16_t, 384> t{};
    for (int i = 0; i < 384; ++i) {
        int64_t a = 128 + i;
        if (a < 256) {
            a = a * 2 + 1;  // units of 1/512, rounded to nearest
        } else {
            a = (a >> 1) << 1;  // discard the bottom bit
            a = (a + 1) * 2;    // units of 1/256, rounded to nearest
        }
        int64_t b = 512;
        while (a * (b + 1) * (b + 1) < (int64_t(1) << 28)) ++b;
        t[i] = uint16_t((b + 1) / 2);
    }
    return t;
}

constexpr std::array<uint16_t, 256> kRecipTable = make_recip_table();
constexpr std::array<uint16_t, 384> kRsqrtTable = make_rsqrt_table();

}  // namespace

int recip_estimate_int(int a) {
    return kRecipTable[a - 256];
}
int rsqrt_estimate_int(int a) {
    return kRsqrtTable[a - 128];
}

template <class T>
T round_int(T op, uint32_t fpcr, Rounding rounding, bool exact, uint32_t& fpsr) {
    Unpacked a = unpack(op, fpcr, fpsr);
    if (a.is_nan()) return process_nan(a.type, op, fpcr, fpsr);
    if (a.is_inf()) return inf_bits<T>(a.sign);
    if (a.is_zero()) return zero_bits<T>(a.sign);
    if (a.exp >= 0) return op;  // already integral: FPRound re-encodes the same value exactly
    u128 mag;
    int err_mag, err;
    split_integer(a.mant, a.exp, mag, err_mag);
    __int128 int_result = round_integer(a.sign, mag, err_mag, rounding, err);
    T result;
    if (int_result == 0) {
        result = zero_bits<T>(a.sign);
    } else {
        bool neg = int_result < 0;
        result = round<T>(Exact{neg, 0, u128(neg ? -int_result : int_result)}, fpcr, Rounding::Zero, fpsr);
    }
    if (err != 0 && exact) fpsr |= kIxc;
    return result;
}

template <class T>
uint64_t to_fixed(T op, int fbits, bool is_unsigned, int M, uint32_t fpcr, Rounding rounding,
                  uint32_t& fpsr) {
    Unpacked a = unpack(op, fpcr, fpsr);
    if (a.is_nan()) {
        fpsr |= kIoc;
        return 0;  // the NaN's value is taken as 0.0
    }
    const __int128 hi = is_unsigned ? (__int128(1) << M) - 1 : (__int128(1) << (M - 1)) - 1;
    const __int128 lo = is_unsigned ? 0 : -(__int128(1) << (M - 1));
    __int128 int_result = 0;
    int err = 0;
    u128 mag = 0;
    int err_mag = 0;
    if (a.is_inf() || (a.is_finite_nonzero() && !split_integer(a.mant, a.exp + fbits, mag, err_mag))) {
        int_result = a.sign ? lo - 1 : hi + 1;  // far out of range: saturates below
    } else if (a.is_finite_nonzero()) {
        int_result = round_integer(a.sign, mag, err_mag, rounding, err);
    }
    // SatQ
    uint64_t mask = M == 64 ? ~uint64_t(0) : (uint64_t(1) << M) - 1;
    if (int_result > hi || int_result < lo) {
        fpsr |= kIoc;
        return uint64_t(int_result > hi ? hi : lo) & mask;
    }
    if (err != 0) fpsr |= kIxc;
    return uint64_t(int_result) & mask;
}

template <class T>
T fixed_to_fp(uint64_t op, int fbits, bool is_unsigned, int M, uint32_t fpcr, Rounding rounding,
              uint32_t& fpsr) {
    uint64_t mask = M == 64 ? ~uint64_t(0) : (uint64_t(1) << M) - 1;
    uint64_t v = op & mask;
    bool neg = false;
    if (!is_unsigned && (v >> (M - 1)) & 1) {
        neg = true;
        v = (0 - v) & mask;  // magnitude; INT_MIN stays 2^(M-1)
    }
    if (v == 0) return zero_bits<T>(false);
    return round<T>(Exact{neg, -fbits, u128(v)}, fpcr, rounding, fpsr);
}

template <class To, class From>
To convert(From op, uint32_t fpcr, Rounding rounding, uint32_t& fpsr) {
    using FT = Fmt<To>;
    using FF = Fmt<From>;
    Unpacked a = unpack(op, fpcr, fpsr);  // FPUnpackCV: half never flushed
    const bool alt_hp = FT::N == 16 && (fpcr & kFpcrAhp);
    if (a.is_nan()) {
        To result;
        if (alt_hp) {
            result = zero_bits<To>(a.sign);
        } else if (fpcr & kFpcrDn) {
            result = default_nan_bits<To>();
        } else {
            // FPConvertNaN: the payload below the quiet bit, left-aligned in 51 bits.
            uint64_t frac51 = (uint64_t(op) & (FF::quiet_bit - 1)) << (52 - FF::F);
            result = To(zero_bits<To>(a.sign) | FT::exp_mask | FT::quiet_bit | To(frac51 >> (52 - FT::F)));
        }
        if (a.type == Type::SNaN || alt_hp) fpsr |= kIoc;
        return result;
    }
    if (a.is_inf()) {
        if (alt_hp) {
            fpsr |= kIoc;
            return To(zero_bits<To>(a.sign) | To(~FT::sign));
        }
        return inf_bits<To>(a.sign);
    }
    if (a.is_zero()) return zero_bits<To>(a.sign);
    return round<To>(exact_of(a), fpcr, rounding, fpsr);
}

template <class T>
T recip_estimate(T op, uint32_t fpcr, uint32_t& fpsr) {
    using Fm = Fmt<T>;
    Unpacked a = unpack(op, fpcr, fpsr);
    if (a.is_nan()) return process_nan(a.type, op, fpcr, fpsr);
    if (a.is_inf()) return zero_bits<T>(a.sign);
    if (a.is_zero()) {
        fpsr |= kDzc;
        return inf_bits<T>(a.sign);
    }
    const int value_exp = a.exp + (63 - std::countl_zero(a.mant));  // |value| in [2^e, 2^(e+1))
    if (value_exp < -(Fm::bias + 1)) {
        bool to_inf = false;
        switch (fpcr_rounding(fpcr)) {
            case Rounding::TieEven: to_inf = true; break;
            case Rounding::PosInf: to_inf = !a.sign; break;
            case Rounding::NegInf: to_inf = a.sign; break;
            default: to_inf = false; break;
        }
        fpsr |= kOfc | kIxc;
        return to_inf ? inf_bits<T>(a.sign) : max_normal_bits<T>(a.sign);
    }
    if (flush_enabled<T>(fpcr) && value_exp >= Fm::bias - 1) {
        fpsr |= kUfc;
        return zero_bits<T>(a.sign);
    }
    const uint64_t mask52 = (uint64_t(1) << 52) - 1;
    uint64_t fraction = (uint64_t(op) & Fm::frac_mask) << (52 - Fm::F);
    int exp = int((op & Fm::exp_mask) >> Fm::F);
    if (exp == 0) {
        if (!((fraction >> 51) & 1)) {
            exp = -1;
            fraction = (fraction << 2) & mask52;
        } else {
            fraction = (fraction << 1) & mask52;
        }
    }
    int scaled = 256 | int((fraction >> 44) & 0xFF);
    int result_exp = 2 * Fm::bias - 1 - exp;
    int estimate = recip_estimate_int(scaled);
    fraction = uint64_t(estimate & 0xFF) << 44;
    if (result_exp == 0) {
        fraction = (uint64_t(1) << 51) | (fraction >> 1);
    } else if (result_exp == -1) {
        fraction = (uint64_t(1) << 50) | (fraction >> 2);
        result_exp = 0;
    }
    return T(zero_bits<T>(a.sign) | (T(result_exp) << Fm::F) | T(fraction >> (52 - Fm::F)));
}

template <class T>
T rsqrt_estimate(T op, uint32_t fpcr, uint32_t& fpsr) {
    using Fm = Fmt<T>;
    Unpacked a = unpack(op, fpcr, fpsr);
    if (a.is_nan()) return process_nan(a.type, op, fpcr, fpsr);
    if (a.is_zero()) {
        fpsr |= kDzc;
        return inf_bits<T>(a.sign);
    }
    if (a.sign) {
        fpsr |= kIoc;
        return default_nan_bits<T>();
    }
    if (a.is_inf()) return zero_bits<T>(false);
    const uint64_t mask52 = (uint64_t(1) << 52) - 1;
    uint64_t fraction = (uint64_t(op) & Fm::frac_mask) << (52 - Fm::F);
    int exp = int((op & Fm::exp_mask) >> Fm::F);
    if (exp == 0) {
        while (!((fraction >> 51) & 1)) {
            fraction = (fraction << 1) & mask52;
            --exp;
        }
        fraction = (fraction << 1) & mask52;
    }
    int scaled =
        (exp & 1) == 0 ? (0x100 | int((fraction >> 44) & 0xFF)) : (0x80 | int((fraction >> 45) & 0x7F));
    int result_exp = (3 * Fm::bias - 1 - exp) / 2;  // numerator is positive
    int estimate = rsqrt_estimate_int(scaled);
    return T((T(result_exp) << Fm::F) | (T(estimate & 0xFF) << (Fm::F - 8)));
}

template <class T>
T recpx(T op, uint32_t fpcr, uint32_t& fpsr) {
    using Fm = Fmt<T>;
    Unpacked a = unpack(op, fpcr, fpsr);
    if (a.is_nan()) return process_nan(a.type, op, fpcr, fpsr);
    T exp = T(op & Fm::exp_mask);
    T sign = T(op & Fm::sign);
    if (exp == 0) return T(sign | (Fm::exp_mask - (T(1) << Fm::F)));  // zero/denormal: max_exp
    return T(sign | (~exp & Fm::exp_mask));
}

uint32_t unsigned_recip_estimate(uint32_t op) {
    if (!(op >> 31)) return 0xFFFFFFFFu;
    return uint32_t(recip_estimate_int(int(op >> 23))) << 23;
}

uint32_t unsigned_rsqrt_estimate(uint32_t op) {
    if ((op >> 30) == 0) return 0xFFFFFFFFu;
    int scaled = (op >> 31) ? int(op >> 23) : int((op >> 23) & 0xFF);
    return uint32_t(rsqrt_estimate_int(scaled)) << 23;
}

#define VP_FP_INSTANTIATE(T)                                                            \
    template T round_int<T>(T, uint32_t, Rounding, bool, uint32_t&);                    \
    template uint64_t to_fixed<T>(T, int, bool, int, uint32_t, Rounding, uint32_t&);    \
    template T fixed_to_fp<T>(uint64_t, int, bool, int, uint32_t, Rounding, uint32_t&); \
    template T recip_estimate<T>(T, uint32_t, uint32_t&);                               \
    template T rsqrt_estimate<T>(T, uint32_t, uint32_t&);                               \
    template T recpx<T>(T, uint32_t, uint32_t&);

VP_FP_INSTANTIATE(uint16_t)
VP_FP_INSTANTIATE(uint32_t)
VP_FP_INSTANTIATE(uint64_t)

#define VP_FP_CONVERT(To, From) template To convert<To, From>(From, uint32_t, Rounding, uint32_t&);
VP_FP_CONVERT(uint16_t, uint32_t)
VP_FP_CONVERT(uint16_t, uint64_t)
VP_FP_CONVERT(uint32_t, uint16_t)
VP_FP_CONVERT(uint32_t, uint64_t)
VP_FP_CONVERT(uint64_t, uint16_t)
VP_FP_CONVERT(uint64_t, uint32_t)

}  // namespace vp::iss::fp
