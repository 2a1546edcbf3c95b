// Debugger test program: writes a global three times (a write watchpoint must stop on each).
#include "vp_guest.h"

volatile uint64_t vp_watched;

int main(void) {
    for (uint64_t i = 1; i <= 3; ++i) vp_watched = i * 0x11;
    vp_puts("watch_target done\n");
    return 0;
}
