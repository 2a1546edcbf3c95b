// Exception entry and return at EL1 and from EL0 (ARM ARM D1.10, ESR_EL1 D17.2.37).
// Exit status n names the first failing check.
#include "vp_guest.h"
#include "vp_system.h"

static volatile unsigned g_kind;
static volatile uint64_t g_esr, g_elr, g_far;
static volatile int g_in_el0;
extern char svc_site[], brk_site[], udf_site[], el0_entry[], el0_svc_site[], back_at_el1[];

static void handler(unsigned kind, struct vp_frame* f) {
    (void)f;
    g_kind = kind;
    g_esr = READ_SYSREG(esr_el1);
    g_elr = READ_SYSREG(elr_el1);
    g_far = READ_SYSREG(far_el1);
    unsigned ec = (unsigned)(g_esr >> 26);
    if (ec == 0x3c || ec == 0x00 || ec == 0x25) WRITE_SYSREG(elr_el1, g_elr + 4);  // skip the faulting insn
    if (kind == 8) {  // from EL0: go back to EL1h with interrupts masked (SPSR M = 0b0101)
        WRITE_SYSREG(elr_el1, (uint64_t)back_at_el1);
        WRITE_SYSREG(spsr_el1, 0x3c5);
    }
}

int main(void) {
    vp_install_vectors(handler);

    __asm__ volatile(".global svc_site\nsvc_site: svc #0x42" ::: "memory");
    vp_check(g_kind == 4, "SVC at EL1 with SP_EL1 uses the current-EL SPx vector (+0x200)", 1);
    vp_check((g_esr >> 26) == 0x15 && (g_esr & 0xffff) == 0x42, "SVC: EC 0x15, ISS = imm16", 2);
    vp_check(((g_esr >> 25) & 1) == 1, "ESR.IL = 1 for A64 instructions", 3);
    vp_check(g_elr == (uint64_t)svc_site + 4, "SVC: ELR is the next instruction", 4);

    __asm__ volatile(".global brk_site\nbrk_site: brk #7" ::: "memory");
    vp_check((g_esr >> 26) == 0x3c && (g_esr & 0xffff) == 7, "BRK: EC 0x3C, ISS = imm16", 5);
    vp_check(g_elr == (uint64_t)brk_site, "BRK: ELR is the BRK itself", 6);

    __asm__ volatile(".global udf_site\nudf_site: .inst 0x00000000" ::: "memory");
    vp_check((g_esr >> 26) == 0x00, "UDF: EC 0 (unknown reason)", 7);
    vp_check(g_elr == (uint64_t)udf_site, "UDF: ELR is the instruction", 8);

    volatile uint32_t* hole = (volatile uint32_t*)0x09050000ul;  // a hole in the virt map
    (void)*hole;
    vp_check((g_esr >> 26) == 0x25, "load from an unmapped address: data abort, same EL", 9);
    vp_check((g_esr & 0x3f) == 0x10, "DFSC 0b010000: synchronous external abort", 10);
    vp_check(g_far == 0x09050000ul, "FAR holds the faulting address", 11);

    // Drop to EL0 (SPSR_EL1.M = EL0t, DAIF clear) and come back through SVC.
    static uint8_t el0_stack[4096] __attribute__((aligned(16)));
    WRITE_SYSREG(sp_el0, (uint64_t)(el0_stack + sizeof el0_stack));
    WRITE_SYSREG(spsr_el1, 0);
    WRITE_SYSREG(elr_el1, (uint64_t)el0_entry);
    __asm__ volatile(
        "eret\n"
        ".global el0_entry\nel0_entry:\n"
        "mrs x9, nzcv\n"  // EL0 may read NZCV
        ".global el0_svc_site\nel0_svc_site: svc #1\n"
        ".global back_at_el1\nback_at_el1:\n" ::
            : "x9", "memory");
    vp_check(g_kind == 8, "SVC from EL0 uses the lower-EL AArch64 vector (+0x400)", 12);
    vp_check((g_esr >> 26) == 0x15 && (g_esr & 0xffff) == 1, "SVC from EL0: EC 0x15", 13);
    vp_check(g_elr == (uint64_t)el0_svc_site + 4, "SVC from EL0: ELR after the SVC", 14);
    vp_check((READ_SYSREG(CurrentEL) >> 2) == 1, "back at EL1", 15);
    vp_puts("exceptions passed\n");
    return 0;
}
