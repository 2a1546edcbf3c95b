// The EL1 physical timer (ARM ARM D11.2) raising PPI 30 through the GICv2 while the core
// sleeps in WFI. Exit status n names the first failing check.
#include "vp_guest.h"
#include "vp_system.h"

static volatile uint32_t g_iar = 1023;
static volatile uint64_t g_fired_at;

static void handler(unsigned kind, struct vp_frame* f) {
    (void)f;
    if (kind != 5) vp_exit(40 + (int)kind);
    g_iar = REG32(GICC_BASE + 0x0c);  // GICC_IAR
    g_fired_at = READ_SYSREG(cntpct_el0);
    WRITE_SYSREG(cntp_ctl_el0, 3);    // ENABLE + IMASK: the level-sensitive PPI drops
    REG32(GICC_BASE + 0x10) = g_iar;  // GICC_EOIR
}

int main(void) {
    vp_install_vectors(handler);
    uint64_t freq = READ_SYSREG(cntfrq_el0);
    vp_check(freq != 0, "CNTFRQ_EL0 is set", 1);
    REG32(GICD_BASE + 0x000) = 1;         // GICD_CTLR
    REG32(GICD_BASE + 0x100) = 1u << 30;  // ISENABLER0: PPI 14 = INTID 30
    REG32(GICC_BASE + 0x004) = 0xff;      // GICC_PMR
    REG32(GICC_BASE + 0x000) = 1;         // GICC_CTLR
    uint64_t start = READ_SYSREG(cntpct_el0);
    uint64_t ticks = freq / 1000;  // 1 ms
    WRITE_SYSREG(cntp_cval_el0, start + ticks);
    WRITE_SYSREG(cntp_ctl_el0, 1);  // ENABLE, not masked
    vp_check((READ_SYSREG(cntp_ctl_el0) & 4) == 0, "ISTATUS clear before the deadline", 2);
    __asm__ volatile("msr daifclr, #2" ::: "memory");
    while (g_iar == 1023) __asm__ volatile("wfi");
    vp_check(g_iar == 30, "the physical timer's PPI is INTID 30", 3);
    vp_check(g_fired_at >= start + ticks, "the interrupt comes at or after CVAL", 4);
    vp_check((READ_SYSREG(cntp_ctl_el0) & 4) != 0, "ISTATUS set once CVAL has passed", 5);
    vp_puts("timer interrupt passed\n");
    return 0;
}
