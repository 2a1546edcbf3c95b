// virtio-blk (virtio 1.2 §5.2) from a test driver, on a raw image file made by the test.
#include <gtest/gtest.h>

#include "core/error.h"
#include "virtio/virtio_blk_rig.h"

using namespace virtio_test;

TEST(VirtioBlk, IdentityFeaturesAndCapacity) {
    Image img;
    BlkRig r(blk_config(img.path));
    EXPECT_EQ(r.rd(DeviceID), kBlockDevice);
    const uint64_t f = r.device_features();
    for (unsigned b : {VIRTIO_BLK_F_SEG_MAX, VIRTIO_BLK_F_BLK_SIZE, VIRTIO_BLK_F_FLUSH, VIRTIO_BLK_F_DISCARD,
                       VIRTIO_BLK_F_WRITE_ZEROES, VIRTIO_F_VERSION_1})
        EXPECT_NE(f & (1ull << b), 0u) << "feature bit " << b;
    EXPECT_EQ(f & (1ull << VIRTIO_BLK_F_RO), 0u);
    EXPECT_EQ(r.rd(Config + kBlkCapacity), kImageBytes / 512);
    EXPECT_EQ(r.rd(Config + kBlkCapacity + 4), 0u);
    auto byte = r.cpu.read(kDev + Config, 1);  // the configuration space takes byte accesses
    EXPECT_TRUE(byte.ok());
    EXPECT_EQ(byte.data, (kImageBytes / 512) & 0xFF);
}

TEST(VirtioBlk, ReadsSectorsOfTheImage) {
    Image img;
    BlkRig r(blk_config(img.path));
    r.start();
    auto reply = r.request(VIRTIO_BLK_T_IN, 2, "", 1024);
    EXPECT_EQ(reply.status, VIRTIO_BLK_S_OK);
    EXPECT_EQ(reply.data, img.contents().substr(1024, 1024));
    EXPECT_EQ(reply.used_len, 1025u);  // data and status byte written
    EXPECT_TRUE(r.line());
}

TEST(VirtioBlk, WritesReachTheHostFileAndFlushSucceeds) {
    Image img;
    BlkRig r(blk_config(img.path));
    r.start();
    const std::string data = pattern(1536, 9);
    EXPECT_EQ(r.request(VIRTIO_BLK_T_OUT, 5, data, 0).status, VIRTIO_BLK_S_OK);
    EXPECT_EQ(r.request(VIRTIO_BLK_T_FLUSH, 0, "", 0).status, VIRTIO_BLK_S_OK);
    const std::string now = img.contents();
    EXPECT_EQ(now.substr(5 * 512, 1536), data);
    EXPECT_EQ(now.substr(0, 5 * 512), pattern(kImageBytes, 1).substr(0, 5 * 512));
}

TEST(VirtioBlk, RequestThroughAnIndirectTable) {
    Image img;
    BlkRig r(blk_config(img.path));
    r.start(1ull << VIRTIO_F_INDIRECT_DESC);
    const std::string data = pattern(512, 4);
    EXPECT_EQ(r.request(VIRTIO_BLK_T_OUT, 9, data, 0, true).status, VIRTIO_BLK_S_OK);
    auto back = r.request(VIRTIO_BLK_T_IN, 9, "", 512, true);
    EXPECT_EQ(back.status, VIRTIO_BLK_S_OK);
    EXPECT_EQ(back.data, data);
}

TEST(VirtioBlk, GetIdReturnsTheSerial) {
    Image img;
    BlkRig r(blk_config(img.path, false, false, "vp-disk-0001"));
    r.start();
    auto reply = r.request(VIRTIO_BLK_T_GET_ID, 0, "", 20);
    EXPECT_EQ(reply.status, VIRTIO_BLK_S_OK);
    EXPECT_EQ(reply.data, std::string("vp-disk-0001\0\0\0\0\0\0\0\0", 20));
}

TEST(VirtioBlk, ReadOnlyImageRefusesWrites) {
    Image img;
    BlkRig r(blk_config(img.path, true));
    EXPECT_NE(r.device_features() & (1ull << VIRTIO_BLK_F_RO), 0u);
    r.start(1ull << VIRTIO_BLK_F_RO);
    EXPECT_EQ(r.request(VIRTIO_BLK_T_OUT, 0, pattern(512, 3), 0).status, VIRTIO_BLK_S_IOERR);
    EXPECT_EQ(r.request(VIRTIO_BLK_T_IN, 0, "", 512).status, VIRTIO_BLK_S_OK);
    EXPECT_EQ(img.contents(), pattern(kImageBytes, 1));
}

