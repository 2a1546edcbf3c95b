// System-level helpers for bare-metal tests: exceptions, system registers, GIC, PSCI.
#pragma once
#include <stdint.h>

#define READ_SYSREG(name)                              \
    ({                                                 \
        uint64_t v_;                                   \
        __asm__ volatile("mrs %0, " #name : "=r"(v_)); \
        v_;                                            \
    })
#define WRITE_SYSREG(name, v) __asm__ volatile("msr " #name ", %0" : : "r"((uint64_t)(v)) : "memory")

// The registers vp_vectors saved, x[0..30]; the handler may change them.
struct vp_frame {
    uint64_t x[31];
};
// Installs vp_vectors in VBAR_EL1; `handler` receives every exception.
typedef void (*vp_handler)(unsigned kind, struct vp_frame* frame);
void vp_install_vectors(vp_handler handler);

// QEMU virt GICv2: distributor and CPU interface.
#define GICD_BASE 0x08000000ul
#define GICC_BASE 0x08010000ul
#define REG32(addr) (*(volatile uint32_t*)(addr))

// PSCI over HVC (DEN0022).
#define PSCI_CPU_ON 0xc4000003ul
int64_t vp_cpu_on(uint64_t mpidr, void (*entry)(void), uint64_t context);
