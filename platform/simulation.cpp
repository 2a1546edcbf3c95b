#include "platform/simulation.h"

#include <systemc>

#include "core/host_events.h"

namespace vp::sim {

namespace {
bool g_requested = false;
int g_status = exit_ok;
std::string g_reason;
std::string g_panic;

class PlatformRunEnd : public RunEnd {
public:
    void end_run(int status, const std::string& reason) override { request_exit(status, reason); }
    bool run_ended() const override { return exit_requested(); }
};
PlatformRunEnd g_run_end;
// Installed when libvp is loaded: every run, the vp executable's or a library user's, ends here.
[[maybe_unused]] const bool g_installed = (HostEvents::set_run_end(&g_run_end), true);
}  // namespace

void request_exit(int status, const std::string& reason) {
    if (g_requested) return;
    if (status == exit_reset && !g_panic.empty()) {
        status = exit_guest_panic;
        g_reason = g_panic;
    } else {
        g_reason = reason;
    }
    g_requested = true;
    g_status = status;
    // Also from start_of_simulation (a TCP console waiting for its client): the kernel then
    // stops before the first time step.
    if (sc_core::sc_is_running() || sc_core::sc_get_status() == sc_core::SC_START_OF_SIMULATION)
        sc_core::sc_stop();
}

void note_guest_panic(const std::string& reason) {
    if (g_panic.empty()) g_panic = reason;
}

bool exit_requested() {
    return g_requested;
}
int exit_status() {
    return g_status;
}
const std::string& exit_reason() {
    return g_reason;
}

void reset_exit_state() {
    g_requested = false;
    g_status = exit_ok;
    g_reason.clear();
    g_panic.clear();
}

}  // namespace vp::sim
