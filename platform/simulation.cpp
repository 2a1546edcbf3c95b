#include "platform/simulation.h"

#include <systemc>

namespace vp::sim {

namespace {
bool g_requested = false;
int g_status = exit_ok;
std::string g_reason;
std::string g_panic;
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
    if (sc_core::sc_is_running()) sc_core::sc_stop();
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
