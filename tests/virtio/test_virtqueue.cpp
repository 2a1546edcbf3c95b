// The split-virtqueue walker (virtio 1.2 §2.7) on a plain memory: chains, indirect tables
// (§2.7.5.3), event-index suppression (§2.7.10), and chains no driver may build.
#include <gtest/gtest.h>

#include <cstring>
#include <random>
#include <vector>

#include "models/virtio/virtqueue.h"
#include "virtio/virtio_spec.h"

using namespace virtio_spec;
using vp::virtio::Chain;
using vp::virtio::Virtqueue;

namespace {

constexpr uint64_t kBase = 0x1000, kSize = 0x20000;
constexpr uint64_t kDesc = kBase, kAvail = kBase + 0x1000, kUsed = kBase + 0x2000, kTable = kBase + 0x4000;
constexpr uint16_t kQueue = 8;

struct Memory : vp::virtio::GuestMemory {
    std::vector<uint8_t> bytes = std::vector<uint8_t>(kSize);
    bool in(uint64_t a, size_t n) const {
        return a >= kBase && a - kBase <= kSize && n <= kSize - (a - kBase);
    }
    bool read(uint64_t a, void* p, size_t n) override {
        if (!in(a, n)) return false;
        std::memcpy(p, &bytes[a - kBase], n);
        return true;
    }
    bool write(uint64_t a, const void* p, size_t n) override {
        if (!in(a, n)) return false;
        std::memcpy(&bytes[a - kBase], p, n);
        return true;
    }
    template <class T>
    void put(uint64_t a, T v) {
        std::memcpy(&bytes[a - kBase], &v, sizeof v);
    }
    template <class T>
    T get(uint64_t a) {
        T v;
        std::memcpy(&v, &bytes[a - kBase], sizeof v);
        return v;
    }
    void desc(uint64_t table, uint16_t i, uint64_t addr, uint32_t len, uint16_t flags, uint16_t next = 0) {
        put<uint64_t>(table + 16ull * i, addr);
        put<uint32_t>(table + 16ull * i + 8, len);
        put<uint16_t>(table + 16ull * i + 12, flags);
        put<uint16_t>(table + 16ull * i + 14, next);
    }
    void avail(uint16_t slot, uint16_t head, uint16_t idx) {
        put<uint16_t>(kAvail + 4 + 2ull * slot, head);
        put<uint16_t>(kAvail + 2, idx);
    }
};

struct Queue {
    Memory mem;
    Virtqueue vq;
    Chain c;
    std::string error;
    explicit Queue(bool event_idx = false) {
        vq.configure(
            {.size = kQueue, .desc = kDesc, .driver = kAvail, .device = kUsed, .event_idx = event_idx});
    }
    Virtqueue::Pop pop() { return vq.pop(mem, c, error); }
    // Pops and expects a refused chain.
    void expect_error(const char* what) {
        EXPECT_EQ(pop(), Virtqueue::Pop::error) << what;
        EXPECT_FALSE(error.empty()) << what;
    }
};

}  // namespace

TEST(Virtqueue, EmptyUntilTheDriverPublishesAnEntry) {
    Queue q;
    EXPECT_EQ(q.pop(), Virtqueue::Pop::empty);
    q.mem.desc(kDesc, 3, 0x9000, 16, 0);
    q.mem.avail(0, 3, 1);
    ASSERT_EQ(q.pop(), Virtqueue::Pop::chain);
    EXPECT_EQ(q.c.head, 3u);
    EXPECT_EQ(q.pop(), Virtqueue::Pop::empty);
}

TEST(Virtqueue, ChainSplitsIntoReadableThenWritable) {
    Queue q;
    q.mem.desc(kDesc, 0, 0x9000, 16, VIRTQ_DESC_F_NEXT, 5);
    q.mem.desc(kDesc, 5, 0x9100, 100, VIRTQ_DESC_F_NEXT, 2);
    q.mem.desc(kDesc, 2, 0x9200, 1, VIRTQ_DESC_F_WRITE);
    q.mem.avail(0, 0, 1);
    ASSERT_EQ(q.pop(), Virtqueue::Pop::chain) << q.error;
    ASSERT_EQ(q.c.readable.size(), 2u);
    EXPECT_EQ(q.c.readable[1].addr, 0x9100u);
    EXPECT_EQ(q.c.readable_bytes, 116u);
    ASSERT_EQ(q.c.writable.size(), 1u);
    EXPECT_EQ(q.c.writable[0].addr, 0x9200u);
}

