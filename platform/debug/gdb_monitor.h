// `monitor CMD` in gdb (the qRcmd packet): vp's own debugger commands.
//   phys  memory accesses (m/M/X, watchpoints) use physical addresses
//   virt  they use virtual addresses, translated by the selected core's MMU (the default)
//   checkpoint FILE  saves the machine to FILE at the next quantum boundary (GdbStub runs it)
//   help  lists the commands
#pragma once
#include <optional>
#include <string>

namespace vp::gdb {

class DebugMemory;

// Runs `command`; returns the text gdb prints (console output, sent as an `O` packet).
std::string run_monitor_command(const std::string& command, DebugMemory& memory);
// For `checkpoint FILE`: FILE ("" when missing); nullopt for another command.
std::optional<std::string> checkpoint_path(const std::string& command);

}  // namespace vp::gdb
