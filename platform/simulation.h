// How a run ends: the exit status vp returns and the reason it prints. This is the platform's
// RunEnd (core/host_events.h): requests from host threads and from models that must not
// depend on the platform (character backends) arrive here through HostEvents.
#pragma once
#include <string>

#include "core/exit_status.h"

namespace vp::sim {

// Stops the simulation (sc_stop) with a status and a reason; the first request wins.
// Simulation thread, or outside sc_start.
void request_exit(int status, const std::string& reason);
bool exit_requested();
int exit_status();
const std::string& exit_reason();
// The guest reported a fatal error (ConsoleWatcher); a later PSCI SYSTEM_RESET request (Linux
// panic=N) then ends the run with exit_guest_panic and this reason instead of exit_reset.
void note_guest_panic(const std::string& reason);
// For tests that run several scenarios in one process.
void reset_exit_state();

}  // namespace vp::sim
