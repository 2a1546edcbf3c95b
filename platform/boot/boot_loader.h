// The boot loader: the three steps of booting arm64 Linux (load kernel, load initrd, load
// DTB), done before the simulation starts, plus the boot stub the primary core runs first.
// Follows Documentation/arm64/booting.rst: DTB address in x0, x1-x3 zero, MMU off, EL1.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace vp {

class Platform;

struct BootPlan {
    uint64_t reset_pc = 0;  // where core 0 starts: the boot stub in ROM, else the entry
    uint64_t entry = 0;     // kernel entry point
    uint64_t dtb_addr = 0;  // 0 when no DTB was placed (bare-metal ELF without RAM)
    uint64_t kernel_start = 0, kernel_end = 0;
    uint64_t initrd_start = 0, initrd_end = 0;
    bool has_kernel = false;
    std::vector<uint8_t> dtb;  // the device tree as placed in memory
};

// A 32-bit store the boot stub makes before it enters the kernel: the console's setup
// (Device::console_setup()) at the console's base address. `offset` is a multiple of 4 below 16 KiB.
struct StubWrite {
    uint64_t base;
    uint32_t offset;
    uint32_t value;
};

// The boot stub: makes the `writes`, loads x0 = dtb, x1..x3 = 0 and branches to entry.
// Position independent.
std::vector<uint8_t> boot_stub(uint64_t dtb_addr, uint64_t entry, const std::vector<StubWrite>& writes = {});

// Loads what the topology's boot: section names into the platform's memories. Every file is
// checked (headers, sizes against the RAM it must fit in) before it is read or written, see
// boot_layout.h. Throws ConfigError naming the key (boot.kernel, boot.initrd, boot.dtb) and
// the path on a missing, malformed or oversized file.
BootPlan load_guest(Platform& platform);

}  // namespace vp
