#include "platform/simulation.h"

#include <systemc>

namespace vp::sim {

namespace {
bool g_requested = false;
int g_status = exit_ok;
std::string g_reason;
}  // namespace

void request_exit(int status, const std::string& reason) {
    if (g_requested) return;
    g_requested = true;
    g_status = status;
    g_reason = reason;
    if (sc_core::sc_is_running()) sc_core::sc_stop();
}

bool exit_requested() { return g_requested; }
int exit_status() { return g_status; }
const std::string& exit_reason() { return g_reason; }

void reset_exit_state() {
    g_requested = false;
    g_status = exit_ok;
    g_reason.clear();
}

}  // namespace vp::sim