TEST(Virtqueue, IndirectTable) {
    Queue q;
    q.mem.desc(kTable, 0, 0x9000, 16, VIRTQ_DESC_F_NEXT, 1);
    q.mem.desc(kTable, 1, 0x9100, 512, VIRTQ_DESC_F_NEXT | VIRTQ_DESC_F_WRITE, 2);
    q.mem.desc(kTable, 2, 0x9400, 1, VIRTQ_DESC_F_WRITE);
    q.mem.desc(kDesc, 4, kTable, 3 * 16, VIRTQ_DESC_F_INDIRECT);
    q.mem.avail(0, 4, 1);
    ASSERT_EQ(q.pop(), Virtqueue::Pop::chain) << q.error;
    EXPECT_EQ(q.c.head, 4u);
    EXPECT_EQ(q.c.readable_bytes, 16u);
    EXPECT_EQ(q.c.writable_bytes, 513u);
}

TEST(Virtqueue, PushWritesTheUsedRing) {
    Queue q;
    q.mem.desc(kDesc, 6, 0x9000, 16, 0);
    q.mem.avail(0, 6, 1);
    ASSERT_EQ(q.pop(), Virtqueue::Pop::chain);
    ASSERT_TRUE(q.vq.push(q.mem, 6, 77, q.error));
    EXPECT_EQ(q.mem.get<uint16_t>(kUsed + 2), 1u);       // used idx
    EXPECT_EQ(q.mem.get<uint32_t>(kUsed + 4), 6u);       // ring[0].id
    EXPECT_EQ(q.mem.get<uint32_t>(kUsed + 8), 77u);      // ring[0].len
    EXPECT_TRUE(q.vq.needs_interrupt(q.mem, q.error));   // flags 0: interrupts wanted
    EXPECT_FALSE(q.vq.needs_interrupt(q.mem, q.error));  // nothing new since
}

// §2.7.10: with VIRTIO_F_EVENT_IDX the device writes avail_event (after the used ring) and
// interrupts only when the used index passes used_event (after the available ring).
TEST(Virtqueue, EventIndexSuppression) {
    Queue q(true);
    for (uint16_t i = 0; i < 3; ++i) {
        q.mem.desc(kDesc, i, 0x9000, 16, 0);
        q.mem.avail(i, i, static_cast<uint16_t>(i + 1));
    }
    q.mem.put<uint16_t>(kAvail + 4 + 2 * kQueue, 1);  // used_event: interrupt once entry 1 is used
    ASSERT_EQ(q.pop(), Virtqueue::Pop::chain);
    EXPECT_EQ(q.mem.get<uint16_t>(kUsed + 4 + 8 * kQueue), 1u);  // avail_event
    ASSERT_TRUE(q.vq.push(q.mem, 0, 0, q.error));
    EXPECT_FALSE(q.vq.needs_interrupt(q.mem, q.error));  // used idx 1: not past used_event 1
    ASSERT_EQ(q.pop(), Virtqueue::Pop::chain);
    ASSERT_TRUE(q.vq.push(q.mem, 1, 0, q.error));
    EXPECT_TRUE(q.vq.needs_interrupt(q.mem, q.error));  // used idx 2 passed it
    ASSERT_EQ(q.pop(), Virtqueue::Pop::chain);
    EXPECT_EQ(q.mem.get<uint16_t>(kUsed + 4 + 8 * kQueue), 3u);
    ASSERT_TRUE(q.vq.push(q.mem, 2, 0, q.error));
    EXPECT_FALSE(q.vq.needs_interrupt(q.mem, q.error));  // used_event still 1
}

TEST(Virtqueue, HostileDescriptorLoop) {
    Queue q;
    q.mem.desc(kDesc, 0, 0x9000, 16, VIRTQ_DESC_F_NEXT, 1);
    q.mem.desc(kDesc, 1, 0x9000, 16, VIRTQ_DESC_F_NEXT, 0);
    q.mem.avail(0, 0, 1);
    q.expect_error("loop");
}

TEST(Virtqueue, HostileSelfLoopInIndirectTable) {
    Queue q;
    q.mem.desc(kTable, 0, 0x9000, 16, VIRTQ_DESC_F_NEXT, 0);
    q.mem.desc(kDesc, 0, kTable, 16, VIRTQ_DESC_F_INDIRECT);
    q.mem.avail(0, 0, 1);
    q.expect_error("indirect loop");
}

TEST(Virtqueue, HostileIndices) {
    {
        Queue q;
        q.mem.avail(0, kQueue, 1);  // head past the queue
        q.expect_error("head past the table");
    }
    {
        Queue q;
        q.mem.desc(kDesc, 0, 0x9000, 16, VIRTQ_DESC_F_NEXT, 200);
        q.mem.avail(0, 0, 1);
        q.expect_error("next past the table");
    }
    {
        Queue q;
        q.mem.avail(0, 0, kQueue + 1);  // more entries than the queue holds
        q.expect_error("avail idx too far ahead");
    }
}

