// virtio-net (virtio 1.2 §5.1) from a test driver: identity, features and configuration space,
// transmit and receive through a test backend, the bounded hold of frames the driver has no
// buffer for, hostile chains; the user backend (libslirp) answering ARP for the gateway. In
// checkpoints: a twin loaded from the device's state delivers the frames it held, and libslirp's
// saved state keeps the DHCP leases it gave.
#include <arpa/inet.h>
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "core/error.h"
#include "core/state_stream.h"
#include "models/net/hostfwd.h"
#include "models/net/net_backend.h"
#include "models/virtio/virtio_mmio.h"
#include "models/virtio/virtio_net.h"
#include "virtio/virtio_test_util.h"

using namespace virtio_test;
using Frame = std::vector<uint8_t>;

namespace {

// Records what the device sends; inject() is a frame from the outside.
class TestBackend : public vp::net::NetBackend {
public:
    std::vector<Frame> sent;
    void send(const uint8_t* f, size_t n) override { sent.emplace_back(f, f + n); }
    std::string describe() const override { return "test"; }
    void inject(const Frame& f) { deliver(f.data(), f.size()); }
};

vp::DeviceConfig net_config(const std::string& mac = "52:54:00:12:34:56", const std::string& netdev = "none",
                            const std::string& mtu = "1500") {
    vp::DeviceConfig c = transport_config("net0", "virtio_net");
    const vp::SourceLoc loc{"test.yaml", 7, 9};
    c.props.set("mac", {mac, loc, vp::PropType::string});
    c.props.set("netdev", {netdev, loc, vp::PropType::string});
    c.props.set("mtu", {mtu, loc, vp::PropType::integer});
    return c;
}

// A frame of `n` bytes: broadcast destination, the device's MAC as source, IPv4 type, a pattern.
Frame frame(size_t n, uint8_t seed = 0) {
    Frame f(n);
    for (size_t i = 0; i < n; ++i) f[i] = static_cast<uint8_t>(seed + i * 7);
    for (int i = 0; i < 6; ++i) f[i] = 0xff;
    f[12] = 0x08, f[13] = 0x00;
    return f;
}

// The two queues of a network device in the test RAM, each with its own rings (Rig's own layout
// serves one queue).
struct Queue {
    uint64_t desc, avail, used;
    uint16_t size = 16, avail_idx = 0, next = 0;
};

struct NetRig {
    TestBackend* backend;
    vp::virtio::VirtioNet* net;
    Rig r;
    Queue rx{kRam + 0x4000, kRam + 0x5000, kRam + 0x6000}, tx{kRam + 0x7000, kRam + 0x8000, kRam + 0x9000};
    uint64_t next_buffer = kData;

    explicit NetRig(const vp::DeviceConfig& cfg = net_config())
        : NetRig(cfg, std::make_unique<TestBackend>()) {}
    NetRig(const vp::DeviceConfig& cfg, std::unique_ptr<TestBackend> b)
        : backend(b.get()),
          net(new vp::virtio::VirtioNet(cfg, std::move(b))),
          r(cfg, std::unique_ptr<vp::virtio::VirtioDevice>(net)) {}
    // One of two rigs in a test (checkpoint twins): its own module names, no simulation started.
    NetRig(const vp::DeviceConfig& cfg, const std::string& prefix)
        : NetRig(cfg, std::make_unique<TestBackend>(), prefix) {}
    NetRig(const vp::DeviceConfig& cfg, std::unique_ptr<TestBackend> b, const std::string& prefix)
        : backend(b.get()),
          net(new vp::virtio::VirtioNet(cfg, std::move(b))),
          r(std::make_unique<vp::VirtioMmio>((prefix + "virtio").c_str(), cfg,
                                             std::unique_ptr<vp::virtio::VirtioDevice>(net)),
            prefix) {}

