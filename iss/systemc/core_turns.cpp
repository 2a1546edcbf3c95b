// sc_spawn() (the release method) needs the dynamic-process API.
#ifndef SC_INCLUDE_DYNAMIC_PROCESSES
#define SC_INCLUDE_DYNAMIC_PROCESSES
#endif

#include "iss/systemc/core_turns.h"

#include <algorithm>

namespace vp {

CoreTurns::CoreTurns(unsigned cores) {
    for (unsigned c = 0; c < cores; ++c) go_.push_back(std::make_unique<sc_core::sc_event>());
    sc_core::sc_spawn_options opts;
    opts.spawn_method();
    opts.set_sensitivity(&release_);
    opts.dont_initialize();
    sc_core::sc_spawn([this] { release(); }, "core_turns", &opts);
}

void CoreTurns::take_turn(unsigned core) {
    waiting_.push_back(core);
    release_.notify(sc_core::SC_ZERO_TIME);
    sc_core::wait(*go_[core]);
}

// Immediate notifications from a method: the threads become runnable in this evaluation phase in
// the order notified (IEEE 1666-2011 5.10.6 leaves the order unspecified; Accellera's kernel runs
// them first in, first out, which vp relies on).
void CoreTurns::release() {
    std::sort(waiting_.begin(), waiting_.end());
    for (unsigned core : waiting_) go_[core]->notify();
    waiting_.clear();
}

}  // namespace vp
