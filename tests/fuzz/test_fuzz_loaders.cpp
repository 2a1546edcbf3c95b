// Bounded random-mutation fuzzing of the three boot-file parsers (issue #13): valid seeds
// built here are mutated (bit flips, random bytes, header fields set to boundary values,
// truncation, extension, gzip of a mutated image) and fed to the parsers and the placement
// exactly as the boot loader calls them, on byte buffers (no files, no simulation).
// A finding is a crash, any exception other than vp::Error, a placement that breaks the
// layout's promises, or under -DVP_SANITIZE=ON any AddressSanitizer/UBSan report.
//
// VP_FUZZ_ITERATIONS sets the mutations per parser (default 20000, about two seconds in all);
// VP_FUZZ_SEED the random seed (default fixed, so a finding reproduces); VP_FUZZ_SEED_DIR, when
// set, receives the seeds as a corpus for tests/fuzz/libfuzzer (first byte: 0 kernel, 1 DTB).
#include <libfdt.h>

#include <cstdlib>
#include <fstream>
#include <random>

#include "loaders/crafted.h"
#include "platform/boot/boot_layout.h"
#include "platform/boot/dtb_file.h"
#include "platform/boot/gunzip.h"
#include "platform/boot/kernel_image.h"
#include "platform/dtb/dtb_generator.h"

using namespace vp::test;
namespace boot = vp::boot;

namespace {

uint64_t env_u64(const char* name, uint64_t fallback) {
    const char* v = std::getenv(name);
    return v && *v ? std::strtoull(v, nullptr, 0) : fallback;
}

uint64_t iterations() {
    return env_u64("VP_FUZZ_ITERATIONS", 20000);
}

class Mutator {
public:
    // `fields`: offsets of header fields worth hitting; `big_endian` for the DTB header.
    Mutator(std::vector<size_t> fields, bool big_endian)
        : rng_(env_u64("VP_FUZZ_SEED", 0x5eed)), fields_(std::move(fields)), big_endian_(big_endian) {}

    std::vector<uint8_t> mutate(const std::vector<uint8_t>& seed) {
        std::vector<uint8_t> b = seed;
        for (unsigned n = 1 + below(4); n > 0; --n) mutate_once(b);
        return b;
    }
    uint64_t below(uint64_t n) { return std::uniform_int_distribution<uint64_t>(0, n - 1)(rng_); }
    uint64_t any() { return rng_(); }

private:
    uint64_t interesting(size_t size) {
        const uint64_t values[] = {0,           1,
                                   0x7f,        0x80,
                                   0xff,        0xffff,
                                   0x7fffffff,  0x80000000,
                                   0xffffffff,  0x7fff0000,
                                   1ull << 63,  ~0ull,
                                   ~0ull << 30, (1ull << 30) + 16,
                                   size,        size - 1,
                                   size + 1,    0 - uint64_t(size),
                                   0x40000000,  0x40080000,
                                   0x200000,    0x100000,
                                   56,          64,
                                   65535,       0 - 65535ull * 56 + 8};
        return below(4) == 0 ? any() : values[below(std::size(values))];
    }

    void put(std::vector<uint8_t>& b, size_t off, unsigned width, uint64_t v) {
        for (unsigned i = 0; i < width && off + i < b.size(); ++i)
            b[off + i] = static_cast<uint8_t>(v >> (8 * (big_endian_ ? width - 1 - i : i)));
    }