    void setup(unsigned q, Queue& l) {
        r.wr(QueueSel, q);
        r.wr(QueueNum, l.size);
        r.wr(QueueDescLow, static_cast<uint32_t>(l.desc));
        r.wr(QueueDescHigh, 0);
        r.wr(QueueDriverLow, static_cast<uint32_t>(l.avail));
        r.wr(QueueDriverHigh, 0);
        r.wr(QueueDeviceLow, static_cast<uint32_t>(l.used));
        r.wr(QueueDeviceHigh, 0);
        r.wr(QueueReady, 1);
    }
    // §3.1.1 with the network features (and `more`) and both queues.
    void start(uint64_t more = 0) {
        ASSERT_TRUE(r.negotiate(more | 1ull << VIRTIO_F_VERSION_1 | 1ull << VIRTIO_NET_F_MAC |
                                1ull << VIRTIO_NET_F_STATUS));
        setup(kNetReceiveq, rx);
        setup(kNetTransmitq, tx);
        r.wr(Status, ACKNOWLEDGE | DRIVER | FEATURES_OK | DRIVER_OK);
    }
    // A chain of direct descriptors on queue `l`, made available; notifies queue `q` if asked.
    uint16_t post(unsigned q, Queue& l, const std::vector<Buf>& bufs, bool notify = true) {
        const uint16_t head = l.next;
        for (size_t i = 0; i < bufs.size(); ++i) {
            const uint16_t at = static_cast<uint16_t>((head + i) % l.size);
            const bool last = i + 1 == bufs.size();
            r.desc(l.desc, at, bufs[i].addr, bufs[i].len,
                   static_cast<uint16_t>((last ? 0 : VIRTQ_DESC_F_NEXT) |
                                         (bufs[i].device_writes ? VIRTQ_DESC_F_WRITE : 0)),
                   static_cast<uint16_t>((at + 1) % l.size));
        }
        l.next = static_cast<uint16_t>((head + bufs.size()) % l.size);
        r.put<uint16_t>(l.avail + 4 + 2ull * (l.avail_idx % l.size), head);
        ++l.avail_idx;
        r.put<uint16_t>(l.avail + 2, l.avail_idx);
        if (notify) r.wr(QueueNotify, q);
        return head;
    }
    uint64_t buffer(uint32_t len) {
        const uint64_t at = next_buffer;
        next_buffer += (len + 0xfff) & ~0xfffull;
        return at;
    }
    // Transmits `hdr` + `f` in two descriptors.
    void transmit(const Frame& f, const std::vector<uint8_t>& hdr = std::vector<uint8_t>(kNetHdrBytes)) {
        const uint64_t h = buffer(static_cast<uint32_t>(hdr.size())),
                       d = buffer(static_cast<uint32_t>(f.size()));
        r.put_bytes(h, hdr.data(), hdr.size());
        r.put_bytes(d, f.data(), f.size());
        post(kNetTransmitq, tx,
             {{h, static_cast<uint32_t>(hdr.size()), false}, {d, static_cast<uint32_t>(f.size()), false}});
    }
    // Posts a receive buffer of `len` bytes; returns its address.
    uint64_t post_rx(uint32_t len, bool notify = true) {
        const uint64_t b = buffer(len);
        post(kNetReceiveq, rx, {{b, len, true}}, notify);
        return b;
    }
    uint16_t used_idx(const Queue& l) const { return r.get<uint16_t>(l.used + 2); }
    uint32_t used_len(const Queue& l, uint16_t i) const {
        return r.get<uint32_t>(l.used + 4 + 8ull * (i % l.size) + 4);
    }
    bool needs_reset() { return (r.rd(Status) & DEVICE_NEEDS_RESET) != 0; }
};

}  // namespace

TEST(VirtioNet, IdentityFeaturesAndConfigSpace) {
    NetRig n(net_config("52:54:00:ab:cd:ef"));
    EXPECT_EQ(n.r.rd(DeviceID), kNetworkCard);
    const uint64_t f = n.r.device_features();
    EXPECT_TRUE(f & 1ull << VIRTIO_NET_F_MAC);
    EXPECT_TRUE(f & 1ull << VIRTIO_NET_F_STATUS);
    EXPECT_TRUE(f & 1ull << VIRTIO_F_VERSION_1);
    EXPECT_TRUE(f & 1ull << VIRTIO_NET_F_MTU);
    EXPECT_TRUE(f & 1ull << VIRTIO_NET_F_GUEST_CSUM);
    // Transmit offloads, merged buffers and the control queue are not offered.
    EXPECT_FALSE(f & 1ull << VIRTIO_NET_F_CSUM);
    EXPECT_FALSE(f & 1ull << VIRTIO_NET_F_MRG_RXBUF);
    EXPECT_FALSE(f & 1ull << VIRTIO_NET_F_CTRL_VQ);
    const uint8_t mac[6] = {0x52, 0x54, 0x00, 0xab, 0xcd, 0xef};
    for (unsigned i = 0; i < 6; ++i) {
        auto b = n.r.cpu.read(kDev + Config + kNetMac + i, 1);
        ASSERT_TRUE(b.ok());
        EXPECT_EQ(b.data, mac[i]) << "mac byte " << i;
    }
    auto status = n.r.cpu.read(kDev + Config + kNetStatus, 2);
    ASSERT_TRUE(status.ok());
    EXPECT_EQ(status.data, VIRTIO_NET_S_LINK_UP);
    EXPECT_EQ(n.r.cpu.read(kDev + Config + kNetMaxVirtqueuePairs, 2).data, 1u);
    EXPECT_EQ(n.r.cpu.read(kDev + Config + kNetMtu, 2).data, 1500u);  // net_config's mtu
    // Both queues exist, a third (controlq) does not.
    for (unsigned q : {kNetReceiveq, kNetTransmitq}) {
        n.r.wr(QueueSel, q);
        EXPECT_GT(n.r.rd(QueueNumMax), 0u) << q;
    }
    n.r.wr(QueueSel, 2);
    EXPECT_EQ(n.r.rd(QueueNumMax), 0u);
}

