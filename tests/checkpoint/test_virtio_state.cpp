// virtio devices in checkpoints (docs/ARCHITECTURE.md, Checkpoints): a twin transport loaded from
// the original's state, with the original's guest memory (which a checkpoint's RAM section
// carries), serves the next requests as the original does: same registers, ring indices,
// interrupt line, random bytes, disk contents. Expected values are the original's own behaviour
// after the save, and the virtio 1.2 rules the test driver (tests/virtio) follows.
#include <fcntl.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>

#include "core/state_stream.h"
#include "pl011/pl011_test_util.h"
#include "virtio/virtio_blk_rig.h"

using namespace virtio_test;

namespace {

vp::DeviceConfig rng_config(const std::string& name) {
    vp::DeviceConfig c = transport_config(name, "virtio_rng");
    c.props.set("source", {"seeded", {"test.yaml", 4, 9}, vp::PropType::string});
    c.props.set("seed", {"7", {"test.yaml", 5, 9}, vp::PropType::integer});
    return c;
}

// The twin gets the original's state and guest memory; the test driver's own ring bookkeeping
// (its avail index and next free descriptor) is the guest's, so it is copied too.
void load_twin(Rig& from, Rig& to) {
    vp::StateWriter w;
    from.dev->save_state(w);
    vp::StateReader r("device twin", w.data());
    to.dev->load_state(r);
    to.ram.bytes = from.ram.bytes;
    to.queue_size = from.queue_size;
    to.avail_idx = from.avail_idx;
    to.next_desc = from.next_desc;
}

// One 64-byte entropy request (§5.4.6); its bytes.
std::string entropy(Rig& r) {
    const uint16_t before = r.used_idx();
    const uint64_t buf = kData + 0x1000 * (before + 1);
    r.make_available(r.chain({{buf, 64, true}}));
    EXPECT_EQ(r.used_idx(), before + 1);
    return r.get_bytes(buf, 64);
}

void expect_same_registers(Rig& a, Rig& b) {
    for (uint32_t off : {Status, InterruptStatus, DeviceFeatures}) EXPECT_EQ(b.rd(off), a.rd(off)) << off;
    for (unsigned q : {0u, 1u}) {
        a.wr(QueueSel, q);
        b.wr(QueueSel, q);
        EXPECT_EQ(b.rd(QueueReady), a.rd(QueueReady)) << "queue " << q;
    }
    a.wr(QueueSel, 0);
    b.wr(QueueSel, 0);
    EXPECT_EQ(b.line(), a.line());
}

std::string slurp(const std::string& path) {
    std::ifstream f(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(f), {}};
}

}  // namespace

// Event-idx negotiated, two requests served, the interrupt left pending: the twin has the same
// registers and line and gives the original's next bytes (the seeded generator's state), at the
// next used index (the ring indices).
TEST(VirtioCheckpoint, RngTwinGivesTheOriginalsNextBytes) {
    Rig a(make_from_registry(rng_config("rng0"), "rng_a"), "a_");
    Rig b(make_from_registry(rng_config("rng0"), "rng_b"), "b_");
    sc_core::sc_start(sc_core::SC_ZERO_TIME);
    a.start(1ull << VIRTIO_F_EVENT_IDX);
    entropy(a);
    entropy(a);
    ASSERT_TRUE(a.line());
    load_twin(a, b);
    expect_same_registers(a, b);
    EXPECT_EQ(b.used_idx(), 2u);
    const std::string next_a = entropy(a), next_b = entropy(b);
    EXPECT_EQ(next_b, next_a);
    EXPECT_EQ(b.used_idx(), a.used_idx());
    EXPECT_EQ(b.used_id(2), a.used_id(2));
    // Acknowledging clears both lines (§4.2.2 InterruptACK).
    a.wr(InterruptACK, 1);
    b.wr(InterruptACK, 1);
    EXPECT_FALSE(b.line());
}

