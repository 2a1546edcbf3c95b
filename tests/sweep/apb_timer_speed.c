// The guest side of tools/bench/rtl_poll.sh: polls the VALUE register of the vp APB timer
// (models/rtl/apb_timer_regs.h, at 0x0c000000 in platforms/virt-apb-timer.yaml) while it counts,
// a fixed number of times, and checks that the counter went down.
#include "vp_guest.h"

#define TIMER_BASE 0x0c000000ul
#define REG(off) (*(volatile uint32_t*)(TIMER_BASE + (off)))
#define LOAD REG(0x00)
#define VALUE REG(0x04)
#define CTRL REG(0x08)

#define CTRL_ENABLE 1u
#define POLLS 200000u

int main(void) {
    LOAD = 0xFFFFFFFFu;
    CTRL = CTRL_ENABLE;  // periodic, no interrupt
    const uint32_t first = VALUE;
    uint32_t last = first;
    for (uint32_t i = 0; i < POLLS; ++i) last = VALUE;
    vp_check(last < first, "VALUE counts down while polled", 2);
    vp_puts("apb_timer polled\n");
    return 0;
}
