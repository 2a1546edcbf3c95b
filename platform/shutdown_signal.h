// SIGTERM to vp is a graceful shutdown request, as an ACPI power button is to QEMU's
// `system_powerdown`: the first SIGTERM presses the machine's power button (the first
// Role::power_button device), and the guest powers off by itself (PSCI SYSTEM_OFF, exit status 0).
// If it has not within the grace period (wall time, --shutdown-grace), or a second SIGTERM comes,
// vp stops as SIGTERM always stopped it: the terminal is restored and the process ends by the
// signal (disks are written through pwrite, so what the guest synced is in the image). A machine
// without a power button, or whose guest does not listen to it (PowerButton::heeded(): no driver
// has unmasked its line), stops at the first SIGTERM. Ctrl-A p on the stdio console sends vp
// SIGTERM. SIGINT is not handled here.
#pragma once
#include <chrono>
#include <functional>
#include <string>
#include <thread>

#include "core/host_events.h"
#include "core/power_button.h"

namespace vp {

class ShutdownSignal {
public:
    // Blocks SIGTERM in the calling thread; call first thing in sc_main, before any thread exists,
    // so that only the watcher's sigwait() ever takes it.
    static void block_sigterm();
    // `button` is pressed on the simulation thread at the first SIGTERM; nullptr: none.
    // `grace_text` names the grace period in messages ("30s").
    ShutdownSignal(PowerButton* button, std::chrono::nanoseconds grace, std::string grace_text);
    // SIGTERM takes its default action again (the final flushes after the run are not held).
    ~ShutdownSignal();

private:
    void watch();
    [[noreturn]] static void stop_by_signal(const char* why);

    void press();  // simulation thread

    PowerButton* button_;
    HostSource source_;
    std::chrono::nanoseconds grace_;
    std::string grace_text_;
    bool stop_ = false;
    std::thread thread_;
};

}  // namespace vp
