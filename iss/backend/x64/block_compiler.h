// The x86-64 tier's block compiler: turns a translation block's decoded ops into host code in a
// CodeBuffer. The host code runs the block's ops that have an inline form (emit_int.cpp,
// emit_ldst.cpp) up to the first that has none; it reads and writes CpuState by offset. It returns
// -1 when it ended the block as the interpreter's ops do (CpuState::pc and exit_slot set, every
// instruction retired), or the index of the op at which the interpreter continues the block: the
// first op without an inline form, or a load/store whose inline fast path missed (TLB miss, page
// crossing, misalignment, exclusive reservation), which the interpreter then performs whole.
#pragma once
#include <cstddef>

#include "iss/backend/x64/code_buffer.h"
#include "iss/core/cpu_state.h"
#include "iss/core/tb.h"

namespace vp::iss::x64 {

using HostBlock = int (*)(CpuState*);

class BlockCompiler {
public:
    explicit BlockCompiler(size_t buffer_bytes = CodeBuffer::kDefaultSize) : buf_(buffer_bytes) {}

    // Host code for `tb` (`chain`: its direct exits may continue into linked blocks' host code;
    // on entry each block stores its TB in CpuState::host_tb), or nullptr when its first op has no inline
    // form or the buffer is full (full() then says so: the owner drops every block's host code and calls
    // reset()).
    HostBlock compile(const TB& tb, bool chain, uint32_t* size = nullptr);
    bool full() const { return full_; }
    void reset() {
        buf_.reset();
        full_ = false;
    }
    const CodeBuffer& buffer() const { return buf_; }

private:
    CodeBuffer buf_;
    bool full_ = false;
};

}  // namespace vp::iss::x64
