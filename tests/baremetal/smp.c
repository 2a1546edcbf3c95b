// Two cores: PSCI CPU_ON, a spinlock with LDAXR/STLXR under contention, and an SGI from
// core 0 to core 1 through the GICv2 (IHI 0048B: GICD_SGIR, GICC_IAR/EOIR).
#include "vp_guest.h"
#include "vp_system.h"

#define ROUNDS 20000
static volatile uint32_t g_lock;
static volatile uint64_t g_counter;
static volatile int g_core1_done, g_core1_ready, g_ipi_seen;
static volatile uint32_t g_iar;

static void lock(volatile uint32_t* l) {
    uint32_t tmp, one = 1;
    __asm__ volatile(
        "1: ldaxr %w0, [%1]\n"
        "   cbnz %w0, 1b\n"
        "   stlxr %w0, %w2, [%1]\n"
        "   cbnz %w0, 1b\n"
        : "=&r"(tmp)
        : "r"(l), "r"(one)
        : "memory");
}
static void unlock(volatile uint32_t* l) {
    __asm__ volatile("stlr wzr, [%0]" : : "r"(l) : "memory");
}

static void add_many(void) {
    for (int i = 0; i < ROUNDS; ++i) {
        lock(&g_lock);
        g_counter = g_counter + 1;
        unlock(&g_lock);
    }
}

static void irq_handler(unsigned kind, struct vp_frame* f) {
    (void)f;
    if (kind != 5) vp_exit(50 + (int)kind);  // IRQ, current EL with SPx
    uint32_t iar = REG32(GICC_BASE + 0x0c);
    g_iar = iar;
    REG32(GICC_BASE + 0x10) = iar;  // EOIR
    g_ipi_seen = 1;
}

static void core1_main(void) {
    vp_install_vectors(irq_handler);
    REG32(GICD_BASE + 0x100) = 1u << 1;  // ISENABLER0: SGI 1 (banked per core)
    REG32(GICC_BASE + 0x04) = 0xff;      // GICC_PMR: let every priority through
    REG32(GICC_BASE + 0x00) = 1;         // GICC_CTLR: enable
    add_many();
    g_core1_ready = 1;
    __asm__ volatile("msr daifclr, #2" ::: "memory");  // unmask IRQ
    while (!g_ipi_seen) __asm__ volatile("wfi");
    g_core1_done = 1;
}

int main(void) {
    REG32(GICD_BASE + 0x000) = 1;  // GICD_CTLR: enable forwarding
    vp_check(vp_cpu_on(1, core1_main, 0) == 0, "PSCI CPU_ON core 1 succeeds", 1);
    while (vp_hvc(0xc4000004ul, 1, 0, 0) != 0) {  // AFFINITY_INFO until ON (DEN0022 5.7)
    }
    vp_check(vp_cpu_on(1, core1_main, 0) == -4, "PSCI CPU_ON of a running core: ALREADY_ON", 2);
    add_many();
    while (!g_core1_ready) {
    }
    vp_check(g_counter == 2 * ROUNDS, "spinlock keeps every increment", 3);
    // GICD_SGIR: TargetListFilter 0, CPUTargetList = core 1 (bit 17), SGI 1.
    REG32(GICD_BASE + 0xf00) = (1u << (16 + 1)) | 1u;
    while (!g_core1_done) {
    }
    vp_check((g_iar & 0x3ff) == 1, "core 1 acknowledged SGI 1", 4);
    vp_check(((g_iar >> 10) & 7) == 0, "IAR.CPUID names core 0 as the source", 5);
    vp_puts("smp passed\n");
    return 0;
}
