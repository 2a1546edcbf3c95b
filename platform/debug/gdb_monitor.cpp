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
               "  virt  memory accesses use virtual addresses (default)\n"
               "  checkpoint FILE  save the machine to FILE at the next quantum boundary\n";
    return "unknown monitor command '" + cmd + "' (try: monitor help)\n";
}

std::optional<std::string> checkpoint_path(const std::string& command) {
    const std::string word = "checkpoint";
    if (command.rfind(word, 0) != 0 || (command.size() > word.size() && command[word.size()] != ' '))
        return std::nullopt;
    const size_t from = command.find_first_not_of(' ', word.size());
    if (from == std::string::npos) return std::string();
    return command.substr(from, command.find_last_not_of(' ') + 1 - from);
}

}  // namespace vp::gdb
