#include "platform/boot/boot_layout.h"

#include <fmt/format.h>

#include <algorithm>

#include "platform/boot/input_file.h"
#include "core/error.h"

namespace vp::boot {

namespace {

constexpr uint64_t k2MiB = 2u << 20;

// v rounded up to a multiple of 2 MiB, or nothing when that is past 2^64 - 1.
std::optional<uint64_t> align_2mib(uint64_t v) {
    if (v > UINT64_MAX - (k2MiB - 1)) return std::nullopt;
    return (v + k2MiB - 1) & ~(k2MiB - 1);
}

std::string range(uint64_t addr, uint64_t len) {
    return fmt::format("{:#x}..{:#x}", addr, addr + len);
}

std::string describe(const GuestRegion& r) {
    return fmt::format("'{}' ({})", r.device, range(r.base, r.size));
}

KernelLayout place_image(const KernelImage& k, const GuestMemory& mem, const std::string& path) {
    const GuestRegion& ram = mem.ram.front();
    if (ram.size < 2 * k2MiB)
        throw Error(
            fmt::format("kernel '{}': RAM {} is smaller than the 4 MiB an Image needs (2 MiB for the "
                        "device tree, then a 2 MiB-aligned base)",
                        path, describe(ram)));
    // The first 2 MiB of RAM hold the DTB; the kernel's base is the next 2 MiB boundary.
    std::optional<uint64_t> base = align_2mib(ram.base + k2MiB);
    if (!base || !ram.holds(*base, k.text_offset) || !ram.holds(*base + k.text_offset, k.image_size))
        throw Error(
            fmt::format("kernel '{}': needs image_size {:#x} bytes from {:#x} (2 MiB-aligned base + "
                        "text_offset {:#x}), beyond RAM {}",
                        path, k.image_size, base.value_or(0) + k.text_offset, k.text_offset, describe(ram)));
    KernelLayout l;
    l.start = *base + k.text_offset;
    l.end = l.start + k.image_size;
    l.entry = *base + k.entry;
    for (const Segment& s : k.segments) l.loads.push_back({*base + s.addr, s.bytes, s.mem_size});
    l.free_from = l.end;
    l.dtb_addr = ram.base;
    return l;
}

KernelLayout place_elf(const KernelImage& k, const GuestMemory& mem, const std::string& path) {
    KernelLayout l;
    const GuestRegion& boot_ram = mem.ram.front();
    l.start = UINT64_MAX;
    l.free_from = boot_ram.base;
    for (const Segment& s : k.segments) {
        if (mem.rom && mem.rom->overlaps(s.addr, s.mem_size))
            throw Error(
                fmt::format("kernel '{}': ELF segment {} overlaps the boot ROM {}, where the boot stub goes",
                            path, range(s.addr, s.mem_size), describe(*mem.rom)));
        auto in = std::find_if(mem.ram.begin(), mem.ram.end(),
                               [&](const GuestRegion& r) { return r.holds(s.addr, s.mem_size); });
        if (in == mem.ram.end()) {
            std::string rams;
            for (const GuestRegion& r : mem.ram) rams += (rams.empty() ? "" : ", ") + describe(r);
            throw Error(fmt::format("kernel '{}': ELF segment {} is not inside RAM (RAM: {})", path,
                                    range(s.addr, s.mem_size), rams));
        }
        l.loads.push_back({s.addr, s.bytes, s.mem_size});
        l.start = std::min(l.start, s.addr);
        l.end = std::max(l.end, s.addr + s.mem_size);
        if (&*in == &boot_ram) l.free_from = std::max(l.free_from, s.addr + s.mem_size);
    }
    l.entry = k.entry;
    return l;
}

}  // namespace

bool GuestRegion::holds(uint64_t addr, uint64_t len) const {
    return addr >= base && addr - base <= size && len <= size - (addr - base);
}

bool GuestRegion::overlaps(uint64_t addr, uint64_t len) const {
    if (len == 0 || size == 0) return false;
    // Inclusive last bytes: neither end can wrap (regions and segments end at or below 2^64 - 1).
    uint64_t last = addr + (len - 1), my_last = base + (size - 1);
    return addr <= my_last && base <= last;
}

uint64_t GuestMemory::total_ram() const {
    uint64_t total = 0;
    for (const GuestRegion& r : ram) total = r.size > UINT64_MAX - total ? UINT64_MAX : total + r.size;
    return total;
}

KernelLayout place_kernel(const KernelImage& kernel, const GuestMemory& mem, const std::string& path) {
    if (mem.ram.empty()) throw Error("kernel '" + path + "': the topology has no RAM to load it into");
    return kernel.kind == KernelImage::Kind::linux_image ? place_image(kernel, mem, path)
                                                         : place_elf(kernel, mem, path);
}

FreeSpace free_after(uint64_t from, const GuestMemory& mem) {
    if (mem.ram.empty()) return {};
    const GuestRegion& ram = mem.ram.front();
    std::optional<uint64_t> at = align_2mib(std::max(from, ram.base));
    if (!at || !ram.holds(*at, 0)) return {};
    return {*at, ram.size - (*at - ram.base)};
}

uint64_t place_initrd(uint64_t free_from, uint64_t size, const GuestMemory& mem, const std::string& path) {
    FreeSpace space = free_after(free_from, mem);
    if (mem.ram.empty() || size > space.size)
        throw Error(fmt::format("initrd '{}' ({}) does not fit in RAM after the kernel: {} free from {:#x}",
                                path, size_text(size), size_text(space.size), space.addr));
    return space.addr;
}

}  // namespace vp::boot
