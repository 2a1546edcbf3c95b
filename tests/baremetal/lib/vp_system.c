#include "vp_system.h"

#include "vp_guest.h"

extern char vp_vectors[];
static vp_handler g_handler;

void vp_exception(unsigned kind, struct vp_frame* frame) {
    if (g_handler) {
        g_handler(kind, frame);
        return;
    }
    vp_puts("unexpected exception, kind ");
    vp_put_dec(kind);
    vp_puts(" ESR ");
    vp_put_hex(READ_SYSREG(esr_el1));
    vp_puts(" ELR ");
    vp_put_hex(READ_SYSREG(elr_el1));
    vp_putc('\n');
    vp_exit(99);
}

void vp_install_vectors(vp_handler handler) {
    g_handler = handler;
    WRITE_SYSREG(vbar_el1, (uint64_t)vp_vectors);
    __asm__ volatile("isb");
}

// Secondary entry: PSCI CPU_ON starts the core here with x0 = context (the C entry point)
// and no stack; every core gets 16 KiB below __stack_top's secondary area.
int64_t vp_cpu_on(uint64_t mpidr, void (*entry)(void), uint64_t context) {
    (void)context;
    extern void vp_secondary_start(void);
    return (int64_t)vp_hvc(PSCI_CPU_ON, mpidr, (uint64_t)vp_secondary_start, (uint64_t)entry);
}
