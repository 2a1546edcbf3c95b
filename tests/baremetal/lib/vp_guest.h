// The little runtime of vp's bare-metal test programs: PL011 output and a defined exit.
#pragma once
#include <stdint.h>

void vp_putc(char c);
void vp_puts(const char* s);
void vp_put_hex(uint64_t v);
void vp_put_dec(uint64_t v);
// Ends the run: status 0 = pass. vp answers its test-exit call; on QEMU, PSCI SYSTEM_OFF.
void vp_exit(int status) __attribute__((noreturn));
// Prints "FAIL: what" and exits with `status` unless `ok`.
void vp_check(int ok, const char* what, int status);
uint64_t vp_hvc(uint64_t fid, uint64_t a1, uint64_t a2, uint64_t a3);
