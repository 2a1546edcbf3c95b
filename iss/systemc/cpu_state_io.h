// One core's architectural state in a checkpoint (docs/ARCHITECTURE.md, Checkpoints): the X and
// V registers, pc, PSTATE (NZCV, DAIF, EL, SPSel, IL), the banked SPs, every system register,
// FPCR/FPSR, the WFI/WFE halts and the event register, and the instruction and stall counts. The
// TLBs, host-pointer caches and translated code are not saved: loading drops them, and the core
// rebuilds them as it runs. CpuState's run-loop fields (block exits, the x86-64 tier's chaining)
// are between blocks at a quantum boundary and are not saved either.
#pragma once
#include "core/state_stream.h"
#include "iss/core/cpu.h"
#include "iss/core/exclusive_monitor.h"

namespace vp {

void save_cpu_state(StateWriter& out, const iss::CpuState& state);
// Refuses (CheckpointError) a state with another system register table (another vp). Reads the
// core's fields only: what follows them in the section is the caller's.
void load_cpu_state(StateReader& in, iss::Cpu& cpu);

// The shared exclusive monitor: each of `cores` cores' reservation (ARM ARM B2.9), so that a
// restored LDXR/STXR pair succeeds or fails as it would have.
void save_monitor(StateWriter& out, const iss::ExclusiveMonitor& monitor, unsigned cores);
// Refuses a monitor saved for another number of cores.
void load_monitor(StateReader& in, iss::ExclusiveMonitor& monitor, unsigned cores);

}  // namespace vp