TEST(VirtioNet, DefaultMacIsQemus) {
    Rig r(make_from_registry(transport_config("net0", "virtio_net")));  // registry defaults
    const uint8_t mac[6] = {0x52, 0x54, 0x00, 0x12, 0x34, 0x56};
    for (unsigned i = 0; i < 6; ++i) EXPECT_EQ(r.cpu.read(kDev + Config + kNetMac + i, 1).data, mac[i]) << i;
}

TEST(VirtioNet, TransmittedFrameReachesTheBackendWithoutTheHeader) {
    NetRig n;
    n.start();
    const Frame f = frame(60);
    n.transmit(f);
    ASSERT_EQ(n.backend->sent.size(), 1u);
    EXPECT_EQ(n.backend->sent[0], f);
    EXPECT_EQ(n.used_idx(n.tx), 1);
    EXPECT_EQ(n.used_len(n.tx, 0), 0u);  // the device wrote nothing into a transmit buffer
    EXPECT_TRUE(n.r.line());
    EXPECT_FALSE(n.needs_reset());
    // Header and frame in one descriptor, as Linux sends them.
    const Frame g = frame(1514, 3);
    Frame both(kNetHdrBytes, 0);
    both.insert(both.end(), g.begin(), g.end());
    const uint64_t b = n.buffer(static_cast<uint32_t>(both.size()));
    n.r.put_bytes(b, both.data(), both.size());
    n.post(kNetTransmitq, n.tx, {{b, static_cast<uint32_t>(both.size()), false}});
    ASSERT_EQ(n.backend->sent.size(), 2u);
    EXPECT_EQ(n.backend->sent[1], g);
}

TEST(VirtioNet, ReceivedFrameLandsInAPostedBufferBehindItsHeader) {
    NetRig n;
    n.start();
    const uint64_t b = n.post_rx(1526);
    const Frame f = frame(98, 5);
    n.backend->inject(f);
    ASSERT_EQ(n.used_idx(n.rx), 1);
    EXPECT_EQ(n.used_len(n.rx, 0), kNetHdrBytes + f.size());
    const std::string hdr = n.r.get_bytes(b, kNetHdrBytes);
    EXPECT_EQ(uint8_t(hdr[0]), 0);                        // flags
    EXPECT_EQ(uint8_t(hdr[1]), VIRTIO_NET_HDR_GSO_NONE);  // gso_type
    // §5.1.6.3.1: num_buffers is 1 without VIRTIO_NET_F_MRG_RXBUF.
    EXPECT_EQ(n.r.get<uint16_t>(b + kNetHdrNumBuffers), 1);
    EXPECT_EQ(n.r.get_bytes(b + kNetHdrBytes, f.size()), std::string(f.begin(), f.end()));
    EXPECT_TRUE(n.r.line());
}

// §5.1.6.3.1: with VIRTIO_NET_F_GUEST_CSUM the device may mark a frame's checksum as checked.
TEST(VirtioNet, DataValidOnlyWithGuestCsum) {
    NetRig n;
    n.start(1ull << VIRTIO_NET_F_GUEST_CSUM);
    const uint64_t b = n.post_rx(1526);
    n.backend->inject(frame(60));
    ASSERT_EQ(n.used_idx(n.rx), 1);
    EXPECT_EQ(uint8_t(n.r.get_bytes(b, 1)[0]), VIRTIO_NET_HDR_F_DATA_VALID);
}

