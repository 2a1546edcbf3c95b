// The virtio-mmio transport's registers (virtio 1.2 §4.2.2, §4.2.3), through a real socket, with
// a test device behind it that copies what it reads into what it writes.
#include <gtest/gtest.h>

#include "virtio/virtio_test_util.h"

using namespace virtio_test;

namespace {

// Device type 42 with one feature bit (0), two queues of 8: copies the readable part of each
// chain into its writable part.
class EchoDevice : public vp::virtio::VirtioDevice {
public:
    uint32_t device_id() const override { return 42; }
    uint64_t features() const override { return 1; }
    unsigned num_queues() const override { return 2; }
    uint16_t queue_max(unsigned) const override { return 8; }
    void start(uint64_t f, vp::virtio::DeviceQueues&) override { accepted = f; }
    void notify(unsigned q, vp::virtio::DeviceQueues& queues) override {
        ++notifications;
        vp::virtio::Chain c;
        while (queues.pop(q, c) == vp::virtio::Virtqueue::Pop::chain) {
            std::string data(c.readable_bytes, '\0');
            const size_t n = std::min<size_t>(data.size(), c.writable_bytes);
            if (!vp::virtio::gather(queues.memory(), c, 0, data.data(), data.size()) ||
                !vp::virtio::scatter(queues.memory(), c, 0, data.data(), n)) {
                queues.fail("echo: buffer not in memory");
                return;
            }
            queues.complete(q, c.head, static_cast<uint32_t>(n));
        }
    }
    uint64_t accepted = 0;
    unsigned notifications = 0;
};

struct EchoRig : Rig {
    EchoDevice* echo;
    EchoRig() : EchoRig(std::make_unique<EchoDevice>()) {}
    explicit EchoRig(std::unique_ptr<EchoDevice> d)
        : Rig(transport_config("virtio0", "virtio_test"), std::move(d)),
          echo(static_cast<EchoDevice*>(dev->device())) {}
    // One request: "hello" out, 8 bytes back.
    uint16_t echo_request() {
        put_bytes(kData, "hello", 5);
        const uint16_t head = chain({{kData, 5, false}, {kData + 0x100, 8, true}});
        make_available(head);
        return head;
    }
};

constexpr uint64_t kVersion1 = 1ull << VIRTIO_F_VERSION_1;

}  // namespace

TEST(VirtioMmio, IdentifiesAsVersion2) {
    EchoRig r;
    EXPECT_EQ(r.rd(MagicValue), 0x74726976u);
    EXPECT_EQ(r.rd(Version), 2u);
    EXPECT_EQ(r.rd(DeviceID), 42u);
}

TEST(VirtioMmio, TransportWithoutDeviceReadsDeviceIdZero) {
    Rig r(transport_config("virtio0", "virtio_mmio"), nullptr);
    EXPECT_EQ(r.rd(MagicValue), kMagic);
    EXPECT_EQ(r.rd(Version), 2u);
    EXPECT_EQ(r.rd(DeviceID), 0u);
    r.wr(QueueSel, 0);
    EXPECT_EQ(r.rd(QueueNumMax), 0u);
}

TEST(VirtioMmio, DeviceFeaturesThroughTheSelector) {
    EchoRig r;
    r.wr(DeviceFeaturesSel, 0);
    const uint32_t low = r.rd(DeviceFeatures);
    EXPECT_EQ(low & 1u, 1u);  // the device's own bit 0
    EXPECT_NE(low & (1u << VIRTIO_F_INDIRECT_DESC), 0u);
    EXPECT_NE(low & (1u << VIRTIO_F_EVENT_IDX), 0u);
    r.wr(DeviceFeaturesSel, 1);
    EXPECT_EQ(r.rd(DeviceFeatures), 1u);  // bit 32: VIRTIO_F_VERSION_1
    r.wr(DeviceFeaturesSel, 2);
    EXPECT_EQ(r.rd(DeviceFeatures), 0u);
}

