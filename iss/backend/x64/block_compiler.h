// The x86-64 tier's block compiler: turns a translation block's decoded ops into host code in a
// CodeBuffer. An op with an inline form (emit_int.cpp, emit_ldst.cpp) is emitted as x86-64 code
// that reads and writes CpuState by offset; every other op, and a load/store whose inline fast path
// misses, calls the op's semantic function (the interpreter's one definition of it), so a block
// runs to its end in host code. The host code returns -1 when the block ended as the interpreter's
// ops end it (CpuState::pc and exit_slot set; partial set when it ended early), or the index of an
// op at which the interpreter is to continue the block (no emitter asks for that today).
#pragma once
#include <cstddef>
#include <cstdint>

#include <xbyak/xbyak.h>

#include "iss/backend/x64/code_buffer.h"
#include "iss/core/cpu_state.h"
#include "iss/core/tb.h"

namespace vp::iss {
class Cpu;
}

namespace vp::iss::x64 {

class BlockCompiler {
public:
    explicit BlockCompiler(size_t buffer_bytes = CodeBuffer::kDefaultSize);

    // Host code for `tb` (`chain`: its direct exits and indirect branches may continue into other
    // blocks' host code, its direct exits through jumps patched by TbCache::chain; the block stores
    // its TB in CpuState::host_tb when it returns), into tb.host, host_size and host_exit; host
    // stays null when the buffer is full (full() then says so: the owner drops every block's host
    // code and calls reset()).
    void compile(TB& tb, bool chain);
    // Runs host code from `code` (a compile() result) on `cpu` until a block returns.
    int enter(Cpu* cpu, const void* code) const { return enter_(cpu, code); }
    bool full() const { return full_; }
    void reset();
    const CodeBuffer& buffer() const { return buf_; }

private:
    void emit_entry();  // the stub that sets up the frame blocks run in, at the buffer's start
    static void emit_after_call_tail(Xbyak::CodeGenerator& g);
    CodeBuffer buf_;
    bool full_ = false;
    int (*enter_)(Cpu*, const void*) = nullptr;
    const uint8_t* leave_tail_ = nullptr;  // Emitter::leave_tail, after_call_tail (writable view)
    const uint8_t* after_call_tail_ = nullptr;
};

}  // namespace vp::iss::x64
