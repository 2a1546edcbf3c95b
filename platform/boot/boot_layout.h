// Where the boot loader puts the kernel, initrd and DTB in guest memory, decided and checked
// against the machine's RAM and boot ROM before a byte is written, with arithmetic that cannot
// wrap. Works on plain values (no SystemC), so it is tested and fuzzed alone.
//
// Image (Documentation/arch/arm64/booting.rst): DTB at the start of the boot RAM (it may take
// up to 2 MiB), the kernel at the next 2 MiB-aligned base + text_offset, needing image_size
// bytes from there; the initrd at the next 2 MiB boundary after the kernel. ELF: every
// segment at its physical address, inside RAM and clear of the boot ROM (which holds the
// boot stub); initrd and DTB after the segments that are in the boot RAM.
#pragma once
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "platform/boot/kernel_image.h"

namespace vp::boot {

struct GuestRegion {
    std::string device;  // instance name, for messages
    uint64_t base = 0;
    uint64_t size = 0;
    // [addr, addr + len) lies inside this region.
    bool holds(uint64_t addr, uint64_t len) const;
    bool overlaps(uint64_t addr, uint64_t len) const;
};

struct GuestMemory {
    std::vector<GuestRegion> ram;    // ram[0] is the boot RAM (lowest base)
    std::optional<GuestRegion> rom;  // the boot ROM, where the boot stub goes

    uint64_t total_ram() const;  // saturating at 2^64 - 1
};

struct Load {
    uint64_t addr;
    std::span<const uint8_t> bytes;
    uint64_t mem_size;  // >= bytes.size(): the rest is zero-filled
};

struct KernelLayout {
    std::vector<Load> loads;
    uint64_t entry = 0;
    uint64_t start = 0, end = 0;  // the lowest and highest byte + 1 the kernel occupies
    uint64_t free_from = 0;       // first boot-RAM address after the kernel
    uint64_t dtb_addr = 0;        // Image: the start of the boot RAM; ELF: 0 (see place_after)
};

// Places a parsed kernel. Throws vp::Error naming `path` when it does not fit.
KernelLayout place_kernel(const KernelImage& kernel, const GuestMemory& mem, const std::string& path);

// The next 2 MiB boundary at or after `from` in the boot RAM, and the bytes free from there
// to the end of the boot RAM (0 when none).
struct FreeSpace {
    uint64_t addr = 0;
    uint64_t size = 0;
};
FreeSpace free_after(uint64_t from, const GuestMemory& mem);

// Where `size` bytes of initrd go after `free_from`. Throws vp::Error naming `path` when
// they do not fit.
uint64_t place_initrd(uint64_t free_from, uint64_t size, const GuestMemory& mem, const std::string& path);

}  // namespace vp::boot