TEST(VirtioMmio, DriverFeaturesReachTheDeviceAtDriverOk) {
    EchoRig r;
    const uint64_t accept = kVersion1 | 1 | 1ull << VIRTIO_F_EVENT_IDX;
    ASSERT_TRUE(r.negotiate(accept));
    r.setup_queue(0, 8);
    r.wr(Status, ACKNOWLEDGE | DRIVER | FEATURES_OK | DRIVER_OK);
    EXPECT_EQ(r.echo->accepted, accept);
}

// §4.2.3.1.1 / §2.2.1: the device refuses FEATURES_OK without VERSION_1 (legacy), or with a bit it
// did not offer.
TEST(VirtioMmio, FeaturesOkRefusedWithoutVersion1OrForBitsNotOffered) {
    EchoRig r;
    EXPECT_FALSE(r.negotiate(1));
    EXPECT_FALSE(r.negotiate(kVersion1 | 1ull << 7));
    EXPECT_TRUE(r.negotiate(kVersion1));
}

TEST(VirtioMmio, QueueSetup) {
    EchoRig r;
    ASSERT_TRUE(r.negotiate(kVersion1));
    r.wr(QueueSel, 0);
    EXPECT_EQ(r.rd(QueueNumMax), 8u);
    EXPECT_EQ(r.rd(QueueReady), 0u);
    r.wr(QueueSel, 2);  // the device has two queues
    EXPECT_EQ(r.rd(QueueNumMax), 0u);
    r.setup_queue(1, 4);
    r.wr(QueueSel, 1);
    EXPECT_EQ(r.rd(QueueReady), 1u);
    r.wr(QueueSel, 0);
    EXPECT_EQ(r.rd(QueueReady), 0u);
    r.wr(QueueSel, 1);
    r.wr(QueueReady, 0);
    EXPECT_EQ(r.rd(QueueReady), 0u);
}

TEST(VirtioMmio, QueueNumAboveMaxIsRefused) {
    EchoRig r;
    ASSERT_TRUE(r.negotiate(kVersion1));
    r.setup_queue(0, 16);  // QueueNumMax is 8
    r.wr(QueueSel, 0);
    EXPECT_EQ(r.rd(QueueReady), 0u);
    EXPECT_NE(r.rd(Status) & DEVICE_NEEDS_RESET, 0u);
}

TEST(VirtioMmio, NotifyServesTheChainAndInterrupts) {
    EchoRig r;
    r.start(0, 8);
    const uint16_t head = r.echo_request();
    EXPECT_EQ(r.used_idx(), 1u);
    EXPECT_EQ(r.used_id(0), head);
    EXPECT_EQ(r.used_len(0), 5u);
    EXPECT_EQ(r.get_bytes(kData + 0x100, 5), "hello");
    EXPECT_EQ(r.rd(InterruptStatus), kUsedBufferNotification);
    EXPECT_TRUE(r.line());
    r.wr(InterruptACK, kUsedBufferNotification);
    EXPECT_EQ(r.rd(InterruptStatus), 0u);
    EXPECT_FALSE(r.line());
}

TEST(VirtioMmio, NoInterruptFlagSuppressesTheInterrupt) {
    EchoRig r;
    r.start(0, 8);
    r.put<uint16_t>(kAvail, VIRTQ_AVAIL_F_NO_INTERRUPT);
    r.echo_request();
    EXPECT_EQ(r.used_idx(), 1u);
    EXPECT_EQ(r.rd(InterruptStatus), 0u);
    EXPECT_FALSE(r.line());
}

TEST(VirtioMmio, WritingZeroToStatusResetsTheDevice) {
    EchoRig r;
    r.start(0, 8);
    r.echo_request();
    ASSERT_TRUE(r.line());
    r.wr(Status, 0);
    EXPECT_EQ(r.rd(Status), 0u);
    EXPECT_EQ(r.rd(InterruptStatus), 0u);
    EXPECT_FALSE(r.line());
    r.wr(QueueSel, 0);
    EXPECT_EQ(r.rd(QueueReady), 0u);
}

