// ELF kernels (issue #13 items 1, 7 and 8): every header field checked with arithmetic that
// cannot wrap before it is used, segments checked against the machine's RAM and boot ROM
// before anything is written. Files are built field by field (ELF-64 Object File Format).
#include <chrono>

#include "crafted.h"

using namespace vp::test;

namespace {

constexpr uint64_t kLoad = kRamBase + 0x80000;  // where the test ELFs load

// One PT_LOAD of 0x100 file bytes at file offset 0x1000, 0x200 in memory, entry at its start.
std::vector<uint8_t> good_elf() {
    return elf_file(kLoad, {{.offset = 0x1000, .paddr = kLoad, .filesz = 0x100, .memsz = 0x200}}, 0x2000);
}

std::string expect_kernel_error(const std::vector<uint8_t>& file, const std::string& name,
                                const std::vector<std::string>& words) {
    std::string path = write_file(name, file);
    std::vector<std::string> all = words;
    all.push_back(path);
    return expect_boot_error({"boot.kernel=" + path}, "boot.kernel", all);
}

}  // namespace

TEST(ElfLoader, AValidElfLoadsAtItsPhysicalAddress) {
    auto f = good_elf();
    auto v = boot_virt({"boot.kernel=" + write_file("good.elf", f)});
    EXPECT_EQ(v.plan.entry, kLoad);
    EXPECT_EQ(v.read(kLoad, 0x100), std::vector<uint8_t>(f.begin() + 0x1000, f.begin() + 0x1100));
    EXPECT_EQ(v.read(kLoad + 0x100, 0x100), std::vector<uint8_t>(0x100, 0));  // p_memsz - p_filesz zeroed
}

TEST(ElfLoader, SegmentFileRangeThatWrapsIsRefused) {
    // p_offset = 2^64 - 2^30, p_filesz = 2^30 + 16: the sum wraps to 16, inside the file.
    auto f = good_elf();
    poke64(f, phdr_at(0) + elf::p_offset, 0 - (uint64_t(1) << 30));
    poke64(f, phdr_at(0) + elf::p_filesz, (uint64_t(1) << 30) + 16);
    poke64(f, phdr_at(0) + elf::p_memsz, (uint64_t(1) << 30) + 16);
    expect_kernel_error(f, "wrap.elf", {"program header 0", "p_offset"});
}

TEST(ElfLoader, SmallSegmentWrapIsRefused) {
    // p_offset = 2^64 - 8, p_filesz = 16: the sum is 8; the bytes would be read before the file.
    auto f = good_elf();
    poke64(f, phdr_at(0) + elf::p_offset, 0 - uint64_t(8));
    poke64(f, phdr_at(0) + elf::p_filesz, 16);
    expect_kernel_error(f, "small-wrap.elf", {"p_offset"});
}

TEST(ElfLoader, ProgramHeaderTableThatWrapsIsRefused) {
    // e_phoff + e_phnum * 56 wraps to 8.
    auto f = good_elf();
    poke64(f, elf::e_phoff, 0 - uint64_t(65534) * 56 + 8);
    poke16(f, elf::e_phnum, 65534);
    expect_kernel_error(f, "phoff.elf", {"e_phoff"});
    // The same with e_phnum = 65535 (PN_XNUM, the extended-count escape).
    poke64(f, elf::e_phoff, 0 - uint64_t(65535) * 56 + 8);
    poke16(f, elf::e_phnum, 65535);
    expect_kernel_error(f, "phoff-xnum.elf", {"e_phnum"});
}

TEST(ElfLoader, ProgramHeaderTablePastTheEndIsRefused) {
    auto f = good_elf();
    poke64(f, elf::e_phoff, f.size() - 8);  // one entry of 56 bytes from 8 bytes before the end
    expect_kernel_error(f, "phoff-end.elf", {"e_phoff"});
}

