// libFuzzer entry for the boot-file parsers: the first byte picks the parser (ELF/Image with
// optional gzip, or DTB), the rest is the file. A finding is a crash, a sanitizer report or
// an exception other than vp::Error.
#include <libfdt.h>

#include <cstdint>
#include <cstdlib>

#include "platform/boot/boot_layout.h"
#include "platform/boot/dtb_file.h"
#include "platform/boot/gunzip.h"
#include "platform/boot/kernel_image.h"
#include "core/error.h"

namespace boot = vp::boot;

namespace {

void kernel(std::span<const uint8_t> file) {
    boot::GuestMemory mem;
    mem.ram.push_back({"ram", 0x40000000, 256u << 20});
    mem.rom = boot::GuestRegion{"rom", 0, 64u << 10};
    std::vector<uint8_t> inflated;
    std::span<const uint8_t> bytes = file;
    if (boot::is_gzip(file)) {
        auto head = boot::gunzip_head(file, boot::kKernelHeaderBytes, "fuzz");
        inflated = boot::gunzip(file, std::min(boot::kernel_file_limit(head, "fuzz"), mem.total_ram()),
                                "fuzz", "the limit");
        bytes = inflated;
    }
    boot::KernelLayout l = boot::place_kernel(boot::parse_kernel(bytes, "fuzz"), mem, "fuzz");
    for (const boot::Load& load : l.loads) {
        if (!mem.ram.front().holds(load.addr, load.mem_size) || mem.rom->overlaps(load.addr, load.mem_size))
            std::abort();
        volatile uint8_t sink = 0;
        for (uint8_t b : load.bytes) sink = sink + b;
    }
    boot::place_initrd(l.free_from, 0x1000, mem, "fuzz-initrd");
}

void dtb(std::span<const uint8_t> file) {
    std::vector<uint8_t> blob = boot::checked_dtb(file, "fuzz");
    std::vector<uint8_t> out(blob.size() + 4096);
    if (fdt_open_into(blob.data(), out.data(), static_cast<int>(out.size())) != 0) std::abort();
    for (int node = fdt_next_node(out.data(), -1, nullptr); node >= 0;
         node = fdt_next_node(out.data(), node, nullptr)) {
        char path[1024];
        fdt_get_path(out.data(), node, path, sizeof path);
        int len = 0;
        fdt_getprop(out.data(), node, "reg", &len);
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size == 0) return 0;
    std::span<const uint8_t> file(data + 1, size - 1);
    try {
        if (data[0] & 1)
            dtb(file);
        else
            kernel(file);
    } catch (const vp::Error&) {
    }
    return 0;
}
