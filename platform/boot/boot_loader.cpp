#include "platform/boot/boot_loader.h"

#include <fmt/format.h>

#include <cstring>

#include "platform/boot/kernel_image.h"
#include "platform/core/error.h"
#include "platform/platform.h"

namespace vp {

namespace {

constexpr uint64_t k2MiB = 2u << 20;
constexpr uint64_t align_up(uint64_t v, uint64_t a) {
    return (v + a - 1) & ~(a - 1);
}

void put32(std::vector<uint8_t>& b, uint32_t v) {
    for (int i = 0; i < 4; ++i) b.push_back(static_cast<uint8_t>(v >> (8 * i)));
}
void put64(std::vector<uint8_t>& b, uint64_t v) {
    put32(b, static_cast<uint32_t>(v));
    put32(b, static_cast<uint32_t>(v >> 32));
}

const RegionConfig* first_ram(const Platform& p) {
    const RegionConfig* best = nullptr;
    for (const auto& d : p.devices())
        if (d->config().model.rfind("ram", 0) == 0 && !d->config().regions.empty()) {
            const RegionConfig& r = d->config().regions.front();
            if (!best || r.base < best->base) best = &r;
        }
    return best;
}

const RegionConfig* boot_rom(const Platform& p) {
    for (const auto& d : p.devices())
        if (d->config().model == "rom" && !d->config().regions.empty()) return &d->config().regions.front();
    return nullptr;
}

void place(Platform& p, uint64_t addr, const std::vector<uint8_t>& bytes, uint64_t mem_size,
           const std::string& what) {
    if (!p.router().write_debug(addr, bytes.data(), bytes.size()))
        throw Error(
            fmt::format("{} does not fit in memory at {:#x}..{:#x}", what, addr, addr + bytes.size()));
    if (mem_size > bytes.size()) {
        std::vector<uint8_t> zero(mem_size - bytes.size(), 0);
        if (!p.router().write_debug(addr + bytes.size(), zero.data(), zero.size()))
            throw Error(fmt::format("{} (bss) does not fit in memory at {:#x}", what, addr + bytes.size()));
    }
}

}  // namespace

std::vector<uint8_t> boot_stub(uint64_t dtb_addr, uint64_t entry, uint64_t uart_base) {
    std::vector<uint8_t> b;
    // What firmware does before it hands over: the console UART enabled (PL011 UARTCR =
    // UARTEN | TXE | RXE), so an early console can write to it.
    if (uart_base) {
        put32(b, 0x58000205);  // ldr x5, .+0x40  (uart_base)
        put32(b, 0x52806026);  // mov w6, #0x301
        put32(b, 0xb90030a6);  // str w6, [x5, #0x30]
    } else {
        put32(b, 0xd503201f);  // nop
        put32(b, 0xd503201f);  // nop
        put32(b, 0xd503201f);  // nop
    }
    put32(b, 0x58000120);  // ldr x0, .+0x24  (dtb)
    put32(b, 0xaa1f03e1);  // mov x1, xzr
    put32(b, 0xaa1f03e2);  // mov x2, xzr
    put32(b, 0xaa1f03e3);  // mov x3, xzr
    put32(b, 0x580000e4);  // ldr x4, .+0x1c  (entry)
    put32(b, 0xd61f0080);  // br x4
    put32(b, 0xd503201f);  // nop
    put32(b, 0xd503201f);  // nop
    put32(b, 0xd503201f);  // nop
    put64(b, dtb_addr);    // +0x30
    put64(b, entry);       // +0x38
    put64(b, uart_base);   // +0x40
    return b;
}

BootPlan load_guest(Platform& p) {
    const BootConfig& boot = p.topology().boot;
    BootPlan plan;
    const RegionConfig* ram = first_ram(p);
    const RegionConfig* rom = boot_rom(p);
    if (boot.kernel.empty()) return plan;
    if (!ram) throw Error("boot: a kernel is given but the topology has no RAM to load it into");

    auto kernel =
        boot::parse_kernel(boot::maybe_gunzip(boot::read_file(boot.kernel), boot.kernel), boot.kernel);
    plan.has_kernel = true;
    uint64_t free_from = ram->base;
    if (kernel.kind == boot::KernelImage::Kind::linux_image) {
        // The DTB takes the first 2 MiB of RAM; the kernel the next 2 MiB-aligned base.
        uint64_t base = align_up(ram->base + k2MiB, k2MiB);
        plan.kernel_start = base + kernel.text_offset;
        plan.kernel_end = base + kernel.image_size;
        plan.entry = base + kernel.entry;
        if (plan.kernel_end > ram->end())
            throw Error(
                fmt::format("kernel '{}' ({} bytes) does not fit in RAM", boot.kernel, kernel.image_size));
        for (const auto& s : kernel.segments) place(p, base + s.addr, s.bytes, s.mem_size - s.addr, "kernel");
        plan.dtb_addr = ram->base;
        free_from = plan.kernel_end;
    } else {
        plan.kernel_start = UINT64_MAX;
        for (const auto& s : kernel.segments) {
            place(p, s.addr, s.bytes, s.mem_size, "kernel '" + boot.kernel + "' segment");
            plan.kernel_start = std::min(plan.kernel_start, s.addr);
            plan.kernel_end = std::max(plan.kernel_end, s.addr + s.mem_size);
        }
        plan.entry = kernel.entry;
        if (plan.kernel_end >= ram->base && plan.kernel_end < ram->end()) free_from = plan.kernel_end;
    }

    if (!boot.initrd.empty()) {
        auto initrd = boot::read_file(boot.initrd);
        plan.initrd_start = align_up(free_from, k2MiB);
        plan.initrd_end = plan.initrd_start + initrd.size();
        if (plan.initrd_end > ram->end())
            throw Error(fmt::format("initrd '{}' ({} bytes) does not fit in RAM after the kernel",
                                    boot.initrd, initrd.size()));
        place(p, plan.initrd_start, initrd, initrd.size(), "initrd '" + boot.initrd + "'");
        free_from = plan.initrd_end;
    }

    auto dtb = p.dtb(boot.append, plan.initrd_start, plan.initrd_end);
    if (dtb.size() > k2MiB) throw Error("device tree larger than 2 MiB (booting.rst limit)");
    if (plan.dtb_addr == 0 || kernel.kind == boot::KernelImage::Kind::elf) {
        // ELF guests: the DTB goes after everything else, 2 MiB aligned.
        plan.dtb_addr = align_up(free_from, k2MiB);
        if (plan.dtb_addr + dtb.size() > ram->end()) plan.dtb_addr = 0;
    }
    if (plan.dtb_addr) place(p, plan.dtb_addr, dtb, dtb.size(), "device tree");
    plan.dtb = std::move(dtb);

    plan.reset_pc = plan.entry;
    if (rom) {
        const Device* console = p.stdout_device();
        uint64_t uart =
            console && console->config().model == "pl011" ? console->config().regions.front().base : 0;
        auto stub = boot_stub(plan.dtb_addr, plan.entry, uart);
        place(p, rom->base, stub, stub.size(), "boot stub");
        plan.reset_pc = rom->base;
    }
    return plan;
}

}  // namespace vp
