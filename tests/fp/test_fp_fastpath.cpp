// The host fast path of add/sub/mul/div/sqrt (FPCR.RMode = RN, normal operands and result) must
// give bit-identical results and flags to the software path (which the unicorn differential test
// checks against the ARM ARM). Millions of cases: random normals, exact products/quotients/roots,
// results near the smallest normal and near overflow.
#include <gtest/gtest.h>

#include <bit>
#include <cstdint>
#include <cstdlib>
#include <random>

#include "fp/fp.h"
#include "fpscr_bits.h"

namespace fp = vp::iss::fp;

namespace {

uint64_t iters() {
    const char* s = std::getenv("VP_FP_ITERS");
    return s ? std::strtoull(s, nullptr, 0) * 100 : 1000000;
}

template <class T, class H>
struct Case {
    std::mt19937_64 rng{0x5EED0000u + sizeof(T)};
    static constexpr int F = sizeof(T) == 4 ? 23 : 52;
    static constexpr int E = sizeof(T) == 4 ? 8 : 11;
    T make(bool s, int e, uint64_t frac) {
        return T((uint64_t(s) << (F + E)) | (uint64_t(e) << F) | (frac & ((uint64_t(1) << F) - 1)));
    }
    // Normal value; exponent anywhere or near the ends; mantissa random or short (exact results).
    T value() {
        uint64_t r = rng();
        int emax = (1 << E) - 2;
        int e;
        switch (r % 4) {
            case 0: e = 1 + int((r >> 8) % 40); break;
            case 1: e = emax - int((r >> 8) % 40); break;
            case 2: e = (1 << (E - 1)) - 20 + int((r >> 8) % 40); break;
            default: e = 1 + int((r >> 8) % emax); break;
        }
        uint64_t frac = rng();
        if ((r >> 20) % 2) frac &= ~((uint64_t(1) << (F - int((r >> 24) % 12))) - 1);  // short mantissa
        T v = make((r >> 30) & 1, e, frac);
        if ((r >> 31) % 16 == 0) v = T(rng());  // anything, including NaN/Inf/denormal
        return v;
    }
};

template <class T, class H>
void run() {
    Case<T, H> c;
    const uint64_t n = iters();
    uint64_t fast_hits = 0;
    int failures = 0;
    for (uint64_t i = 0; i < n && failures < 10; ++i) {
        T a = c.value(), b = c.value();
        const int kind = int(i % 6);
        if (kind == 5) {  // exact quotient / root: a = b * q or a = q * q with short mantissas
            H q = std::bit_cast<H>(c.value()), bb = std::bit_cast<H>(b);
            a = std::bit_cast<T>(H(q * bb));
            if (c.rng() & 1) {
                a = std::bit_cast<T>(H(q * q));
                b = std::bit_cast<T>(std::abs(q));
            }
        }
        uint32_t fpcr = (c.rng() % 8 == 0) ? uint32_t(c.rng() % 4) << 22 : 0;
        if (c.rng() & 1) fpcr |= fpscr::FZ;
        if (c.rng() & 1) fpcr |= fpscr::DN;
        uint32_t f1 = 0, f2 = 0;
        T r1 = 0, r2 = 0;
        const char* name = "";
        switch (kind) {
            case 0:
                name = "add";
                r1 = fp::add(a, b, fpcr, f1);
                r2 = fp::soft::add(a, b, fpcr, f2);
                break;
            case 1:
                name = "sub";
                r1 = fp::sub(a, b, fpcr, f1);
                r2 = fp::soft::sub(a, b, fpcr, f2);
                break;
            case 2:
                name = "mul";
                r1 = fp::mul(a, b, fpcr, f1);
                r2 = fp::soft::mul(a, b, fpcr, f2);
                break;
            case 3:
            case 5:
                name = "div";
                r1 = fp::div(a, b, fpcr, f1);
                r2 = fp::soft::div(a, b, fpcr, f2);
                break;
            default:
                name = "sqrt";
                r1 = fp::sqrt(a, fpcr, f1);
                r2 = fp::soft::sqrt(a, fpcr, f2);
                break;
        }
        if (kind == 5 && (c.rng() & 1)) {
            f1 = f2 = 0;
            name = "sqrt";
            r1 = fp::sqrt(a, fpcr, f1);
            r2 = fp::soft::sqrt(a, fpcr, f2);
        }
        fast_hits += (fpcr & fpscr::RMODE_MASK) == 0;
        if (r1 != r2 || f1 != f2) {
            ++failures;
            ADD_FAILURE() << std::hex << name << "(0x" << uint64_t(a) << ", 0x" << uint64_t(b) << ") fpcr=0x"
                          << fpcr << ": fast 0x" << uint64_t(r1) << " flags " << f1 << ", soft 0x"
                          << uint64_t(r2) << " flags " << f2;
        }
    }
    EXPECT_EQ(failures, 0);
    EXPECT_GT(fast_hits, n / 2);
}

TEST(FpFastPath, SingleMatchesSoftware) {
    run<uint32_t, float>();
}
TEST(FpFastPath, DoubleMatchesSoftware) {
    run<uint64_t, double>();
}

}  // namespace