// The MTU bounds what the guest may send: a full frame passes, one byte past it (and its 802.1Q
// tag) is dropped.
TEST(VirtioNet, TransmitBoundIsTheMtu) {
    NetRig n(net_config("52:54:00:12:34:56", "none", "9000"));
    EXPECT_EQ(n.r.cpu.read(kDev + Config + kNetMtu, 2).data, 9000u);
    n.start();
    n.transmit(frame(9000 + 14 + 4));
    EXPECT_EQ(n.backend->sent.size(), 1u);
    n.transmit(frame(9000 + 14 + 4 + 1));
    EXPECT_EQ(n.backend->sent.size(), 1u);
    EXPECT_EQ(n.net->counters().tx_dropped, 1u);
}

// A frame the driver has no buffer for waits; when buffers come, the held frames go in order.
TEST(VirtioNet, FrameWithoutABufferIsHeldUntilOneIsPosted) {
    NetRig n;
    n.start();
    n.backend->inject(frame(60, 1));
    n.backend->inject(frame(61, 2));
    EXPECT_EQ(n.used_idx(n.rx), 0);
    const uint64_t a = n.post_rx(1526, false), b = n.post_rx(1526);  // one notification for both
    ASSERT_EQ(n.used_idx(n.rx), 2);
    EXPECT_EQ(n.used_len(n.rx, 0), kNetHdrBytes + 60);
    EXPECT_EQ(n.used_len(n.rx, 1), kNetHdrBytes + 61);
    const Frame f1 = frame(60, 1), f2 = frame(61, 2);
    EXPECT_EQ(n.r.get_bytes(a + kNetHdrBytes, 60), std::string(f1.begin(), f1.end()));
    EXPECT_EQ(n.r.get_bytes(b + kNetHdrBytes, 61), std::string(f2.begin(), f2.end()));
}

// The hold is bounded (256 frames, virtio_net.h): beyond it the oldest frames are dropped and
// counted, the newest kept; nothing blocks.
TEST(VirtioNet, HeldFramesAreBoundedDroppingTheOldest) {
    NetRig n;
    n.start();
    for (unsigned i = 0; i < 256 + 10; ++i) n.backend->inject(frame(60, static_cast<uint8_t>(i)));
    EXPECT_EQ(n.net->counters().rx_dropped, 10u);
    const uint64_t b = n.post_rx(1526);
    ASSERT_EQ(n.used_idx(n.rx), 1);
    const Frame oldest_kept = frame(60, 10);
    EXPECT_EQ(n.r.get_bytes(b + kNetHdrBytes, 60), std::string(oldest_kept.begin(), oldest_kept.end()));
}

TEST(VirtioNet, FramesBeforeDriverOkWaitForTheDriver) {
    NetRig n;
    n.backend->inject(frame(60, 9));  // the driver has not even reset the device yet
    n.start();
    n.post_rx(1526);
    EXPECT_EQ(n.used_idx(n.rx), 0);  // a reset (start() writes Status 0) forgets what was held
    n.backend->inject(frame(60, 9));
    EXPECT_EQ(n.used_idx(n.rx), 1);
}

TEST(VirtioNet, TransmitChainShorterThanTheHeaderNeedsReset) {
    NetRig n;
    n.start();
    const uint64_t b = n.buffer(4);
    n.post(kNetTransmitq, n.tx, {{b, 4, false}});
    EXPECT_TRUE(n.needs_reset());
    EXPECT_TRUE(n.backend->sent.empty());
    EXPECT_TRUE(n.r.rd(InterruptStatus) & kConfigurationChange);
}

TEST(VirtioNet, ReceiveChainWithoutAWritableHeaderNeedsReset) {
    NetRig n;
    n.start();
    const uint64_t b = n.buffer(64);
    n.post(kNetReceiveq, n.rx, {{b, 8, true}});
    n.backend->inject(frame(60));
    EXPECT_TRUE(n.needs_reset());
}

// Frames no Ethernet carries, or asking for offloads not negotiated, are dropped and counted; the
// chain is still returned and the device keeps working.
TEST(VirtioNet, OversizedRuntAndOffloadFramesAreDropped) {
    NetRig n;
    n.start();
    n.transmit(frame(70000));
    n.transmit(frame(10));
    std::vector<uint8_t> csum(kNetHdrBytes, 0);
    csum[0] = VIRTIO_NET_HDR_F_NEEDS_CSUM;
    n.transmit(frame(60), csum);
    std::vector<uint8_t> gso(kNetHdrBytes, 0);
    gso[1] = VIRTIO_NET_HDR_GSO_TCPV4;
    n.transmit(frame(60), gso);
    EXPECT_TRUE(n.backend->sent.empty());
    EXPECT_EQ(n.net->counters().tx_dropped, 4u);
    EXPECT_EQ(n.used_idx(n.tx), 4);
    EXPECT_FALSE(n.needs_reset());
    n.transmit(frame(60));
    EXPECT_EQ(n.backend->sent.size(), 1u);
}

