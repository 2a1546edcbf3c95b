#include "iss/backend/x64/block_compiler.h"

#include <xbyak/xbyak.h>

#include <algorithm>
#include <iterator>
#include <stdexcept>
#include <string>

#include "iss/backend/x64/emit.h"

namespace vp::iss::x64 {

BlockCompiler::BlockCompiler(size_t buffer_bytes) : buf_(buffer_bytes) {
    emit_entry();
}

void BlockCompiler::reset() {
    buf_.reset();
    full_ = false;
    emit_entry();
}

// enter(cpu, code): rbx = cpu for the blocks (callee-saved, so it survives their calls), then a
// jump to the block. The five pushes (rbx, r12-r15, callee-saved in the System V ABI) leave rsp
// 16-byte aligned for the blocks' calls; a block returns to enter's caller through the leave tail.
// The tails every block shares follow the entry, so that a block holds a 5-byte jump or call to
// them rather than a copy.
void BlockCompiler::emit_entry() {
    Xbyak::CodeGenerator gen(buf_.room(), buf_.write_cursor());
    gen.push(gen.rbx);
    for (int r = 12; r <= 15; ++r) gen.push(Xbyak::Reg64(r));
    gen.mov(gen.rbx, gen.rdi);
    gen.jmp(gen.rsi);
    enter_ =
        reinterpret_cast<int (*)(Cpu*, const void*)>(const_cast<uint8_t*>(buf_.exec_of(buf_.write_cursor())));
    leave_tail_ = gen.getCurr();
    gen.mov(gen.qword[gen.rbx + offsetof(CpuState, host_tb)], gen.rax);
    gen.mov(gen.eax, -1);
    for (int r = 15; r >= 12; --r) gen.pop(Xbyak::Reg64(r));
    gen.pop(gen.rbx);
    gen.ret();
    after_call_tail_ = gen.getCurr();
    emit_after_call_tail(gen);
    buf_.commit(gen.getSize());
}

// After a call that did not end the block: when the op asked for the run loop (a stop request,
// invalidation, WFI/WFE or breakpoint: exit_req) or raised an interrupt line that PSTATE does not
// mask (Cpu::interrupt_deliverable), the block's exit must not chain: host_budget = 0 makes every
// chaining exit return to the run loop, so the exits themselves test nothing more. Called (not
// jumped to) from the block; clobbers rax.
void BlockCompiler::emit_after_call_tail(Xbyak::CodeGenerator& g) {
    using namespace Xbyak::util;
    Xbyak::Label stop;
    g.cmp(g.byte[rbx + offsetof(CpuState, exit_req)], 0);
    g.jne(stop);
    g.mov(eax, g.dword[rbx + offsetof(CpuState, daif)]);
    g.not_(eax);
    g.and_(eax, g.dword[rbx + offsetof(CpuState, int_lines)]);
    g.test(eax, 0xC0);
    g.jnz(stop);
    g.ret();
    g.L(stop);
    g.mov(g.qword[rbx + offsetof(CpuState, host_budget)], 0);
    g.ret();
}

namespace {

// The SP alignment check before an SP-based load/store (ARM ARM D1.8.2, the translator's
// sp_align op): inline when SP is 16-byte aligned, else the op is called and raises the SP
// alignment fault.
Emitted emit_sp_align(Emitter& e, const Op& op) {
    Xbyak::Label& misaligned = e.slow_path(op);
    e.g.test(e.x(CpuState::kSP), 15);
    e.g.jnz(misaligned, Xbyak::CodeGenerator::T_NEAR);
    return Emitted::op;
}

void emit_block(Emitter& e, const TB& tb, bool chain) {
    auto& gen = e.g;
    const Decoder& dec = Decoder::instance();
    const OpFn goto_fn = builtin_op_fn(BuiltinOp::goto_next);
    const OpFn sp_align_fn = builtin_op_fn(BuiltinOp::sp_align);
    e.align_checked = tb.key & 8;  // Cpu::state_key
    e.tb = &tb;
    e.chain = chain;
    e.reload();
    // A branch back to the block's start keeps the registers it wrote in host registers only, and
    // the budget in r9 (emit_exit). An op whose immediate is the block's start may be such a branch.
    e.loops = chain && tb.n_insns > 0 &&
              std::any_of(tb.ops.begin(), tb.ops.end(), [&](const Op& op) { return op.imm == tb.pc; });
    loop_resume(e);
    gen.L(e.loop);
    if (e.loops)
        for (unsigned i = 0; i < Emitter::kKept; ++i)
            if (e.kept[i] != Emitter::kNone) e.dirty |= 1u << i;
    Emitted last = Emitted::none;
    for (const Op& op : tb.ops) {
        e.nzcv_in_ecx = e.nzcv_stored;
        e.nzcv_stored = false;
        if (op.fn == goto_fn) {
            emit_goto(e, op);
            last = Emitted::exit;
            continue;
        }
        // Breakpoints, SP checks, FP traps and UNDEFINED are builtins without an inline form.
        const DecodeRow* row = builtin_op_name(op.fn) ? nullptr : dec.decode(op.insn);
        const size_t slow_before = e.slow_paths.size();
        last = row ? emit_op(e, *row, op) : op.fn == sp_align_fn ? emit_sp_align(e, op) : Emitted::none;
        if (last == Emitted::none) {
            emit_call(e, op);
            last = Emitted::op;
        }
        for (size_t i = slow_before; i < e.slow_paths.size(); ++i) gen.L(e.slow_paths[i].resume);
    }
    if (last == Emitted::op) gen.ud2();  // the last op of a block always ends it
    for (auto& sp : e.slow_paths) {
        gen.L(sp.entry);
        e.dirty = sp.dirty;
        emit_call(e, *sp.op);
        gen.jmp(sp.resume, Xbyak::CodeGenerator::T_NEAR);
    }
    gen.L(e.ended);
    e.leave();
}

// The guest X registers kept in host registers (Emitter::kept): the most used register operands
// of the block's ops (d, n, m, a, whatever they mean for the row: a choice, not a correctness
// matter), used at least twice, not XZR.
void pick_kept(Emitter& e, const TB& tb) {
    unsigned uses[CpuState::kSink + 1] = {};
    for (const Op& op : tb.ops)
        if (!builtin_op_name(op.fn))
            for (unsigned slot : {op.d, op.n, op.m, op.a})
                if (slot <= CpuState::kSink) ++uses[slot];
    for (unsigned i = 0; i < Emitter::kKept; ++i) {
        unsigned best = Emitter::kNone;
        for (unsigned slot = 0; slot <= CpuState::kSP; ++slot)
            if (slot != CpuState::kZR && uses[slot] >= 2 && e.kept_index(slot) < 0 &&
                (best == Emitter::kNone || uses[slot] > uses[best]))
                best = slot;
        e.kept[i] = best;
    }
}

}  // namespace

void BlockCompiler::compile(TB& tb, bool chain) {
    tb.host = nullptr;
    if (tb.ops.empty()) return;
    try {
        uint8_t* const start = buf_.write_cursor();
        Xbyak::CodeGenerator gen(buf_.room(), start);
        Emitter e(gen);
        e.leave_tail = leave_tail_;
        e.after_call_tail = after_call_tail_;
        pick_kept(e, tb);
        emit_block(e, tb, chain);
        const size_t n = gen.getSize();
        tb.host = buf_.exec_of(start);
        tb.host_size = uint32_t(n);
        tb.exec_delta = buf_.exec_of(start) - start;
        for (size_t s = 0; s < 2; ++s)
            tb.host_exit[s] = e.exit_sites[s].jump < 0
                                  ? TB::HostExit{}
                                  : TB::HostExit{start + e.exit_sites[s].fits, start + e.exit_sites[s].jump};
        buf_.commit(n);
    } catch (const Xbyak::Error& err) {
        if (int(err) != Xbyak::ERR_CODE_IS_TOO_BIG)  // an emitter's mistake, not a full buffer
            throw std::logic_error(std::string("x86-64 tier: block at ") + std::to_string(tb.pc) + ": " +
                                   err.what());
        full_ = true;
    }
}

}  // namespace vp::iss::x64
