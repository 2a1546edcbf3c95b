// Guest memory in a checkpoint: non-zero pages only, deflated; loading restores them exactly and
// clears every other page.
#include <gtest/gtest.h>

#include <cstring>
#include <vector>

#include "core/page_image.h"

namespace {

constexpr size_t kPage = 4096;

std::vector<uint8_t> image_of(const std::vector<uint8_t>& mem) {
    vp::StateWriter w;
    vp::save_page_image(w, mem);
    return w.take();
}

}  // namespace

TEST(PageImage, RoundTripRestoresTouchedPagesAndClearsTheRest) {
    std::vector<uint8_t> mem(64 * kPage + 100, 0);  // a partial last page
    for (size_t i = 0; i < kPage; ++i) mem[5 * kPage + i] = static_cast<uint8_t>(i * 7);
    mem[40 * kPage + 17] = 0xAB;
    mem[64 * kPage + 99] = 0xCD;
    auto image = image_of(mem);

    std::vector<uint8_t> target(mem.size(), 0x55);  // stale contents everywhere
    vp::StateReader r("device ram", image);
    vp::load_page_image(r, target);
    EXPECT_TRUE(r.at_end());
    EXPECT_EQ(target, mem);
}

TEST(PageImage, ZeroPagesCostNothing) {
    std::vector<uint8_t> mem(16 << 20, 0);  // 16 MiB, three pages touched
    mem[0] = 1;
    mem[8 << 20] = 2;
    mem[(16 << 20) - 1] = 3;
    auto image = image_of(mem);
    EXPECT_LT(image.size(), 1024u) << "3 nearly empty pages of 16 MiB";
}

TEST(PageImage, RefusesAnotherMemorySize) {
    std::vector<uint8_t> mem(8 * kPage, 1);
    auto image = image_of(mem);
    std::vector<uint8_t> other(16 * kPage, 0);
    vp::StateReader r("device ram", image);
    try {
        vp::load_page_image(r, other);
        FAIL() << "loaded into a memory of another size";
    } catch (const vp::CheckpointError& e) {
        EXPECT_NE(std::string(e.what()).find("device ram"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("32768 bytes saved"), std::string::npos) << e.what();
    }
}

TEST(PageImage, RefusesAMalformedDeflateStream) {
    std::vector<uint8_t> mem(8 * kPage, 0);
    mem[3 * kPage] = 9;
    auto image = image_of(mem);
    image[image.size() - 6] ^= 0xff;  // inside the deflate stream's end / Adler-32
    std::vector<uint8_t> target(mem.size(), 0);
    vp::StateReader r("device ram", image);
    EXPECT_THROW(vp::load_page_image(r, target), vp::CheckpointError);
}