TEST(ElfLoader, HeaderFieldsAreChecked) {
    auto f = good_elf();
    poke16(f, elf::e_phentsize, 64);
    expect_kernel_error(f, "phentsize.elf", {"e_phentsize 64"});
    f = good_elf();
    poke16(f, elf::e_machine, 62);  // EM_X86_64
    expect_kernel_error(f, "machine.elf", {"e_machine 62"});
    f = good_elf();
    f[4] = 1;  // ELFCLASS32
    expect_kernel_error(f, "class.elf", {"64-bit"});
    f = good_elf();
    f.resize(40);
    expect_kernel_error(f, "short.elf", {"truncated ELF header"});
}

TEST(ElfLoader, SegmentLargerInTheFileThanInMemoryIsRefused) {
    auto f = good_elf();
    poke64(f, phdr_at(0) + elf::p_memsz, 0x80);  // p_filesz 0x100
    expect_kernel_error(f, "filesz.elf", {"p_filesz", "p_memsz"});
}

TEST(ElfLoader, SegmentThatWrapsTheAddressSpaceIsRefused) {
    auto f = good_elf();
    poke64(f, phdr_at(0) + elf::p_paddr, 0 - uint64_t(0x1000));
    poke64(f, phdr_at(0) + elf::p_memsz, 0x2000);
    poke64(f, elf::e_entry, 0 - uint64_t(0x1000));
    expect_kernel_error(f, "paddr-wrap.elf", {"p_paddr", "wraps"});
}

TEST(ElfLoader, OverlappingSegmentsAreRefused) {
    auto f = elf_file(kLoad,
                      {{.offset = 0x1000, .paddr = kLoad, .filesz = 0x100, .memsz = 0x1000},
                       {.offset = 0x1100, .paddr = kLoad + 0x800, .filesz = 0x100, .memsz = 0x100}},
                      0x2000);
    expect_kernel_error(f, "overlap.elf", {"overlap"});
}

TEST(ElfLoader, EntryOutsideEverySegmentIsRefused) {
    auto f = good_elf();
    poke64(f, elf::e_entry, kLoad + 0x200);  // one past the segment's p_memsz
    expect_kernel_error(f, "entry.elf", {"e_entry"});
}

// Item 8: the boot stub goes to the boot ROM at 0 (platforms/virt.yaml); a segment there
// would be overwritten by it.
TEST(ElfLoader, SegmentOverTheBootRomIsRefused) {
    auto f = elf_file(0x0, {{.offset = 0x1000, .paddr = 0x0, .filesz = 0x100, .memsz = 0x100}}, 0x2000);
    expect_kernel_error(f, "rom.elf", {"boot ROM", "'rom'"});
}

TEST(ElfLoader, SegmentOutsideRamIsRefused) {
    // 0x20000000 is a hole in the virt map; the second case straddles the end of the 4 GiB RAM.
    auto f = elf_file(0x20000000, {{.offset = 0x1000, .paddr = 0x20000000, .filesz = 0x100, .memsz = 0x100}},
                      0x2000);
    expect_kernel_error(f, "hole.elf", {"not inside RAM"});
    const uint64_t end = kRamBase + (uint64_t(4) << 30);
    f = elf_file(end - 0x100, {{.offset = 0x1000, .paddr = end - 0x100, .filesz = 0x100, .memsz = 0x200}},
                 0x2000);
    expect_kernel_error(f, "ram-end.elf", {"not inside RAM"});
}

// Item 7: p_memsz checked against the RAM before anything is zero-filled.
TEST(ElfLoader, HugeMemorySizeIsRefusedBeforeZeroFilling) {
    for (uint64_t memsz : {uint64_t(5) << 30, uint64_t(1) << 62}) {
        auto f = good_elf();
        poke64(f, phdr_at(0) + elf::p_memsz, memsz);
        uint64_t rss_before = peak_rss();
        auto t0 = std::chrono::steady_clock::now();
        expect_kernel_error(f, "memsz.elf", {"not inside RAM"});
        double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        EXPECT_LT(seconds, 5.0) << "p_memsz " << memsz;
        EXPECT_LT(peak_rss() - rss_before, uint64_t(64) << 20) << "p_memsz " << memsz;
    }
}
