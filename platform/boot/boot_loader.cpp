#include "platform/boot/boot_loader.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <optional>

#include "platform/boot/boot_layout.h"
#include "platform/boot/dtb_file.h"
#include "platform/boot/gunzip.h"
#include "platform/boot/input_file.h"
#include "platform/boot/kernel_image.h"
#include "core/error.h"
#include "platform/platform.h"

namespace vp {

namespace {

using boot::GuestMemory;
using boot::GuestRegion;

void put32(std::vector<uint8_t>& b, uint32_t v) {
    for (int i = 0; i < 4; ++i) b.push_back(static_cast<uint8_t>(v >> (8 * i)));
}
void put64(std::vector<uint8_t>& b, uint64_t v) {
    put32(b, static_cast<uint32_t>(v));
    put32(b, static_cast<uint32_t>(v >> 32));
}

// The RAM (Role::ram) by base address, the lowest first, and the boot ROM (the first Role::boot_rom).
GuestMemory guest_memory(const Platform& p) {
    GuestMemory mem;
    for (const Device* d : p.devices_with(Role::ram)) {
        const DeviceConfig& c = d->config();
        if (!c.regions.empty())
            mem.ram.push_back(GuestRegion{c.name, c.regions.front().base, c.regions.front().size});
    }
    for (const Device* d : p.devices_with(Role::boot_rom)) {
        const DeviceConfig& c = d->config();
        if (c.regions.empty()) continue;
        mem.rom = GuestRegion{c.name, c.regions.front().base, c.regions.front().size};
        break;
    }
    std::stable_sort(mem.ram.begin(), mem.ram.end(),
                     [](const GuestRegion& a, const GuestRegion& b) { return a.base < b.base; });
    return mem;
}

// Writes `bytes` at `addr` and zeroes up to `mem_size`, a chunk at a time.
void write(Platform& p, uint64_t addr, std::span<const uint8_t> bytes, uint64_t mem_size,
           const std::string& what) {
    if (!p.router().write_debug(addr, bytes.data(), bytes.size()))
        throw Error(
            fmt::format("{} does not fit in memory at {:#x}..{:#x}", what, addr, addr + bytes.size()));
    static const std::vector<uint8_t> zeros(1u << 16, 0);
    for (uint64_t at = bytes.size(); at < mem_size;) {
        size_t n = static_cast<size_t>(std::min<uint64_t>(mem_size - at, zeros.size()));
        if (!p.router().write_debug(addr + at, zeros.data(), n))
            throw Error(fmt::format("{} (bss) does not fit in memory at {:#x}", what, addr + at));
        at += n;
    }
}

// Runs `f`; a vp::Error from it becomes a ConfigError naming the topology key it concerns.
template <class F>
auto for_key(const BootConfig& boot, const SourceLoc& loc, const std::string& key, F&& f) {
    try {
        return f();
    } catch (const ConfigError&) {
        throw;
    } catch (const Error& e) {
        throw ConfigError(loc.file.empty() ? boot.loc : loc, key, e.what());
    }
}

// The kernel file as bytes, inflated when it is gzip data. A gzip stream may inflate to no
// more than the Image header's image_size, and never more than the machine's RAM.
std::span<const uint8_t> kernel_bytes(const boot::InputFile& file, const GuestMemory& mem,
                                      std::vector<uint8_t>& inflated) {
    std::span<const uint8_t> raw = file.bytes();
    if (!boot::is_gzip(raw)) return raw;
    uint64_t limit = mem.total_ram();
    std::string limit_text = "the machine's " + boot::size_text(limit) + " of RAM";
    std::vector<uint8_t> head = boot::gunzip_head(raw, boot::kKernelHeaderBytes, file.path());
    uint64_t image_size = boot::kernel_file_limit(head, file.path());
    if (image_size < limit) {
        limit = image_size;
        limit_text = fmt::format("the Image header's image_size ({:#x})", image_size);
    }
    inflated = boot::gunzip(raw, limit, file.path(), limit_text);
    return inflated;
}

}  // namespace

std::vector<uint8_t> boot_stub(uint64_t dtb_addr, uint64_t entry, const std::vector<StubWrite>& writes) {
    // Code (A64 encodings, C6.2), padded to 16 bytes, then the literals: dtb, entry, each base.
    unsigned n_insns = 6;
    for (const StubWrite& w : writes) {
        if (w.offset % 4 || w.offset >= 0x4000)
            throw Error(
                fmt::format("boot stub: store offset {:#x} is not a multiple of 4 below 16 KiB", w.offset));
        n_insns += (w.value >> 16) ? 4 : 3;
    }
    const uint32_t pool = (n_insns * 4 + 15) & ~15u;
    std::vector<uint8_t> b;
    auto ldr_literal = [&](unsigned rt, uint32_t literal) {  // LDR Xt, <label>
        put32(b, 0x58000000 | ((literal - uint32_t(b.size())) / 4) << 5 | rt);
    };
    for (size_t i = 0; i < writes.size(); ++i) {
        const StubWrite& w = writes[i];
        ldr_literal(5, pool + 16 + 8 * uint32_t(i));                     // ldr x5, =base
        put32(b, 0x52800006 | (w.value & 0xffff) << 5);                  // movz w6, #value[15:0]
        if (w.value >> 16) put32(b, 0x72a00006 | (w.value >> 16) << 5);  // movk w6, #value[31:16], lsl #16
        put32(b, 0xb90000a6 | (w.offset / 4) << 10);                     // str w6, [x5, #offset]
    }
    ldr_literal(0, pool);                          // ldr x0, =dtb
    put32(b, 0xaa1f03e1);                          // mov x1, xzr
    put32(b, 0xaa1f03e2);                          // mov x2, xzr
    put32(b, 0xaa1f03e3);                          // mov x3, xzr
    ldr_literal(4, pool + 8);                      // ldr x4, =entry
    put32(b, 0xd61f0080);                          // br x4
    while (b.size() < pool) put32(b, 0xd503201f);  // nop
    put64(b, dtb_addr);
    put64(b, entry);
    for (const StubWrite& w : writes) put64(b, w.base);
    return b;
}

BootPlan load_guest(Platform& p) {
    const BootConfig& boot = p.topology().boot;
    BootPlan plan;
    if (boot.kernel.empty()) return plan;
    const GuestMemory mem = guest_memory(p);

    // The layout's loads point into these two, which live as long as it does.
    std::optional<boot::InputFile> file;
    std::vector<uint8_t> inflated;
    const boot::KernelLayout kernel = for_key(boot, boot.kernel_loc, "boot.kernel", [&] {
        if (mem.ram.empty())
            throw Error("the topology has no RAM to load the kernel '" + boot.kernel + "' into");
        file = boot::InputFile::open(boot.kernel, mem.total_ram(), "the machine's RAM");
        boot::KernelImage image = boot::parse_kernel(kernel_bytes(*file, mem, inflated), boot.kernel);
        boot::KernelLayout l = boot::place_kernel(image, mem, boot.kernel);
        for (const boot::Load& load : l.loads)
            write(p, load.addr, load.bytes, load.mem_size, "kernel '" + boot.kernel + "'");
        return l;
    });
    plan.has_kernel = true;
    plan.entry = kernel.entry;
    plan.kernel_start = kernel.start;
    plan.kernel_end = kernel.end;
    uint64_t free_from = kernel.free_from;

    if (!boot.initrd.empty()) {
        for_key(boot, boot.initrd_loc, "boot.initrd", [&] {
            boot::FreeSpace space = boot::free_after(free_from, mem);
            boot::InputFile file = boot::InputFile::open(
                boot.initrd, space.size,
                fmt::format("the {} of RAM free after the kernel", boot::size_text(space.size)));
            plan.initrd_start = boot::place_initrd(free_from, file.size(), mem, boot.initrd);
            plan.initrd_end = plan.initrd_start + file.size();
            write(p, plan.initrd_start, file.bytes(), file.size(), "initrd '" + boot.initrd + "'");
        });
        free_from = plan.initrd_end;
    }

    auto dtb = p.dtb(boot.append, plan.initrd_start, plan.initrd_end);
    if (dtb.size() > boot::kMaxDtbBytes)
        throw Error(
            fmt::format("device tree of {} bytes is larger than the 2 MiB booting.rst allows", dtb.size()));
    plan.dtb_addr = kernel.dtb_addr;
    if (plan.dtb_addr == 0) {
        // ELF guests: the DTB goes after everything else, 2 MiB aligned, when there is room.
        boot::FreeSpace space = boot::free_after(free_from, mem);
        plan.dtb_addr = dtb.size() <= space.size ? space.addr : 0;
    }
    if (plan.dtb_addr) write(p, plan.dtb_addr, dtb, dtb.size(), "device tree");
    plan.dtb = std::move(dtb);

    plan.reset_pc = plan.entry;
    if (mem.rom) {
        // What firmware does to the console before it hands over (a UART's enable).
        std::vector<StubWrite> setup;
        if (const Device* console = p.stdout_device(); console && !console->config().regions.empty())
            for (const RegisterWrite& w : console->console_setup())
                setup.push_back({console->config().regions.front().base, w.offset, w.value});
        auto stub = boot_stub(plan.dtb_addr, plan.entry, setup);
        write(p, mem.rom->base, stub, stub.size(), "boot stub");
        plan.reset_pc = mem.rom->base;
    }
    return plan;
}

}  // namespace vp