TEST(VirtioMmio, NotificationBeforeDriverOkIsIgnored) {
    EchoRig r;
    ASSERT_TRUE(r.negotiate(kVersion1));
    r.setup_queue(0, 8);
    r.echo_request();
    EXPECT_EQ(r.echo->notifications, 0u);
    EXPECT_EQ(r.used_idx(), 0u);
    EXPECT_EQ(r.rd(Status) & DEVICE_NEEDS_RESET, 0u);
}

// §2.1.2: a device that has become broken sets DEVICE_NEEDS_RESET and, after DRIVER_OK, sends a
// configuration change notification; it serves nothing more until reset.
TEST(VirtioMmio, DescriptorLoopSetsNeedsReset) {
    EchoRig r;
    r.start(0, 8);
    r.desc(kDesc, 0, kData, 4, VIRTQ_DESC_F_NEXT, 1);
    r.desc(kDesc, 1, kData, 4, VIRTQ_DESC_F_NEXT, 0);
    r.make_available(0);
    EXPECT_NE(r.rd(Status) & DEVICE_NEEDS_RESET, 0u);
    EXPECT_EQ(r.rd(InterruptStatus) & kConfigurationChange, kConfigurationChange);
    EXPECT_TRUE(r.line());
    EXPECT_EQ(r.used_idx(), 0u);
    r.next_desc = 2;
    r.echo_request();
    EXPECT_EQ(r.used_idx(), 0u);
    // A reset and a new initialisation make it work again.
    r.start(0, 8);
    EXPECT_EQ(r.rd(Status) & DEVICE_NEEDS_RESET, 0u);
    r.echo_request();
    EXPECT_EQ(r.used_idx(), 1u);
}

TEST(VirtioMmio, BufferAtTheDevicesOwnRegistersFailsTheRequest) {
    EchoRig r;
    r.start(0, 8);
    // The device would write its answer over its own Status and QueueNotify registers.
    const uint16_t head = r.chain({{kData, 5, false}, {kDev + QueueNotify, 4, true}});
    r.make_available(head);
    EXPECT_EQ(r.rd(Status) & (ACKNOWLEDGE | DRIVER | FEATURES_OK | DRIVER_OK),
              ACKNOWLEDGE | DRIVER | FEATURES_OK | DRIVER_OK);
    EXPECT_NE(r.rd(Status) & DEVICE_NEEDS_RESET, 0u);
}

TEST(VirtioMmio, UnmappedBufferSetsNeedsReset) {
    EchoRig r;
    r.start(0, 8);
    const uint16_t head = r.chain({{0x7000'0000, 5, false}, {kData, 8, true}});
    r.make_available(head);
    EXPECT_NE(r.rd(Status) & DEVICE_NEEDS_RESET, 0u);
}

// The queues are read through DMI once the RAM grants it; after the RAM invalidates it, the
// device goes back to b_transport (and to DMI when it is granted again).
TEST(VirtioMmio, DmaUsesDmiAndHonoursInvalidation) {
    EchoRig r;
    r.start(0, 8);
    r.echo_request();
    EXPECT_EQ(r.dev->dma().dmi_ranges(), 1u);
    const unsigned after_first = r.ram.transactions;
    EXPECT_LE(after_first, 1u);
    r.echo_request();
    EXPECT_EQ(r.ram.transactions, after_first);
    r.ram.grant_dmi = false;
    r.ram.revoke();
    EXPECT_EQ(r.dev->dma().dmi_ranges(), 0u);
    r.echo_request();
    EXPECT_GT(r.ram.transactions, after_first);
    EXPECT_EQ(r.used_idx(), 3u);
    EXPECT_EQ(r.get_bytes(kData + 0x100, 5), "hello");
}

TEST(VirtioMmio, SharedMemoryRegionsDoNotExist) {
    EchoRig r;
    r.wr(SHMSel, 0);
    EXPECT_EQ(r.rd(SHMLenLow), 0xFFFFFFFFu);
    EXPECT_EQ(r.rd(SHMLenHigh), 0xFFFFFFFFu);
}