TEST(VirtioNet, ReceiveBufferTooSmallForTheFrameDropsIt) {
    NetRig n;
    n.start();
    n.post_rx(64);
    n.backend->inject(frame(200));
    ASSERT_EQ(n.used_idx(n.rx), 1);
    EXPECT_EQ(n.used_len(n.rx, 0), 0u);
    EXPECT_EQ(n.net->counters().rx_dropped, 1u);
    EXPECT_FALSE(n.needs_reset());
}

// A random stream of descriptors on both queues never crashes or hangs the device.
TEST(VirtioNet, RandomDescriptorsNeverCrash) {
    NetRig n;
    n.start();
    uint64_t s = 12345;
    auto rnd = [&] { return s = s * 6364136223846793005ull + 1442695040888963407ull, s >> 33; };
    for (int i = 0; i < 2000; ++i) {
        Queue& l = (rnd() & 1) ? n.rx : n.tx;
        const uint16_t at = static_cast<uint16_t>(rnd() % l.size);
        const uint64_t addr = (rnd() & 3) ? kRam + rnd() % kRamSize : rnd() << 20;
        n.r.desc(l.desc, at, addr, static_cast<uint32_t>(rnd()), static_cast<uint16_t>(rnd() & 7),
                 static_cast<uint16_t>(rnd() % 20));
        if (rnd() % 4 == 0) {
            n.r.put<uint16_t>(l.avail + 4 + 2ull * (l.avail_idx % l.size), static_cast<uint16_t>(rnd() % 20));
            n.r.put<uint16_t>(l.avail + 2, ++l.avail_idx);
            n.r.wr(QueueNotify, &l == &n.rx ? kNetReceiveq : kNetTransmitq);
            n.backend->inject(frame(60 + rnd() % 1400));
        }
        if (n.needs_reset()) {
            n.rx.avail_idx = n.tx.avail_idx = 0;
            for (Queue* q : {&n.rx, &n.tx})
                for (uint64_t a : {q->avail, q->used}) n.r.put<uint32_t>(a, 0);
            n.start();
        }
    }
    SUCCEED();
}

TEST(VirtioNet, BadMacAndNetdevNameTheirKeys) {
    auto key_of = [](const vp::DeviceConfig& c) -> std::string {
        try {
            vp::virtio::VirtioNet n(c);
        } catch (const vp::ConfigError& e) {
            return e.key();
        }
        return "";
    };
    EXPECT_EQ(key_of(net_config("52:54:00:12:34")), "net0.mac");
    EXPECT_EQ(key_of(net_config("52:54:00:12:34:zz")), "net0.mac");
    EXPECT_EQ(key_of(net_config("01:00:5e:00:00:01")), "net0.mac");  // multicast (IEEE 802 I/G bit)
    EXPECT_EQ(key_of(net_config("52:54:00:12:34:56", "tap")), "net0.netdev");
    EXPECT_EQ(key_of(net_config("52:54:00:12:34:56", "none", "67")), "net0.mtu");
    EXPECT_EQ(key_of(net_config("52:54:00:12:34:56", "none", "65521")), "net0.mtu");
    vp::DeviceConfig c = net_config("52:54:00:12:34:56", "user");
    c.props.set("hostfwd", {"tcp::99999-:22", {"test.yaml", 8, 9}, vp::PropType::string});
    c.props.set("mtu", {"1500", {"test.yaml", 9, 9}, vp::PropType::integer});
    EXPECT_EQ(key_of(c), "net0.hostfwd");
}

