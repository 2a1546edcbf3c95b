// virtio-rng (virtio 1.2 §5.4) and virtio-console (§5.3) from a test driver.
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <iterator>
#include <string>

#include "core/error.h"
#include "models/virtio/virtio_rng.h"
#include "virtio/virtio_test_util.h"

using namespace virtio_test;

namespace {

vp::DeviceConfig rng_config(const std::string& source, const std::string& seed) {
    vp::DeviceConfig c = transport_config("rng0", "virtio_rng");
    const vp::SourceLoc loc{"test.yaml", 4, 9};
    c.props.set("source", {source, loc, vp::PropType::string});
    c.props.set("seed", {seed, loc, vp::PropType::integer});
    return c;
}

// Fills a 64-byte buffer through the device's queue, as a driver would.
std::string entropy(Rig& r) {
    const uint16_t before = r.used_idx();
    const uint16_t head = r.chain({{kData + 0x1000 * (before + 1), 64, true}});
    r.make_available(head);
    EXPECT_EQ(r.used_idx(), before + 1);
    EXPECT_EQ(r.used_len(before), 64u);
    return r.get_bytes(kData + 0x1000 * (before + 1), 64);
}

}  // namespace

TEST(VirtioRng, FillsBuffersWithDistinctBytes) {
    Rig r(make_from_registry(rng_config("seeded", "7")));
    EXPECT_EQ(r.rd(DeviceID), kEntropySource);
    r.start();
    const std::string a = entropy(r), b = entropy(r);
    EXPECT_NE(a, std::string(64, '\0'));
    EXPECT_NE(a, b);
    EXPECT_TRUE(r.line());
}

// The seeded source gives the same bytes for the same seed in every run, and other bytes for
// another seed: the device objects are compared directly, two per seed.
TEST(VirtioRng, SeededSourceIsDeterministic) {
    auto bytes = [](const std::string& seed) {
        vp::virtio::VirtioRng rng(rng_config("seeded", seed));
        struct Mem : vp::virtio::GuestMemory {
            std::string b = std::string(0x100, '\0');
            bool read(uint64_t a, void* p, size_t n) override {
                return a + n <= b.size() && (memcpy(p, &b[a], n), true);
            }
            bool write(uint64_t a, const void* p, size_t n) override {
                return a + n <= b.size() && (memcpy(&b[a], p, n), true);
            }
        };
        struct Q : vp::virtio::DeviceQueues {
            Mem mem;
            bool served = false;
            vp::virtio::GuestMemory& memory() override { return mem; }
            vp::virtio::Virtqueue::Pop pop(unsigned, vp::virtio::Chain& c) override {
                if (served) return vp::virtio::Virtqueue::Pop::empty;
                served = true;
                c = {};
                c.writable = {{0x40, 48}};
                c.writable_bytes = 48;
                return vp::virtio::Virtqueue::Pop::chain;
            }
            void complete(unsigned, uint16_t, uint32_t) override {}
            void fail(const std::string& why) override { ADD_FAILURE() << why; }
            bool queue_ready(unsigned) const override { return true; }
        } q;
        rng.notify(0, q);
        return q.mem.b.substr(0x40, 48);
    };
    EXPECT_EQ(bytes("7"), bytes("7"));
    EXPECT_NE(bytes("7"), bytes("8"));
}

TEST(VirtioRng, UnknownSourceNamesTheKey) {
    try {
        make_from_registry(rng_config("dice", "0"));
        FAIL() << "no error for source 'dice'";
    } catch (const vp::Error& e) {
        EXPECT_NE(std::string(e.what()).find("rng0.source"), std::string::npos) << e.what();
    }
}

TEST(VirtioConsole, TransmitQueueReachesTheBackend) {
    char tmpl[] = "/tmp/vp-virtio-console-XXXXXX";
    const int fd = mkstemp(tmpl);
    ASSERT_GE(fd, 0);
    close(fd);
    const std::string path = tmpl;
    {
        vp::DeviceConfig c = transport_config("con0", "virtio_console");
        c.props.set("backend", {"file:" + path, {"test.yaml", 5, 9}, vp::PropType::string});
        Rig r(make_from_registry(c));
        EXPECT_EQ(r.rd(DeviceID), kConsole);
        ASSERT_TRUE(r.negotiate(1ull << VIRTIO_F_VERSION_1));
        r.setup_queue(1, 8);  // transmitq0 (§5.3.2: queue 1)
        r.wr(Status, ACKNOWLEDGE | DRIVER | FEATURES_OK | DRIVER_OK);
        r.put_bytes(kData, "hello, hvc0\n", 12);
        r.make_available(r.chain({{kData, 12, false}}), true, 1);
        EXPECT_EQ(r.used_idx(), 1u);
    }
    std::ifstream f(path, std::ios::binary);
    EXPECT_EQ(std::string(std::istreambuf_iterator<char>(f), {}), "hello, hvc0\n");
    unlink(path.c_str());
}
