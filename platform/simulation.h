// How a run ends: the exit status vp returns and the reason it prints.
#pragma once
#include <string>

namespace vp::sim {

// Exit statuses of `vp`, documented in the README.
enum ExitStatus : int {
    exit_ok = 0,           // guest powered off (PSCI SYSTEM_OFF), Ctrl-A x, end of a bounded run
    exit_error = 1,        // configuration or simulator error, reported before or during the run
    exit_guest_panic = 2,  // the guest reported a fatal error (kernel panic, failed self-test)
    exit_timeout = 3,      // --timeout reached
    exit_reset = 4,        // PSCI SYSTEM_RESET
};

// Stops the simulation (sc_stop) with a status and a reason; the first request wins.
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
