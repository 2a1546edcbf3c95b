#include "iss/backend/x64/block_compiler.h"

#include <xbyak/xbyak.h>

#include "iss/backend/x64/emit.h"

namespace vp::iss::x64 {

HostBlock BlockCompiler::compile(const TB& tb, bool chain, uint32_t* size) {
    if (tb.ops.empty()) return nullptr;
    const Decoder& dec = Decoder::instance();
    const OpFn goto_fn = builtin_op_fn(BuiltinOp::goto_next);
    try {
        Xbyak::CodeGenerator gen(buf_.room(), buf_.write_cursor());
        Emitter e(gen);
        e.align_checked = tb.key & 8;  // Cpu::state_key
        e.tb = &tb;
        e.chain = chain;
        gen.mov(gen.rax, reinterpret_cast<uintptr_t>(&tb));
        gen.mov(e.field(offsetof(CpuState, host_tb)), gen.rax);
        Emitted last = Emitted::none;
        for (const Op& op : tb.ops) {
            if (op.fn == goto_fn) {
                emit_goto(e, op);
                last = Emitted::exit;
                continue;
            }
            // Breakpoints, SP checks, FP traps and UNDEFINED are builtins without an inline form.
            const DecodeRow* row = builtin_op_name(op.fn) ? nullptr : dec.decode(op.insn);
            last = row ? emit_op(e, *row, op) : Emitted::none;
            if (last == Emitted::none) {
                if (op.idx == 0) return nullptr;
                gen.mov(gen.eax, op.idx);  // the interpreter takes over here
                gen.ret();
                break;
            }
        }
        if (last == Emitted::op) return nullptr;  // every block ends in an exit; be sure
        for (auto& [label, idx] : e.side_exits) {
            gen.L(label);
            gen.mov(gen.eax, idx);
            gen.ret();
        }
        const size_t n = gen.getSize();
        auto* entry = reinterpret_cast<HostBlock>(const_cast<uint8_t*>(buf_.exec_of(buf_.write_cursor())));
        buf_.commit(n);
        if (size) *size = uint32_t(n);
        return entry;
    } catch (const Xbyak::Error&) {
        full_ = true;  // the buffer is out of room
        return nullptr;
    }
}

}  // namespace vp::iss::x64
