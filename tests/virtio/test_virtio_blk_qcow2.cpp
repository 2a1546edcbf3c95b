// virtio-blk on qcow2 images. The oracle is QEMU's qemu-img: it makes each image from a raw file of
// known bytes, and reads what vp wrote back out of the qcow2 (convert to raw, check).
#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

#include "core/error.h"
#include "support/oracle.h"
#include "virtio/virtio_blk_rig.h"

using namespace virtio_test;

namespace {

int sh(const std::string& cmd) {
    return std::system((cmd + " >/dev/null 2>&1").c_str());
}

#define VP_REQUIRE_QEMU_IMG()                                                                   \
    VP_REQUIRE_ORACLE(vp::test::have_program("qemu-img") && vp::test::have_program("qemu-nbd"), \
                      "qemu-img and qemu-nbd", "qemu-utils")

// The raw pattern image converted to qcow2 by qemu-img; `raw()` converts the qcow2 back (-U: vp's
// qemu-nbd may hold the image's lock).
struct Qcow2Image {
    Image source;
    std::string path = source.path + ".qcow2";
    // blank: an image of the same size with no cluster allocated (writes must allocate, which
    // changes qcow2's metadata, not only its data).
    explicit Qcow2Image(bool blank = false) {
        EXPECT_EQ(sh(blank ? "qemu-img create -f qcow2 '" + path + "' " + std::to_string(kImageBytes)
                           : "qemu-img convert -f raw -O qcow2 '" + source.path + "' '" + path + "'"),
                  0);
    }
    ~Qcow2Image() { unlink(path.c_str()); }
    std::string raw() const {
        const std::string out = path + ".raw";
        EXPECT_EQ(sh("qemu-img convert -U -f qcow2 -O raw '" + path + "' '" + out + "'"), 0);
        std::ifstream f(out, std::ios::binary);
        std::string bytes(std::istreambuf_iterator<char>(f), {});
        unlink(out.c_str());
        return bytes;
    }
    std::string file_bytes() const {
        std::ifstream f(path, std::ios::binary);
        return std::string(std::istreambuf_iterator<char>(f), {});
    }
    bool consistent() const { return sh("qemu-img check -U -f qcow2 '" + path + "'") == 0; }
};

std::string error_of(const vp::DeviceConfig& c) {
    try {
        make_from_registry(c);
    } catch (const vp::Error& e) {
        return e.what();
    }
    return "";
}

}  // namespace

TEST(VirtioBlkQcow2, ReadsTheImagesContentsNotItsFile) {
    VP_REQUIRE_QEMU_IMG();
    Qcow2Image img;
    BlkRig r(blk_config(img.path, false, false, "", "qcow2"));
    EXPECT_EQ(r.rd(Config + kBlkCapacity), kImageBytes / 512);
    r.start();
    auto reply = r.request(VIRTIO_BLK_T_IN, 3, "", 2048);
    EXPECT_EQ(reply.status, VIRTIO_BLK_S_OK);
    EXPECT_EQ(reply.data, pattern(kImageBytes, 1).substr(3 * 512, 2048));
}

TEST(VirtioBlkQcow2, FlushedWritesAreInTheFileWhileVpRunsAndAfter) {
    VP_REQUIRE_QEMU_IMG();
    Qcow2Image img(true);
    std::string expect(kImageBytes, '\0');
    const std::string data = pattern(4096, 7);
    expect.replace(10 * 512, data.size(), data);
    {
        BlkRig r(blk_config(img.path, false, false, "", "qcow2"));
        r.start();
        EXPECT_EQ(r.request(VIRTIO_BLK_T_OUT, 10, data, 0).status, VIRTIO_BLK_S_OK);
        EXPECT_EQ(r.request(VIRTIO_BLK_T_FLUSH, 0, "", 0).status, VIRTIO_BLK_S_OK);
        EXPECT_EQ(img.raw(), expect) << "a flushed write is not in the host file";
        EXPECT_EQ(r.request(VIRTIO_BLK_T_IN, 10, "", 4096).data, data);
    }
    EXPECT_EQ(img.raw(), expect);
    EXPECT_TRUE(img.consistent()) << "qemu-img check finds errors in the image vp wrote";
}

