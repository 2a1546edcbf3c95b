// Exception and interrupt storms: a guest that does nothing but take exceptions, for the
// storm benchmark (tools/bench/storm.sh) and the run-time bound in the system tests. Every vector
// is a bare ERET (ARM ARM D1.10.2: 16 entries of 0x80 bytes), so each event costs one exception
// entry and one return. STORM selects the event; the program never ends (run it with --timeout):
//   1 SVC at EL1 (svc; b)             2 UDF at EL1, retried (the ERET returns to the UDF)
//   3 data abort at EL1, retried      4 IRQ never acknowledged (the timer's PPI stays pending)
//   5 SVC from EL0 with the MMU on (EL0 <-> EL1 every event)
#include "vp_guest.h"
#include "vp_system.h"

#ifndef STORM
#error "define STORM (1-5)"
#endif
#define STR_(x) #x
#define STR(x) STR_(x)

__asm__(
    ".pushsection .text.storm_vectors, \"ax\"\n"
    ".balign 2048\n"
    ".global storm_vectors\n"
    "storm_vectors:\n"
    ".rept 16\n"
    "eret\n"
    ".balign 0x80\n"
    ".endr\n"
    ".popsection\n");
extern char storm_vectors[];

#if STORM == 5
#define BLOCK_DEVICE 0x401ull    // AF | AttrIndx 0 (Device-nGnRnE) | block, EL1 only
#define BLOCK_NORMAL 0x705ull    // AF | SH inner | AttrIndx 1 (Normal WB) | block, EL1 RW
#define BLOCK_EL0_RO_X 0x7c5ull  // the same with AP[2:1] = 0b11: read-only at EL0 and EL1
#define EL0_ALIAS 0x80000000ull  // VA of a second, EL0-executable view of RAM
static uint64_t l0[512] __attribute__((aligned(4096)));
static uint64_t l1[512] __attribute__((aligned(4096)));
extern char el0_loop[];
__asm__(
    ".pushsection .text\n"
    ".global el0_loop\n"
    "el0_loop: svc #0\n"
    "b el0_loop\n"
    ".popsection\n");

static void mmu_on(void) {
    l1[0] = 0x00000000ull | BLOCK_DEVICE;    // 0-1 GiB: devices
    l1[1] = 0x40000000ull | BLOCK_NORMAL;    // 1-2 GiB: RAM
    l1[2] = 0x40000000ull | BLOCK_EL0_RO_X;  // 2-3 GiB: RAM again, for EL0 to execute
    l0[0] = (uint64_t)l1 | 3;
    WRITE_SYSREG(mair_el1, 0xff00ull);  // attr0 Device-nGnRnE, attr1 Normal write-back
    // T0SZ = 16, walks inner/outer WB inner shareable, TG0 4K, EPD1 (no TTBR1), IPS 40 bits.
    WRITE_SYSREG(tcr_el1, 16ull | (1ull << 8) | (1ull << 10) | (3ull << 12) | (1ull << 23) | (2ull << 32));
    WRITE_SYSREG(ttbr0_el1, (uint64_t)l0);
    __asm__ volatile("dsb sy\n tlbi vmalle1\n dsb sy\n isb" ::: "memory");
    WRITE_SYSREG(sctlr_el1, READ_SYSREG(sctlr_el1) | 1 | (1u << 2) | (1u << 12));  // M, C, I
    __asm__ volatile("isb" ::: "memory");
}
#endif

int main(void) {
    WRITE_SYSREG(vbar_el1, (uint64_t)storm_vectors);
    __asm__ volatile("isb" ::: "memory");
    vp_puts("storm " STR(STORM) "\n");
#if STORM == 1
    __asm__ volatile("1: svc #0\n b 1b" ::: "memory");
#elif STORM == 2
    __asm__ volatile("udf #0" ::: "memory");
#elif STORM == 3
    __asm__ volatile("1: ldr w0, [%0]\n b 1b" : : "r"(0x09050000ul) : "x0", "memory");  // a hole
#elif STORM == 4
    REG32(GICD_BASE + 0x000) = 1;         // GICD_CTLR
    REG32(GICD_BASE + 0x100) = 1u << 30;  // ISENABLER0: INTID 30, the EL1 physical timer
    REG32(GICC_BASE + 0x004) = 0xff;      // GICC_PMR
    REG32(GICC_BASE + 0x000) = 1;         // GICC_CTLR
    WRITE_SYSREG(cntp_cval_el0, 0);       // already passed: ISTATUS = 1 from now on
    WRITE_SYSREG(cntp_ctl_el0, 1);        // ENABLE, not masked
    __asm__ volatile("msr daifclr, #2\n 1: b 1b" ::: "memory");
#elif STORM == 5
    mmu_on();
    WRITE_SYSREG(spsr_el1, 0);  // EL0t, DAIF clear
    WRITE_SYSREG(elr_el1, EL0_ALIAS + ((uint64_t)el0_loop - 0x40000000ull));
    __asm__ volatile("eret" ::: "memory");
#endif
    return 1;
}
