// Runs the `vp` executable as a user would and captures what the guest printed on its UART.
#pragma once
#include <string>
#include <vector>

namespace vp::test {

struct VpRun {
    int exit_status = -1;  // the process exit status; -1 when it did not exit normally
    std::string uart;      // everything the first UART transmitted
    std::string stderr_text;
};

// Runs `vp <args...> -serial file:<tmp>` with stdin from /dev/null, waiting at most
// `wall_seconds` (then the process is killed and exit_status stays -1).
VpRun run_vp(const std::vector<std::string>& args, int wall_seconds = 120);

// Runs a shell command and returns what it wrote on stdout.
std::string run_command(const std::string& cmd);

// Runs a bare-metal ELF on qemu-system-aarch64 -M virt -cpu cortex-a57 -nic none (the oracle):
// `uart` is what it printed, `stderr_text` QEMU's own messages. Check have_qemu() first.
VpRun run_qemu(const std::string& elf, int wall_seconds = 60);
bool have_qemu();

}  // namespace vp::test
