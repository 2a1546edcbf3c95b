#include "platform/boot/kernel_image.h"

#include <elf.h>
#include <zlib.h>

#include <cstring>
#include <fstream>
#include <iterator>

#include "platform/core/error.h"

namespace vp::boot {

namespace {

constexpr uint32_t kImageMagic = 0x644d5241;  // "ARM\x64" at offset 56 (booting.rst)
constexpr uint64_t kImageFlagAnywhere = 1u << 3;

template <class T>
T load_le(const std::vector<uint8_t>& d, size_t off) {
    T v;
    std::memcpy(&v, d.data() + off, sizeof v);
    return v;
}

KernelImage parse_linux_image(const std::vector<uint8_t>& data, const std::string& path) {
    KernelImage k{KernelImage::Kind::linux_image, {}, 0, 0, 0, false};
    k.text_offset = load_le<uint64_t>(data, 8);
    k.image_size = load_le<uint64_t>(data, 16);
    uint64_t flags = load_le<uint64_t>(data, 24);
    // image_size 0 marks a kernel older than 3.17 whose text_offset is 0x80000.
    if (k.image_size == 0) {
        k.text_offset = 0x80000;
        k.image_size = data.size() + (1u << 20);
    }
    if (k.image_size < data.size())
        throw Error("kernel '" + path + "': Image header image_size is smaller than the file");
    if (k.text_offset >= (2u << 20) || (k.text_offset & 0xfff))
        throw Error("kernel '" + path + "': Image header text_offset is not a page offset within 2 MiB");
    k.anywhere = flags & kImageFlagAnywhere;
    k.entry = k.text_offset;
    k.segments.push_back({k.text_offset, data, k.image_size});
    return k;
}

KernelImage parse_elf(const std::vector<uint8_t>& data, const std::string& path) {
    if (data.size() < sizeof(Elf64_Ehdr)) throw Error("kernel '" + path + "': truncated ELF header");
    Elf64_Ehdr eh;
    std::memcpy(&eh, data.data(), sizeof eh);
    if (eh.e_ident[EI_CLASS] != ELFCLASS64 || eh.e_ident[EI_DATA] != ELFDATA2LSB)
        throw Error("kernel '" + path + "': not a 64-bit little-endian ELF");
    if (eh.e_machine != EM_AARCH64) throw Error("kernel '" + path + "': ELF is not for AArch64");
    if (eh.e_phentsize != sizeof(Elf64_Phdr) ||
        eh.e_phoff + uint64_t(eh.e_phnum) * sizeof(Elf64_Phdr) > data.size())
        throw Error("kernel '" + path + "': ELF program headers out of range");
    KernelImage k{KernelImage::Kind::elf, {}, eh.e_entry, 0, 0, true};
    for (unsigned i = 0; i < eh.e_phnum; ++i) {
        Elf64_Phdr ph;
        std::memcpy(&ph, data.data() + eh.e_phoff + i * sizeof ph, sizeof ph);
        if (ph.p_type != PT_LOAD || ph.p_memsz == 0) continue;
        if (ph.p_offset + ph.p_filesz > data.size() || ph.p_filesz > ph.p_memsz)
            throw Error("kernel '" + path + "': ELF segment out of range");
        auto first = data.begin() + static_cast<std::ptrdiff_t>(ph.p_offset);
        k.segments.push_back({ph.p_paddr,
                              std::vector<uint8_t>(first, first + static_cast<std::ptrdiff_t>(ph.p_filesz)),
                              ph.p_memsz});
    }
    if (k.segments.empty()) throw Error("kernel '" + path + "': ELF has no loadable segment");
    return k;
}

}  // namespace

std::vector<uint8_t> read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error("cannot open '" + path + "': no such file or not readable");
    return std::vector<uint8_t>(std::istreambuf_iterator<char>(in), {});
}

std::vector<uint8_t> maybe_gunzip(std::vector<uint8_t> data, const std::string& path) {
    if (data.size() < 2 || data[0] != 0x1f || data[1] != 0x8b) return data;
    z_stream zs{};
    if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK) throw Error("zlib initialisation failed");
    std::vector<uint8_t> out(data.size() * 4);
    zs.next_in = data.data();
    zs.avail_in = static_cast<uInt>(data.size());
    int rc = Z_OK;
    while (rc != Z_STREAM_END) {
        if (zs.total_out == out.size()) out.resize(out.size() * 2);
        zs.next_out = out.data() + zs.total_out;
        zs.avail_out = static_cast<uInt>(out.size() - zs.total_out);
        rc = inflate(&zs, Z_NO_FLUSH);
        if (rc != Z_OK && rc != Z_STREAM_END) {
            inflateEnd(&zs);
            throw Error("'" + path + "': corrupt gzip data");
        }
        if (rc == Z_OK && zs.avail_in == 0 && zs.avail_out != 0) {
            inflateEnd(&zs);
            throw Error("'" + path + "': truncated gzip data");
        }
    }
    out.resize(zs.total_out);
    inflateEnd(&zs);
    return out;
}

KernelImage parse_kernel(const std::vector<uint8_t>& data, const std::string& path) {
    if (data.size() >= 4 && std::memcmp(data.data(), ELFMAG, SELFMAG) == 0) return parse_elf(data, path);
    if (data.size() >= 64 && load_le<uint32_t>(data, 56) == kImageMagic) return parse_linux_image(data, path);
    throw Error("kernel '" + path +
                "': neither an arm64 Linux Image (no 'ARM\\x64' magic at offset 56) nor an ELF");
}

}  // namespace vp::boot
