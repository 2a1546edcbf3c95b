// Checkpointing a running machine and restoring one, between sc_start calls (docs/ARCHITECTURE.md,
// Checkpoints): a checkpoint is taken when sc_start has returned at a quantum boundary, every core
// waiting in run_thread; a restore holds the cores, advances SystemC time to the checkpoint's,
// loads the machine and releases the cores into the waits they were saved in.
#pragma once
#include <string>

#include <systemc>

#include "core/checkpoint_file.h"
#include "platform/platform.h"

namespace vp {

// The first global quantum boundary at or after `at`.
sc_core::sc_time checkpoint_boundary(const sc_core::sc_time& at);

// Captures the machine (capture_machine) and writes it to `path`; a CheckpointError naming the
// core when one is not at a wait a restore can re-create (held by the debugger, running).
void save_checkpoint(const Platform& platform, const std::string& path);

// Reads `path` for this platform's machine digest (a CheckpointError when it is another machine's),
// then: every core held, sc_start up to the checkpoint's time, load_machine, cores released. Call
// before the first sc_start, without Platform::load_guest.
void restore_checkpoint(Platform& platform, const std::string& path);

}  // namespace vp