    void mutate_once(std::vector<uint8_t>& b) {
        if (b.empty()) {
            b.push_back(static_cast<uint8_t>(any()));
            return;
        }
        switch (below(7)) {
            case 0: b[below(b.size())] ^= static_cast<uint8_t>(1u << below(8)); break;
            case 1: b[below(b.size())] = static_cast<uint8_t>(any()); break;
            case 2:
            case 3: {  // a header field (or any offset) set to a boundary value
                const unsigned widths[] = {1, 2, 4, 8};
                unsigned w = widths[below(4)];
                size_t off = !fields_.empty() && below(4) ? fields_[below(fields_.size())] : below(b.size());
                put(b, off, w, interesting(b.size()));
                break;
            }
            case 4: b.resize(below(b.size() + 1)); break;  // truncation
            case 5: {                                      // extension with random bytes
                size_t n = 1 + below(256);
                for (size_t i = 0; i < n; ++i) b.push_back(static_cast<uint8_t>(any()));
                break;
            }
            case 6: {  // a copy of one chunk over another
                size_t from = below(b.size()), to = below(b.size());
                size_t n = below(std::min<size_t>(64, b.size() - std::max(from, to)) + 1);
                std::copy_n(b.begin() + static_cast<std::ptrdiff_t>(from), n,
                            b.begin() + static_cast<std::ptrdiff_t>(to));
                break;
            }
        }
    }

    std::mt19937_64 rng_;
    std::vector<size_t> fields_;
    bool big_endian_;
};

// virt.yaml's boot ROM and a 256 MiB RAM (the gzip limit stays small, so the loop is quick).
boot::GuestMemory guest_memory() {
    boot::GuestMemory mem;
    mem.ram.push_back({"ram", kRamBase, 256u << 20});
    mem.ram.push_back({"ram_hi", uint64_t(8) << 30, 16u << 20});
    mem.rom = boot::GuestRegion{"rom", 0, 64u << 10};
    return mem;
}

// What load_guest does with a kernel file and an initrd of `initrd_size` bytes, and the
// promises of the layout checked: every load inside one RAM region, clear of the ROM,
// its bytes readable (ASan sees a bad span), the initrd after the kernel and inside RAM.
void load_kernel(std::span<const uint8_t> file, uint64_t initrd_size) {
    const boot::GuestMemory mem = guest_memory();
    const std::string path = "fuzz-kernel";
    std::vector<uint8_t> inflated;
    std::span<const uint8_t> bytes = file;
    if (boot::is_gzip(file)) {
        auto head = boot::gunzip_head(file, boot::kKernelHeaderBytes, path);
        uint64_t limit = std::min(boot::kernel_file_limit(head, path), mem.total_ram());
        inflated = boot::gunzip(file, limit, path, "the fuzz limit");
        ASSERT_LE(inflated.size(), limit);
        bytes = inflated;
    }
    boot::KernelImage k = boot::parse_kernel(bytes, path);
    boot::KernelLayout l = boot::place_kernel(k, mem, path);
    uint64_t sum = 0;
    for (const boot::Load& load : l.loads) {
        ASSERT_GE(load.mem_size, load.bytes.size());
        ASSERT_TRUE(
            std::any_of(mem.ram.begin(), mem.ram.end(),
                        [&](const boot::GuestRegion& r) { return r.holds(load.addr, load.mem_size); }))
            << std::hex << load.addr << " + " << load.mem_size;
        ASSERT_FALSE(mem.rom->overlaps(load.addr, load.mem_size));
        ASSERT_GE(load.bytes.data(), bytes.data());
        ASSERT_LE(load.bytes.data() + load.bytes.size(), bytes.data() + bytes.size());
        for (uint8_t b : load.bytes) sum += b;
    }
    ASSERT_TRUE(l.entry >= l.start && l.entry < l.end) << std::hex << l.entry;
    uint64_t initrd = boot::place_initrd(l.free_from, initrd_size, mem, "fuzz-initrd");
    ASSERT_GE(initrd, l.free_from);
    ASSERT_TRUE(mem.ram.front().holds(initrd, initrd_size));
    (void)sum;
}

// Writes a seed for the libFuzzer target when VP_FUZZ_SEED_DIR is set.
void export_seed(const std::vector<uint8_t>& seed, uint8_t parser, const std::string& name) {
    const char* dir = std::getenv("VP_FUZZ_SEED_DIR");
    if (!dir || !*dir) return;
    std::ofstream out(std::string(dir) + "/" + name, std::ios::binary);
    out.put(static_cast<char>(parser));
    out.write(reinterpret_cast<const char*>(seed.data()), static_cast<std::streamsize>(seed.size()));
}

struct Findings {
    uint64_t accepted = 0, refused = 0;
};

template <class F>
void run_one(F&& f, const std::vector<uint8_t>& input, Findings& out) {
    try {
        f(input);
        ++out.accepted;
    } catch (const vp::Error&) {
        ++out.refused;
    } catch (const std::exception& e) {
        FAIL() << "non-vp exception: " << e.what() << " on an input of " << input.size() << " bytes";
    }
}

// A device at the base of the UART node of the DTB seeds: finalize_dtb looks its node up.
class FakeSerial : public vp::Device {
public:
    tlm::tlm_target_socket<> socket{"socket"};
    FakeSerial(const sc_core::sc_module_name& n, const vp::DeviceConfig& c) : Device(n, c) {}
    vp::TargetSocket& target_socket(unsigned) override { return socket; }
    void write_dtb(vp::DtbWriter&) const override {}
};

std::vector<uint8_t> rich_dtb() {
    std::vector<uint8_t> buf(8192);
    void* f = buf.data();
    fdt_create(f, static_cast<int>(buf.size()));
    fdt_add_reservemap_entry(f, 0x48000000, 0x1000);
    fdt_finish_reservemap(f);
    fdt_begin_node(f, "");
    fdt_property_u32(f, "#address-cells", 2);
    fdt_property_u32(f, "#size-cells", 2);
    fdt_begin_node(f, "soc");
    fdt_begin_node(f, "pl011@9000000");
    const uint32_t reg[] = {0, cpu_to_fdt32(0x09000000), 0, cpu_to_fdt32(0x1000)};
    fdt_property(f, "reg", reg, sizeof reg);
    fdt_property_string(f, "compatible", "arm,pl011");
    fdt_end_node(f);
    fdt_end_node(f);
    fdt_begin_node(f, "chosen");
    fdt_property_string(f, "bootargs", "old");
    fdt_end_node(f);
    fdt_end_node(f);
    fdt_finish(f);
    buf.resize(fdt_totalsize(f));
    return buf;
}

std::vector<size_t> elf_fields(size_t phnum) {
    std::vector<size_t> f = {4,
                             5,
                             6,
                             elf::e_type,
                             elf::e_machine,
                             elf::e_version,
                             elf::e_entry,
                             elf::e_phoff,
                             elf::e_phentsize,
                             elf::e_phnum};
    for (size_t i = 0; i < phnum; ++i)
        for (size_t o : {elf::p_type, elf::p_offset, elf::p_paddr, elf::p_filesz, elf::p_memsz})
            f.push_back(phdr_at(i) + o);
    return f;
}

}  // namespace

