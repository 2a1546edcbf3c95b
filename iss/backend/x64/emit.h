// Inline x86-64 forms of decode-table rows, for the block compiler. One emitter per row family,
// keyed by the row's name in a64_table.inc; each reads the Op fields the row's translate function
// filled (the same fields its semantic function reads) and must leave CpuState exactly as that
// semantic function does (tests/iss/test_jit_rows.cpp holds every emitter to the interpreter).
#pragma once
#include <xbyak/xbyak.h>

#include <cstddef>
#include <deque>
#include <utility>

#include "iss/core/cpu_state.h"
#include "iss/core/op.h"
#include "iss/core/tb.h"
#include "iss/frontend/decoder.h"

namespace vp::iss::x64 {

// The emitters' register conventions: rdi holds CpuState*; rax, rcx, rdx, rsi and r8-r11 are
// scratch. Nothing is called, so no stack frame is needed.
struct Emitter {
    explicit Emitter(Xbyak::CodeGenerator& gen) : g(gen) {}
    Xbyak::CodeGenerator& g;
    bool align_checked = false;  // the block's ops check single-copy alignment (Cpu::align_checked)
    const TB* tb = nullptr;      // the block being compiled
    bool chain = false;          // direct exits continue into a linked successor's host code
    const Xbyak::Reg64 state = Xbyak::util::rdi;
    // Side exits, emitted after the block: return `idx` so that the run loop continues the block in
    // the interpreter at ops[idx], which redoes that op from the start (nothing of it happened yet).
    std::deque<std::pair<Xbyak::Label, unsigned>> side_exits;
    Xbyak::Label& side_exit(unsigned idx) {
        side_exits.emplace_back(Xbyak::Label{}, idx);
        return side_exits.back().first;
    }

    Xbyak::Address x(unsigned slot) const { return g.qword[state + offsetof(CpuState, x) + slot * 8]; }
    Xbyak::Address w(unsigned slot) const { return g.dword[state + offsetof(CpuState, x) + slot * 8]; }
    Xbyak::Address pc() const { return g.qword[state + offsetof(CpuState, pc)]; }
    Xbyak::Address nzcv() const { return g.dword[state + offsetof(CpuState, nzcv)]; }
    Xbyak::Address exit_slot() const { return g.dword[state + offsetof(CpuState, exit_slot)]; }
    Xbyak::Address field(size_t offset) const { return g.qword[state + offset]; }
};

// Emits `op`, or nothing when the row has no inline form (none). A block-ending op (exit) ends
// with a return to the run loop (the host block returns -1: every instruction retired).
enum class Emitted { none, op, exit };
Emitted emit_op(Emitter& e, const DecodeRow& row, const Op& op);
Emitted emit_ldst(Emitter& e, const DecodeRow& row, const Op& op);  // emit_ldst.cpp (emit_op calls it)
// The closing goto the translator appends to a block that does not end in a branch.
void emit_goto(Emitter& e, const Op& op);
// A direct exit to `target` through chaining slot `slot` (0 taken, 1 fall-through): sets pc and
// exit_slot as the interpreter does, then, when chaining, continues into the successor's host code
// if the block is linked to one under the current mapping epoch and the budget allows the next
// block (as Cpu::exit_to decides), else returns -1 to the run loop.
void emit_exit(Emitter& e, uint64_t target, int slot);

}  // namespace vp::iss::x64
