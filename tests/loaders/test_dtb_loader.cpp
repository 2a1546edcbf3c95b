// A device tree given with -dtb / boot.dtb (issue #13 item 2): checked before libfdt opens
// it. Header layout from the Devicetree Specification v0.4, 5.2 (big-endian fields).
#include <libfdt.h>

#include "crafted.h"

using namespace vp::test;

namespace {

std::string kernel() {
    return "boot.kernel=" + write_file("Image", image_file(0x80000, 0x100000, 0, 0x1000));
}

std::string expect_dtb_error(const std::vector<uint8_t>& blob, const std::string& name,
                             const std::vector<std::string>& words) {
    std::string path = write_file(name, blob);
    std::vector<std::string> all = words;
    all.push_back(path);
    return expect_boot_error({kernel(), "boot.dtb=" + path}, "boot.dtb", all);
}

}  // namespace

TEST(DtbLoader, AValidBlobIsUsedWithChosenFilledIn) {
    auto v = boot_virt({kernel(), "boot.dtb=" + write_file("ok.dtb", small_dtb()), "boot.append=hello"});
    const void* fdt = v.plan.dtb.data();
    ASSERT_EQ(fdt_check_header(fdt), 0);
    int chosen = fdt_path_offset(fdt, "/chosen");
    ASSERT_GE(chosen, 0);
    EXPECT_STREQ(static_cast<const char*>(fdt_getprop(fdt, chosen, "bootargs", nullptr)), "hello");
    EXPECT_GE(fdt_path_offset(fdt, "/memory@40000000"), 0);
}

TEST(DtbLoader, BytesAfterTotalsizeAreIgnored) {
    auto blob = small_dtb();
    blob.resize(blob.size() + 100, 0xee);
    auto v = boot_virt({kernel(), "boot.dtb=" + write_file("padded.dtb", blob)});
    EXPECT_EQ(fdt_check_full(v.plan.dtb.data(), v.plan.dtb.size()), 0);
}

TEST(DtbLoader, EmptyFileIsRefused) {
    expect_dtb_error({}, "empty.dtb", {"0 bytes"});
}

TEST(DtbLoader, ThreeByteFileIsRefused) {
    expect_dtb_error({0xd0, 0x0d, 0xfe}, "three.dtb", {"3 bytes"});
}

TEST(DtbLoader, TruncatedBlobIsRefused) {
    auto blob = small_dtb();
    blob.resize(blob.size() / 2);
    expect_dtb_error(blob, "half.dtb", {"truncated"});
}

TEST(DtbLoader, StructureOffsetFarOutsideTheBlobIsRefused) {
    auto blob = small_dtb();
    poke32_be(blob, fdt::off_dt_struct, 0x7fff0000);
    expect_dtb_error(blob, "offset.dtb", {"bad header"});
}

TEST(DtbLoader, CorruptStructureIsRefused) {
    // The first structure token must be FDT_BEGIN_NODE (1); make it an unknown token.
    auto blob = small_dtb();
    poke32_be(blob, peek32_be(blob, fdt::off_dt_struct), 0x77);
    expect_dtb_error(blob, "token.dtb", {"malformed"});
}

TEST(DtbLoader, LayoutOlderThanVersion17IsRefused) {
    // Version 2 (last_comp_version 2) passes fdt_check_header, but libfdt 1.6.1's
    // fdt_check_full crashes on it (found by tests/fuzz); the specification's version is 17.
    auto blob = small_dtb();
    poke32_be(blob, fdt::version, 2);
    poke32_be(blob, fdt::last_comp_version, 2);
    expect_dtb_error(blob, "v2.dtb", {"version 2"});
}

TEST(DtbLoader, WrongMagicIsRefused) {
    auto blob = small_dtb();
    blob[0] = 0;
    expect_dtb_error(blob, "magic.dtb", {"magic"});
}

TEST(DtbLoader, BlobOver2MiBIsRefused) {
    // booting.rst: the DTB must not exceed 2 megabytes.
    std::string path = sparse_file("big.dtb", 3u << 20, small_dtb());
    expect_boot_error({kernel(), "boot.dtb=" + path}, "boot.dtb", {path, "2 MiB"});
}
