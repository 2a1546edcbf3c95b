// A guest that idles for good: interrupts masked, no timer, WFI forever. With nothing scheduled
// the run can only end by itself when no input can arrive any more (see BareMetal.IdleGuest*).
#include "vp_guest.h"

int main(void) {
    vp_puts("idle\n");
    __asm__ volatile("msr daifset, #0xf");
    for (;;) __asm__ volatile("wfi");
}
