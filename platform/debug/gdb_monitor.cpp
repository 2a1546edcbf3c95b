#include "platform/debug/gdb_monitor.h"

#include "platform/debug/gdb_memory.h"

namespace vp::gdb {

std::string run_monitor_command(const std::string& cmd, DebugMemory& memory) {
    if (cmd == "phys") {
        memory.set_physical(true);
        return "memory accesses now use physical addresses\n";
    }
    if (cmd == "virt") {
        memory.set_physical(false);
        return "memory accesses now use virtual addresses (current MMU state)\n";
    }
    if (cmd == "help" || cmd.empty())
        return "vp monitor commands:\n  phys  memory accesses use physical addresses\n"
               "  virt  memory accesses use virtual addresses (default)\n";
    return "unknown monitor command '" + cmd + "' (try: monitor help)\n";
}

}  // namespace vp::gdb
