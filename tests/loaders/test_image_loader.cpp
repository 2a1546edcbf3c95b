// arm64 Image kernels, raw and gzip (issue #13 items 3 and 7). Layout from
// Documentation/arch/arm64/booting.rst: "The Image must be placed text_offset bytes from a
// 2MB aligned base address ... At least image_size bytes from the start of the image must be
// free for use by the kernel." On virt.yaml the RAM starts at 0x40000000; vp keeps its first
// 2 MiB for the DTB, so the base is 0x40200000.
#include <chrono>

#include "crafted.h"

using namespace vp::test;

namespace {

constexpr uint64_t kBase = kRamBase + k2MiB;

double seconds_since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

TEST(ImageLoader, TextOffsetBeyondImageSizeIsAValidHeader) {
    // text_offset 0x100000 > image_size 4096: the kernel needs 4096 bytes from base + 0x100000.
    auto img = image_file(0x100000, 4096, 0, 4096);
    auto v = boot_virt({"boot.kernel=" + write_file("Image", img)});
    EXPECT_EQ(v.plan.kernel_start, kBase + 0x100000);
    EXPECT_EQ(v.plan.kernel_end, kBase + 0x100000 + 4096);
    EXPECT_EQ(v.plan.entry, kBase + 0x100000);
    EXPECT_EQ(v.read(kBase + 0x100000, 4096), img);
}

TEST(ImageLoader, ImageSizeCountsFromTheStartOfTheImage) {
    // text_offset 0x80000, image_size 0x200000: the kernel ends at base + 0x280000, so the
    // initrd goes to the next 2 MiB boundary after it, base + 0x400000.
    auto img = image_file(0x80000, 0x200000, 0, 0x1000);
    auto v = boot_virt({"boot.kernel=" + write_file("Image", img),
                        "boot.initrd=" + write_file("initrd", std::vector<uint8_t>(0x1000, 0xa5))});
    EXPECT_EQ(v.plan.kernel_start, kBase + 0x80000);
    EXPECT_EQ(v.plan.kernel_end, kBase + 0x280000);
    EXPECT_GE(v.plan.initrd_start, v.plan.kernel_end);
    EXPECT_EQ(v.plan.initrd_start, kBase + 0x400000);
    EXPECT_EQ(v.read(v.plan.initrd_start, 0x1000), std::vector<uint8_t>(0x1000, 0xa5));
    EXPECT_EQ(v.read(kBase + 0x80000, 0x1000), img);
}

TEST(ImageLoader, ImageSizeThatWrapsIsRefused) {
    auto img = image_file(0x80000, 0 - uint64_t(0x1000), 0, 4096);
    std::string path = write_file("Image-wrap", img);
    expect_boot_error({"boot.kernel=" + path}, "boot.kernel", {path, "image_size", "beyond RAM"});
}

TEST(ImageLoader, ImageSizeLargerThanRamIsRefused) {
    auto img = image_file(0, uint64_t(5) << 30, 0, 4096);
    std::string path = write_file("Image-5G", img);
    expect_boot_error({"boot.kernel=" + path}, "boot.kernel", {path, "image_size", "beyond RAM"});
}

TEST(ImageLoader, HeaderFieldsAreChecked) {
    std::string path = write_file("Image-small", image_file(0, 0x10, 0, 0x1000));
    expect_boot_error({"boot.kernel=" + path}, "boot.kernel", {path, "image_size 0x10 is smaller"});
}

TEST(ImageLoader, MisalignedTextOffsetIsRefused) {
    std::string path = write_file("Image-odd", image_file(0x80010, 0x10000, 0, 0x1000));
    expect_boot_error({"boot.kernel=" + path}, "boot.kernel", {path, "text_offset 0x80010"});
}

// Item 7: a 64 GiB sparse kernel is refused from its header, without being read.
TEST(ImageLoader, HugeSparseKernelIsRefusedWithoutReadingIt) {
    std::string path = sparse_file("Image-64G", uint64_t(64) << 30, image_file(0, 0, 0, 4096));
    uint64_t rss_before = peak_rss();
    auto t0 = std::chrono::steady_clock::now();
    expect_boot_error({"boot.kernel=" + path}, "boot.kernel", {path, "beyond RAM"});
    EXPECT_LT(seconds_since(t0), 5.0);
    EXPECT_LT(peak_rss() - rss_before, uint64_t(64) << 20);
}

TEST(ImageLoader, GzipImageIsInflatedAndLoaded) {
    auto img = image_file(0x80000, 0x100000, 0, 0x20000);
    auto v = boot_virt({"boot.kernel=" + write_file("Image.gz", gzip(img))});
    EXPECT_EQ(v.read(kBase + 0x80000, img.size()), img);
}

TEST(ImageLoader, TruncatedGzipIsRefused) {
    auto gz = gzip(image_file(0x80000, 0x100000, 0, 0x20000));
    gz.resize(gz.size() / 2);
    std::string path = write_file("Image-cut.gz", gz);
    expect_boot_error({"boot.kernel=" + path}, "boot.kernel", {path, "truncated gzip"});
}

// Item 7: gzip bombs (1 GiB of output from about 1 MiB) into a 256 MiB machine are refused
// quickly, without holding their output.
TEST(ImageLoader, GzipBombOfJunkIsRefusedFromItsFirstBytes) {
    std::string path = write_file("junk.gz", gzip_bomb({}, uint64_t(1) << 30));
    uint64_t rss_before = peak_rss();
    auto t0 = std::chrono::steady_clock::now();
    expect_boot_error({"boot.kernel=" + path, "memory.ram.size=256M"}, "boot.kernel", {path, "neither"});
    EXPECT_LT(seconds_since(t0), 5.0);
    EXPECT_LT(peak_rss() - rss_before, uint64_t(64) << 20);
}

TEST(ImageLoader, GzipBombPastTheRamIsRefused) {
    // An Image header without image_size (pre-3.17): the only bound is the 256 MiB of RAM.
    std::string path = write_file("bomb.gz", gzip_bomb(image_file(0, 0, 0, 64), uint64_t(1) << 30));
    uint64_t rss_before = peak_rss();
    auto t0 = std::chrono::steady_clock::now();
    expect_boot_error({"boot.kernel=" + path, "memory.ram.size=256M"}, "boot.kernel",
                      {path, "inflates to more than 256 MiB"});
    EXPECT_LT(seconds_since(t0), 10.0);
    EXPECT_LT(peak_rss() - rss_before, uint64_t(64) << 20);
}

TEST(ImageLoader, GzipBombPastItsImageSizeIsRefused) {
    std::string path = write_file("bomb16.gz", gzip_bomb(image_file(0, 16u << 20, 0, 64), uint64_t(1) << 30));
    uint64_t rss_before = peak_rss();
    expect_boot_error({"boot.kernel=" + path, "memory.ram.size=256M"}, "boot.kernel",
                      {path, "inflates to more than 16 MiB", "image_size"});
    EXPECT_LT(peak_rss() - rss_before, uint64_t(64) << 20);
}

TEST(ImageLoader, GzipBombBuilderInflatesToWhatItSays) {
    // The test's own bomb builder, checked with zlib through a bomb small enough to hold.
    auto head = image_file(0, 8u << 20, 0, 64);
    auto v = boot_virt({"boot.kernel=" + write_file("small-bomb.gz", gzip_bomb(head, 4u << 20))});
    EXPECT_EQ(v.read(kBase, 64), head);
    EXPECT_EQ(v.read(kBase + (4u << 20) - 16, 16), std::vector<uint8_t>(16, 0));
}
