// How host code leaves an op and a block: calls to semantic functions, direct exits with their
// chaining into linked blocks, and indirect exits through the TB cache's jump cache.
#include "iss/backend/x64/emit.h"
#include "iss/core/cpu.h"

namespace vp::iss::x64 {

using namespace Xbyak::util;

// A call that did not end the block is followed by the shared after-call tail, which stops the
// block's exits from chaining when the op asked for the run loop or raised a deliverable interrupt.
void emit_call(Emitter& e, const Op& op) {
    auto& g = e.g;
    loop_sync(e);
    e.write_back();
    g.mov(rdi, e.state);
    g.mov(rsi, reinterpret_cast<uintptr_t>(&op));
    g.mov(rax, reinterpret_cast<uintptr_t>(op.fn));
    g.call(rax);
    g.test(rax, rax);
    g.jz(e.ended, Xbyak::CodeGenerator::T_NEAR);  // CpuState is the guest state now
    e.rel32_to(0xE8, e.after_call_tail);
    e.reload();
    loop_resume(e);
}

void loop_sync(Emitter& e) {
    if (!e.loops) return;
    auto& g = e.g;
    const uint32_t n = e.tb->n_insns;
    // The iterations' instructions: host_loop_base - r9, a multiple of n below 2^31; their count
    // is that times (2^32 / n + 1), >> 32 (exact, as the budget stays below 2^30).
    g.mov(rax, e.field(offsetof(CpuState, host_loop_base)));
    g.sub(rax, r9);
    g.add(e.field(offsetof(CpuState, icount)), rax);
    g.mov(rcx, (uint64_t(1) << 32) / n + 1);
    g.imul(rax, rcx);
    g.shr(rax, 32);
    g.add(e.field(offsetof(CpuState, host_chained)), rax);
    g.mov(e.field(offsetof(CpuState, host_budget)), r9);
    g.mov(e.field(offsetof(CpuState, host_loop_base)), r9);
}

void loop_resume(Emitter& e) {
    if (!e.loops) return;
    e.g.mov(r9, e.field(offsetof(CpuState, host_budget)));
    e.g.mov(e.field(offsetof(CpuState, host_loop_base)), r9);
}

void emit_goto(Emitter& e, const Op& op) {
    emit_exit(e, op.imm, 0);
}

// A chained direct exit tests the budget against the successor's length (Cpu::fits_budget: this
// block retires, the successor runs whole) and jumps to its host code, both patched in by
// TbCache::chain (until then the imm32 is TB::kUnlinkedFits and the test always leaves). A branch
// to the block's own start (a loop) needs no link: it keeps the guest registers and the budget in
// host registers and jumps back past the entry's loads, writing them back only when it leaves
// (emit_block counts the registers all dirty from the loop's start on; loop_sync the rest).
void emit_exit(Emitter& e, uint64_t target, int slot) {
    auto& g = e.g;
    const auto budget = e.field(offsetof(CpuState, host_budget));
    const bool self = e.loops && target == e.tb->pc;
    const uint32_t n = e.tb->n_insns;
    if (self) {  // this iteration retires and the next fits: budget - n >= n
        Xbyak::Label out;
        g.cmp(r9, 2 * n);
        g.jl(out, Xbyak::CodeGenerator::T_NEAR);
        g.sub(r9, n);
        g.jmp(e.loop, Xbyak::CodeGenerator::T_NEAR);
        g.L(out);
    }
    loop_sync(e);
    e.write_back();
    if (e.chain && !self) {
        Xbyak::Label out;
        if (!self &&
            !TbCache::same_page(target, e.tb->pc)) {  // a link to another page: made under this mapping?
            g.mov(rdx, reinterpret_cast<uintptr_t>(&e.tb->link_epoch));
            g.mov(rcx, g.qword[rdx]);
            g.cmp(rcx, e.field(offsetof(CpuState, map_epoch)));
            g.jne(out, Xbyak::CodeGenerator::T_NEAR);
        }
        // Leaving with the budget already lowered is harmless: the run loop sets it again before
        // it enters host code.
        g.mov(rax, budget);
        g.sub(rax, n);  // this block retires
        const bool site = e.exit_sites[slot].jump < 0;
        g.db(0x48), g.db(0x3d), g.dd(uint32_t(TB::kUnlinkedFits));  // cmp rax, imm32
        if (site) e.exit_sites[slot].fits = int32_t(g.getSize() - 4);
        g.jl(out, Xbyak::CodeGenerator::T_NEAR);
        g.mov(budget, rax);
        g.add(e.field(offsetof(CpuState, icount)), n);
        g.add(e.field(offsetof(CpuState, host_chained)), 1);
        g.jmp(out, Xbyak::CodeGenerator::T_NEAR);  // patched to the successor
        if (site) e.exit_sites[slot].jump = int32_t(g.getSize() - 4);
        g.L(out);
    }
    g.mov(rax, target);
    g.mov(e.pc(), rax);
    g.mov(e.exit_slot(), slot);
    e.leave();
}

// The inline lookup of the target in rax in CpuState::indirect: on a hit (the entry holds the
// block at that pc, filled under the current mapping epoch for this block's translation state) and
// under the same conditions Cpu::host_indirect_successor applies (no stop request or deliverable
// interrupt, the successor fits the budget), retires this block and jumps to the successor's host
// code; else jumps to `miss` with rax unchanged.
static void emit_indirect_hit(Emitter& e, Xbyak::Label& miss) {
    auto& g = e.g;
    static_assert(sizeof(IndirectEntry) == 32 &&
                  (CpuState::kIndirectSize & (CpuState::kIndirectSize - 1)) == 0);
    const uint32_t n = e.tb->n_insns;
    g.mov(ecx, eax);
    g.shr(ecx, 2);
    g.and_(ecx, CpuState::kIndirectSize - 1);
    g.shl(ecx, 5);
    g.lea(rdx, g.ptr[e.state + rcx + offsetof(CpuState, indirect)]);
    g.cmp(rax, g.qword[rdx + offsetof(IndirectEntry, pc)]);
    g.jne(miss, Xbyak::CodeGenerator::T_NEAR);
    g.mov(rcx, g.qword[rdx + offsetof(IndirectEntry, epoch)]);
    g.cmp(rcx, e.field(offsetof(CpuState, map_epoch)));
    g.jne(miss, Xbyak::CodeGenerator::T_NEAR);
    g.cmp(g.dword[rdx + offsetof(IndirectEntry, key)], uint32_t(e.tb->key));
    g.jne(miss, Xbyak::CodeGenerator::T_NEAR);
    g.cmp(g.byte[e.state + offsetof(CpuState, exit_req)], 0);
    g.jne(miss, Xbyak::CodeGenerator::T_NEAR);
    g.mov(ecx, g.dword[e.state + offsetof(CpuState, daif)]);
    g.not_(ecx);
    g.and_(ecx, g.dword[e.state + offsetof(CpuState, int_lines)]);
    g.test(ecx, 0xC0);
    g.jnz(miss, Xbyak::CodeGenerator::T_NEAR);
    g.mov(rcx, e.field(offsetof(CpuState, host_budget)));  // Cpu::fits_budget
    g.sub(rcx, n);
    g.jle(miss, Xbyak::CodeGenerator::T_NEAR);
    g.mov(esi, g.dword[rdx + offsetof(IndirectEntry, n_insns)]);
    g.cmp(rcx, rsi);
    g.jl(miss, Xbyak::CodeGenerator::T_NEAR);
    g.mov(e.field(offsetof(CpuState, host_budget)), rcx);
    g.add(e.field(offsetof(CpuState, icount)), n);
    g.add(e.field(offsetof(CpuState, host_chained)), 1);
    g.jmp(g.qword[rdx + offsetof(IndirectEntry, host)]);
}

void emit_indirect(Emitter& e, unsigned slot, std::optional<uint64_t> link) {
    auto& g = e.g;
    loop_sync(e);
    g.mov(rax, e.x(slot));
    if (link) {
        g.mov(rcx, *link);
        g.mov(e.xw(30), rcx);
    }
    e.write_back();
    g.mov(e.pc(), rax);
    g.mov(e.exit_slot(), -1);
    if (e.chain) {
        Xbyak::Label out, miss;
        emit_indirect_hit(e, miss);
        g.L(miss);
        g.mov(rcx, reinterpret_cast<uintptr_t>(e.tb));
        g.mov(e.field(offsetof(CpuState, host_tb)), rcx);
        g.mov(rdi, e.state);
        g.mov(rax, reinterpret_cast<uintptr_t>(&Cpu::host_indirect_successor));
        g.call(rax);
        g.test(rax, rax);
        g.jz(out);
        g.jmp(rax);
        g.L(out);
    }
    e.leave();
}

}  // namespace vp::iss::x64
