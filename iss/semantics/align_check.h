#pragma once
// Alignment check ops of the loads and stores. While Cpu::align_checked() (MMU off: every data
// access is Device-nGnRnE, ARM ARM D8.2.10; or SCTLR_EL1.A = 1) the translator puts a copy of the
// access op with its row's check function in front of it: the copy computes the address from the
// same operands and raises the fault if it is not aligned to the access's single-copy atomic size
// (AArch64.CheckAlignment / Mem[]: each register of a pair, each element of a vector structure, a
// whole Q register). Ordinary translation (MMU on, A = 0) has no check op at all.
#include "iss/semantics/sem.h"

namespace vp::iss::sem {

template <unsigned ALIGN, bool WRITE, auto ADDR>
const Op* op_align_check(Cpu& c, const Op* o) {
    const uint64_t va = ADDR(c, o);
    if (va & (ALIGN - 1)) [[unlikely]]
        return c.misaligned(o, va, WRITE);
    return next(c, o);
}

// The check op for an access of `align` bytes (1, 2, 4, 8 or 16) whose address ADDR computes.
template <bool WRITE, auto ADDR>
OpFn align_check_fn(unsigned align) {
    switch (align) {
        case 1: return nullptr;  // bytes are always aligned
        case 2: return op_align_check<2, WRITE, ADDR>;
        case 4: return op_align_check<4, WRITE, ADDR>;
        case 8: return op_align_check<8, WRITE, ADDR>;
        default: return op_align_check<16, WRITE, ADDR>;
    }
}

}  // namespace vp::iss::sem
