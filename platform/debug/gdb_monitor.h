// `monitor CMD` in gdb (the qRcmd packet): vp's own debugger commands.
//   phys  memory accesses (m/M/X, watchpoints) use physical addresses
//   virt  they use virtual addresses, translated by the selected core's MMU (the default)
//   help  lists the commands
#pragma once
#include <string>

namespace vp::gdb {

class DebugMemory;

// Runs `command`; returns the text gdb prints (console output, sent as an `O` packet).
std::string run_monitor_command(const std::string& command, DebugMemory& memory);

}  // namespace vp::gdb
