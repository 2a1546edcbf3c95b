#pragma once
// Addressing of the single-register and pair loads/stores, integer and SIMD&FP (ARM ARM C4.1.88):
// the address of the access and the base-register writeback of the pre/post-indexed forms.
#include <cstdint>

#include "iss/semantics/sem.h"

namespace vp::iss::sem {

// OFF: [Xn|SP, #imm]; PRE: [Xn|SP, #imm]!; POST: [Xn|SP], #imm; REG: [Xn|SP, Xm/Wm, extend #shift];
// UNPRIV: LDTR/STTR ([Xn|SP, #imm] with EL0 permissions).
enum AddrMode : unsigned { OFF, PRE, POST, REG, UNPRIV };

// Operands: o->n = base slot, o->m = index slot (REG), o->imm = offset; `option`/`shift` are the
// REG form's extend (ExtendReg) because each family keeps them in different op fields.
template <unsigned MODE>
inline uint64_t ldst_address(const Cpu& c, const Op* o, unsigned option = 0, unsigned shift = 0) {
    const uint64_t base = c.x[o->n];
    if constexpr (MODE == REG) return base + extend_reg(c.x[o->m], option, shift);
    if constexpr (MODE == POST) return base;
    return base + o->imm;
}

// After the access succeeded: PRE writes the address back, POST the base plus the offset.
template <unsigned MODE>
inline void ldst_writeback(Cpu& c, const Op* o, uint64_t addr) {
    if constexpr (MODE == PRE) c.x[o->n] = addr;
    if constexpr (MODE == POST) c.x[o->n] = addr + o->imm;
}

}  // namespace vp::iss::sem