TEST(VirtioBlkQcow2, SnapshotLeavesTheFileByteIdentical) {
    VP_REQUIRE_QEMU_IMG();
    Qcow2Image img;
    const std::string before = img.file_bytes();
    {
        BlkRig r(blk_config(img.path, false, true, "", "qcow2"));
        r.start();
        const std::string data = pattern(1024, 3);
        EXPECT_EQ(r.request(VIRTIO_BLK_T_OUT, 20, data, 0).status, VIRTIO_BLK_S_OK);
        EXPECT_EQ(r.request(VIRTIO_BLK_T_FLUSH, 0, "", 0).status, VIRTIO_BLK_S_OK);
        EXPECT_EQ(r.request(VIRTIO_BLK_T_IN, 20, "", 1024).data, data);  // the guest reads its write
    }
    EXPECT_EQ(img.file_bytes(), before);
}

TEST(VirtioBlkQcow2, ReadOnlyRefusesWrites) {
    VP_REQUIRE_QEMU_IMG();
    Qcow2Image img;
    const std::string before = img.file_bytes();
    {
        BlkRig r(blk_config(img.path, true, false, "", "qcow2"));
        EXPECT_NE(r.device_features() & (1ull << VIRTIO_BLK_F_RO), 0u);
        r.start(1ull << VIRTIO_BLK_F_RO);
        EXPECT_EQ(r.request(VIRTIO_BLK_T_OUT, 0, pattern(512, 2), 0).status, VIRTIO_BLK_S_IOERR);
        EXPECT_EQ(r.request(VIRTIO_BLK_T_IN, 0, "", 512).data, pattern(kImageBytes, 1).substr(0, 512));
    }
    EXPECT_EQ(img.file_bytes(), before);
}

TEST(VirtioBlkQcow2, WriteZeroesAndDiscardReadBackAsZeros) {
    VP_REQUIRE_QEMU_IMG();
    Qcow2Image img;
    auto segment = [](uint64_t sector, uint32_t n) {
        std::string s(16, '\0');
        std::memcpy(&s[0], &sector, 8);
        std::memcpy(&s[8], &n, 4);
        return s;
    };
    {
        BlkRig r(blk_config(img.path, false, false, "", "qcow2"));
        r.start();
        EXPECT_EQ(r.request(VIRTIO_BLK_T_WRITE_ZEROES, 0, segment(8, 16), 0).status, VIRTIO_BLK_S_OK);
        EXPECT_EQ(r.request(VIRTIO_BLK_T_FLUSH, 0, "", 0).status, VIRTIO_BLK_S_OK);
    }
    const std::string now = img.raw();
    EXPECT_EQ(now.substr(8 * 512, 16 * 512), std::string(16 * 512, '\0'));
    EXPECT_EQ(now.substr(24 * 512), pattern(kImageBytes, 1).substr(24 * 512));
}

// QEMU probes an image given without format=; `auto` does the same for qcow2 and takes anything
// else as raw.
TEST(VirtioBlkQcow2, AutoFormatProbesTheQcowMagic) {
    VP_REQUIRE_QEMU_IMG();
    Qcow2Image img;
    BlkRig r(blk_config(img.path, false, false, "", "auto"));
    r.start();
    EXPECT_EQ(r.request(VIRTIO_BLK_T_IN, 0, "", 512).data, pattern(kImageBytes, 1).substr(0, 512));
}

TEST(VirtioBlkQcow2, AutoFormatTakesAnythingElseAsRaw) {
    Image raw;
    BlkRig r(blk_config(raw.path, false, false, "", "auto"));
    r.start();
    EXPECT_EQ(r.request(VIRTIO_BLK_T_IN, 0, "", 512).data, pattern(kImageBytes, 1).substr(0, 512));
}

TEST(VirtioBlkQcow2, ARawFileGivenAsQcow2IsRefusedNamingThePath) {
    Image raw;
    const std::string e = error_of(blk_config(raw.path, false, false, "", "qcow2"));
    EXPECT_NE(e.find(raw.path), std::string::npos) << e;
    EXPECT_NE(e.find("vda.image"), std::string::npos) << e;
    EXPECT_NE(e.find("not a qcow2 image"), std::string::npos) << e;
}

TEST(VirtioBlkQcow2, AnUnknownFormatIsRefusedNamingTheKey) {
    Image raw;
    const std::string e = error_of(blk_config(raw.path, false, false, "", "vmdk"));
    EXPECT_NE(e.find("vda.format"), std::string::npos) << e;
    EXPECT_NE(e.find("'vmdk'"), std::string::npos) << e;
}

TEST(VirtioBlkQcow2, WithoutQemuNbdTheErrorNamesThePackage) {
    VP_REQUIRE_QEMU_IMG();
    Qcow2Image img;
    setenv("VP_QEMU_NBD", "/nonexistent/qemu-nbd", 1);
    const std::string e = error_of(blk_config(img.path, false, false, "", "qcow2"));
    unsetenv("VP_QEMU_NBD");
    EXPECT_NE(e.find("qemu-utils"), std::string::npos) << e;
    EXPECT_NE(e.find(img.path), std::string::npos) << e;
}

