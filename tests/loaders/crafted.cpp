#include "crafted.h"

#include <fcntl.h>
#include <libfdt.h>
#include <sys/resource.h>
#include <unistd.h>
#include <zlib.h>

#include <atomic>
#include <filesystem>
#include <fstream>

namespace vp::test {

void poke16(std::vector<uint8_t>& b, size_t off, uint16_t v) {
    for (int i = 0; i < 2; ++i) b.at(off + i) = static_cast<uint8_t>(v >> (8 * i));
}
void poke32(std::vector<uint8_t>& b, size_t off, uint32_t v) {
    for (int i = 0; i < 4; ++i) b.at(off + i) = static_cast<uint8_t>(v >> (8 * i));
}
void poke64(std::vector<uint8_t>& b, size_t off, uint64_t v) {
    for (int i = 0; i < 8; ++i) b.at(off + i) = static_cast<uint8_t>(v >> (8 * i));
}
void poke32_be(std::vector<uint8_t>& b, size_t off, uint32_t v) {
    for (int i = 0; i < 4; ++i) b.at(off + i) = static_cast<uint8_t>(v >> (24 - 8 * i));
}
uint32_t peek32_be(const std::vector<uint8_t>& b, size_t off) {
    uint32_t v = 0;
    for (int i = 0; i < 4; ++i) v = v << 8 | b.at(off + i);
    return v;
}

std::vector<uint8_t> elf_file(uint64_t entry, const std::vector<Phdr>& phdrs, size_t file_size) {
    std::vector<uint8_t> f(std::max(file_size, phdr_at(phdrs.size())));
    for (size_t i = 0; i < f.size(); ++i) f[i] = static_cast<uint8_t>(i * 13 + 7);
    std::fill(f.begin(), f.begin() + static_cast<std::ptrdiff_t>(phdr_at(phdrs.size())), 0);
    const uint8_t ident[] = {0x7f, 'E', 'L', 'F', 2 /*ELFCLASS64*/, 1 /*ELFDATA2LSB*/, 1 /*EV_CURRENT*/};
    std::copy(std::begin(ident), std::end(ident), f.begin());
    poke16(f, elf::e_type, elf::et_exec);
    poke16(f, elf::e_machine, elf::em_aarch64);
    poke32(f, elf::e_version, 1);
    poke64(f, elf::e_entry, entry);
    poke64(f, elf::e_phoff, elf::ehdr_size);
    poke16(f, 52, elf::ehdr_size);  // e_ehsize
    poke16(f, elf::e_phentsize, elf::phdr_size);
    poke16(f, elf::e_phnum, static_cast<uint16_t>(phdrs.size()));
    for (size_t i = 0; i < phdrs.size(); ++i) {
        const Phdr& p = phdrs[i];
        size_t at = phdr_at(i);
        poke32(f, at + elf::p_type, p.type);
        poke64(f, at + elf::p_offset, p.offset);
        poke64(f, at + elf::p_vaddr, p.paddr);
        poke64(f, at + elf::p_paddr, p.paddr);
        poke64(f, at + elf::p_filesz, p.filesz);
        poke64(f, at + elf::p_memsz, p.memsz);
    }
    return f;
}

std::vector<uint8_t> image_file(uint64_t text_offset, uint64_t image_size, uint64_t flags, size_t file_size) {
    std::vector<uint8_t> img(file_size);
    for (size_t i = 0; i < img.size(); ++i) img[i] = static_cast<uint8_t>(i * 29 + 3);
    std::fill(img.begin(), img.begin() + 64, 0);
    poke64(img, 8, text_offset);
    poke64(img, 16, image_size);
    poke64(img, 24, flags);
    poke32(img, 56, 0x644d5241);  // "ARM\x64"
    return img;
}

std::vector<uint8_t> small_dtb() {
    std::vector<uint8_t> buf(4096);
    void* f = buf.data();
    auto ok = [](int rc) {
        if (rc < 0) throw std::runtime_error(std::string("libfdt: ") + fdt_strerror(rc));
    };
    ok(fdt_create(f, static_cast<int>(buf.size())));
    ok(fdt_finish_reservemap(f));
    ok(fdt_begin_node(f, ""));
    ok(fdt_property_u32(f, "#address-cells", 2));
    ok(fdt_property_u32(f, "#size-cells", 2));
    ok(fdt_property_string(f, "compatible", "linux,dummy-virt"));
    ok(fdt_begin_node(f, "chosen"));
    ok(fdt_end_node(f));
    ok(fdt_begin_node(f, "memory@40000000"));
    ok(fdt_property_string(f, "device_type", "memory"));
    const uint32_t reg[] = {0, cpu_to_fdt32(0x40000000), 0, cpu_to_fdt32(0x10000000)};
    ok(fdt_property(f, "reg", reg, sizeof reg));
    ok(fdt_end_node(f));
    ok(fdt_end_node(f));
    ok(fdt_finish(f));
    buf.resize(fdt_totalsize(f));
    return buf;
}

std::vector<uint8_t> gzip(const std::vector<uint8_t>& data) {
    z_stream zs{};
    deflateInit2(&zs, 9, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
    std::vector<uint8_t> out(deflateBound(&zs, data.size()) + 64);
    zs.next_in = const_cast<Bytef*>(data.data());
    zs.avail_in = static_cast<uInt>(data.size());
    zs.next_out = out.data();
    zs.avail_out = static_cast<uInt>(out.size());
    if (deflate(&zs, Z_FINISH) != Z_STREAM_END) throw std::runtime_error("deflate");
    out.resize(zs.total_out);
    deflateEnd(&zs);
    return out;
}

namespace {

// Raw deflate of `in` up to a full flush (byte-aligned, no back references across it).
std::vector<uint8_t> deflate_chunk(z_stream& zs, const std::vector<uint8_t>& in, int flush) {
    std::vector<uint8_t> out(deflateBound(&zs, in.size()) + 64);
    zs.next_in = const_cast<Bytef*>(in.data());
    zs.avail_in = static_cast<uInt>(in.size());
    zs.next_out = out.data();
    zs.avail_out = static_cast<uInt>(out.size());
    deflate(&zs, flush);
    out.resize(out.size() - zs.avail_out);
    return out;
}

}  // namespace

std::vector<uint8_t> gzip_bomb(const std::vector<uint8_t>& head, uint64_t total) {
    constexpr size_t kChunk = 1u << 20;
    std::vector<uint8_t> first(kChunk, 0), zeros(kChunk, 0);
    std::copy(head.begin(), head.end(), first.begin());
    z_stream zs{};
    deflateInit2(&zs, 9, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY);  // raw deflate
    std::vector<uint8_t> a = deflate_chunk(zs, first, Z_FULL_FLUSH);
    std::vector<uint8_t> b = deflate_chunk(zs, zeros, Z_FULL_FLUSH);
    std::vector<uint8_t> end = deflate_chunk(zs, {}, Z_FINISH);  // the final (empty) block
    deflateEnd(&zs);
    // RFC 1952: header (deflate, no flags, OS unknown), blocks, CRC-32 and ISIZE.
    std::vector<uint8_t> gz = {0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff};
    gz.insert(gz.end(), a.begin(), a.end());
    uLong crc = crc32(0, first.data(), kChunk);
    const uLong zero_crc = crc32(0, zeros.data(), kChunk);
    // After a full flush the compressor starts afresh: every further 1 MiB of zeros is the same block.
    for (uint64_t at = kChunk; at < total; at += kChunk) {
        gz.insert(gz.end(), b.begin(), b.end());
        crc = crc32_combine(crc, zero_crc, kChunk);
    }
    gz.insert(gz.end(), end.begin(), end.end());
    std::vector<uint8_t> trailer(8);
    poke32(trailer, 0, static_cast<uint32_t>(crc));
    poke32(trailer, 4, static_cast<uint32_t>(total));
    gz.insert(gz.end(), trailer.begin(), trailer.end());
    return gz;
}

std::string test_dir() {
    static std::string dir;
    if (dir.empty()) {
        const auto* info = testing::UnitTest::GetInstance()->current_test_info();
        dir = testing::TempDir() + "/vp-loaders-" + std::to_string(getpid()) + "-" +
              (info ? std::string(info->test_suite_name()) + "." + info->name() : std::string("x"));
        std::filesystem::create_directories(dir);
    }
    return dir;
}

std::string write_file(const std::string& name, const std::vector<uint8_t>& bytes) {
    std::string path = test_dir() + "/" + name;
    std::ofstream(path, std::ios::binary)
        .write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    return path;
}

std::string sparse_file(const std::string& name, uint64_t size, const std::vector<uint8_t>& head) {
    std::string path = write_file(name, head);
    if (truncate(path.c_str(), static_cast<off_t>(size)) != 0) throw std::runtime_error("truncate " + path);
    return path;
}

uint64_t peak_rss() {
    rusage ru{};
    getrusage(RUSAGE_SELF, &ru);
    return static_cast<uint64_t>(ru.ru_maxrss) * 1024;
}

std::vector<uint8_t> BootedVirt::read(uint64_t addr, size_t len) const {
    std::vector<uint8_t> out(len);
    if (!platform->router().read_debug(addr, out.data(), len)) throw std::runtime_error("read_debug failed");
    return out;
}

BootedVirt boot_virt(const std::vector<std::string>& overrides) {
    std::vector<vp::Override> o = {vp::parse_override("cpus.count=1"),
                                   vp::parse_override("devices.uart0.backend=null")};
    for (const auto& s : overrides) o.push_back(vp::parse_override(s));
    BootedVirt v;
    v.platform = std::make_unique<vp::Platform>("vp", vp::load_topology(VP_VIRT_YAML, o));
    v.plan = v.platform->load_guest();
    return v;
}

std::string expect_boot_error(const std::vector<std::string>& overrides, const std::string& key,
                              const std::vector<std::string>& words) {
    try {
        boot_virt(overrides);
    } catch (const vp::ConfigError& e) {
        std::string m = e.what();
        EXPECT_EQ(e.key(), key) << m;
        for (const auto& w : words) EXPECT_NE(m.find(w), std::string::npos) << "'" << w << "' not in: " << m;
        return m;
    } catch (const std::exception& e) {
        ADD_FAILURE() << "expected a ConfigError for '" << key << "', got: " << e.what();
        return e.what();
    }
    ADD_FAILURE() << "loaded without an error (expected one for '" << key << "')";
    return {};
}

}  // namespace vp::test
