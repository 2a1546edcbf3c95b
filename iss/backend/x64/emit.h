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

// A guest X register as an operand: its host register while the block keeps it in one, else its
// CpuState slot.
struct GuestReg {
    const Xbyak::Address* mem;  // the Emitter's, built once per slot and block
    Xbyak::Reg reg;
    bool in_reg;
    operator const Xbyak::Operand&() const { return in_reg ? static_cast<const Xbyak::Operand&>(reg) : *mem; }
};

// The emitters' register conventions: rbx holds the Cpu (whose CpuState is at offset 0; the entry
// stub sets it up and keeps the stack 16-byte aligned, so a block may call C++ functions); rax,
// rcx, rdx, rsi, rdi, r8 and r9 are scratch (r9 the budget in a block that loops: loop_sync), and
// every call may clobber them. r10-r15 hold the
// guest X registers the block uses most (kept[]): loaded on entry, written back to CpuState before
// every exit and call and reloaded after a call (a called op reads and writes CpuState). The entry
// stub saves r12-r15.
struct Emitter {
    explicit Emitter(Xbyak::CodeGenerator& gen) : g(gen) {}
    Xbyak::CodeGenerator& g;
    bool align_checked = false;  // the block's ops check single-copy alignment (Cpu::align_checked)
    const TB* tb = nullptr;      // the block being compiled
    bool chain = false;          // exits may continue into other blocks' host code
    const Xbyak::Reg64 state = Xbyak::util::rbx;
    // ecx holds the NZCV that the op just emitted stored (store_flags), so that a B.cond or CSEL
    // right after it need not load it back: nzcv_stored is set by store_flags, and the block
    // compiler moves it to nzcv_in_ecx before each op.
    bool nzcv_stored = false, nzcv_in_ecx = false;
    Xbyak::Label ended;  // the block ended inside a called op: return -1 to the run loop
    Xbyak::Label loop;   // after the entry's register loads: where a branch to the block's own start goes
    // The block may branch to its own start (emit_block): such a branch stays in the block's host
    // code, with CpuState::host_budget in r9 (see loop_sync).
    bool loops = false;
    // Per direct exit slot, the offsets in the block's code of its patched link's budget imm32 and
    // jump rel32 (TB::HostExit; -1: the slot has none).
    struct ExitSite {
        int32_t fits = -1, jump = -1;
    };
    ExitSite exit_sites[2];
    // Slow paths, emitted after the block: a load/store whose inline fast path missed calls its
    // semantic function, which performs the whole op (nothing of it has happened yet), then resumes
    // after the inline form.
    struct SlowPath {
        Xbyak::Label entry, resume;
        const Op* op;
        unsigned dirty;  // Emitter::dirty where the inline form branches to it
    };
    std::deque<SlowPath> slow_paths;
    Xbyak::Label& slow_path(const Op& op) {
        slow_paths.push_back(SlowPath{{}, {}, &op, dirty});
        return slow_paths.back().entry;
    }

