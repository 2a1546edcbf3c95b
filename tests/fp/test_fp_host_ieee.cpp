// Second, independent oracle for the software rounding core: the host's IEEE 754 arithmetic in all
// four rounding modes (fesetround; std::fma is correctly rounded in every mode). For NaN-free
// operands with FPCR.FZ = 0, ARM results equal IEEE results bit for bit and IXC/OFC/DZC equal the
// host's inexact/overflow/divide-by-zero flags. UFC is compared only for non-tiny results (x86
// detects tininess after rounding, ARM before), NaN results are not compared (x86's default NaN
// has the sign bit set).
#include <gtest/gtest.h>

#include <bit>
#include <cfenv>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <random>

#include "fp/fp.h"
#include "fpscr_bits.h"

namespace fp = vp::iss::fp;

namespace {

uint64_t iters() {
    const char* s = std::getenv("VP_FP_ITERS");
    return s ? std::strtoull(s, nullptr, 0) * 50 : 400000;
}

template <class T>
int exp_field(T x) {
    return int((x >> (sizeof(T) == 4 ? 23 : 52)) & (sizeof(T) == 4 ? 0xFF : 0x7FF));
}

template <class T, class H>
void run() {
    constexpr int F = sizeof(T) == 4 ? 23 : 52;
    constexpr int E = sizeof(T) == 4 ? 8 : 11;
    constexpr int kModes[4] = {FE_TONEAREST, FE_UPWARD, FE_DOWNWARD, FE_TOWARDZERO};  // FPCR.RMode order
    std::mt19937_64 rng(0xC0FFEE + sizeof(T));
    auto value = [&]() -> T {
        uint64_t r = rng();
        int emax = (1 << E) - 2;
        int e;
        switch (r % 5) {
            case 0: e = int((r >> 8) % (F + 4)); break;  // denormal and small normal
            case 1: e = emax - int((r >> 8) % 40); break;
            case 2: e = (1 << (E - 1)) - 30 + int((r >> 8) % 60); break;
            default: e = int((r >> 8) % (emax + 1)); break;
        }
        uint64_t frac = rng();
        if ((r >> 20) % 2) frac &= ~((uint64_t(1) << (F - int((r >> 24) % 12))) - 1);
        return T((uint64_t((r >> 30) & 1) << (F + E)) | (uint64_t(e) << F) |
                 (frac & ((uint64_t(1) << F) - 1)));
    };
    const uint64_t n = iters();
    int failures = 0;
    for (uint64_t i = 0; i < n && failures < 10; ++i) {
        const int mode = int(rng() % 4);
        const uint32_t fpcr = uint32_t(mode) << fpscr::RMODE_SHIFT | (rng() % 2 ? fpscr::DN : 0);
        T a = value(), b = value(), c = value();
        const int kind = int(i % 6);
        if (kind == 5 && (rng() & 1)) {  // FMA with cancellation against the rounded product
            c = std::bit_cast<T>(H(-(std::bit_cast<H>(a) * std::bit_cast<H>(b))));
            c = T(c + T(rng() % 3) - 1);
            if (exp_field(c) == (1 << E) - 1) continue;
        }
        const H x = std::bit_cast<H>(a), y = std::bit_cast<H>(b), z = std::bit_cast<H>(c);
        std::fesetround(kModes[mode]);
        std::feclearexcept(FE_ALL_EXCEPT);
        H hr;
        switch (kind) {
            case 0: hr = x + y; break;
            case 1: hr = x - y; break;
            case 2: hr = x * y; break;
            case 3: hr = x / y; break;
            case 4: hr = std::sqrt(x); break;
            default: hr = std::fma(x, y, z); break;
        }
        const int hf = std::fetestexcept(FE_ALL_EXCEPT);
        std::fesetround(FE_TONEAREST);
        if (std::isnan(hr)) continue;
        uint32_t flags = 0;
        T r = 0;
        switch (kind) {
            case 0: r = fp::soft::add(a, b, fpcr, flags); break;
            case 1: r = fp::soft::sub(a, b, fpcr, flags); break;
            case 2: r = fp::soft::mul(a, b, fpcr, flags); break;
            case 3: r = fp::soft::div(a, b, fpcr, flags); break;
            case 4: r = fp::soft::sqrt(a, fpcr, flags); break;
            default: r = fp::muladd(c, a, b, fpcr, flags); break;
        }
        const T want = std::bit_cast<T>(hr);
        uint32_t want_flags = (hf & FE_INEXACT ? fpscr::IXC : 0) | (hf & FE_OVERFLOW ? fpscr::OFC : 0) |
                              (hf & FE_DIVBYZERO ? fpscr::DZC : 0) | (hf & FE_INVALID ? fpscr::IOC : 0);
        uint32_t mask = fpscr::IXC | fpscr::OFC | fpscr::DZC | fpscr::IOC;
        if (exp_field(want) >= 2 || (want << 1) == 0) {  // not tiny (or exactly zero)
            mask |= fpscr::UFC;
            want_flags |= hf & FE_UNDERFLOW ? fpscr::UFC : 0;
        }
        if (r != want || (flags & mask) != want_flags) {
            ++failures;
            ADD_FAILURE() << std::hex << "kind " << kind << " mode " << mode << " (0x" << uint64_t(a)
                          << ", 0x" << uint64_t(b) << ", 0x" << uint64_t(c) << "): lib 0x" << uint64_t(r)
                          << " flags " << (flags & mask) << ", host 0x" << uint64_t(want) << " flags "
                          << want_flags;
        }
    }
    EXPECT_EQ(failures, 0);
}

TEST(FpHostIeee, SingleAllRoundingModes) {
    run<uint32_t, float>();
}
TEST(FpHostIeee, DoubleAllRoundingModes) {
    run<uint64_t, double>();
}

}  // namespace
