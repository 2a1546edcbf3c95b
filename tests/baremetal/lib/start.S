// Entry of vp's bare-metal test programs: EL1, MMU off, x0 = DTB (booting.rst).
    .section .text.start, "ax"
    .global _start
_start:
    mov     x1, #(3 << 20)          // CPACR_EL1.FPEN = 0b11: FP/SIMD usable at EL1 and EL0
    msr     cpacr_el1, x1
    isb
    mrs     x1, mpidr_el1
    and     x1, x1, #0xff
    cbnz    x1, secondary_park
    ldr     x1, =__stack_top
    mov     sp, x1
    ldr     x1, =__bss_start
    ldr     x2, =__bss_end
1:  cmp     x1, x2
    b.hs    2f
    str     xzr, [x1], #8
    b       1b
2:  bl      main
    bl      vp_exit
3:  wfi
    b       3b

// Cores other than 0 only run when a test starts them with PSCI CPU_ON.
secondary_park:
    wfe
    b       secondary_park

// PSCI CPU_ON entry (vp_cpu_on): x0 = the C function to run. Each core takes a 16 KiB
// stack from __secondary_stacks by its MPIDR Aff0; when the function returns the core
// powers itself off (PSCI CPU_OFF).
    .global vp_secondary_start
vp_secondary_start:
    mov     x1, #(3 << 20)          // CPACR_EL1.FPEN = 0b11: FP/SIMD usable at EL1 and EL0
    msr     cpacr_el1, x1
    isb
    mrs     x1, mpidr_el1
    and     x1, x1, #0xff
    ldr     x2, =__secondary_stacks
    add     x1, x1, #1
    lsl     x1, x1, #14
    add     x2, x2, x1
    mov     sp, x2
    blr     x0
    ldr     x0, =0x84000002
    hvc     #0
1:  wfi
    b       1b
