// Inline x86-64 forms of decode-table rows, for the block compiler. One emitter per row family,
// keyed by the row's name in a64_table.inc; each reads the Op fields the row's translate function
// filled (the same fields its semantic function reads) and must leave CpuState exactly as that
// semantic function does (tests/iss/test_jit_rows.cpp holds every emitter to the interpreter).
#pragma once
#include <xbyak/xbyak.h>

#include <cstddef>
#include <deque>
#include <optional>
#include <utility>

#include "iss/core/cpu_state.h"
#include "iss/core/op.h"
#include "iss/core/tb.h"
#include "iss/frontend/decoder.h"

namespace vp::iss::x64 {

// The emitters' register conventions: rbx holds the Cpu (whose CpuState is at offset 0; the entry
// stub sets it up and keeps the stack 16-byte aligned, so a block may call C++ functions); rax,
// rcx, rdx, rsi, rdi and r8-r11 are scratch, and every call may clobber them. Guest state lives
// in CpuState only, so nothing needs writing back before a call.
struct Emitter {
    explicit Emitter(Xbyak::CodeGenerator& gen) : g(gen) {}
    Xbyak::CodeGenerator& g;
    bool align_checked = false;  // the block's ops check single-copy alignment (Cpu::align_checked)
    const TB* tb = nullptr;      // the block being compiled
    bool chain = false;          // exits may continue into other blocks' host code
    // The block may call a semantic function (emit_call, a slow path) before its exit: every op
    // that can is emitted before the exit that reads this.
    bool calls = false;
    const Xbyak::Reg64 state = Xbyak::util::rbx;
    Xbyak::Label ended;  // the block ended inside a called op: return -1 to the run loop
    // Slow paths, emitted after the block: a load/store whose inline fast path missed calls its
    // semantic function, which performs the whole op (nothing of it has happened yet), then resumes
    // after the inline form.
    struct SlowPath {
        Xbyak::Label entry, resume;
        const Op* op;
    };
    std::deque<SlowPath> slow_paths;
    Xbyak::Label& slow_path(const Op& op) {
        calls = true;
        slow_paths.push_back(SlowPath{{}, {}, &op});
        return slow_paths.back().entry;
    }

    Xbyak::Address x(unsigned slot) const { return g.qword[state + offsetof(CpuState, x) + slot * 8]; }
    Xbyak::Address w(unsigned slot) const { return g.dword[state + offsetof(CpuState, x) + slot * 8]; }
    Xbyak::Address pc() const { return g.qword[state + offsetof(CpuState, pc)]; }
    Xbyak::Address nzcv() const { return g.dword[state + offsetof(CpuState, nzcv)]; }
    Xbyak::Address exit_slot() const { return g.dword[state + offsetof(CpuState, exit_slot)]; }
    Xbyak::Address field(size_t offset) const { return g.qword[state + offset]; }
    // Returns `v` from the host code to the run loop (the frame is the entry stub's).
    void leave(int v) {
        g.mov(g.eax, v);
        g.pop(state);
        g.ret();
    }
};

// Calls op.fn, the op's semantic function, as the interpreter would (op is its TB's, so that the
// function sees the op's own index and pc); when it ended the block (returned nullptr), jumps to
// e.ended, else falls through.
void emit_call(Emitter& e, const Op& op);
// Emits `op`, or nothing when the row has no inline form (none). A block-ending op (exit) ends
// with a return to the run loop (the host block returns -1: every instruction retired).
enum class Emitted { none, op, exit };
Emitted emit_op(Emitter& e, const DecodeRow& row, const Op& op);
Emitted emit_ldst(Emitter& e, const DecodeRow& row, const Op& op);  // emit_ldst.cpp (emit_op calls it)
// The closing goto the translator appends to a block that does not end in a branch.
void emit_goto(Emitter& e, const Op& op);
// A direct exit to `target` through chaining slot `slot` (0 taken, 1 fall-through): sets pc and
// exit_slot as the interpreter does, then, when chaining, continues into the successor's host code
// if the block is linked to one under the current mapping epoch, the budget allows the next block
// and (in a block that called anything) no stop request or deliverable interrupt is pending, else
// returns -1 to the run loop.
void emit_exit(Emitter& e, uint64_t target, int slot);
// BR, BLR, RET: to x[slot] (BLR: `link` to X30, after the target is read), not chainable (exit
// slot -1). When chaining, continues into the host code of the block at the target if
// Cpu::host_indirect_successor finds one, else returns -1 to the run loop.
void emit_indirect(Emitter& e, unsigned slot, std::optional<uint64_t> link);

}  // namespace vp::iss::x64
