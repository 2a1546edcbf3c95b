#pragma once
// Operand generator for the FP differential tests: bit patterns of half/single/double values aimed
// at NaNs (quiet and signalling, with payloads), infinities, signed zeros, denormals, extreme
// normals, rounding boundaries and related exponents (alignment, products near underflow/overflow).
#include <cstdint>
#include <random>

namespace vp::test {

struct Fmt {
    int n, e, f;
    int bias() const { return (1 << (e - 1)) - 1; }
    uint64_t sign() const { return uint64_t(1) << (n - 1); }
    uint64_t frac_mask() const { return (uint64_t(1) << f) - 1; }
    uint64_t make(bool s, int biased_exp, uint64_t frac) const {
        return (s ? sign() : 0) | (uint64_t(biased_exp) << f) | (frac & frac_mask());
    }
};
constexpr Fmt kH{16, 5, 10}, kS{32, 8, 23}, kD{64, 11, 52};

inline const Fmt& fmt_of(int n) {
    return n == 16 ? kH : n == 32 ? kS : kD;
}

class Gen {
public:
    explicit Gen(uint64_t seed) : rng_(seed) {}
    uint64_t u64() { return rng_(); }
    uint64_t below(uint64_t n) { return rng_() % n; }
    bool coin() { return rng_() & 1; }

    // Interesting fraction patterns (rounding boundaries are at the low end).
    uint64_t frac(const Fmt& m) {
        uint64_t r = u64();
        switch (below(8)) {
            case 0: return 0;
            case 1: return m.frac_mask();
            case 2: return 1;
            case 3: return r & 0xF;
            case 4: return (r << 3) & m.frac_mask();  // few low bits set
            case 5: return r & (m.frac_mask() >> (below(m.f) + 1)) & ~uint64_t(1);
            default: return r & m.frac_mask();
        }
    }
    // One operand of format m.
    uint64_t value(const Fmt& m) {
        bool s = coin();
        int emax = (1 << m.e) - 1;
        switch (below(20)) {
            case 0: return m.make(s, 0, 0);
            case 1: return m.make(s, emax, 0);
            case 2: return m.make(s, emax, (uint64_t(1) << (m.f - 1)) | (coin() ? u64() : 0));  // QNaN
            case 3: {                                                                           // SNaN
                uint64_t p = u64() & ((uint64_t(1) << (m.f - 1)) - 1);
                return m.make(s, emax, p ? p : 1);
            }
            case 4:
            case 5: {
                uint64_t f = frac(m);
                return m.make(s, 0, f ? f : 1);  // denormal
            }
            case 6: return m.make(s, coin() ? 1 : emax - 1, frac(m));  // min/max normal binade
            case 7: return m.make(s, m.bias() + int(below(4)), 0);     // 1, 2, 4, 8
            case 8:
            case 9:
            case 10: {  // near 1.0 .. integers: unbiased exponent -2 .. f+3 with boundary fractions
                int u = int(below(m.f + 6)) - 2;
                uint64_t f = u64() & m.frac_mask();
                int fb = m.f - u;  // fraction bits below the binary point
                if (fb > 0 && fb <= m.f) {
                    uint64_t half = uint64_t(1) << (fb - 1);
                    uint64_t low = fb >= 64 ? ~uint64_t(0) : (uint64_t(1) << fb) - 1;
                    uint64_t pick[] = {0, half, half + 1, half - 1, low, u64() & low};
                    f = (f & ~low) | (pick[below(6)] & low);
                }
                return m.make(s, m.bias() + u, f);
            }
            case 11: return m.make(s, 1 + int(below(m.f + 3)), frac(m));         // small normals
            case 12: return m.make(s, emax - 1 - int(below(m.f + 3)), frac(m));  // large normals
            case 13: return m.make(s, m.bias() + int(below(70)) - 2, frac(m));   // integer-ish range
            default: return u64() & ((m.n == 64) ? ~uint64_t(0) : (uint64_t(1) << m.n) - 1);
        }
    }
    // A second operand related to the first (aligned exponents, cancellation, products near the
    // underflow and overflow thresholds).
    uint64_t related(const Fmt& m, uint64_t a, int mode) {
        int ea = int((a >> m.f) & ((1 << m.e) - 1));
        int emax = (1 << m.e) - 1;
        int e;
        switch (mode) {
            case 0: e = ea + int(below(2 * m.f + 8)) - (m.f + 4); break;             // additive alignment
            case 1: e = 2 * m.bias() - ea + int(below(m.f + 6)) - (m.f + 3); break;  // a*b near 2^(-bias)...
            case 2: e = ea - m.bias() + int(below(m.f + 6)) - 3; break;    // a/b near denormal range
            default: e = emax - ea + m.bias() + int(below(8)) - 4; break;  // a*b near overflow
        }
        if (e < 0) e = 0;
        if (e > emax - 1) e = emax - 1;
        uint64_t f = below(4) == 0 ? ((a & m.frac_mask()) ^ (below(8))) : frac(m);
        return m.make(coin(), e, f);
    }

private:
    std::mt19937_64 rng_;
};

}  // namespace vp::test
