// The boot stub, disassembled by binutils (an independent decoder), and the kernel image
// parser against the arm64 Image header layout of Documentation/arm64/booting.rst.
#include <gtest/gtest.h>
#include <zlib.h>

#include <cstdio>
#include <cstring>
#include <fstream>

#include "platform/boot/boot_loader.h"
#include "platform/boot/gunzip.h"
#include "platform/boot/input_file.h"
#include "platform/boot/kernel_image.h"
#include "core/error.h"
#include "support/oracle.h"

namespace {

std::string objdump(const std::vector<uint8_t>& code) {
    // One file per test: ctest runs the tests of this binary in parallel.
    std::string path = testing::TempDir() + "/stub-" +
                       testing::UnitTest::GetInstance()->current_test_info()->name() + ".bin";
    std::ofstream(path, std::ios::binary).write(reinterpret_cast<const char*>(code.data()), code.size());
    std::string out;
    if (FILE* p = popen(
            ("aarch64-linux-gnu-objdump -D -b binary -m aarch64 " + path + " 2>/dev/null").c_str(), "r")) {
        char buf[4096];
        size_t n;
        while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
        pclose(p);
    }
    return out;
}

#define VP_REQUIRE_OBJDUMP()                                                                            \
    VP_REQUIRE_ORACLE(vp::test::have_program("aarch64-linux-gnu-objdump"), "aarch64-linux-gnu-objdump", \
                      "binutils-aarch64-linux-gnu")

uint64_t literal(const std::vector<uint8_t>& code, size_t off) {
    uint64_t v;
    std::memcpy(&v, code.data() + off, 8);
    return v;
}

std::vector<uint8_t> image_header(uint64_t text_offset, uint64_t image_size, uint64_t flags,
                                  size_t file_size) {
    std::vector<uint8_t> img(file_size, 0);
    std::memcpy(&img[8], &text_offset, 8);
    std::memcpy(&img[16], &image_size, 8);
    std::memcpy(&img[24], &flags, 8);
    std::memcpy(&img[56], "ARM\x64", 4);
    return img;
}

}  // namespace

TEST(BootStub, LoadsDtbIntoX0ZeroesX1ToX3AndBranchesToTheEntry) {
    VP_REQUIRE_OBJDUMP();
    auto stub = vp::boot_stub(0x40000000, 0x40200000, {{0x09000000, 0x30, 0x301}});  // PL011 UARTCR on
    std::string dis = objdump(stub);
    EXPECT_NE(dis.find("ldr\tx5, 0x40"), std::string::npos) << dis;
    EXPECT_NE(dis.find("mov\tw6, #0x301"), std::string::npos) << dis;
    EXPECT_NE(dis.find("str\tw6, [x5, #48]"), std::string::npos) << dis;  // PL011 UARTCR
    EXPECT_NE(dis.find("ldr\tx0, 0x30"), std::string::npos) << dis;
    for (const char* r : {"mov\tx1, xzr", "mov\tx2, xzr", "mov\tx3, xzr", "ldr\tx4, 0x38", "br\tx4"})
        EXPECT_NE(dis.find(r), std::string::npos) << r << "\n" << dis;
    EXPECT_EQ(literal(stub, 0x30), 0x40000000u);
    EXPECT_EQ(literal(stub, 0x38), 0x40200000u);
    EXPECT_EQ(literal(stub, 0x40), 0x09000000u);
}

TEST(BootStub, WithoutAUartTheStubTouchesNoDevice) {
    VP_REQUIRE_OBJDUMP();
    std::string dis = objdump(vp::boot_stub(0x40000000, 0x40200000, {}));
    EXPECT_EQ(dis.find("str\t"), std::string::npos) << dis;
    EXPECT_NE(dis.find("br\tx4"), std::string::npos) << dis;
}

TEST(KernelImage, HeaderFieldsAreHonoured) {
    auto img = image_header(0x80000, 0x300000, 1u << 3, 0x1000);
    auto k = vp::boot::parse_kernel(img, "Image");
    EXPECT_EQ(k.kind, vp::boot::KernelImage::Kind::linux_image);
    EXPECT_EQ(k.text_offset, 0x80000u);
    EXPECT_EQ(k.image_size, 0x300000u);
    EXPECT_TRUE(k.anywhere);
    EXPECT_EQ(k.entry, 0x80000u);
}

TEST(KernelImage, GzipImageIsInflated) {
    auto img = image_header(0, 0x200000, 0, 0x2000);
    uLongf len = compressBound(img.size()) + 32;
    std::vector<uint8_t> gz(len);
    z_stream zs{};
    deflateInit2(&zs, 9, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
    zs.next_in = img.data();
    zs.avail_in = static_cast<uInt>(img.size());
    zs.next_out = gz.data();
    zs.avail_out = static_cast<uInt>(gz.size());
    ASSERT_EQ(deflate(&zs, Z_FINISH), Z_STREAM_END);
    gz.resize(zs.total_out);
    deflateEnd(&zs);
    auto out = vp::boot::gunzip(gz, img.size(), "Image.gz", "the test's limit");
    EXPECT_EQ(out, img);
}

TEST(KernelImage, MalformedFilesAreRefusedWithTheirName) {
    std::vector<uint8_t> junk(100, 0x5a);
    try {
        vp::boot::parse_kernel(junk, "junk.bin");
        FAIL() << "no error";
    } catch (const vp::Error& e) {
        EXPECT_NE(std::string(e.what()).find("junk.bin"), std::string::npos);
    }
    auto small = image_header(0, 0x10, 0, 0x1000);  // image_size smaller than the file
    EXPECT_THROW(vp::boot::parse_kernel(small, "Image"), vp::Error);
    std::vector<uint8_t> bad_gz = {0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3};
    EXPECT_THROW(vp::boot::gunzip(bad_gz, 1u << 20, "bad.gz", "1 MiB"), vp::Error);
    EXPECT_THROW(vp::boot::InputFile::open("/nonexistent/Image", 1u << 20, "1 MiB"), vp::Error);
}