TEST(VirtioBlkQcow2, ACorruptQcow2IsRefusedWithQemuNbdsReason) {
    VP_REQUIRE_QEMU_IMG();
    Qcow2Image img;
    // The magic stays, the version (bytes 4..7, big-endian) becomes 99.
    {
        std::fstream f(img.path, std::ios::in | std::ios::out | std::ios::binary);
        f.seekp(4);
        const char v[4] = {0, 0, 0, 99};
        f.write(v, 4);
    }
    const std::string e = error_of(blk_config(img.path, false, false, "", "qcow2"));
    EXPECT_NE(e.find(img.path), std::string::npos) << e;
    EXPECT_NE(e.find("qemu-nbd did not serve it"), std::string::npos) << e;
}

// Checkpoints (docs/ARCHITECTURE.md, Checkpoints): a writable qcow2 disk without snapshot is
// refused by name (qemu-nbd writes the host file; a checkpoint cannot roll it back).
TEST(VirtioBlkQcow2, WritableCheckpointIsRefusedNamingTheImage) {
    VP_REQUIRE_QEMU_IMG();
    Qcow2Image img;
    BlkRig r(blk_config(img.path, false, false, "", "qcow2"));
    r.start();
    vp::StateWriter w;
    try {
        r.dev->save_state(w);
        FAIL() << "a writable qcow2 disk was saved";
    } catch (const vp::CheckpointError& e) {
        const std::string msg = e.what();
        EXPECT_NE(msg.find("device 'vda' (virtio_blk)"), std::string::npos) << msg;
        EXPECT_NE(msg.find(img.path), std::string::npos) << msg;
        EXPECT_NE(msg.find("snapshot=on"), std::string::npos) << msg;
    }
}

// snapshot=on: vp's overlay holds the guest's writes over the read-only qemu-nbd, so the
// checkpoint carries them; a twin loaded from it reads them back beside the image's own sectors
// (qemu-img's conversion of the source pattern is the oracle), and the qcow2 file is
// byte-identical after both.
TEST(VirtioBlkQcow2, SnapshotCheckpointTwinReadsTheWrittenSectors) {
    VP_REQUIRE_QEMU_IMG();
    Qcow2Image img;
    const std::string before = img.file_bytes(), original = pattern(kImageBytes, 1);
    {
        BlkRig a(blk_config(img.path, false, true, "", "qcow2"), "a_");
        BlkRig b(blk_config(img.path, false, true, "", "qcow2"), "b_");
        sc_core::sc_start(sc_core::SC_ZERO_TIME);
        a.start();
        const std::string written = pattern(1024, 9);
        ASSERT_EQ(a.request(VIRTIO_BLK_T_OUT, 3, written, 0).status, VIRTIO_BLK_S_OK);
        vp::StateWriter w;
        a.dev->save_state(w);
        vp::StateReader in("device vda", w.data());
        b.dev->load_state(in);
        b.ram.bytes = a.ram.bytes;
        b.queue_size = a.queue_size, b.avail_idx = a.avail_idx, b.next_desc = a.next_desc;
        for (BlkRig* r : {&a, &b}) {
            auto got = r->request(VIRTIO_BLK_T_IN, 2, "", 4 * 512);
            EXPECT_EQ(got.status, VIRTIO_BLK_S_OK);
            EXPECT_EQ(got.data, original.substr(2 * 512, 512) + written + original.substr(5 * 512, 512));
        }
    }
    EXPECT_EQ(img.file_bytes(), before);
}

// Restored onto a qcow2 file that changed since the checkpoint, the load is refused naming it.
TEST(VirtioBlkQcow2, SnapshotCheckpointOfAChangedImageIsRefused) {
    VP_REQUIRE_QEMU_IMG();
    Qcow2Image img, other(true);
    BlkRig a(blk_config(img.path, false, true, "", "qcow2"), "a_");
    BlkRig b(blk_config(img.path, false, true, "", "qcow2"), "b_");
    sc_core::sc_start(sc_core::SC_ZERO_TIME);
    a.start();
    vp::StateWriter w;
    a.dev->save_state(w);
    ASSERT_EQ(sh("cp '" + other.path + "' '" + img.path + "'"), 0);  // same inode, new content
    vp::StateReader in("device vda", w.data());
    try {
        b.dev->load_state(in);
        FAIL() << "a changed qcow2 image was accepted";
    } catch (const vp::CheckpointError& e) {
        EXPECT_NE(std::string(e.what()).find(img.path), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("changed"), std::string::npos) << e.what();
    }
}
