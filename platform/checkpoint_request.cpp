#include "platform/checkpoint_request.h"

#include <fmt/format.h>

#include <vector>

#include "core/error.h"
#include "platform/checkpoint_run.h"
#include "platform/simulation.h"

namespace vp {

namespace {

struct Request {
    std::string path;
    AfterCheckpoint then;
    CheckpointDone done;
};
// Every request pending is served at one boundary: the first one's.
std::vector<Request> g_pending;
sc_core::sc_time g_boundary;

// Serves the pending requests at the current time, the boundary.
void serve(const Platform& platform) {
    const sc_core::sc_time at = sc_core::sc_time_stamp();
    std::vector<Request> requests;
    requests.swap(g_pending);
    bool stop = false;
    std::string last_path;
    for (Request& r : requests) {
        const std::string path = r.path.empty() ? default_checkpoint_path(at) : r.path;
        std::string error;
        try {
            save_checkpoint(platform, path);
        } catch (const Error& e) {
            if (!r.done) throw;
            error = e.what();
        }
        if (error.empty() && r.then == AfterCheckpoint::stop) {
            stop = true;
            last_path = path;
        }
        if (r.done) r.done(path, error);
    }
    if (stop) sim::request_exit(sim::exit_ok, "checkpoint saved to " + last_path + " at " + at.to_string());
}

}  // namespace

void request_checkpoint(std::string path, AfterCheckpoint then, CheckpointDone done) {
    if (g_pending.empty()) {
        // The next boundary strictly after now: at a boundary itself some processes due there
        // may have run already.
        g_boundary = checkpoint_boundary(sc_core::sc_time_stamp() + sc_core::sc_get_time_resolution());
        if (sc_core::sc_is_running()) sc_core::sc_pause();
    }
    g_pending.push_back({std::move(path), then, std::move(done)});
}

std::string default_checkpoint_path(const sc_core::sc_time& at) {
    return fmt::format("vp-checkpoint-{}ps.vpck", static_cast<uint64_t>(at.to_seconds() * 1e12 + 0.5));
}

void run_machine(const Platform& platform, std::optional<sc_core::sc_time> until) {
    using sc_core::sc_time_stamp;
    for (;;) {
        if (sim::exit_requested()) return;
        if (!g_pending.empty() && (!until || g_boundary <= *until)) {
            if (g_boundary > sc_time_stamp()) sc_core::sc_start(g_boundary - sc_time_stamp());
            if (sim::exit_requested()) return;
            // sc_start returns early only when paused again, by a request for a later boundary.
            if (sc_time_stamp() == g_boundary) serve(platform);
            continue;
        }
        if (until) {
            if (sc_time_stamp() >= *until) return;
            sc_core::sc_start(*until - sc_time_stamp());
        } else {
            sc_core::sc_start();
            // Nothing left to do, or the run was ended, unless a request paused it.
            if (g_pending.empty()) return;
        }
    }
}

}  // namespace vp