TEST(FuzzLoaders, Elf) {
    const uint64_t at = kRamBase + 0x80000;
    std::vector<std::vector<uint8_t>> seeds = {
        elf_file(at, {{.offset = 0x1000, .paddr = at, .filesz = 0x100, .memsz = 0x200}}, 0x2000),
        elf_file(at,
                 {{.offset = 0x1000, .paddr = at, .filesz = 0x800, .memsz = 0x800},
                  {.offset = 0x1800, .paddr = at + 0x1000, .filesz = 0x100, .memsz = 0x4000},
                  {.offset = 0x0, .paddr = 0, .filesz = 0x40, .memsz = 0x40, .type = 4 /*PT_NOTE*/},
                  {.offset = 0x1900, .paddr = uint64_t(8) << 30, .filesz = 0x10, .memsz = 0x10}},
                 0x2000)};
    for (size_t i = 0; i < seeds.size(); ++i) {
        ASSERT_NO_THROW(load_kernel(seeds[i], 0x1000)) << "seed must load";
        export_seed(seeds[i], 0, "elf" + std::to_string(i));
    }
    Mutator m(elf_fields(4), false);
    Findings f;
    for (uint64_t i = 0; i < iterations() && !HasFatalFailure(); ++i) {
        auto input = m.mutate(seeds[i % seeds.size()]);
        uint64_t initrd = m.below(4) ? m.below(1u << 20) : m.any();
        run_one([&](const std::vector<uint8_t>& in) { load_kernel(in, initrd); }, input, f);
    }
    RecordProperty("accepted", std::to_string(f.accepted));
    std::printf("ELF: %llu inputs, %llu accepted, %llu refused\n", (unsigned long long)iterations(),
                (unsigned long long)f.accepted, (unsigned long long)f.refused);
}