    static constexpr unsigned kKept = 6;  // host registers for guest X registers: r10..r15
    static Xbyak::Reg64 kept_reg(unsigned i) { return Xbyak::Reg64(int(10 + i)); }
    // The slot each host register holds (kNone: none).
    static constexpr unsigned kNone = ~0u;
    unsigned kept[kKept] = {kNone, kNone, kNone, kNone, kNone, kNone};
    int kept_index(unsigned slot) const {
        for (unsigned i = 0; i < kKept; ++i)
            if (kept[i] == slot) return int(i);
        return -1;
    }
    const Xbyak::Address& x_mem(unsigned slot) const {
        std::optional<Xbyak::Address>& a = x_mem_[slot];
        if (!a) a.emplace(g.qword[state + offsetof(CpuState, x) + slot * 8]);
        return *a;
    }
    GuestReg x(unsigned slot) const {
        const int i = kept_index(slot);
        if (i >= 0) return {nullptr, kept_reg(unsigned(i)), true};
        return {&x_mem(slot), Xbyak::Reg(), false};
    }
    // The operand an emitter writes a result to: marks a kept register dirty (CpuState is behind).
    GuestReg xw(unsigned slot) {
        const int i = kept_index(slot);
        if (i >= 0) dirty |= 1u << i;
        return x(slot);
    }
    GuestReg w(unsigned slot) const {
        const int i = kept_index(slot);
        if (i >= 0) return {nullptr, kept_reg(unsigned(i)).cvt32(), true};
        std::optional<Xbyak::Address>& a = w_mem_[slot];
        if (!a) a.emplace(g.dword[state + offsetof(CpuState, x) + slot * 8]);
        return {&*a, Xbyak::Reg(), false};
    }
    // CpuState's copy of the kept registers: the dirty ones (written since the entry or the last
    // reload, at this point of the emission) are written back before an exit or a call; all are
    // reloaded after a call.
    unsigned dirty = 0;
    mutable std::optional<Xbyak::Address> x_mem_[CpuState::kSink + 1], w_mem_[CpuState::kSink + 1];
    void write_back() {
        for (unsigned i = 0; i < kKept; ++i)
            if ((dirty >> i) & 1) g.mov(x_mem(kept[i]), kept_reg(i));
    }
    void reload() {
        for (unsigned i = 0; i < kKept; ++i)
            if (kept[i] != kNone) g.mov(kept_reg(i), x_mem(kept[i]));
        dirty = 0;
    }
    Xbyak::Address pc() const { return g.qword[state + offsetof(CpuState, pc)]; }
    Xbyak::Address nzcv() const { return g.dword[state + offsetof(CpuState, nzcv)]; }
    Xbyak::Address exit_slot() const { return g.dword[state + offsetof(CpuState, exit_slot)]; }
    Xbyak::Address field(size_t offset) const { return g.qword[state + offset]; }
    // The buffer's shared tails (BlockCompiler::emit_entry), in the writable view: leave_tail stores
    // rax in CpuState::host_tb and returns -1 to the run loop; after_call_tail is emit_call's test
    // of a finished call.
    const uint8_t* leave_tail = nullptr;
    const uint8_t* after_call_tail = nullptr;
    // A jump (0xE9) or call (0xE8) to a shared tail: rel32 is the same in both views of the buffer.
    void rel32_to(uint8_t opcode, const uint8_t* target) {
        g.db(opcode);
        g.dd(uint32_t(target - (g.getCurr() + 4)));
    }
    // Returns -1 from the host code to the run loop (the frame is the entry stub's), having told it
    // which block ran last (CpuState::host_tb).
    void leave() {
        g.mov(g.rax, reinterpret_cast<uintptr_t>(tb));
        rel32_to(0xE9, leave_tail);
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
// In a block that loops, r9 holds the budget and the loop's iterations since the last sync are
// not yet in icount, host_chained and host_budget (CpuState::host_loop_base holds r9 as of that
// sync): loop_sync brings them up to date (before a call and before the block leaves; clobbers
// rax, rcx), loop_resume takes the budget back into r9 after a call. Both do nothing elsewhere.
void loop_sync(Emitter& e);
void loop_resume(Emitter& e);
// A direct exit to `target` through chaining slot `slot` (0 taken, 1 fall-through): sets pc and
// exit_slot as the interpreter does, then, when chaining, continues into the successor's host code
// if the block is linked to one under the current mapping epoch and the budget allows the next
// block (emit_call zeroes the budget when a called op raised a stop request or an interrupt), else
// returns -1 to the run loop.
void emit_exit(Emitter& e, uint64_t target, int slot);
// BR, BLR, RET: to x[slot] (BLR: `link` to X30, after the target is read), not chainable (exit
// slot -1). When chaining, continues into the host code of the block at the target if the inline
// indirect-branch cache (CpuState::indirect) or, on a miss, Cpu::host_indirect_successor (which
// fills the cache) finds one, else returns -1 to the run loop.
void emit_indirect(Emitter& e, unsigned slot, std::optional<uint64_t> link);

}  // namespace vp::iss::x64
