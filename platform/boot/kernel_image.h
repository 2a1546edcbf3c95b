// Guest images as the boot loader reads them: an arm64 Linux Image (raw or gzip, with the
// header of Documentation/arm64/booting.rst) or an ELF executable.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace vp::boot {

struct Segment {
    uint64_t addr;  // physical load address (ELF), or offset from the load base (Image)
    std::vector<uint8_t> bytes;
    uint64_t mem_size;  // >= bytes.size(): the rest is zero (ELF .bss, Image bss)
};

struct KernelImage {
    enum class Kind { linux_image, elf } kind;
    std::vector<Segment> segments;
    uint64_t entry = 0;        // ELF: absolute; Image: offset from the load base (text_offset)
    uint64_t text_offset = 0;  // Image header
    uint64_t image_size = 0;   // Image header: bytes from the load base the kernel needs
    bool anywhere = false;     // Image flags bit 3: physical placement unconstrained
};

// Reads a file from disk; throws vp::Error naming the path when it is missing or unreadable.
std::vector<uint8_t> read_file(const std::string& path);
// gzip-compressed data (magic 1f 8b) is inflated; anything else is returned as is.
std::vector<uint8_t> maybe_gunzip(std::vector<uint8_t> data, const std::string& path);
// Parses an Image or ELF (after gunzip). Throws vp::Error on anything malformed.
KernelImage parse_kernel(const std::vector<uint8_t>& data, const std::string& path);

}  // namespace vp::boot
