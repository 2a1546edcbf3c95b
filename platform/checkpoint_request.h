// Checkpoints on request while the machine runs (docs/ARCHITECTURE.md, Checkpoints): SIGUSR1, the
// console's Ctrl-A s, gdb's `monitor checkpoint` and Platform::request_checkpoint. A request is
// served at the next quantum boundary after it: the request pauses the kernel (sc_pause), and
// run_machine then runs sc_start up to that boundary and saves there, outside the simulation, as
// --checkpoint-at does. Simulation thread only; host threads reach it through a HostSource.
#pragma once
#include <functional>
#include <optional>
#include <string>

#include <systemc>

#include "platform/platform.h"

namespace vp {

// Called after a request was served: the file written and "" or the reason it was not.
using CheckpointDone = std::function<void(const std::string& path, const std::string& error)>;

// Simulation thread (a SystemC process, a HostSource callback) or between sc_start calls. An
// empty `path` is default_checkpoint_path() of the boundary. Without `done` a failed save throws
// out of run_machine (as --checkpoint-at's does); with it, the run goes on and `done` is told.
void request_checkpoint(std::string path, AfterCheckpoint then, CheckpointDone done = {});

// "vp-checkpoint-<simulated time in ps>ps.vpck" in the current directory.
std::string default_checkpoint_path(const sc_core::sc_time& at);

// sc_start until `until` (nullopt: until the run ends or has nothing left to do), serving the
// requests at their boundaries. A request whose boundary is after `until` stays pending for the
// next call.
void run_machine(const Platform& platform, std::optional<sc_core::sc_time> until = std::nullopt);

}  // namespace vp
