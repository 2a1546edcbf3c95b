// A program with an exactly known instruction count (statistics test). Standalone: no C
// runtime, so every executed instruction is listed here. Executed on core 0:
//   1 (mov x0) + 2 * 50000 (subs, b.ne) + 2 (movz, movk) + 1 (mov x1) + 1 (hvc) + 1 (wfi)
//   = 100006 instructions, plus the boot stub before it (platform/boot: ldr, mov, mov, mov,
//   ldr, br = 6). test_debug.cpp checks the count against the disassembly as well.
    .section .text.start, "ax"
    .global _start
_start:
    mov     x0, #50000
1:  subs    x0, x0, #1
    b.ne    1b
    movz    x0, #0x0001
    movk    x0, #0x8600, lsl #16     // vp test-exit call 0x86000001
    mov     x1, #0                   // status 0: pass
    hvc     #0
2:  wfi
    b       2b
