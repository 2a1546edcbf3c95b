// FP arithmetic, min/max and comparisons: FPAdd, FPSub, FPMul, FPMulX, FPDiv, FPSqrt,
// FPMulAdd, FPRecipStepFused, FPRSqrtStepFused, FPMax/FPMin(Num), FPCompare*.
#include <cfloat>
#include <cmath>

#include "fp/fp_core.h"

namespace vp::iss::fp {

using namespace detail;

template <class T>
T default_nan() {
    return default_nan_bits<T>();
}
template <class T>
T infinity(bool negative) {
    return inf_bits<T>(negative);
}
template <class T>
T max_normal(bool negative) {
    return max_normal_bits<T>(negative);
}

namespace {

// FPAdd/FPSub share everything but the sign of op2.
template <class T>
T add_sub(T op1, T op2, bool subtract, uint32_t fpcr, uint32_t& fpsr) {
    Unpacked a = unpack(op1, fpcr, fpsr), b = unpack(op2, fpcr, fpsr);
    T result;
    if (process_nans(a, b, op1, op2, fpcr, fpsr, result)) return result;
    bool sign2 = b.sign != subtract;  // effective sign of the second addend
    if (a.is_inf() && b.is_inf() && a.sign != sign2) {
        fpsr |= kIoc;
        return default_nan_bits<T>();
    }
    if ((a.is_inf() && !a.sign) || (b.is_inf() && !sign2)) return inf_bits<T>(false);
    if ((a.is_inf() && a.sign) || (b.is_inf() && sign2)) return inf_bits<T>(true);
    if (a.is_zero() && b.is_zero() && a.sign == sign2) return zero_bits<T>(a.sign);
    Exact x = a.is_zero() ? Exact{false, 0, 0} : exact_of(a);
    Exact y = b.is_zero() ? Exact{false, 0, 0} : exact_of(b);
    y.sign = sign2;
    return round_sum<T>(exact_add(x, y), fpcr, fpsr);
}

template <class T>
T mul_common(T op1, T op2, bool mulx, uint32_t fpcr, uint32_t& fpsr) {
    Unpacked a = unpack(op1, fpcr, fpsr), b = unpack(op2, fpcr, fpsr);
    T result;
    if (process_nans(a, b, op1, op2, fpcr, fpsr, result)) return result;
    bool sign = a.sign != b.sign;
    if ((a.is_inf() && b.is_zero()) || (a.is_zero() && b.is_inf())) {
        if (mulx) return const_bits<T>(sign, 1, 0);  // FPTwo(sign)
        fpsr |= kIoc;
        return default_nan_bits<T>();
    }
    if (a.is_inf() || b.is_inf()) return inf_bits<T>(sign);
    if (a.is_zero() || b.is_zero()) return zero_bits<T>(sign);
    return round<T>(exact_mul(a, b), fpcr, fpcr_rounding(fpcr), fpsr);
}

// Integer square root: returns floor(sqrt(x)) and rem = x - root^2, for 2^124 <= x < 2^126.
// The host's 64-bit-mantissa sqrtl gives an estimate within a few units; the loops make it exact.
u128 isqrt(u128 x, u128& rem) {
    auto est = static_cast<uint64_t>(std::sqrt(static_cast<long double>(x)));
    u128 root = est;
    while (root * root > x) --root;
    while ((root + 1) * (root + 1) <= x) ++root;
    rem = x - root * root;
    return root;
}

// Shared tail of FPMulAdd / FPRecipStepFused / FPRSqrtStepFused after special cases:
// rounds addend + op1*op2 (optionally halved).
template <class T>
T fused(const Exact& addend, const Unpacked& a, const Unpacked& b, bool halve, uint32_t fpcr,
        uint32_t& fpsr) {
    Exact p = (a.is_zero() || b.is_zero()) ? Exact{a.sign != b.sign, 0, 0} : exact_mul(a, b);
    Exact s = exact_add(addend, p);
    if (halve) s.exp -= 1;
    return round_sum<T>(s, fpcr, fpsr);
}

// FPRecipStepFused / FPRSqrtStepFused: op1 is negated before anything else (so a NaN op1 comes
// back with its sign inverted).
template <class T>
T step_fused(T op1, T op2, bool rsqrt, uint32_t fpcr, uint32_t& fpsr) {
    op1 = neg(op1);
    Unpacked a = unpack(op1, fpcr, fpsr), b = unpack(op2, fpcr, fpsr);
    T result;
    if (process_nans(a, b, op1, op2, fpcr, fpsr, result)) return result;
    if ((a.is_inf() && b.is_zero()) || (a.is_zero() && b.is_inf()))
        return rsqrt ? const_bits<T>(false, 0, T(T(1) << (Fmt<T>::F - 1)))  // FPOnePointFive('0')
                     : const_bits<T>(false, 1, 0);                          // FPTwo('0')
    if (a.is_inf() || b.is_inf()) return inf_bits<T>(a.sign != b.sign);
    // 2.0 = 1 * 2^1; 3.0 = 3 * 2^0.
    Exact c = rsqrt ? Exact{false, 0, 3} : Exact{false, 1, 1};
    return fused<T>(c, a, b, rsqrt, fpcr, fpsr);
}

template <class T>
T minmax(T op1, T op2, bool is_max, uint32_t fpcr, uint32_t& fpsr) {
    Unpacked a = unpack(op1, fpcr, fpsr), b = unpack(op2, fpcr, fpsr);
    T result;
    if (process_nans(a, b, op1, op2, fpcr, fpsr, result)) return result;
    int c = compare_values(a, b);
    bool first = is_max ? c > 0 : c < 0;
    const Unpacked& u = first ? a : b;
    if (u.is_inf()) return inf_bits<T>(u.sign);
    if (u.is_zero()) {
        // Both operands are zero (possibly flushed): max takes the most positive sign.
        bool sign = is_max ? (a.sign && b.sign) : (a.sign || b.sign);
        return zero_bits<T>(sign);
    }
    // FPRound of an operand's own value is that operand (a denormal here means FZ is off).
    return first ? op1 : op2;
}

// FPMaxNum/FPMinNum: a single quiet NaN operand is replaced by -inf (max) / +inf (min).
template <class T>
T minmax_num(T op1, T op2, bool is_max, uint32_t fpcr, uint32_t& fpsr) {
    Unpacked a = unpack(op1, fpcr, fpsr), b = unpack(op2, fpcr, fpsr);
    if (a.type == Type::QNaN && b.type != Type::QNaN)
        op1 = inf_bits<T>(is_max);
    else if (a.type != Type::QNaN && b.type == Type::QNaN)
        op2 = inf_bits<T>(is_max);
    return minmax(op1, op2, is_max, fpcr, fpsr);
}

// ---- Host fast path ------------------------------------------------------------------------
// Used only where the host's IEEE result is provably the ARM result: FPCR.RMode = RN, both
// operands normal, and the host result normal with a biased exponent >= 2 and finite. Then the
// value is not tiny (no UFC, no FZ flush), did not overflow (RN overflow gives infinity), no NaN
// or denormal is involved (FZ/DN/IDC irrelevant), and RNE on the host (SSE, default MXCSR: RN,
// FTZ/DAZ off) rounds the exact value exactly as FPRoundBase does. The only flag left is IXC, which
// is computed exactly: 2Sum error term for add/sub; for single precision the exact double-precision
// product r*b (or r*r) against a; for double precision with 128-bit integer mantissa products.
enum class HostOp { Add, Sub, Mul, Div, Sqrt };

static_assert(FLT_EVAL_METHOD == 0, "host fast path needs float/double arithmetic without excess precision");

template <class T>
struct HostType;
template <>
struct HostType<uint32_t> {
    using type = float;
};
template <>
struct HostType<uint64_t> {
    using type = double;
};

template <class T>
inline bool normal_with_exp_at_least(T x, int lo) {
    int e = int((x & Fmt<T>::exp_mask) >> Fmt<T>::F);
    return e >= lo && e < (1 << Fmt<T>::E) - 1;
}

// m1*m2*2^e12 == m3*2^e3 for 53-bit normal mantissas (m1*m2 in [2^104, 2^106)).
inline bool product_equals(uint64_t m1, uint64_t m2, int e12, uint64_t m3, int e3) {
    int k = e3 - e12;
    if (k < 51 || k > 53) return false;
    return (u128(m3) << k) == u128(m1) * m2;
}

inline uint64_t mant53(uint64_t x) {
    return (x & Fmt<uint64_t>::frac_mask) | (uint64_t(1) << 52);
}
inline int exp53(uint64_t x) {
    return int((x >> 52) & 0x7FF);
}

template <class T>
inline bool fast_binary(HostOp op, T a, T b, uint32_t fpcr, uint32_t& fpsr, T& out) {
    if constexpr (sizeof(T) == 2) {
        return false;
    } else {
        using H = typename HostType<T>::type;
        if ((fpcr & kFpcrRModeMask) != 0 || !normal_with_exp_at_least(a, 1)) return false;
        if (op == HostOp::Sqrt ? (a & Fmt<T>::sign) != 0 : !normal_with_exp_at_least(b, 1)) return false;
        const H x = std::bit_cast<H>(a);
        H y = std::bit_cast<H>(b);
        H r;
        bool inexact;
        switch (op) {
            case HostOp::Add:
            case HostOp::Sub: {
                if (op == HostOp::Sub) y = -y;
                r = x + y;
                const H yv = r - x;  // 2Sum: the rounding error of x + y, exactly
                const H err = (x - (r - yv)) + (y - yv);
                inexact = err != 0;
                break;
            }
            case HostOp::Mul:
                r = x * y;
                if (!normal_with_exp_at_least(std::bit_cast<T>(r), 2)) return false;
                if constexpr (sizeof(T) == 4) {
                    inexact = double(x) * double(y) != double(r);
                } else {
                    u128 p = u128(mant53(a)) * mant53(b);
                    int drop = msb128(p) + 1 - 53;
                    inexact = (p & ((u128(1) << drop) - 1)) != 0;
                }
                break;
            case HostOp::Div:
                r = x / y;
                if (!normal_with_exp_at_least(std::bit_cast<T>(r), 2)) return false;
                if constexpr (sizeof(T) == 4) {
                    inexact = double(r) * double(y) != double(x);
                } else {
                    uint64_t rb = std::bit_cast<uint64_t>(r);
                    inexact = !product_equals(mant53(rb), mant53(b), exp53(rb) + exp53(b) - 1075, mant53(a),
                                              exp53(a));
                }
                break;
            case HostOp::Sqrt:
            default:
                r = std::sqrt(x);
                if constexpr (sizeof(T) == 4) {
                    inexact = double(r) * double(r) != double(x);
                } else {
                    uint64_t rb = std::bit_cast<uint64_t>(r);
                    inexact =
                        !product_equals(mant53(rb), mant53(rb), 2 * exp53(rb) - 1075, mant53(a), exp53(a));
                }
                break;
        }
        const T rb = std::bit_cast<T>(r);
        if (!normal_with_exp_at_least(rb, 2)) return false;
        if (inexact) fpsr |= kIxc;
        out = rb;
        return true;
    }
}
}  // namespace

namespace soft {
template <class T>
T add(T op1, T op2, uint32_t fpcr, uint32_t& fpsr) {
    return add_sub(op1, op2, false, fpcr, fpsr);
}
template <class T>
T sub(T op1, T op2, uint32_t fpcr, uint32_t& fpsr) {
    return add_sub(op1, op2, true, fpcr, fpsr);
}
template <class T>
T mul(T op1, T op2, uint32_t fpcr, uint32_t& fpsr) {
    return mul_common(op1, op2, false, fpcr, fpsr);
}

template <class T>
T div(T op1, T op2, uint32_t fpcr, uint32_t& fpsr) {
    Unpacked a = unpack(op1, fpcr, fpsr), b = unpack(op2, fpcr, fpsr);
    T result;
    if (process_nans(a, b, op1, op2, fpcr, fpsr, result)) return result;
    bool sign = a.sign != b.sign;
    if ((a.is_inf() && b.is_inf()) || (a.is_zero() && b.is_zero())) {
        fpsr |= kIoc;
        return default_nan_bits<T>();
    }
    if (a.is_inf() || b.is_zero()) {
        if (!a.is_inf()) fpsr |= kDzc;
        return inf_bits<T>(sign);
    }
    if (a.is_zero() || b.is_inf()) return zero_bits<T>(sign);
    // Normalise both mantissas to bit 63; the 128/64 quotient then has 64 or 65 bits.
    int sa = std::countl_zero(a.mant), sb = std::countl_zero(b.mant);
    uint64_t ma = a.mant << sa, mb = b.mant << sb;
    u128 num = u128(ma) << 64;
    u128 q = num / mb, rem = num % mb;
    Exact v{sign, (a.exp - sa) - (b.exp - sb) - 64, q | (rem != 0 ? 1 : 0)};
    return round<T>(v, fpcr, fpcr_rounding(fpcr), fpsr);
}

template <class T>
T sqrt(T op, uint32_t fpcr, uint32_t& fpsr) {
    Unpacked a = unpack(op, fpcr, fpsr);
    if (a.is_nan()) return process_nan(a.type, op, fpcr, fpsr);
    if (a.is_zero()) return zero_bits<T>(a.sign);
    if (a.is_inf() && !a.sign) return inf_bits<T>(false);
    if (a.sign) {
        fpsr |= kIoc;
        return default_nan_bits<T>();
    }
    // Scale the mantissa to bit 124 or 125 with an even exponent; the root has 63 bits.
    int s = 124 - msb128(a.mant);
    if ((a.exp - s) & 1) ++s;
    u128 rem;
    u128 root = isqrt(u128(a.mant) << s, rem);
    Exact v{false, (a.exp - s) / 2, root | (rem != 0 ? 1 : 0)};
    return round<T>(v, fpcr, fpcr_rounding(fpcr), fpsr);
}

}  // namespace soft

template <class T>
T mulx(T op1, T op2, uint32_t fpcr, uint32_t& fpsr) {
    return mul_common(op1, op2, true, fpcr, fpsr);
}
template <class T>
T add(T op1, T op2, uint32_t fpcr, uint32_t& fpsr) {
    T r;
    if (fast_binary(HostOp::Add, op1, op2, fpcr, fpsr, r)) return r;
    return soft::add(op1, op2, fpcr, fpsr);
}
template <class T>
T sub(T op1, T op2, uint32_t fpcr, uint32_t& fpsr) {
    T r;
    if (fast_binary(HostOp::Sub, op1, op2, fpcr, fpsr, r)) return r;
    return soft::sub(op1, op2, fpcr, fpsr);
}
template <class T>
T mul(T op1, T op2, uint32_t fpcr, uint32_t& fpsr) {
    T r;
    if (fast_binary(HostOp::Mul, op1, op2, fpcr, fpsr, r)) return r;
    return soft::mul(op1, op2, fpcr, fpsr);
}
template <class T>
T div(T op1, T op2, uint32_t fpcr, uint32_t& fpsr) {
    T r;
    if (fast_binary(HostOp::Div, op1, op2, fpcr, fpsr, r)) return r;
    return soft::div(op1, op2, fpcr, fpsr);
}
template <class T>
T sqrt(T op, uint32_t fpcr, uint32_t& fpsr) {
    T r;
    if (fast_binary(HostOp::Sqrt, op, op, fpcr, fpsr, r)) return r;
    return soft::sqrt(op, fpcr, fpsr);
}

template <class T>
T muladd(T addend, T op1, T op2, uint32_t fpcr, uint32_t& fpsr) {
    Unpacked c = unpack(addend, fpcr, fpsr), a = unpack(op1, fpcr, fpsr), b = unpack(op2, fpcr, fpsr);
    bool inf_times_zero = (a.is_inf() && b.is_zero()) || (a.is_zero() && b.is_inf());
    T result;
    bool done = process_nans3(c, a, b, addend, op1, op2, fpcr, fpsr, result);
    if (c.type == Type::QNaN && inf_times_zero) {
        fpsr |= kIoc;
        return default_nan_bits<T>();
    }
    if (done) return result;
    bool sign_p = a.sign != b.sign;
    bool inf_p = a.is_inf() || b.is_inf();
    bool zero_p = a.is_zero() || b.is_zero();
    if (inf_times_zero || (c.is_inf() && inf_p && c.sign != sign_p)) {
        fpsr |= kIoc;
        return default_nan_bits<T>();
    }
    if ((c.is_inf() && !c.sign) || (inf_p && !sign_p)) return inf_bits<T>(false);
    if ((c.is_inf() && c.sign) || (inf_p && sign_p)) return inf_bits<T>(true);
    if (c.is_zero() && zero_p && c.sign == sign_p) return zero_bits<T>(c.sign);
    Exact e = c.is_zero() ? Exact{c.sign, 0, 0} : exact_of(c);
    return fused<T>(e, a, b, false, fpcr, fpsr);
}

template <class T>
T recip_step_fused(T op1, T op2, uint32_t fpcr, uint32_t& fpsr) {
    return step_fused(op1, op2, false, fpcr, fpsr);
}
template <class T>
T rsqrt_step_fused(T op1, T op2, uint32_t fpcr, uint32_t& fpsr) {
    return step_fused(op1, op2, true, fpcr, fpsr);
}

template <class T>
T max(T op1, T op2, uint32_t fpcr, uint32_t& fpsr) {
    return minmax(op1, op2, true, fpcr, fpsr);
}
template <class T>
T min(T op1, T op2, uint32_t fpcr, uint32_t& fpsr) {
    return minmax(op1, op2, false, fpcr, fpsr);
}
template <class T>
T maxnum(T op1, T op2, uint32_t fpcr, uint32_t& fpsr) {
    return minmax_num(op1, op2, true, fpcr, fpsr);
}
template <class T>
T minnum(T op1, T op2, uint32_t fpcr, uint32_t& fpsr) {
    return minmax_num(op1, op2, false, fpcr, fpsr);
}

template <class T>
unsigned compare(T op1, T op2, bool signal_nans, uint32_t fpcr, uint32_t& fpsr) {
    Unpacked a = unpack(op1, fpcr, fpsr), b = unpack(op2, fpcr, fpsr);
    if (a.is_nan() || b.is_nan()) {
        if (a.type == Type::SNaN || b.type == Type::SNaN || signal_nans) fpsr |= kIoc;
        return 0b0011;
    }
    int c = compare_values(a, b);
    return c == 0 ? 0b0110 : c < 0 ? 0b1000 : 0b0010;
}

template <class T>
bool compare_eq(T op1, T op2, uint32_t fpcr, uint32_t& fpsr) {
    Unpacked a = unpack(op1, fpcr, fpsr), b = unpack(op2, fpcr, fpsr);
    if (a.is_nan() || b.is_nan()) {
        if (a.type == Type::SNaN || b.type == Type::SNaN) fpsr |= kIoc;
        return false;
    }
    return compare_values(a, b) == 0;
}

template <class T>
bool compare_ge(T op1, T op2, uint32_t fpcr, uint32_t& fpsr) {
    Unpacked a = unpack(op1, fpcr, fpsr), b = unpack(op2, fpcr, fpsr);
    if (a.is_nan() || b.is_nan()) {
        fpsr |= kIoc;
        return false;
    }
    return compare_values(a, b) >= 0;
}

template <class T>
bool compare_gt(T op1, T op2, uint32_t fpcr, uint32_t& fpsr) {
    Unpacked a = unpack(op1, fpcr, fpsr), b = unpack(op2, fpcr, fpsr);
    if (a.is_nan() || b.is_nan()) {
        fpsr |= kIoc;
        return false;
    }
    return compare_values(a, b) > 0;
}

#define VP_FP_INSTANTIATE(T)                                       \
    template T default_nan<T>();                                   \
    template T infinity<T>(bool);                                  \
    template T max_normal<T>(bool);                                \
    template T add<T>(T, T, uint32_t, uint32_t&);                  \
    template T sub<T>(T, T, uint32_t, uint32_t&);                  \
    template T mul<T>(T, T, uint32_t, uint32_t&);                  \
    template T mulx<T>(T, T, uint32_t, uint32_t&);                 \
    template T div<T>(T, T, uint32_t, uint32_t&);                  \
    template T sqrt<T>(T, uint32_t, uint32_t&);                    \
    template T muladd<T>(T, T, T, uint32_t, uint32_t&);            \
    template T recip_step_fused<T>(T, T, uint32_t, uint32_t&);     \
    template T rsqrt_step_fused<T>(T, T, uint32_t, uint32_t&);     \
    template T max<T>(T, T, uint32_t, uint32_t&);                  \
    template T min<T>(T, T, uint32_t, uint32_t&);                  \
    template T maxnum<T>(T, T, uint32_t, uint32_t&);               \
    template T minnum<T>(T, T, uint32_t, uint32_t&);               \
    template unsigned compare<T>(T, T, bool, uint32_t, uint32_t&); \
    template bool compare_eq<T>(T, T, uint32_t, uint32_t&);        \
    template bool compare_ge<T>(T, T, uint32_t, uint32_t&);        \
    template bool compare_gt<T>(T, T, uint32_t, uint32_t&);

VP_FP_INSTANTIATE(uint16_t)
VP_FP_INSTANTIATE(uint32_t)
VP_FP_INSTANTIATE(uint64_t)

#define VP_FP_INSTANTIATE_SOFT(T)                       \
    template T soft::add<T>(T, T, uint32_t, uint32_t&); \
    template T soft::sub<T>(T, T, uint32_t, uint32_t&); \
    template T soft::mul<T>(T, T, uint32_t, uint32_t&); \
    template T soft::div<T>(T, T, uint32_t, uint32_t&); \
    template T soft::sqrt<T>(T, uint32_t, uint32_t&);
VP_FP_INSTANTIATE_SOFT(uint32_t)
VP_FP_INSTANTIATE_SOFT(uint64_t)

}  // namespace vp::iss::fp
