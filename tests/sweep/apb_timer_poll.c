// Bare-metal check of the vp APB timer (models/rtl/apb_timer_regs.h): a one-shot timeout
// seen by polling, identical for the C++ model `apb_timer` and the RTL `rtl.apb_timer`.
// The timer sits at 0x0c000000 in platforms/virt-apb-timer.yaml.
#include "vp_guest.h"

#define TIMER_BASE 0x0c000000ul
#define REG(off) (*(volatile uint32_t*)(TIMER_BASE + (off)))
#define LOAD REG(0x00)    // reload value; a write also loads VALUE
#define VALUE REG(0x04)   // the down-counter
#define CTRL REG(0x08)    // bit 0 ENABLE, bit 1 INTEN, bit 2 ONESHOT
#define INTCLR REG(0x0C)  // write 1: clear RIS
#define RIS REG(0x10)     // bit 0 raw interrupt status
#define MIS REG(0x14)     // bit 0 RIS & INTEN
#define ID REG(0x18)      // "VTMR"

#define CTRL_ENABLE 1u
#define CTRL_ONESHOT 4u
#define TIMER_ID 0x56544D52u
#define TICKS 1000u  // 1001 timer cycles to the timeout: ~10 us at the default 100 MHz
#define MAX_POLLS 10000000u

static void put_hex32(uint32_t v) {
    vp_puts("0x");
    for (int i = 28; i >= 0; i -= 4) vp_putc("0123456789abcdef"[(v >> i) & 15]);
}

int main(void) {
    CTRL = 0;
    INTCLR = 1;
    vp_check(RIS == 0, "RIS is clear before the timer runs", 2);
    LOAD = TICKS;
    CTRL = CTRL_ENABLE | CTRL_ONESHOT;  // no INTEN: polled, no interrupt

    uint32_t polls = 0;
    while ((RIS & 1u) == 0) {
        vp_check(++polls < MAX_POLLS, "RIS never set after the one-shot timeout", 3);
    }
    vp_check(MIS == 0, "MIS stays clear without CTRL.INTEN", 4);
    vp_check((CTRL & CTRL_ENABLE) == 0, "one-shot timeout clears CTRL.ENABLE", 5);
    vp_check(VALUE == 0, "one-shot VALUE stays 0 after the timeout", 6);
    INTCLR = 1;
    vp_check(RIS == 0, "INTCLR clears RIS", 7);

    uint32_t id = ID;
    vp_check(id == TIMER_ID, "ID reads 0x56544d52", 8);
    vp_puts("apb_timer id=");
    put_hex32(id);
    vp_puts(" fired\n");
    return 0;
}
