// VMSAv8-64 stage 1 with the 4K granule (ARM ARM D8): an identity map through TTBR0 and a
// high-half alias of RAM through TTBR1, both 48-bit (T0SZ = T1SZ = 16, walks from level 0),
// 1 GiB blocks; a translation fault on an unmapped high address; AT S1E1R into PAR_EL1.
#include "vp_guest.h"
#include "vp_system.h"

#define HIGH_BASE 0xffff000000000000ull
#define BLOCK_DEVICE 0x401ull  // AF | AttrIndx 0 (Device-nGnRnE) | block
#define BLOCK_NORMAL 0x705ull  // AF | SH inner | AttrIndx 1 (Normal WB) | block

static uint64_t l0_low[512] __attribute__((aligned(4096)));
static uint64_t l1_low[512] __attribute__((aligned(4096)));
static uint64_t l0_high[512] __attribute__((aligned(4096)));
static uint64_t l1_high[512] __attribute__((aligned(4096)));
static volatile uint64_t g_shared = 0x1234;
static volatile uint64_t g_esr, g_far;

static void handler(unsigned kind, struct vp_frame* f) {
    (void)f;
    if (kind != 4) vp_exit(60 + (int)kind);
    g_esr = READ_SYSREG(esr_el1);
    g_far = READ_SYSREG(far_el1);
    WRITE_SYSREG(elr_el1, READ_SYSREG(elr_el1) + 4);
}

int main(void) {
    vp_install_vectors(handler);
    l1_low[0] = 0x00000000ull | BLOCK_DEVICE;  // 0-1 GiB: devices (GIC, UART)
    l1_low[1] = 0x40000000ull | BLOCK_NORMAL;  // 1-2 GiB: RAM
    l0_low[0] = (uint64_t)l1_low | 3;
    l1_high[1] = 0x40000000ull | BLOCK_NORMAL;  // HIGH_BASE + 1 GiB -> RAM
    l0_high[0] = (uint64_t)l1_high | 3;
    WRITE_SYSREG(mair_el1, 0xff00ull);  // attr0 Device-nGnRnE, attr1 Normal write-back
    uint64_t tcr = 16ull | (1ull << 8) | (1ull << 10) | (3ull << 12)             // T0SZ, walks WB, inner
                   | (16ull << 16) | (1ull << 24) | (1ull << 26) | (3ull << 28)  // T1SZ, the same
                   | (2ull << 30) | (2ull << 32);                                // TG1 4K, IPS 40 bits
    WRITE_SYSREG(tcr_el1, tcr);
    WRITE_SYSREG(ttbr0_el1, (uint64_t)l0_low);
    WRITE_SYSREG(ttbr1_el1, (uint64_t)l0_high);
    __asm__ volatile("dsb sy\n tlbi vmalle1\n dsb sy\n isb" ::: "memory");
    uint64_t sctlr = READ_SYSREG(sctlr_el1);
    WRITE_SYSREG(sctlr_el1, sctlr | 1 | (1u << 2) | (1u << 12));  // M, C, I
    __asm__ volatile("isb" ::: "memory");
    vp_puts("MMU on\n");

    volatile uint64_t* alias = (volatile uint64_t*)(HIGH_BASE + (uint64_t)&g_shared);
    vp_check(*alias == 0x1234, "the high-half alias reads the same RAM", 1);
    *alias = 0xabcd;
    vp_check(g_shared == 0xabcd, "a store through TTBR1 is seen through TTBR0", 2);

    __asm__ volatile("at s1e1r, %0\n isb" : : "r"(HIGH_BASE + (uint64_t)&g_shared));
    uint64_t par = READ_SYSREG(par_el1);
    vp_check((par & 1) == 0, "AT S1E1R on a mapped address succeeds (PAR_EL1.F = 0)", 3);
    vp_check((par & 0xfffffffff000ull) == ((uint64_t)&g_shared & ~0xfffull), "PAR_EL1.PA", 4);

    volatile uint64_t* unmapped = (volatile uint64_t*)(HIGH_BASE + 0x100000000ull);  // l1_high[4] is 0
    (void)*unmapped;
    vp_check((g_esr >> 26) == 0x25, "data abort taken at EL1", 5);
    vp_check((g_esr & 0x3f) == 0x05, "DFSC: translation fault, level 1", 6);
    vp_check(g_far == (uint64_t)unmapped, "FAR is the faulting virtual address", 7);
    vp_puts("mmu passed\n");
    return 0;
}