TEST(FuzzLoaders, ImageAndGzip) {
    std::vector<std::vector<uint8_t>> seeds = {image_file(0x80000, 0x100000, 0xa, 0x4000),
                                               image_file(0, 0, 0, 0x2000)};
    seeds.push_back(gzip(seeds[0]));
    for (size_t i = 0; i < seeds.size(); ++i) {
        ASSERT_NO_THROW(load_kernel(seeds[i], 0x1000)) << "seed must load";
        export_seed(seeds[i], 0, "image" + std::to_string(i));
    }
    Mutator m({8, 12, 16, 20, 24, 56}, false);
    Findings f;
    for (uint64_t i = 0; i < iterations() && !HasFatalFailure(); ++i) {
        // A third of the gzip inputs compress a mutated Image, so the inflated bytes are hostile too.
        size_t which = i % seeds.size();
        auto input = which == 2 && m.below(3) == 0 ? gzip(m.mutate(seeds[0])) : m.mutate(seeds[which]);
        uint64_t initrd = m.below(4) ? m.below(1u << 20) : m.any();
        run_one([&](const std::vector<uint8_t>& in) { load_kernel(in, initrd); }, input, f);
    }
    std::printf("Image: %llu inputs, %llu accepted, %llu refused\n", (unsigned long long)iterations(),
                (unsigned long long)f.accepted, (unsigned long long)f.refused);
}

TEST(FuzzLoaders, Dtb) {
    vp::DeviceConfig uart;
    uart.name = "uart0";
    uart.model = "pl011";
    uart.regions = {{"regs", 0x09000000, 0x1000}};
    FakeSerial serial("uart0", uart);
    std::vector<std::vector<uint8_t>> seeds = {small_dtb(), rich_dtb()};
    auto load = [&](const std::vector<uint8_t>& in, bool with_stdout) {
        auto blob = boot::checked_dtb(in, "fuzz.dtb");
        auto out = vp::finalize_dtb(blob, {"console=ttyAMA0", 0x48000000, 0x48100000},
                                    with_stdout ? &serial : nullptr);
        ASSERT_EQ(fdt_check_full(out.data(), out.size()), 0) << "finalize_dtb produced a broken blob";
    };
    for (size_t i = 0; i < seeds.size(); ++i) {
        ASSERT_NO_THROW(load(seeds[i], true)) << "seed must load";
        export_seed(seeds[i], 1, "dtb" + std::to_string(i));
    }
    std::vector<size_t> fields;
    for (size_t o = 0; o < 40; o += 4) fields.push_back(o);
    for (size_t o = 40; o < 200; o += 4) fields.push_back(o);  // reserve map and first struct tokens
    Mutator m(fields, true);
    Findings f;
    for (uint64_t i = 0; i < iterations() && !HasFatalFailure(); ++i) {
        auto input = m.mutate(seeds[i % seeds.size()]);
        bool with_stdout = i & 2;
        run_one([&](const std::vector<uint8_t>& in) { load(in, with_stdout); }, input, f);
    }
    std::printf("DTB: %llu inputs, %llu accepted, %llu refused\n", (unsigned long long)iterations(),
                (unsigned long long)f.accepted, (unsigned long long)f.refused);
}