TEST(Virtqueue, HostileIndirectTables) {
    struct Case {
        const char* what;
        uint32_t len;
        uint16_t flags;
        uint16_t inner_flags;
    };
    const Case cases[] = {
        {"indirect with NEXT", 32, VIRTQ_DESC_F_INDIRECT | VIRTQ_DESC_F_NEXT, 0},
        {"length not a multiple of 16", 24, VIRTQ_DESC_F_INDIRECT, 0},
        {"empty table", 0, VIRTQ_DESC_F_INDIRECT, 0},
        {"nested indirect", 16, VIRTQ_DESC_F_INDIRECT, VIRTQ_DESC_F_INDIRECT},
        {"longer than the queue", 16 * (kQueue + 1), VIRTQ_DESC_F_INDIRECT, 0},
    };
    for (const Case& k : cases) {
        Queue q;
        q.mem.desc(kTable, 0, k.inner_flags & VIRTQ_DESC_F_INDIRECT ? kTable : 0x9000, 16, k.inner_flags);
        q.mem.desc(kDesc, 0, kTable, k.len, k.flags, 1);
        q.mem.avail(0, 0, 1);
        q.expect_error(k.what);
    }
}

TEST(Virtqueue, HostileBuffers) {
    {
        Queue q;  // readable after writable (§2.7.4.2)
        q.mem.desc(kDesc, 0, 0x9000, 16, VIRTQ_DESC_F_NEXT | VIRTQ_DESC_F_WRITE, 1);
        q.mem.desc(kDesc, 1, 0x9000, 16, 0);
        q.mem.avail(0, 0, 1);
        q.expect_error("readable after writable");
    }
    {
        Queue q;  // a range that wraps past 2^64
        q.mem.desc(kDesc, 0, ~0ull - 4, 16, 0);
        q.mem.avail(0, 0, 1);
        q.expect_error("wrapping buffer");
    }
    {
        Queue q;  // more than 4 GiB in one chain
        q.mem.desc(kDesc, 0, 0x1'0000'0000, 0xFFFFFFFF, VIRTQ_DESC_F_NEXT, 1);
        q.mem.desc(kDesc, 1, 0x2'0000'0000, 0xFFFFFFFF, 0);
        q.mem.avail(0, 0, 1);
        q.expect_error("chain over 4 GiB");
    }
    {
        Queue q;  // a descriptor table outside memory
        q.vq.configure({.size = kQueue, .desc = 0xdead'0000, .driver = kAvail, .device = kUsed});
        q.mem.avail(0, 0, 1);
        q.expect_error("table not in memory");
    }
}

// Random descriptor tables and rings: every pop ends (a chain, empty or an error), never a crash or
// a hang, and a chain's segments all came from the table (no more than the queue size of them).
TEST(Virtqueue, RandomDescriptorsNeverCrashOrHang) {
    std::mt19937_64 rng(20261202);
    for (int round = 0; round < 2000; ++round) {
        Queue q(round % 2 == 1);
        for (uint64_t a = kDesc; a < kTable + 0x1000; a += 8) q.mem.put<uint64_t>(a, rng());
        // Mostly well-formed-looking descriptors (NEXT, addresses inside the memory), so that chains
        // get walked deep, with now and then WRITE, INDIRECT, a table address and a huge length.
        for (uint16_t i = 0; i < kQueue; ++i) {
            uint16_t flags = rng() % 8 ? VIRTQ_DESC_F_NEXT : 0;
            if (rng() % 8 == 0) flags |= VIRTQ_DESC_F_WRITE;
            if (rng() % 16 == 0) flags |= VIRTQ_DESC_F_INDIRECT;
            const uint64_t addr = rng() % 3 == 0 ? kTable : kBase + rng() % kSize;
            const uint32_t len =
                rng() % 4 ? static_cast<uint32_t>(rng() % 0x200) * 16 : static_cast<uint32_t>(rng());
            q.mem.desc(kDesc, i, addr, len, flags, static_cast<uint16_t>(rng() % kQueue));
        }
        for (uint16_t i = 0; i < kQueue; ++i)
            q.mem.put<uint16_t>(kAvail + 4 + 2ull * i,
                                static_cast<uint16_t>(rng() % 16 ? rng() % kQueue : rng()));
        q.mem.put<uint16_t>(kAvail + 2, static_cast<uint16_t>(rng() % (kQueue + 3)));
        for (int n = 0; n < kQueue + 2; ++n) {
            const auto r = q.pop();
            if (r != Virtqueue::Pop::chain) break;
            EXPECT_LE(q.c.readable.size() + q.c.writable.size(), size_t{kQueue});
            EXPECT_LE(q.c.readable_bytes + q.c.writable_bytes, 0xFFFFFFFFull);
        }
    }
}
