// Guest images as the boot loader reads them: an arm64 Linux Image (the header of
// Documentation/arch/arm64/booting.rst) or an ELF64 executable. Parsing works on a byte
// buffer and needs nothing else (no SystemC, no files), so it can be tested and fuzzed alone.
// Every header field is checked, with arithmetic that cannot wrap, before it is used.
#pragma once
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace vp::boot {

struct Segment {
    uint64_t addr;                   // ELF: physical address (p_paddr); Image: text_offset
    std::span<const uint8_t> bytes;  // a view into the parsed buffer
    uint64_t mem_size;               // >= bytes.size(): the rest is zero (ELF .bss, Image bss)
};

struct KernelImage {
    enum class Kind { linux_image, elf } kind;
    std::vector<Segment> segments;  // ELF: sorted by address, none overlapping
    uint64_t entry = 0;             // ELF: physical; Image: offset from the 2 MiB-aligned base
    uint64_t text_offset = 0;       // Image header
    // Image header: bytes from the start of the image (base + text_offset) the kernel needs
    // free (booting.rst); for a pre-3.17 header without it, the file size plus 1 MiB.
    uint64_t image_size = 0;
    bool anywhere = false;  // Image flags bit 3: physical placement unconstrained
};

// Parses an Image or ELF (already inflated). The result's segments point into `data`, which
// must outlive it. Throws vp::Error naming `path` and the field at fault.
KernelImage parse_kernel(std::span<const uint8_t> data, const std::string& path);

// The arm64 Image header is 64 bytes; the first 64 bytes tell Image from ELF (whose header,
// Elf64_Ehdr, is 64 bytes as well).
constexpr size_t kKernelHeaderBytes = 64;

// From the first kKernelHeaderBytes of a kernel (e.g. inflated from the start of a gzip
// stream): the most bytes the whole file can have, the Image header's image_size when it
// gives one, else UINT64_MAX (ELF, or fewer than 64 bytes). Throws vp::Error naming `path`
// when the bytes are neither an Image nor an ELF, so junk is refused before the rest is read.
uint64_t kernel_file_limit(std::span<const uint8_t> head, const std::string& path);

}  // namespace vp::boot