TEST(HostForward, QemuRuleSyntax) {
    in_addr guest{};
    inet_pton(AF_INET, "10.0.2.15", &guest);
    vp::net::HostForward f = vp::net::parse_hostfwd("tcp::2222-:22", guest);
    EXPECT_FALSE(f.udp);
    EXPECT_EQ(ntohl(f.host_addr.s_addr), INADDR_ANY);
    EXPECT_EQ(f.host_port, 2222);
    EXPECT_EQ(f.guest_addr.s_addr, guest.s_addr);
    EXPECT_EQ(f.guest_port, 22);
    f = vp::net::parse_hostfwd("udp:127.0.0.1:5555-10.0.2.16:53", guest);
    EXPECT_TRUE(f.udp);
    EXPECT_EQ(ntohl(f.host_addr.s_addr), 0x7f000001u);
    EXPECT_EQ(ntohl(f.guest_addr.s_addr), 0x0a000210u);
    EXPECT_EQ(f.guest_port, 53);
    EXPECT_EQ(vp::net::parse_hostfwd("::8080-:80", guest).host_port, 8080);  // tcp by default
    for (const char* bad :
         {"sctp::1-:1", "tcp::2222", "tcp::0-:22", "tcp::70000-:22", "tcp:1.2.3:1-:1", "tcp::1-:x"}) {
        try {
            vp::net::parse_hostfwd(bad, guest);
            ADD_FAILURE() << bad << " accepted";
        } catch (const vp::Error& e) {
            EXPECT_NE(std::string(e.what()).find(bad), std::string::npos) << e.what();
        }
    }
}

// The user backend: an ARP request for the gateway 10.0.2.2 (RFC 826) is answered at once with
// the gateway's MAC for the asking guest.
TEST(SlirpBackend, AnswersArpForTheGateway) {
    auto b = vp::net::make_net_backend({"net0", "user", {}, 1500});
    std::vector<Frame> got;
    b->attach([&](const uint8_t* f, size_t n) { got.emplace_back(f, f + n); });
    const uint8_t me[6] = {0x52, 0x54, 0x00, 0x12, 0x34, 0x56};
    Frame arp(42, 0);
    for (int i = 0; i < 6; ++i) arp[i] = 0xff, arp[6 + i] = me[i], arp[22 + i] = me[i];
    const uint8_t fixed[] = {0x08, 0x06, 0, 1, 0x08, 0x00, 6, 4, 0, 1};  // ARP, Ethernet/IPv4, request
    std::copy(std::begin(fixed), std::end(fixed), arp.begin() + 12);
    const uint8_t spa[4] = {10, 0, 2, 15}, tpa[4] = {10, 0, 2, 2};
    std::copy(spa, spa + 4, arp.begin() + 28);
    std::copy(tpa, tpa + 4, arp.begin() + 38);
    b->send(arp.data(), arp.size());
    ASSERT_EQ(got.size(), 1u);
    const Frame& r = got[0];
    ASSERT_GE(r.size(), 42u);
    EXPECT_TRUE(std::equal(me, me + 6, r.begin()));  // to the guest
    EXPECT_EQ(r[12], 0x08);
    EXPECT_EQ(r[13], 0x06);
    EXPECT_EQ(r[21], 2);                                    // reply
    EXPECT_TRUE(std::equal(tpa, tpa + 4, r.begin() + 28));  // sender: the gateway
    EXPECT_TRUE(std::equal(me, me + 6, r.begin() + 32));    // target: the guest
    EXPECT_TRUE(std::equal(spa, spa + 4, r.begin() + 38));
}

