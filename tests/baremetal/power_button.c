// Waits for the power button as gpio-keys sees it on QEMU's virt machine (PL061 at 0x09030000,
// line 3, active high), then powers off with PSCI SYSTEM_OFF. Line 3 is set up as Linux's
// gpiolib does for a rising-edge request (PL061 TRM DDI 0190, 3.3: GPIODIR input, GPIOIS edge,
// GPIOIBE single edge, GPIOIEV rising, GPIOIE unmasked); the program polls GPIORIS for the
// latched edge, clears it through GPIOIC and checks that it is gone. Prints "power: waiting"
// and "power: pressed". In vp: SIGTERM presses the button; in QEMU: the monitor's system_powerdown.
// Built with IGNORE_PRESS: listens (the line's interrupt unmasked) but never powers off.
#include <stdint.h>

#include "vp_guest.h"

#define PL061 0x09030000ul
#define REG(off) (*(volatile uint32_t*)(PL061 + (off)))
#define LINE3 (1u << 3)

int main(void) {
    REG(0x400) &= ~LINE3;  // GPIODIR: input
    REG(0x404) &= ~LINE3;  // GPIOIS: edge
    REG(0x408) &= ~LINE3;  // GPIOIBE: one edge
    REG(0x40C) |= LINE3;   // GPIOIEV: rising
    REG(0x41C) = LINE3;    // GPIOIC: nothing stale
    REG(0x410) |= LINE3;   // GPIOIE
    vp_puts("power: waiting\n");
#ifdef IGNORE_PRESS
    for (;;) {
    }
#endif
    while (!(REG(0x414) & LINE3)) {  // GPIORIS
    }
    vp_check((REG(0x418) & LINE3) != 0, "GPIOMIS bit 3 after the edge", 2);
    REG(0x41C) = LINE3;  // GPIOIC
    vp_check((REG(0x414) & LINE3) == 0, "GPIOIC clears the edge", 2);
    vp_puts("power: pressed\n");
    vp_hvc(0x84000008u, 0, 0, 0);  // PSCI SYSTEM_OFF: exit status 0 in vp and QEMU
    for (;;) __asm__ volatile("wfi");
}
