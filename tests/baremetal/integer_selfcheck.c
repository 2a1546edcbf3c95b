// Integer A64 self-check: each answer is a published value or an architectural identity,
// not one computed by vp. Exit status n names the first failing check.
#include <arm_acle.h>
#include <stdint.h>

#include "vp_guest.h"

static uint32_t crc32_sw(const uint8_t* p, unsigned n) {
    uint32_t c = 0xffffffffu;
    for (unsigned i = 0; i < n; ++i) {
        c ^= p[i];
        for (int k = 0; k < 8; ++k) c = (c >> 1) ^ (0xedb88320u & (0u - (c & 1)));
    }
    return ~c;
}

static unsigned count_primes(unsigned limit) {
    static uint8_t composite[100000];
    unsigned count = 0;
    for (unsigned i = 2; i < limit; ++i) {
        if (composite[i]) continue;
        ++count;
        for (unsigned j = i * 2; j < limit; j += i) composite[j] = 1;
    }
    return count;
}

static uint64_t fnv1a64(const char* s) {
    uint64_t h = 0xcbf29ce484222325ull;
    while (*s) h = (h ^ (uint8_t)*s++) * 0x100000001b3ull;
    return h;
}

static void sort(uint32_t* a, int n) {
    for (int i = 1; i < n; ++i) {
        uint32_t v = a[i];
        int j = i - 1;
        while (j >= 0 && a[j] > v) {
            a[j + 1] = a[j];
            --j;
        }
        a[j + 1] = v;
    }
}

static int64_t sdiv(int64_t a, int64_t b) {
    int64_t r;
    __asm__ volatile("sdiv %0, %1, %2" : "=r"(r) : "r"(a), "r"(b));
    return r;
}
static uint64_t udiv(uint64_t a, uint64_t b) {
    uint64_t r;
    __asm__ volatile("udiv %0, %1, %2" : "=r"(r) : "r"(a), "r"(b));
    return r;
}
static uint64_t umulh(uint64_t a, uint64_t b) {
    uint64_t r;
    __asm__ volatile("umulh %0, %1, %2" : "=r"(r) : "r"(a), "r"(b));
    return r;
}

int main(void) {
    const char* digits = "123456789";
    vp_check(crc32_sw((const uint8_t*)digits, 9) == 0xcbf43926u, "software CRC-32 check value", 1);
    uint32_t c = 0xffffffffu, cc = 0xffffffffu;
    for (int i = 0; i < 9; ++i) {
        c = __crc32b(c, (uint8_t)digits[i]);
        cc = __crc32cb(cc, (uint8_t)digits[i]);
    }
    vp_check(~c == 0xcbf43926u, "CRC32B check value", 2);
    vp_check(~cc == 0xe3069283u, "CRC32CB check value (Castagnoli)", 3);
    vp_check(count_primes(10000) == 1229, "pi(10^4) = 1229", 4);
    vp_check(count_primes(100000) == 9592, "pi(10^5) = 9592", 5);
    vp_check(fnv1a64("hello") == 0xa430d84680aabd0bull, "FNV-1a 64 of hello", 6);
    uint64_t fib[91] = {0, 1};
    for (int i = 2; i <= 90; ++i) fib[i] = fib[i - 1] + fib[i - 2];
    vp_check(fib[90] == 2880067194370816120ull, "fib(90)", 7);
    vp_check(sdiv(INT64_MIN, -1) == INT64_MIN, "SDIV overflow gives INT64_MIN", 8);
    vp_check(udiv(12345, 0) == 0 && sdiv(-5, 0) == 0, "divide by zero gives 0", 9);
    vp_check(umulh(~0ull, ~0ull) == 0xfffffffffffffffeull, "UMULH of all-ones", 10);
    vp_check(__builtin_clzll(1) == 63 && __rbitll(1) == (1ull << 63), "CLZ/RBIT", 11);
    vp_check(__builtin_bswap64(0x0102030405060708ull) == 0x0807060504030201ull, "REV", 12);
    uint32_t a[257];
    uint64_t sum = 0, x = 88172645463325252ull;
    for (int i = 0; i < 257; ++i) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;  // xorshift64
        a[i] = (uint32_t)x;
        sum += a[i];
    }
    sort(a, 257);
    uint64_t sum2 = 0;
    int sorted = 1;
    for (int i = 0; i < 257; ++i) {
        sum2 += a[i];
        if (i && a[i - 1] > a[i]) sorted = 0;
    }
    vp_check(sorted && sum == sum2, "insertion sort keeps the multiset and orders it", 13);
    volatile uint8_t buf[16];
    for (int i = 0; i < 16; ++i) buf[i] = (uint8_t)(i + 1);
    uint32_t unaligned;
    __builtin_memcpy(&unaligned, (const void*)(buf + 3), 4);
    vp_check(unaligned == 0x07060504u, "unaligned little-endian load", 14);
    vp_puts("integer self-check passed\n");
    return 0;
}
