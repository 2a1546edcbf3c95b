// The hostile files of issue #13 through the `vp` executable: each ends with status 1 and a
// message naming the key and the file, never a signal or an "internal error".
#include "crafted.h"
#include "system/run_vp.h"

using namespace vp::test;

namespace {

void expect_refused(const std::vector<std::string>& args, const std::vector<std::string>& words) {
    std::vector<std::string> full = {VP_VIRT_YAML};
    full.insert(full.end(), args.begin(), args.end());
    auto r = run_vp(full, 30);
    EXPECT_EQ(r.exit_status, 1) << r.stderr_text;
    EXPECT_EQ(r.stderr_text.find("internal error"), std::string::npos) << r.stderr_text;
    for (const auto& w : words)
        EXPECT_NE(r.stderr_text.find(w), std::string::npos) << w << " in " << r.stderr_text;
}

}  // namespace

TEST(LoadersCli, ElfWithAWrappingSegmentEndsWithStatus1) {
    auto f = elf_file(0x40080000, {{.offset = 0x1000, .paddr = 0x40080000, .filesz = 0x100, .memsz = 0x100}},
                      0x2000);
    poke64(f, phdr_at(0) + elf::p_offset, 0 - (uint64_t(1) << 30));
    poke64(f, phdr_at(0) + elf::p_filesz, (uint64_t(1) << 30) + 16);
    poke64(f, phdr_at(0) + elf::p_memsz, (uint64_t(1) << 30) + 16);
    std::string path = write_file("wrap.elf", f);
    expect_refused({"-kernel", path}, {"'boot.kernel'", path});
}

TEST(LoadersCli, EmptyDtbEndsWithStatus1) {
    std::string kernel = write_file("Image", image_file(0x80000, 0x100000, 0, 0x1000));
    std::string dtb = write_file("empty.dtb", {});
    expect_refused({"-kernel", kernel, "-dtb", dtb}, {"'boot.dtb'", dtb});
}

TEST(LoadersCli, DirectoryAsKernelIsNamed) {
    std::string dir = test_dir();
    expect_refused({"-kernel", dir}, {"'boot.kernel'", "'" + dir + "' is a directory"});
}
