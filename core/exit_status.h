// Exit statuses of `vp`, documented in the README ("Exit statuses"). In the ground floor so that
// models and backends can name the status of a run they end (through HostEvents).
#pragma once

namespace vp::sim {

enum ExitStatus : int {
    exit_ok = 0,           // guest powered off (PSCI SYSTEM_OFF), Ctrl-A x, end of a bounded run
    exit_error = 1,        // configuration or simulator error, or an output that cannot be written
    exit_guest_panic = 2,  // the guest reported a fatal error (kernel panic, failed self-test)
    exit_timeout = 3,      // --timeout reached (simulated or wall-clock time)
    exit_reset = 4,        // PSCI SYSTEM_RESET
};

}  // namespace vp::sim
