// AdvSIMD self-check: loops that GCC auto-vectorises at -O3 (byte averages and absolute
// differences, widening multiply-accumulate, shifts and compare-selects, 64-bit lanes, FMA,
// vector square roots, conversions, reductions, byte reversal), each checked against the same
// loop compiled without vectorisation (scalar code, whose instructions are differentially tested
// on their own) and printed as a checksum that must equal QEMU's output.
#include <stdint.h>

#include "vp_guest.h"

#define N 1024
#define SCALAR __attribute__((noinline, optimize("no-tree-vectorize", "no-tree-slp-vectorize")))
#define VECTOR __attribute__((noinline))

static uint8_t a8[N], b8[N], r8v[N], r8s[N];
static int16_t a16[N], b16[N];
static int32_t a32[N], b32[N], r32v[N], r32s[N];
static int64_t a64[N], r64v[N], r64s[N];
static float af[N], bf[N], rfv[N], rfs[N];
static double ad[N], rdv[N], rds[N];
static unsigned failures;

static uint64_t fnv(const void* p, unsigned n) {
    const uint8_t* b = p;
    uint64_t h = 0xcbf29ce484222325ull;
    for (unsigned i = 0; i < n; ++i) h = (h ^ b[i]) * 0x100000001b3ull;
    return h;
}

static void report(const char* name, const void* vec, const void* ref, unsigned bytes) {
    uint64_t hv = fnv(vec, bytes), hs = fnv(ref, bytes);
    vp_puts(name);
    vp_puts(hv == hs ? " ok " : " MISMATCH ");
    vp_put_hex(hv);
    vp_puts("\n");
    if (hv != hs) ++failures;
}

static void report64(const char* name, uint64_t vec, uint64_t ref) {
    report(name, &vec, &ref, sizeof vec);
}

// ---- kernels, each in a vectorised and a scalar copy -------------------------------------
#define KERNELS(ATTR, S)                                                                  \
    ATTR static void avg_absdiff_##S(uint8_t* r) {                                        \
        for (int i = 0; i < N; ++i) {                                                     \
            uint8_t avg = (uint8_t)((a8[i] + b8[i] + 1) >> 1);                            \
            uint8_t d = a8[i] > b8[i] ? a8[i] - b8[i] : b8[i] - a8[i];                    \
            r[i] = (uint8_t)(avg ^ d ^ (a8[i] < b8[i] ? a8[i] : b8[i]));                  \
        }                                                                                 \
    }                                                                                     \
    ATTR static int64_t dot16_##S(void) {                                                 \
        int64_t s = 0;                                                                    \
        for (int i = 0; i < N; ++i) s += (int32_t)a16[i] * b16[i];                        \
        return s;                                                                         \
    }                                                                                     \
    ATTR static void shift_select_##S(int32_t* r) {                                       \
        for (int i = 0; i < N; ++i) {                                                     \
            int32_t x = a32[i] * b32[i] + (a32[i] >> 3);                                  \
            r[i] = x > b32[i] ? x - (int32_t)((uint32_t)b32[i] >> 5) : (x << 2) ^ a32[i]; \
        }                                                                                 \
    }                                                                                     \
    ATTR static void lanes64_##S(int64_t* r) {                                            \
        for (int i = 0; i < N; ++i) r[i] = (a64[i] << 7) - a64[i] + (a64[i] >> 61);       \
    }                                                                                     \
    ATTR static void fma_##S(float* r) {                                                  \
        for (int i = 0; i < N; ++i) r[i] = af[i] * bf[i] + r[i];                          \
    }                                                                                     \
    ATTR static void sqrt_minmax_##S(double* r) {                                         \
        for (int i = 0; i < N; ++i) {                                                     \
            double q = __builtin_sqrt(ad[i]);                                             \
            r[i] = q < 10.0 ? q : (q > 20.0 ? 20.0 : q * 0.5);                            \
        }                                                                                 \
    }                                                                                     \
    ATTR static void convert_##S(int32_t* r, float* f) {                                  \
        for (int i = 0; i < N; ++i) {                                                     \
            f[i] = (float)a32[i] * 0.25f;                                                 \
            r[i] = (int32_t)(bf[i] * 1000.0f);                                            \
        }                                                                                 \
    }                                                                                     \
    ATTR static int32_t max_count_##S(int32_t* count) {                                   \
        int32_t m = -2147483647 - 1;                                                      \
        int32_t c = 0;                                                                    \
        for (int i = 0; i < N; ++i) {                                                     \
            m = a32[i] > m ? a32[i] : m;                                                  \
            c += a8[i] == 'a';                                                            \
        }                                                                                 \
        *count = c;                                                                       \
        return m;                                                                         \
    }                                                                                     \
    ATTR static void reverse_##S(uint8_t* r) {                                            \
        for (int i = 0; i < N; ++i) r[i] = a8[N - 1 - i];                                 \
    }

KERNELS(VECTOR, v)
KERNELS(SCALAR, s)

static void init(void) {
    uint64_t x = 0x9E3779B97F4A7C15ull;
    for (int i = 0; i < N; ++i) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        a8[i] = (uint8_t)x;
        b8[i] = (uint8_t)(x >> 8);
        a16[i] = (int16_t)(x >> 16);
        b16[i] = (int16_t)(x >> 32);
        a32[i] = (int32_t)(x >> 20);
        b32[i] = (int32_t)x;
        a64[i] = (int64_t)x;
        af[i] = (float)(int32_t)(x >> 40) / 1024.0f;
        bf[i] = (float)(int16_t)(x >> 3) / 256.0f;
        ad[i] = (double)(x >> 24);
    }
}

int main(void) {
    init();
    avg_absdiff_v(r8v);
    avg_absdiff_s(r8s);
    report("uint8 average/absdiff/min", r8v, r8s, N);
    report64("int16 widening dot product", (uint64_t)dot16_v(), (uint64_t)dot16_s());
    shift_select_v(r32v);
    shift_select_s(r32s);
    report("int32 multiply/shift/select", r32v, r32s, sizeof r32v);
    lanes64_v(r64v);
    lanes64_s(r64s);
    report("int64 shifts and adds", r64v, r64s, sizeof r64v);
    for (int i = 0; i < N; ++i) rfv[i] = rfs[i] = (float)i;
    fma_v(rfv);
    fma_s(rfs);
    report("float multiply-add", rfv, rfs, sizeof rfv);
    sqrt_minmax_v(rdv);
    sqrt_minmax_s(rds);
    report("double sqrt/min/max", rdv, rds, sizeof rdv);
    convert_v(r32v, rfv);
    convert_s(r32s, rfs);
    report("int<->float conversions (int)", r32v, r32s, sizeof r32v);
    report("int<->float conversions (float)", rfv, rfs, sizeof rfv);
    int32_t cv, cs;
    int32_t mv = max_count_v(&cv), ms = max_count_s(&cs);
    report64("int32 max reduction", (uint32_t)mv, (uint32_t)ms);
    report64("byte count reduction", (uint32_t)cv, (uint32_t)cs);
    reverse_v(r8v);
    reverse_s(r8s);
    report("byte reversal", r8v, r8s, N);
    if (failures) {
        vp_puts("simd self-check FAILED\n");
        return 1;
    }
    vp_puts("simd self-check passed\n");
    return 0;
}
