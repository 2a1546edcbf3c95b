#include "platform/boot/kernel_image.h"

#include <elf.h>
#include <fmt/format.h>

#include <algorithm>
#include <cstring>

#include "core/error.h"

namespace vp::boot {

namespace {

constexpr uint32_t kImageMagic = 0x644d5241;  // "ARM\x64" at offset 56 (booting.rst)
constexpr uint64_t kImageFlagAnywhere = 1u << 3;
constexpr uint64_t k2MiB = 2u << 20;
// booting.rst: an image_size of 0 marks a kernel older than 3.17, whose text_offset is
// 0x80000; the boot loader should leave memory free after it (vp: 1 MiB).
constexpr uint64_t kLegacyTextOffset = 0x80000;
constexpr uint64_t kLegacySlack = 1u << 20;

template <class T>
T load_le(std::span<const uint8_t> d, size_t off) {
    T v;
    std::memcpy(&v, d.data() + off, sizeof v);
    return v;
}

[[noreturn]] void fail(const std::string& path, const std::string& what) {
    throw Error("kernel '" + path + "': " + what);
}

KernelImage parse_linux_image(std::span<const uint8_t> data, const std::string& path) {
    if (data.size() < kKernelHeaderBytes) fail(path, "truncated arm64 Image header");
    KernelImage k{KernelImage::Kind::linux_image, {}, 0, 0, 0, false};
    k.text_offset = load_le<uint64_t>(data, 8);
    k.image_size = load_le<uint64_t>(data, 16);
    uint64_t flags = load_le<uint64_t>(data, 24);
    if (k.image_size == 0) {
        k.text_offset = kLegacyTextOffset;
        if (data.size() > UINT64_MAX - kLegacySlack) fail(path, "file too large");
        k.image_size = data.size() + kLegacySlack;
    }
    if (k.text_offset >= k2MiB || (k.text_offset & 0xfff))
        fail(path, fmt::format("Image header text_offset {:#x} is not a 4 KiB-aligned offset below 2 MiB",
                               k.text_offset));
    // image_size counts from the start of the image and covers the file plus its bss.
    if (k.image_size < data.size())
        fail(path, fmt::format("Image header image_size {:#x} is smaller than the file ({:#x} bytes)",
                               k.image_size, data.size()));
    k.anywhere = flags & kImageFlagAnywhere;
    k.entry = k.text_offset;
    k.segments.push_back({k.text_offset, data, k.image_size});
    return k;
}

struct LoadSegment {
    Segment seg;
    unsigned index;  // program header number, for messages
};

KernelImage parse_elf(std::span<const uint8_t> data, const std::string& path) {
    if (data.size() < sizeof(Elf64_Ehdr))
        fail(path, fmt::format("truncated ELF header: the file has {} bytes, an ELF64 header {}", data.size(),
                               sizeof(Elf64_Ehdr)));
    Elf64_Ehdr eh;
    std::memcpy(&eh, data.data(), sizeof eh);
    if (eh.e_ident[EI_CLASS] != ELFCLASS64)
        fail(path, fmt::format("not a 64-bit ELF (EI_CLASS {})", eh.e_ident[EI_CLASS]));
    if (eh.e_ident[EI_DATA] != ELFDATA2LSB)
        fail(path, fmt::format("not a little-endian ELF (EI_DATA {})", eh.e_ident[EI_DATA]));
    if (eh.e_ident[EI_VERSION] != EV_CURRENT || eh.e_version != EV_CURRENT)
        fail(path, fmt::format("unknown ELF version (EI_VERSION {}, e_version {})", eh.e_ident[EI_VERSION],
                               eh.e_version));
    if (eh.e_type != ET_EXEC && eh.e_type != ET_DYN)
        fail(path, fmt::format("ELF e_type {} is not an executable (ET_EXEC or ET_DYN)", eh.e_type));
    if (eh.e_machine != EM_AARCH64)
        fail(path, fmt::format("ELF e_machine {} is not AArch64 ({})", eh.e_machine, EM_AARCH64));
    if (eh.e_phnum == 0) fail(path, "ELF has no program headers (e_phnum 0)");
    if (eh.e_phnum == PN_XNUM)
        fail(path, "ELF e_phnum is PN_XNUM (more than 65534 program headers): not supported");
    if (eh.e_phentsize != sizeof(Elf64_Phdr))
        fail(path,
             fmt::format("ELF e_phentsize {} is not {} (Elf64_Phdr)", eh.e_phentsize, sizeof(Elf64_Phdr)));
    const uint64_t table = uint64_t(eh.e_phnum) * sizeof(Elf64_Phdr);  // at most 65534 * 56
    if (eh.e_phoff > data.size() || table > data.size() - eh.e_phoff)
        fail(path,
             fmt::format("ELF program header table (e_phoff {:#x}, {} entries of {} bytes) extends beyond "
                         "the end of the file ({:#x} bytes)",
                         eh.e_phoff, eh.e_phnum, sizeof(Elf64_Phdr), data.size()));

    std::vector<LoadSegment> loads;
    for (unsigned i = 0; i < eh.e_phnum; ++i) {
        Elf64_Phdr ph;
        std::memcpy(&ph, data.data() + eh.e_phoff + uint64_t(i) * sizeof ph, sizeof ph);
        if (ph.p_type != PT_LOAD) continue;
        if (ph.p_filesz > ph.p_memsz)
            fail(path, fmt::format("ELF program header {}: p_filesz {:#x} is larger than p_memsz {:#x}", i,
                                   ph.p_filesz, ph.p_memsz));
        if (ph.p_memsz == 0) continue;
        if (ph.p_offset > data.size() || ph.p_filesz > data.size() - ph.p_offset)
            fail(path,
                 fmt::format("ELF program header {}: p_offset {:#x} + p_filesz {:#x} extends beyond the end "
                             "of the file ({:#x} bytes)",
                             i, ph.p_offset, ph.p_filesz, data.size()));
        if (ph.p_memsz > UINT64_MAX - ph.p_paddr)
            fail(path,
                 fmt::format("ELF program header {}: p_paddr {:#x} + p_memsz {:#x} wraps past the end of the "
                             "64-bit address space",
                             i, ph.p_paddr, ph.p_memsz));
        loads.push_back({{ph.p_paddr, data.subspan(ph.p_offset, ph.p_filesz), ph.p_memsz}, i});
    }
    if (loads.empty()) fail(path, "ELF has no loadable segment (PT_LOAD with p_memsz > 0)");
    std::stable_sort(loads.begin(), loads.end(),
                     [](const LoadSegment& a, const LoadSegment& b) { return a.seg.addr < b.seg.addr; });
    for (size_t i = 1; i < loads.size(); ++i) {
        const Segment& a = loads[i - 1].seg;
        const Segment& b = loads[i].seg;
        if (b.addr < a.addr + a.mem_size)
            fail(path, fmt::format("ELF program headers {} ({:#x}..{:#x}) and {} ({:#x}..{:#x}) overlap",
                                   loads[i - 1].index, a.addr, a.addr + a.mem_size, loads[i].index, b.addr,
                                   b.addr + b.mem_size));
    }
    KernelImage k{KernelImage::Kind::elf, {}, eh.e_entry, 0, 0, true};
    bool entry_loaded = false;
    for (const auto& l : loads) {
        k.segments.push_back(l.seg);
        if (eh.e_entry >= l.seg.addr && eh.e_entry - l.seg.addr < l.seg.mem_size) entry_loaded = true;
    }
    // The core starts with the MMU off: the entry must be a physical address the ELF loads.
    if (!entry_loaded)
        fail(path,
             fmt::format("ELF entry point e_entry {:#x} is not inside any loadable segment", eh.e_entry));
    return k;
}

bool is_elf(std::span<const uint8_t> data) {
    return data.size() >= SELFMAG && std::memcmp(data.data(), ELFMAG, SELFMAG) == 0;
}

bool is_image(std::span<const uint8_t> data) {
    return data.size() >= kKernelHeaderBytes && load_le<uint32_t>(data, 56) == kImageMagic;
}

[[noreturn]] void fail_unknown(const std::string& path) {
    fail(path, "neither an arm64 Linux Image (no 'ARM\\x64' magic at offset 56) nor an ELF");
}

}  // namespace

KernelImage parse_kernel(std::span<const uint8_t> data, const std::string& path) {
    if (is_elf(data)) return parse_elf(data, path);
    if (is_image(data)) return parse_linux_image(data, path);
    fail_unknown(path);
}

uint64_t kernel_file_limit(std::span<const uint8_t> head, const std::string& path) {
    if (head.size() < kKernelHeaderBytes || is_elf(head)) return UINT64_MAX;
    if (!is_image(head)) fail_unknown(path);
    uint64_t image_size = load_le<uint64_t>(head, 16);
    return image_size ? image_size : UINT64_MAX;
}

}  // namespace vp::boot
