// The CPU trace flags (-d in_asm, out_asm, exec, cpu, int, mmu, nochain): hooks the platform
// installs into the ISS (iss::CpuHooks) only when a flag asks for them, so that with tracing off
// the ISS runs its plain fast path.
#pragma once
#include "iss/core/cpu.h"

namespace vp {

// Sets the trace hooks of `hooks` for the trace flags that are on (none when all are off).
void install_cpu_trace_hooks(iss::CpuHooks& hooks);

// One line per guest instruction, as capstone disassembles it: "mnemonic operands".
std::string disassemble_a64(uint32_t insn, uint64_t pc);

}  // namespace vp
