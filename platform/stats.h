// Run statistics: per-core instructions and sleep, simulated and wall time, MIPS.
// `vp --stats FILE` writes them as JSON at exit.
#pragma once
#include <string>

namespace vp {

class Platform;

std::string stats_json(const Platform& platform, double wall_seconds);

}  // namespace vp
