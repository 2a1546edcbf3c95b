// CPU-bound integer workload for tools/bench: CRC-32, sieve, sort and string hashing,
// repeated ROUNDS times. Prints a checksum so every simulator is seen doing the same work.
#include <stdint.h>

#include "vp_guest.h"

#ifndef ROUNDS
#define ROUNDS 40
#endif

static uint8_t data[16384];
static uint8_t composite[65536];
// MIXED_PAGES puts the sorted array in the code's pages, right after this file's functions, as
// data often sits in firmware and early boot code (the int_bench_mixed programs).
#ifdef MIXED_PAGES
static uint32_t arr[2048] __attribute__((section(".data_beside_code"), aligned(16)));
#else
static uint32_t arr[2048];
#endif

static uint32_t crc32_sw(const uint8_t* p, unsigned n) {
    uint32_t c = 0xffffffffu;
    for (unsigned i = 0; i < n; ++i) {
        c ^= p[i];
        for (int k = 0; k < 8; ++k) c = (c >> 1) ^ (0xedb88320u & (0u - (c & 1)));
    }
    return ~c;
}

static unsigned sieve(unsigned limit) {
    for (unsigned i = 0; i < limit; ++i) composite[i] = 0;
    unsigned count = 0;
    for (unsigned i = 2; i < limit; ++i) {
        if (composite[i]) continue;
        ++count;
        for (unsigned j = i * 2; j < limit; j += i) composite[j] = 1;
    }
    return count;
}

static void shell_sort(uint32_t* a, int n) {
    for (int gap = n / 2; gap > 0; gap /= 2)
        for (int i = gap; i < n; ++i) {
            uint32_t v = a[i];
            int j = i;
            for (; j >= gap && a[j - gap] > v; j -= gap) a[j] = a[j - gap];
            a[j] = v;
        }
}

static uint64_t fnv(const uint8_t* p, unsigned n) {
    uint64_t h = 0xcbf29ce484222325ull;
    for (unsigned i = 0; i < n; ++i) h = (h ^ p[i]) * 0x100000001b3ull;
    return h;
}

int main(void) {
    uint64_t x = 0x9e3779b97f4a7c15ull, check = 0;
    for (unsigned i = 0; i < sizeof data; ++i) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        data[i] = (uint8_t)x;
    }
    for (int r = 0; r < ROUNDS; ++r) {
        check += crc32_sw(data, sizeof data);
        check += sieve(sizeof composite);
        for (int i = 0; i < 2048; ++i) {
            x ^= x << 13, x ^= x >> 7, x ^= x << 17;
            arr[i] = (uint32_t)x;
        }
        shell_sort(arr, 2048);
        check += arr[1024];
        check += fnv(data, sizeof data);
    }
    vp_puts("int_bench checksum ");
    vp_put_hex(check);
    vp_putc('\n');
    return 0;
}
