// vp's APB timer (models/rtl/apb_timer_regs.h; C++ model or Verilated RTL) programmed by the
// CPU, its interrupt taken through the GICv2 (SPI 112 = INTID 144 in platforms/virt-apb-timer.yaml).
#include "vp_guest.h"
#include "vp_system.h"

#define TIMER_BASE 0x0c000000ul
#define T_LOAD 0x00
#define T_CTRL 0x08
#define T_INTCLR 0x0c
#define T_RIS 0x10
#define T_ID 0x18
#define CTRL_ENABLE 1u
#define CTRL_INTEN 2u
#define CTRL_ONESHOT 4u
#define TIMER_INTID 144

static volatile uint32_t g_iar = 1023;
static volatile uint32_t g_ris_in_handler;

static void handler(unsigned kind, struct vp_frame* f) {
    (void)f;
    if (kind != 5) vp_exit(40 + (int)kind);
    g_iar = REG32(GICC_BASE + 0x0c);
    g_ris_in_handler = REG32(TIMER_BASE + T_RIS);
    REG32(TIMER_BASE + T_INTCLR) = 1;  // the level-sensitive line drops
    REG32(GICC_BASE + 0x10) = g_iar;
}

int main(void) {
    vp_install_vectors(handler);
    vp_check(REG32(TIMER_BASE + T_ID) == 0x56544d52u, "timer ID register", 1);
    REG32(GICD_BASE + 0x000) = 1;                                                  // GICD_CTLR
    REG32(GICD_BASE + 0x100 + 4 * (TIMER_INTID / 32)) = 1u << (TIMER_INTID % 32);  // ISENABLERn
    *(volatile uint8_t*)(GICD_BASE + 0x800 + TIMER_INTID) = 1;                     // ITARGETSR: core 0
    REG32(GICC_BASE + 0x004) = 0xff;                                               // GICC_PMR
    REG32(GICC_BASE + 0x000) = 1;                                                  // GICC_CTLR
    REG32(TIMER_BASE + T_LOAD) = 1000;
    REG32(TIMER_BASE + T_CTRL) = CTRL_ENABLE | CTRL_INTEN | CTRL_ONESHOT;
    __asm__ volatile("msr daifclr, #2" ::: "memory");
    while (g_iar == 1023) __asm__ volatile("wfi");
    vp_check((g_iar & 0x3ff) == TIMER_INTID, "the GIC delivered the timer's SPI", 2);
    vp_check(g_ris_in_handler & 1, "RIS set while the interrupt is taken", 3);
    vp_check((REG32(TIMER_BASE + T_RIS) & 1) == 0, "INTCLR cleared RIS", 4);
    vp_puts("apb_timer interrupt taken\n");
    return 0;
}
