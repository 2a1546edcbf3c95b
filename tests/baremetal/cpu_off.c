// The boot core powers itself off (PSCI CPU_OFF, DEN0022 5.1.3, function ID 0x84000002): with
// -smp 1 no core is left to run and nothing is scheduled; only a timeout or the console ends
// the run.
#include "vp_guest.h"

int main(void) {
    vp_puts("cpu_off\n");
    vp_hvc(0x84000002u, 0, 0, 0);
    vp_puts("FAIL: CPU_OFF returned\n");
    vp_exit(1);
}