// A transport reset (§2.1) after the load gives the reset state, not the loaded one.
TEST(VirtioCheckpoint, RngTwinResetsLikeTheOriginal) {
    Rig a(make_from_registry(rng_config("rng0"), "rng_a"), "a_");
    Rig b(make_from_registry(rng_config("rng0"), "rng_b"), "b_");
    sc_core::sc_start(sc_core::SC_ZERO_TIME);
    a.start();
    entropy(a);
    load_twin(a, b);
    a.wr(Status, 0);
    b.wr(Status, 0);
    expect_same_registers(a, b);
    EXPECT_EQ(b.rd(Status), 0u);
}

TEST(VirtioCheckpoint, ConsoleTwinTransmitsAtTheNextUsedIndex) {
    char ta[] = "/tmp/vp-ckpt-con-a-XXXXXX", tb[] = "/tmp/vp-ckpt-con-b-XXXXXX";
    close(mkstemp(ta));
    close(mkstemp(tb));
    auto config = [](const std::string& path) {
        vp::DeviceConfig c = transport_config("con0", "virtio_console");
        c.props.set("backend", {"file:" + path, {"test.yaml", 5, 9}, vp::PropType::string});
        return c;
    };
    {
        Rig a(make_from_registry(config(ta), "con_a"), "a_");
        Rig b(make_from_registry(config(tb), "con_b"), "b_");
        sc_core::sc_start(sc_core::SC_ZERO_TIME);
        ASSERT_TRUE(a.negotiate(1ull << VIRTIO_F_VERSION_1));
        a.setup_queue(1, 8);  // transmitq0 (§5.3.2: queue 1)
        a.wr(Status, ACKNOWLEDGE | DRIVER | FEATURES_OK | DRIVER_OK);
        a.put_bytes(kData, "before\n", 7);
        a.make_available(a.chain({{kData, 7, false}}), true, 1);
        ASSERT_EQ(a.used_idx(), 1u);
        load_twin(a, b);
        expect_same_registers(a, b);
        for (Rig* r : {&a, &b}) {
            r->put_bytes(kData + 0x100, "after\n", 6);
            r->make_available(r->chain({{kData + 0x100, 6, false}}), true, 1);
            EXPECT_EQ(r->used_idx(), 2u);
            EXPECT_EQ(r->used_id(1), 1u);  // the second descriptor
        }
    }
    EXPECT_EQ(slurp(ta), "before\nafter\n");
    EXPECT_EQ(slurp(tb), "after\n");  // the twin's backend gets only what came after the load
    unlink(ta);
    unlink(tb);
}

// The original delivers a typed byte into the first of two receive buffers and then holds the
// second (§5.3.6: the device takes a buffer as soon as it could deliver input). The twin, whose
// backend is a TCP server (host-side, free to differ), puts its next received byte into that held
// buffer. Without the held chain it would look for a buffer past it in the ring and find none.
TEST(VirtioCheckpoint, ConsoleTwinReceivesIntoTheHeldBuffer) {
    int pipe_fds[2];
    ASSERT_EQ(pipe(pipe_fds), 0);
    ASSERT_EQ(dup2(pipe_fds[0], 0), 0);  // the original's stdio backend reads it
    const uint16_t port = pl011_test::free_port();
    auto config = [](const std::string& backend) {
        vp::DeviceConfig c = transport_config("con0", "virtio_console");
        c.props.set("backend", {backend, {"test.yaml", 5, 9}, vp::PropType::string});
        return c;
    };
    Rig a(make_from_registry(config("stdio"), "con_a"), "a_");
    Rig b(make_from_registry(config("tcp:127.0.0.1:" + std::to_string(port) + ",server,nowait"), "con_b"),
          "b_");
    sc_core::sc_start(sc_core::SC_ZERO_TIME);
    ASSERT_TRUE(a.negotiate(1ull << VIRTIO_F_VERSION_1));
    a.setup_queue(0, 8);  // receiveq0
    a.wr(Status, ACKNOWLEDGE | DRIVER | FEATURES_OK | DRIVER_OK);
    a.make_available(a.chain({{kData, 16, true}}), false, 0);
    a.make_available(a.chain({{kData + 0x100, 16, true}}), true, 0);
    ASSERT_EQ(write(pipe_fds[1], "j", 1), 1);
    ASSERT_TRUE(pl011_test::run_until([&] { return a.used_idx() == 1; }));
    EXPECT_EQ(a.get_bytes(kData, 1), "j");
    load_twin(a, b);
    const int client = pl011_test::connect_to(port);
    ASSERT_GE(client, 0);
    ASSERT_EQ(write(client, "k", 1), 1);
    EXPECT_TRUE(pl011_test::run_until([&] { return b.used_idx() == 2; }));
    EXPECT_EQ(b.used_id(1), 1u);  // the second buffer's descriptor
    EXPECT_EQ(b.used_len(1), 1u);
    EXPECT_EQ(b.get_bytes(kData + 0x100, 1), "k");
    close(client);
    close(pipe_fds[1]);
}

