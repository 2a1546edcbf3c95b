#include "vp_guest.h"

#define UART_DR (*(volatile uint32_t*)0x09000000ul)
#define UART_FR (*(volatile uint32_t*)0x09000018ul)
#define UART_CR (*(volatile uint32_t*)0x09000030ul)
#define FR_TXFF (1u << 5)
#define CR_UARTEN_TXE_RXE 0x301u  // PL011 TRM 3.3.8: firmware enables the UART before use

void vp_putc(char c) {
    if ((UART_CR & CR_UARTEN_TXE_RXE) != CR_UARTEN_TXE_RXE) UART_CR = CR_UARTEN_TXE_RXE;
    while (UART_FR & FR_TXFF) {
    }
    UART_DR = (uint8_t)c;
}

void vp_puts(const char* s) {
    while (*s) vp_putc(*s++);
}

void vp_put_hex(uint64_t v) {
    vp_puts("0x");
    for (int i = 60; i >= 0; i -= 4) vp_putc("0123456789abcdef"[(v >> i) & 15]);
}

void vp_put_dec(uint64_t v) {
    char buf[24];
    int n = 0;
    do {
        buf[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (n) vp_putc(buf[--n]);
}

uint64_t vp_hvc(uint64_t fid, uint64_t a1, uint64_t a2, uint64_t a3) {
    register uint64_t x0 __asm__("x0") = fid;
    register uint64_t x1 __asm__("x1") = a1;
    register uint64_t x2 __asm__("x2") = a2;
    register uint64_t x3 __asm__("x3") = a3;
    __asm__ volatile("hvc #0" : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3) : : "memory");
    return x0;
}

void vp_exit(int status) {
    vp_hvc(0x86000001u, (uint64_t)status, 0, 0);  // vp test exit
    vp_hvc(0x84000008u, 0, 0, 0);                 // PSCI SYSTEM_OFF (QEMU)
    for (;;) __asm__ volatile("wfi");
}

void vp_check(int ok, const char* what, int status) {
    if (ok) return;
    vp_puts("FAIL: ");
    vp_puts(what);
    vp_putc('\n');
    vp_exit(status);
}

// The compiler may call these even in freestanding code.
void* memset(void* d, int c, unsigned long n) {
    volatile uint8_t* p = d;
    while (n--) *p++ = (uint8_t)c;
    return d;
}

void* memcpy(void* d, const void* s, unsigned long n) {
    volatile uint8_t* dp = d;
    const uint8_t* sp = s;
    while (n--) *dp++ = *sp++;
    return d;
}
