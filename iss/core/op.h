#pragma once
#include <cstdint>

namespace vp::iss {

class Cpu;
struct Op;

// A pre-decoded operation. Its semantic function performs this one op and returns: the op after it
// (`return next(c, o)`: the op retired and the block goes on) or nullptr when the op ended the
// block (a branch, an exception, a stop request, ...: cpu.pc, the exit slot and, for an early end,
// the retired count set by Cpu::exit_to / raise / exit_after). Semantic functions hold no control
// flow beyond that, so the interpreter's run loop and the x86-64 tier's host code call the same
// function for an op. A block holds at most 64 instructions, each with at most one extra op before
// it (the SP alignment check of a load/store through SP), plus the closing goto.
using OpFn = const Op* (*)(Cpu&, const Op*);

struct Op {
    OpFn fn = nullptr;
    uint64_t imm = 0;                        // main immediate / target address / mask
    uint64_t imm2 = 0;                       // second immediate (bitfield tmask, ...)
    uint64_t pc = 0;                         // guest address of this instruction
    uint8_t d = 0, n = 0, m = 0, a = 0;      // register slots (see Cpu::kZR/kSP/kSink)
    uint8_t f0 = 0, f1 = 0, f2 = 0, f3 = 0;  // small decoded fields (shift, cond, size, ...)
    uint16_t idx = 0;                        // position within the translation block
    uint32_t insn = 0;                       // raw encoding, for logging and ESR.ISS
};

// Ops the translator inserts itself rather than a decode-table row (named by the out_asm trace).
enum class BuiltinOp { goto_next, sp_align, fp_trap, breakpoint, undefined };
OpFn builtin_op_fn(BuiltinOp which);
const char* builtin_op_name(OpFn fn);  // nullptr for a row's semantic function

inline const Op* next(Cpu&, const Op* o) {
    return o + 1;
}

}  // namespace vp::iss
