// PSCI argument rules (Arm DEN0022 PSCI; DEN0028 SMC Calling Convention): a 32-bit function
// (function ID bit 30 clear) takes its arguments in W registers, so CPU_ON_32 and
// AFFINITY_INFO_32 ignore the upper halves of X1-X3, while the 64-bit functions use all 64 bits;
// AFFINITY_INFO returns INVALID_PARAMETERS for a lowest affinity level the implementation does not
// support (vp, like PSCI 1.0 allows, supports level 0 only). Two cores. Exit status n names the
// first failing check.
#include "vp_guest.h"
#include "vp_system.h"

#define CPU_ON_32 0x84000003ul
#define CPU_ON_64 0xc4000003ul
#define AFFINITY_INFO_32 0x84000004ul
#define AFFINITY_INFO_64 0xc4000004ul
// Return codes (DEN0022 "Return error codes") and AFFINITY_INFO states.
#define SUCCESS 0
#define INVALID_PARAMETERS (-2)
#define AFF_ON 0

static const uint64_t kJunk = 0xa5a5a5a500000000ul;  // garbage in the upper halves
static volatile int g_started;

static void core1_main(void) {
    g_started = 1;
    for (;;) __asm__ volatile("wfi");  // stays ON
}

// A 32-bit function's result is W0 (SMCCC); the 64-bit ones return X0.
static int32_t call32(uint64_t fid, uint64_t a1, uint64_t a2, uint64_t a3) {
    return (int32_t)vp_hvc(fid, a1, a2, a3);
}

int main(void) {
    extern void vp_secondary_start(void);
    const uint64_t start = (uint64_t)vp_secondary_start, entry = (uint64_t)core1_main;
    vp_check(start >> 32 == 0 && entry >> 32 == 0, "the program is linked below 4 GiB", 1);

    vp_check((int64_t)vp_hvc(CPU_ON_64, kJunk | 1, start, entry) == INVALID_PARAMETERS,
             "CPU_ON_64 uses all of X1: no core has that MPIDR", 2);
    vp_check(call32(CPU_ON_32, kJunk | 1, kJunk | start, kJunk | entry) == SUCCESS,
             "CPU_ON_32 ignores the upper halves of X1-X3", 3);
    for (unsigned i = 0; i < 100000000u && !g_started; ++i) {
    }
    vp_check(g_started, "core 1 started at the 32-bit entry point with the 32-bit context id", 4);

    vp_check((int64_t)vp_hvc(AFFINITY_INFO_64, 1, 0, 0) == AFF_ON, "AFFINITY_INFO level 0: core 1 is ON", 5);
    for (uint64_t level = 1; level <= 3; ++level)
        vp_check((int64_t)vp_hvc(AFFINITY_INFO_64, 1, level, 0) == INVALID_PARAMETERS,
                 "AFFINITY_INFO with a lowest affinity level above 0: INVALID_PARAMETERS", 6);
    vp_check(call32(AFFINITY_INFO_32, kJunk | 1, kJunk, 0) == AFF_ON,
             "AFFINITY_INFO_32 ignores the upper halves of X1 and X2", 7);
    vp_check((int64_t)vp_hvc(AFFINITY_INFO_64, kJunk | 1, 0, 0) == INVALID_PARAMETERS,
             "AFFINITY_INFO_64 uses all of X1", 8);
    vp_puts("psci arguments passed\n");
    return 0;
}
