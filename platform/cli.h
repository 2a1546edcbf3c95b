// The `vp` command line: `vp [TOPOLOGY.yaml] [options]`, with QEMU's familiar short forms.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "yaml/topology.h"

namespace vp {

struct CommandLine {
    std::string topology;  // first positional argument; default platforms/virt.yaml
    std::vector<Override> overrides;
    std::string trace_flags;  // -d
    std::string dfilter;      // -dfilter RANGES
    bool progress = false;    // --progress: one-line progress display on stderr
    std::string log_file;     // -D
    std::string dump_dtb;     // --dump-dtb FILE
    bool dump_config = false;
    bool help_topology = false;
    bool list_models = false;
    std::string describe_model;
    std::string timeout;     // --timeout: simulated time ("10s") or wall-clock time ("wall:30s")
    std::string stats_file;  // --stats FILE; "-" = summary on stderr
    std::string gdb;         // -gdb tcp:HOST:PORT; bare -s = tcp::1234
    bool gdb_wait = false;   // -S: hold the cores at reset until gdb continues
    bool realtime = false;   // --realtime: simulated time no faster than wall time
    // --shutdown-grace: wall time from SIGTERM's press of the power button to vp's stop.
    std::string shutdown_grace = "30s";
    bool trace_help = false;
    std::string checkpoint_at;       // --checkpoint-at TIME FILE: simulated time
    std::string checkpoint_at_file;  // and the file
    // --checkpoint-file FILE: where SIGUSR1 and Ctrl-A s save (Ctrl-A s without it: a default name).
    std::string checkpoint_file;
    bool checkpoint_stop = false;  // --checkpoint-stop: end the run once saved
    std::string restore;           // --restore FILE
};

// Parses argv. Returns nullopt when the command line was fully handled (--help, an error
// already printed); `exit_code` then says how to exit.
std::optional<CommandLine> parse_command_line(int argc, char** argv, int& exit_code);

// The default topology, whose directory -M NAME also names: $VP_PLATFORM_DIR/virt.yaml,
// ./platforms/virt.yaml, an installed vp's share/vp/platforms/virt.yaml (beside the lib directory
// libvp is loaded from), else the source tree's platforms/virt.yaml.
std::string default_topology();

}  // namespace vp