// snapshot=on: the sectors the guest wrote are in the checkpoint and come back in the twin's own
// fresh overlay; the image file stays as it was.
TEST(VirtioCheckpoint, SnapshotDiskTwinReadsTheWrittenSectors) {
    Image img;
    const std::string original = img.contents();
    BlkRig a(blk_config(img.path, false, true), "a_");
    BlkRig b(blk_config(img.path, false, true), "b_");
    sc_core::sc_start(sc_core::SC_ZERO_TIME);
    a.start();
    const std::string written = pattern(1024, 9);
    ASSERT_EQ(a.request(VIRTIO_BLK_T_OUT, 3, written, 0).status, VIRTIO_BLK_S_OK);
    load_twin(a, b);
    expect_same_registers(a, b);
    for (BlkRig* r : {&a, &b}) {
        auto got = r->request(VIRTIO_BLK_T_IN, 2, "", 4 * 512);
        EXPECT_EQ(got.status, VIRTIO_BLK_S_OK);
        EXPECT_EQ(got.data, original.substr(2 * 512, 512) + written + original.substr(5 * 512, 512));
    }
    EXPECT_EQ(b.used_idx(), a.used_idx());
    EXPECT_EQ(img.contents(), original);
}

// A writable disk without snapshot: the checkpoint cannot roll the host file back, so saving is
// refused, naming the device, the file and the way out.
TEST(VirtioCheckpoint, WritableDiskWithoutSnapshotIsRefused) {
    Image img;
    BlkRig a(blk_config(img.path, false, false));
    a.start();
    vp::StateWriter w;
    try {
        a.dev->save_state(w);
        FAIL() << "a writable disk was saved";
    } catch (const vp::CheckpointError& e) {
        const std::string msg = e.what();
        EXPECT_NE(msg.find("device 'vda' (virtio_blk)"), std::string::npos) << msg;
        EXPECT_NE(msg.find(img.path), std::string::npos) << msg;
        EXPECT_NE(msg.find("snapshot=on"), std::string::npos) << msg;
    }
}

// A read-only disk is saved by identity; restoring onto a file whose content changed (same
// size) is refused, naming the file; onto the unchanged file it loads.
TEST(VirtioCheckpoint, ReadOnlyDiskChangedSinceTheCheckpointIsRefused) {
    Image img;
    BlkRig a(blk_config(img.path, true, false), "a_");
    BlkRig b(blk_config(img.path, true, false), "b_");
    BlkRig c(blk_config(img.path, true, false), "c_");
    sc_core::sc_start(sc_core::SC_ZERO_TIME);
    a.start();
    vp::StateWriter w;
    a.dev->save_state(w);
    {
        vp::StateReader r("device vda", w.data());
        b.dev->load_state(r);  // unchanged: loads
    }
    const int fd = open(img.path.c_str(), O_WRONLY);
    ASSERT_GE(fd, 0);
    ASSERT_EQ(pwrite(fd, "X", 1, 1000), 1);
    close(fd);
    vp::StateReader r("device vda", w.data());
    try {
        c.dev->load_state(r);
        FAIL() << "a changed image was accepted";
    } catch (const vp::CheckpointError& e) {
        const std::string msg = e.what();
        EXPECT_NE(msg.find(img.path), std::string::npos) << msg;
        EXPECT_NE(msg.find("changed"), std::string::npos) << msg;
    }
}
