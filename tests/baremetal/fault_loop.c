// A guest stuck in an exception loop that retires nothing: VBAR_EL1 points at zeroed memory
// (0x00000000 is UDF #0), so every exception entry raises the next one at the same address.
// vp must still advance simulated time and end the run at --timeout (exit status 3).
#include "vp_guest.h"

static unsigned int vectors[512] __attribute__((aligned(2048)));  // 2 KiB of UDF #0

int main(void) {
    __asm__ volatile("msr vbar_el1, %0\n isb\n udf #0" ::"r"(vectors) : "memory");
    return 0;
}
