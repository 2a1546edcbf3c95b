// Watches the console's output for the guest's own report of a fatal error and ends the run
// with exit status 2 (sim::exit_guest_panic), so that batch runs and CI see a kernel panic as
// a failure instead of a guest that hangs until a timeout.
//
// Linux prints "Kernel panic - not syncing: <reason>", then a register and stack dump, then
// "---[ end Kernel panic - not syncing: <reason> ]---" and spins (panic=0), or reboots after
// panic=N seconds through PSCI SYSTEM_RESET. The run ends at the end marker, or at that reset.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>

namespace vp {

class ConsoleWatcher {
public:
    void feed(const uint8_t* data, size_t len);
    bool panic_seen() const { return !panic_.empty(); }
    const std::string& panic_message() const { return panic_; }

private:
    void line_done();
    std::string line_;
    std::string panic_;
};

}  // namespace vp
