#include "models/virtio/virtqueue.h"

#include <fmt/format.h>

#include <algorithm>

namespace vp::virtio {

namespace {

// §2.7.5 struct virtq_desc: le64 addr, le32 len, le16 flags, le16 next.
struct Desc {
    uint64_t addr;
    uint32_t len;
    uint16_t flags;
    uint16_t next;
};
static_assert(sizeof(Desc) == 16);

constexpr uint64_t kMaxChainBytes = 0xFFFFFFFFull;  // virtq_used_elem.len is 32 bits

bool read16(GuestMemory& mem, uint64_t addr, uint16_t& v) {
    return mem.read(addr, &v, 2);
}

// Reads descriptor `index` of a table of `count` into `d`; a buffer descriptor joins `out`.
bool add_descriptor(GuestMemory& mem, uint64_t table, uint32_t count, uint16_t index, Chain& out, Desc& d,
                    bool indirect, std::string& error) {
    if (index >= count) {
        error = fmt::format("descriptor index {} past the {} table of {}", index,
                            indirect ? "indirect" : "descriptor", count);
        return false;
    }
    const uint64_t at = table + 16ull * index;
    if (!mem.read(at, &d, sizeof d)) {
        error = fmt::format("descriptor {} at {:#x}: no memory there", index, at);
        return false;
    }
    if (d.flags & kDescIndirect) return true;  // the caller walks the table
    if (d.len != 0 && d.addr + d.len - 1 < d.addr) {
        error = fmt::format("descriptor {}: buffer {:#x} + {:#x} wraps past 2^64", index, d.addr, d.len);
        return false;
    }
    if (d.flags & kDescWrite) {
        out.writable.push_back({d.addr, d.len});
        out.writable_bytes += d.len;
    } else {
        if (!out.writable.empty()) {
            error = fmt::format("descriptor {}: device-readable after device-writable (§2.7.4.2)", index);
            return false;
        }
        out.readable.push_back({d.addr, d.len});
        out.readable_bytes += d.len;
    }
    if (out.readable_bytes + out.writable_bytes > kMaxChainBytes) {
        error = fmt::format("chain from head {} holds more than 4 GiB", out.head);
        return false;
    }
    return true;
}

}  // namespace

void Virtqueue::save(StateWriter& out) const {
    out.u32(layout_.size);
    out.u64(layout_.desc);
    out.u64(layout_.driver);
    out.u64(layout_.device);
    out.boolean(layout_.event_idx);
    for (uint16_t v : {last_avail_, used_idx_, signalled_}) out.u32(v);
}

void Virtqueue::load(StateReader& in) {
    const uint32_t size = in.u32();
    if (size > 0x8000) in.bad(fmt::format("virtqueue of {} entries", size));  // §2.7: at most 32768
    layout_.size = static_cast<uint16_t>(size);
    layout_.desc = in.u64();
    layout_.driver = in.u64();
    layout_.device = in.u64();
    layout_.event_idx = in.boolean();
    for (uint16_t* v : {&last_avail_, &used_idx_, &signalled_}) {
        const uint32_t x = in.u32();
        if (x > 0xFFFF) in.bad("a ring index beyond 16 bits");
        *v = static_cast<uint16_t>(x);
    }
}

void save_chain(StateWriter& out, const Chain& c) {
    out.u32(c.head);
    for (const auto* part : {&c.readable, &c.writable}) {
        out.u32(static_cast<uint32_t>(part->size()));
        for (const Segment& s : *part) {
            out.u64(s.addr);
            out.u32(s.len);
        }
    }
}

Chain load_chain(StateReader& in) {
    Chain c;
    const uint32_t head = in.u32();
    if (head > 0xFFFF) in.bad("a chain head beyond 16 bits");
    c.head = static_cast<uint16_t>(head);
    for (auto* part : {&c.readable, &c.writable}) {
        const uint32_t n = in.u32();
        if (n > 0x8000) in.bad(fmt::format("a chain of {} segments", n));
        for (uint32_t i = 0; i < n; ++i) {
            const uint64_t addr = in.u64();
            part->push_back({addr, in.u32()});
        }
    }
    for (const Segment& s : c.readable) c.readable_bytes += s.len;
    for (const Segment& s : c.writable) c.writable_bytes += s.len;
    return c;
}

void Virtqueue::configure(const QueueLayout& layout) {
    layout_ = layout;
    last_avail_ = used_idx_ = signalled_ = 0;
}

Virtqueue::Pop Virtqueue::pop(GuestMemory& mem, Chain& out, std::string& error) {
    const uint16_t size = layout_.size;
    uint16_t avail_idx;
    if (!read16(mem, layout_.driver + 2, avail_idx)) {
        error = fmt::format("available ring at {:#x}: no memory there", layout_.driver);
        return Pop::error;
    }
    const uint16_t pending = static_cast<uint16_t>(avail_idx - last_avail_);
    if (pending > size) {
        error = fmt::format("available idx {} is {} entries ahead of the device, past the queue size {}",
                            avail_idx, pending, size);
        return Pop::error;
    }
    if (pending == 0) return Pop::empty;
    uint16_t head;
    if (!read16(mem, layout_.driver + 4 + 2ull * (last_avail_ % size), head)) {
        error = "available ring entry: no memory there";
        return Pop::error;
    }
    out = Chain{};
    out.head = head;

    uint64_t table = layout_.desc;
    uint32_t count = size;
    bool indirect = false;
    uint16_t index = head;
    // A chain visits each descriptor of its table at most once; more steps than entries is a loop.
    for (uint32_t steps = 0;; ++steps) {
        if (steps >= count) {
            error = fmt::format("chain from head {} has more than {} descriptors (a loop)", head, count);
            return Pop::error;
        }
        Desc d;
        if (!add_descriptor(mem, table, count, index, out, d, indirect, error)) return Pop::error;
        if (d.flags & kDescIndirect) {
            if (indirect) {
                error = fmt::format("indirect descriptor {} inside an indirect table (§2.7.5.3.1)", index);
                return Pop::error;
            }
            if (d.flags & kDescNext) {
                error = fmt::format("descriptor {} has both INDIRECT and NEXT (§2.7.5.3.1)", index);
                return Pop::error;
            }
            if (d.len == 0 || d.len % 16 != 0) {
                error = fmt::format("indirect table of {} bytes is not a whole number of descriptors", d.len);
                return Pop::error;
            }
            if (d.addr + d.len - 1 < d.addr) {
                error = fmt::format("indirect table {:#x} + {:#x} wraps past 2^64", d.addr, d.len);
                return Pop::error;
            }
            if (d.len / 16 > size) {
                error = fmt::format(
                    "indirect table of {} descriptors: a chain longer than the queue size {} "
                    "(§2.7.5.3.1)",
                    d.len / 16, size);
                return Pop::error;
            }
            table = d.addr;
            count = d.len / 16;
            indirect = true;
            index = 0;
            steps = ~0u;  // the indirect table's own count starts now
            continue;
        }
        if (!(d.flags & kDescNext)) break;
        index = d.next;
    }
    ++last_avail_;
    if (layout_.event_idx) {
        // §2.7.10: avail_event tells the driver to notify once it makes entry last_avail_ available.
        const uint16_t ev = last_avail_;
        mem.write(layout_.device + 4 + 8ull * size, &ev, 2);
    }
    return Pop::chain;
}

bool Virtqueue::push(GuestMemory& mem, uint16_t head, uint32_t written, std::string& error) {
    const uint16_t size = layout_.size;
    const uint32_t elem[2] = {head, written};  // §2.7.8 struct virtq_used_elem: le32 id, le32 len
    const uint16_t next = static_cast<uint16_t>(used_idx_ + 1);
    if (!mem.write(layout_.device + 4 + 8ull * (used_idx_ % size), elem, sizeof elem) ||
        !mem.write(layout_.device + 2, &next, 2)) {
        error = fmt::format("used ring at {:#x}: no memory there", layout_.device);
        return false;
    }
    used_idx_ = next;
    return true;
}

bool Virtqueue::needs_interrupt(GuestMemory& mem, std::string& error) {
    const uint16_t old = signalled_, now = used_idx_;
    signalled_ = now;
    if (old == now) return false;
    if (layout_.event_idx) {
        uint16_t used_event;
        if (!read16(mem, layout_.driver + 4 + 2ull * layout_.size, used_event)) {
            error = "used_event: no memory there";
            return false;
        }
        // §2.7.10: interrupt when used idx moved past used_event since the last interrupt.
        return static_cast<uint16_t>(now - used_event - 1) < static_cast<uint16_t>(now - old);
    }
    uint16_t flags;
    if (!read16(mem, layout_.driver, flags)) {
        error = "available ring flags: no memory there";
        return false;
    }
    return !(flags & kAvailNoInterrupt);
}

namespace {

template <class Copy>
bool walk(const std::vector<Segment>& segs, uint64_t offset, size_t len, Copy copy) {
    for (const Segment& s : segs) {
        if (len == 0) return true;
        if (offset >= s.len) {
            offset -= s.len;
            continue;
        }
        const size_t n = static_cast<size_t>(std::min<uint64_t>(s.len - offset, len));
        if (!copy(s.addr + offset, n)) return false;
        len -= n;
        offset = 0;
    }
    return len == 0;
}

}  // namespace

bool gather(GuestMemory& mem, const Chain& c, uint64_t offset, void* data, size_t len) {
    auto* p = static_cast<uint8_t*>(data);
    return walk(c.readable, offset, len, [&](uint64_t addr, size_t n) {
        const bool ok = mem.read(addr, p, n);
        p += n;
        return ok;
    });
}

bool scatter(GuestMemory& mem, const Chain& c, uint64_t offset, const void* data, size_t len) {
    auto* p = static_cast<const uint8_t*>(data);
    return walk(c.writable, offset, len, [&](uint64_t addr, size_t n) {
        const bool ok = mem.write(addr, p, n);
        p += n;
        return ok;
    });
}

}  // namespace vp::virtio