TEST(VirtioBlk, SnapshotKeepsTheHostFileUnchanged) {
    Image img;
    {
        BlkRig r(blk_config(img.path, false, true));
        r.start();
        const std::string data = pattern(2048, 5);
        EXPECT_EQ(r.request(VIRTIO_BLK_T_OUT, 7, data, 0).status, VIRTIO_BLK_S_OK);
        EXPECT_EQ(r.request(VIRTIO_BLK_T_FLUSH, 0, "", 0).status, VIRTIO_BLK_S_OK);
        // The guest reads its own write, and the image's data around it.
        auto back = r.request(VIRTIO_BLK_T_IN, 6, "", 512 * 6);
        EXPECT_EQ(back.data.substr(0, 512), pattern(kImageBytes, 1).substr(6 * 512, 512));
        EXPECT_EQ(back.data.substr(512, 2048), data);
        EXPECT_EQ(back.data.substr(512 + 2048), pattern(kImageBytes, 1).substr(11 * 512, 512));
    }
    EXPECT_EQ(img.contents(), pattern(kImageBytes, 1));
}

TEST(VirtioBlk, RequestsBeyondTheCapacityFail) {
    Image img;
    BlkRig r(blk_config(img.path));
    r.start();
    EXPECT_EQ(r.request(VIRTIO_BLK_T_IN, kImageBytes / 512 - 1, "", 1024).status, VIRTIO_BLK_S_IOERR);
    EXPECT_EQ(r.request(VIRTIO_BLK_T_OUT, ~0ull / 2, pattern(512, 1), 0).status, VIRTIO_BLK_S_IOERR);
    EXPECT_EQ(r.request(VIRTIO_BLK_T_IN, 0, "", 100).status, VIRTIO_BLK_S_IOERR);  // not whole sectors
    EXPECT_EQ(r.request(99, 0, "", 0).status, VIRTIO_BLK_S_UNSUPP);
    EXPECT_EQ(img.contents(), pattern(kImageBytes, 1));
}

// §5.2.6: struct virtio_blk_discard_write_zeroes { le64 sector; le32 num_sectors; le32 flags; }.
TEST(VirtioBlk, WriteZeroesAndDiscardZeroTheRange) {
    Image img;
    BlkRig r(blk_config(img.path));
    r.start();
    auto segment = [](uint64_t sector, uint32_t n, uint32_t flags) {
        std::string s(16, '\0');
        std::memcpy(&s[0], &sector, 8);
        std::memcpy(&s[8], &n, 4);
        std::memcpy(&s[12], &flags, 4);
        return s;
    };
    EXPECT_EQ(r.request(VIRTIO_BLK_T_WRITE_ZEROES, 0, segment(8, 16, 0), 0).status, VIRTIO_BLK_S_OK);
    EXPECT_EQ(r.request(VIRTIO_BLK_T_DISCARD, 0, segment(40, 8, 0), 0).status, VIRTIO_BLK_S_OK);
    const std::string now = img.contents();
    EXPECT_EQ(now.substr(8 * 512, 16 * 512), std::string(16 * 512, '\0'));
    EXPECT_EQ(now.substr(40 * 512, 8 * 512), std::string(8 * 512, '\0'));
    EXPECT_EQ(now.substr(24 * 512, 16 * 512), pattern(kImageBytes, 1).substr(24 * 512, 16 * 512));
    EXPECT_EQ(r.request(VIRTIO_BLK_T_WRITE_ZEROES, 0, segment(120, 16, 0), 0).status, VIRTIO_BLK_S_IOERR);
}

TEST(VirtioBlk, MissingImageNamesThePath) {
    const std::string path = "/tmp/vp-no-such-disk-image.img";
    try {
        make_from_registry(blk_config(path));
        FAIL() << "no error for a missing image";
    } catch (const vp::Error& e) {
        EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("vda.image"), std::string::npos) << e.what();
    }
}

TEST(VirtioBlk, RequestWithoutStatusByteSetsNeedsReset) {
    Image img;
    BlkRig r(blk_config(img.path));
    r.start();
    r.put<uint32_t>(kData, VIRTIO_BLK_T_IN);
    const uint16_t head = r.chain({{kData, 16, false}});
    r.make_available(head);
    EXPECT_NE(r.rd(Status) & DEVICE_NEEDS_RESET, 0u);
}
