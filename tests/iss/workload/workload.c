/* CPU-bound bare-metal workload for the ISS benchmark: CRC32 (table), sieve, heap sort, matrix
 * multiply. Built for the guest with -ffreestanding -nostdlib; bench_main.cpp also compiles it for
 * the host to know the expected checksum. The iteration count is read from PARAM_ADDR. */
#include <stdint.h>

#define PARAM_ADDR 0x1000u
#define RESULT_ADDR 0x1008u

static uint32_t crc_table[256];
static uint8_t sieve_buf[32768];
static uint32_t sort_buf[4096];
static int32_t mat_a[24 * 24], mat_b[24 * 24], mat_c[24 * 24];

static void crc_init(void) {
    for (uint32_t i = 0; i < 256; ++i) {
        uint32_t c = i;
        for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        crc_table[i] = c;
    }
}

static uint32_t crc32_buf(const uint8_t* p, uint32_t n, uint32_t crc) {
    crc = ~crc;
    for (uint32_t i = 0; i < n; ++i) crc = crc_table[(crc ^ p[i]) & 0xff] ^ (crc >> 8);
    return ~crc;
}

static uint32_t sieve(uint32_t n) {
    uint32_t count = 0;
    for (uint32_t i = 0; i < n; ++i) sieve_buf[i] = 1;
    for (uint32_t i = 2; i < n; ++i) {
        if (!sieve_buf[i]) continue;
        ++count;
        for (uint32_t j = i * 2; j < n; j += i) sieve_buf[j] = 0;
    }
    return count;
}

static void sift(uint32_t* a, uint32_t start, uint32_t end) {
    uint32_t root = start;
    while (2 * root + 1 < end) {
        uint32_t child = 2 * root + 1, sw = root;
        if (a[sw] < a[child]) sw = child;
        if (child + 1 < end && a[sw] < a[child + 1]) sw = child + 1;
        if (sw == root) return;
        uint32_t t = a[root];
        a[root] = a[sw];
        a[sw] = t;
        root = sw;
    }
}

static uint32_t heap_sort(uint32_t seed, uint32_t n) {
    for (uint32_t i = 0; i < n; ++i) {
        seed = seed * 1103515245u + 12345u;
        sort_buf[i] = seed >> 3;
    }
    for (uint32_t s = n / 2; s-- > 0;) sift(sort_buf, s, n);
    for (uint32_t e = n; e-- > 1;) {
        uint32_t t = sort_buf[0];
        sort_buf[0] = sort_buf[e];
        sort_buf[e] = t;
        sift(sort_buf, 0, e);
    }
    uint32_t ok = 1;
    for (uint32_t i = 1; i < n; ++i) ok &= sort_buf[i - 1] <= sort_buf[i];
    return ok * sort_buf[n / 2];
}

static int32_t matmul(int32_t seed) {
    const int n = 24;
    for (int i = 0; i < n * n; ++i) {
        mat_a[i] = (i * 7 + seed) % 13 - 6;
        mat_b[i] = (i * 5 + seed) % 11 - 5;
    }
    for (int i = 0; i < n; ++i)
        for (int j = 0; j < n; ++j) {
            int32_t s = 0;
            for (int k = 0; k < n; ++k) s += mat_a[i * n + k] * mat_b[k * n + j];
            mat_c[i * n + j] = s;
        }
    int32_t t = 0;
    for (int i = 0; i < n * n; ++i) t ^= mat_c[i] + i;
    return t;
}

uint64_t workload(uint32_t iterations) {
    uint64_t acc = 0;
    crc_init();
    for (uint32_t it = 0; it < iterations; ++it) {
        acc += sieve(20000 + (it & 7));
        acc = acc * 31 + heap_sort(it * 2654435761u, 2048);
        acc ^= (uint64_t)(uint32_t)matmul((int32_t)it);
        acc += crc32_buf(sieve_buf, sizeof sieve_buf, (uint32_t)acc);
    }
    return acc;
}

#ifdef __aarch64__
void main_entry(void) {
    uint32_t iters = *(volatile uint32_t*)(uintptr_t)PARAM_ADDR;
    *(volatile uint64_t*)(uintptr_t)RESULT_ADDR = workload(iters);
}

__asm__(
    ".section .text.startup, \"ax\"\n"
    ".global _start\n"
    "_start:\n"
    "  movz x0, #0x40, lsl #16\n"
    "  mov sp, x0\n"
    "  bl main_entry\n"
    "1: wfi\n"
    "  b 1b\n"
    ".text\n");
#endif