TEST(SlirpBackend, HostPortInUseNamesTheRule) {
    const int s = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ASSERT_EQ(bind(s, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
    ASSERT_EQ(listen(s, 1), 0);
    socklen_t len = sizeof a;
    getsockname(s, reinterpret_cast<sockaddr*>(&a), &len);
    const std::string rule = "tcp:127.0.0.1:" + std::to_string(ntohs(a.sin_port)) + "-:22";
    try {
        vp::net::make_net_backend({"net0", "user", {rule}, 1500});
        ADD_FAILURE() << "a second listener on the port";
    } catch (const vp::Error& e) {
        EXPECT_NE(std::string(e.what()).find(rule), std::string::npos) << e.what();
    }
    close(s);
}

namespace {
// The twin gets the original's state, guest memory and ring bookkeeping (the guest's own).
void load_twin(NetRig& from, NetRig& to) {
    vp::StateWriter w;
    from.r.dev->save_state(w);
    vp::StateReader in("device twin", w.data());
    to.r.dev->load_state(in);
    to.r.ram.bytes = from.r.ram.bytes;
    to.rx = from.rx, to.tx = from.tx, to.next_buffer = from.next_buffer;
}
}  // namespace

// Checkpoints (virtio_net.h): two frames held for want of a receive buffer, the DATA_VALID flag
// of GUEST_CSUM and the counters are in the device's state. A twin loaded from it, with the
// original's guest memory and ring bookkeeping (a checkpoint's RAM section holds them), gets the
// same two buffers filled as the original does when the driver posts them.
TEST(VirtioNetCheckpoint, TwinDeliversTheHeldFramesWithTheNegotiatedFlags) {
    NetRig a(net_config(), "a_"), b(net_config(), "b_");
    sc_core::sc_start(sc_core::SC_ZERO_TIME);
    a.start(1ull << VIRTIO_NET_F_GUEST_CSUM);
    a.transmit(frame(60, 9));
    a.backend->inject(frame(60, 1));
    a.backend->inject(frame(61, 2));
    ASSERT_EQ(a.net->rx_held(), 2u);
    load_twin(a, b);
    EXPECT_EQ(b.net->rx_held(), 2u);
    for (NetRig* n : {&a, &b}) {
        const uint64_t first = n->post_rx(1526, false), second = n->post_rx(1526);
        ASSERT_EQ(n->used_idx(n->rx), 2);
        EXPECT_EQ(n->used_len(n->rx, 0), kNetHdrBytes + 60);
        EXPECT_EQ(n->used_len(n->rx, 1), kNetHdrBytes + 61);
        EXPECT_EQ(uint8_t(n->r.get_bytes(first, 1)[0]), VIRTIO_NET_HDR_F_DATA_VALID);
        const Frame f1 = frame(60, 1), f2 = frame(61, 2);
        EXPECT_EQ(n->r.get_bytes(first + kNetHdrBytes, 60), std::string(f1.begin(), f1.end()));
        EXPECT_EQ(n->r.get_bytes(second + kNetHdrBytes, 61), std::string(f2.begin(), f2.end()));
    }
    EXPECT_EQ(b.net->counters().tx_frames, 1u);
    EXPECT_EQ(b.net->counters().rx_frames, a.net->counters().rx_frames);
    EXPECT_EQ(b.used_idx(b.tx), a.used_idx(a.tx));
}

// A receive buffer posted before the checkpoint: a frame arriving at the twin, with no driver
// notification since the load, lands in it, as in the original.
TEST(VirtioNetCheckpoint, TwinReceivesIntoABufferPostedBeforeTheCheckpoint) {
    NetRig a(net_config(), "a_"), b(net_config(), "b_");
    sc_core::sc_start(sc_core::SC_ZERO_TIME);
    a.start();
    const uint64_t buffer = a.post_rx(1526);
    load_twin(a, b);
    const Frame f = frame(98, 5);
    for (NetRig* n : {&a, &b}) {
        n->backend->inject(f);
        ASSERT_EQ(n->used_idx(n->rx), 1);
        EXPECT_EQ(n->r.get_bytes(buffer + kNetHdrBytes, f.size()), std::string(f.begin(), f.end()));
        EXPECT_TRUE(n->r.line());
    }
}

namespace {
// A backend with state of its own: what it saves, and what it was given to load.
class StatefulBackend : public TestBackend {
public:
    std::vector<uint32_t> loaded;
    std::string describe() const override { return "stateful"; }
    void save_state(vp::StateWriter& out) const override { out.u32(0x5eed); }
    void load_state(vp::StateReader& in) override { loaded.push_back(in.u32()); }
};
}  // namespace

// The backend's state reaches the same kind of backend; restored on another one (`netdev` is
// host-side, an allowed override), the device's own state loads and the backend's is left out.
TEST(VirtioNetCheckpoint, BackendStateGoesOnlyToTheSameKindOfBackend) {
    auto sa = std::make_unique<StatefulBackend>(), sb = std::make_unique<StatefulBackend>();
    StatefulBackend* same = sb.get();
    NetRig a(net_config(), std::move(sa), "a_"), b(net_config(), std::move(sb), "b_"), c(net_config(), "c_");
    sc_core::sc_start(sc_core::SC_ZERO_TIME);
    a.start();
    a.backend->inject(frame(60, 1));
    load_twin(a, b);
    load_twin(a, c);
    EXPECT_EQ(same->loaded, std::vector<uint32_t>{0x5eed});
    for (NetRig* n : {&b, &c}) {
        EXPECT_EQ(n->net->rx_held(), 1u);
        n->post_rx(1526);
        EXPECT_EQ(n->used_idx(n->rx), 1);
    }
}

namespace {

// A DHCPDISCOVER (RFC 2131 §4.4.1) from `mac`, broadcast: Ethernet, IPv4 (RFC 791, with its
// header checksum), UDP 68 -> 67 (no checksum), BOOTP (RFC 951: 236 bytes) and 312 bytes of
// options (RFC 2131 §2: the options field is at least 312 bytes), magic cookie first.
Frame dhcp_discover(const uint8_t (&mac)[6]) {
    constexpr size_t kBootp = 236 + 312, kIp = 20 + 8 + kBootp;
    Frame f(14 + kIp, 0);
    for (int i = 0; i < 6; ++i) f[i] = 0xff, f[6 + i] = mac[i];
    f[12] = 0x08;
    uint8_t* ip = &f[14];
    ip[0] = 0x45, ip[2] = kIp >> 8, ip[3] = kIp & 0xff, ip[8] = 64, ip[9] = 17;
    for (int i = 16; i < 20; ++i) ip[i] = 0xff;
    uint32_t sum = 0;
    for (int i = 0; i < 20; i += 2) sum += ip[i] << 8 | ip[i + 1];
    while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
    ip[10] = static_cast<uint8_t>(~sum >> 8), ip[11] = static_cast<uint8_t>(~sum);
    uint8_t* udp = ip + 20;
    udp[1] = 68, udp[3] = 67, udp[4] = (8 + kBootp) >> 8, udp[5] = (8 + kBootp) & 0xff;
    uint8_t* bootp = udp + 8;
    bootp[0] = 1, bootp[1] = 1, bootp[2] = 6, bootp[4] = 0x12, bootp[5] = 0x34;  // request, Ethernet, xid
    std::copy(mac, mac + 6, bootp + 28);                                         // chaddr
    const uint8_t options[] = {99, 130, 83, 99, 53, 1, 1, 255};                  // cookie, DHCPDISCOVER, end
    std::copy(std::begin(options), std::end(options), bootp + 236);
    return f;
}

// The address (yiaddr) of the DHCP reply `backend` gives `mac`'s DHCPDISCOVER, "" if none.
std::string offered(vp::net::NetBackend& backend, const uint8_t (&mac)[6]) {
    std::vector<Frame> got;
    backend.attach([&](const uint8_t* f, size_t n) { got.emplace_back(f, f + n); });
    const Frame d = dhcp_discover(mac);
    backend.send(d.data(), d.size());
    for (const Frame& r : got)
        if (r.size() > 14 + 20 + 8 + 20 && r[12] == 0x08 && r[13] == 0 && r[14 + 9] == 17 &&
            r[14 + 20 + 1] == 67)
            return fmt::format("{}.{}.{}.{}", r[58], r[59], r[60], r[61]);
    return "";
}

}  // namespace

// libslirp's saved state (slirp_backend.h) holds its DHCP lease table: restored into a new
// backend, the address it gave one guest is still taken, so another MAC is offered the next one
// (libslirp allocates from 10.0.2.15 up); a backend without the loaded state offers 10.0.2.15.
TEST(SlirpBackend, LoadedStateKeepsTheDhcpLeases) {
    const uint8_t first[6] = {0x52, 0x54, 0x00, 0x12, 0x34, 0x56},
                  second[6] = {0x52, 0x54, 0x00, 0x12, 0x34, 0x57};
    auto saved = vp::net::make_net_backend({"net_a", "user", {}, 1500});
    ASSERT_EQ(offered(*saved, first), "10.0.2.15");
    vp::StateWriter w;
    saved->save_state(w);
    auto restored = vp::net::make_net_backend({"net_b", "user", {}, 1500});
    vp::StateReader in("device net0 netdev user", w.data());
    restored->load_state(in);
    EXPECT_TRUE(in.at_end());
    EXPECT_EQ(offered(*restored, second), "10.0.2.16");
    auto fresh = vp::net::make_net_backend({"net_c", "user", {}, 1500});
    EXPECT_EQ(offered(*fresh, second), "10.0.2.15");
}

// A state libslirp cannot read is refused naming the device, never half-loaded silently.
TEST(SlirpBackend, CorruptSavedStateIsRefused) {
    auto b = vp::net::make_net_backend({"net0", "user", {}, 1500});
    vp::StateWriter w;
    w.u32(4);
    w.bytes(std::vector<uint8_t>{42, 1, 2});  // a guestfwd socket record cut short
    vp::StateReader in("device net0 netdev user", w.data());
    try {
        b->load_state(in);
        FAIL() << "a cut libslirp state was loaded";
    } catch (const vp::CheckpointError& e) {
        EXPECT_NE(std::string(e.what()).find("'net0'"), std::string::npos) << e.what();
    }
}
