// Run statistics: per-core instructions, MIPS, sleep share, exceptions by class, translated
// blocks (lookups, hit and chaining rates, flushes), DMI host-page hit rate, simulated (including
// the cores' run-ahead in their quantum) and wall time, per-device transaction counts.
// `vp --stats FILE` writes them as JSON at exit (top-level numbers first, then "cores" and
// "devices"); `--stats -` prints the text summary on stderr instead, as SIGUSR1 does mid-run.
#pragma once
#include <string>

namespace vp {

class Platform;

std::string stats_json(const Platform& platform, double wall_seconds);
// The same numbers as a human-readable block.
std::string stats_text(const Platform& platform, double wall_seconds);
// One line for --progress: simulated and wall time, instructions, MIPS.
std::string progress_line(const Platform& platform, double wall_seconds);

}  // namespace vp
