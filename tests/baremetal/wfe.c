// WFE wake-up events (ARM ARM D1.16.2): SEV from another core, the loss of an exclusive
// reservation when another core stores to it (the LDAXR + WFE wait Linux uses), and the
// generic timer's event stream (CNTKCTL_EL1.EVNTEN). A missing event hangs the program,
// which the test's --timeout turns into a failure.
#include "vp_guest.h"
#include "vp_system.h"

static volatile uint32_t g_flag_sev, g_flag_excl, g_stage;

static uint32_t ldaxr(volatile uint32_t* p) {
    uint32_t v;
    __asm__ volatile("ldaxr %w0, [%1]" : "=r"(v) : "r"(p) : "memory");
    return v;
}

static void core1_main(void) {
    g_stage = 1;
    while (!g_flag_sev) __asm__ volatile("wfe");  // woken by core 0's SEV
    g_stage = 2;
    while (ldaxr(&g_flag_excl) == 0) __asm__ volatile("wfe");  // woken by core 0's store
    __asm__ volatile("clrex");
    g_stage = 3;
}

static void spin(unsigned n) {
    for (volatile unsigned i = 0; i < n; ++i) {
    }
}

int main(void) {
    vp_check(vp_cpu_on(1, core1_main, 0) == 0, "PSCI CPU_ON core 1", 1);
    while (g_stage != 1) {
    }
    spin(1000);
    g_flag_sev = 1;
    __asm__ volatile("dsb sy\n sev" ::: "memory");
    while (g_stage != 2) {
    }
    spin(1000);
    g_flag_excl = 1;  // a plain store: clears core 1's reservation, which is its event
    while (g_stage != 3) {
    }
    // Event stream: an event each time CNTVCT bit 4 rises (every 32 ticks); no other source.
    WRITE_SYSREG(cntkctl_el1, (4u << 4) | (1u << 2));
    __asm__ volatile("sevl\n wfe" ::: "memory");  // consume any pending event
    for (int i = 0; i < 3; ++i) __asm__ volatile("wfe");
    WRITE_SYSREG(cntkctl_el1, 0);
    vp_puts("wfe wake-ups passed\n");
    return 0;
}
