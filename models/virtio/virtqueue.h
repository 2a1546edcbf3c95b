// One split virtqueue (OASIS virtio 1.2 §2.7): the descriptor table, the driver area (available
// ring) and the device area (used ring) in guest memory, walked by the device side.
//
// pop() takes the next available chain and resolves it into device-readable and device-writable
// segments, following NEXT links and one level of indirect table (VIRTIO_F_INDIRECT_DESC, §2.7.5.3).
// A chain the driver could not legally have made is an error with a reason, never a crash: a head
// or next index past the queue size, a loop (more descriptors than the table or the indirect table
// holds), an indirect table that is not a whole number of descriptors or nests another, INDIRECT
// with NEXT, a readable descriptor after a writable one, a chain of more than 4 GiB, an address
// range that wraps, a ring index that runs more than the queue size ahead, or memory that does not
// answer. The transport then sets DEVICE_NEEDS_RESET (§2.1.1).
//
// push() writes a used element; needs_interrupt() applies VIRTIO_F_EVENT_IDX's used_event or the
// available ring's NO_INTERRUPT flag (§2.7.7, §2.7.10).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/state_stream.h"
#include "models/virtio/guest_memory.h"

namespace vp::virtio {

// §2.7.5 struct virtq_desc flags.
constexpr uint16_t kDescNext = 1;
constexpr uint16_t kDescWrite = 2;
constexpr uint16_t kDescIndirect = 4;
// §2.7.6 virtq_avail.flags, §2.7.8 virtq_used.flags.
constexpr uint16_t kAvailNoInterrupt = 1;
constexpr uint16_t kUsedNoNotify = 1;

struct Segment {
    uint64_t addr;
    uint32_t len;
};

struct Chain {
    uint16_t head = 0;
    std::vector<Segment> readable;  // device-readable, in order
    std::vector<Segment> writable;  // device-writable, after the readable ones
    uint64_t readable_bytes = 0;
    uint64_t writable_bytes = 0;
};

// Where the queue lives and how it was negotiated (the transport's Queue* registers).
struct QueueLayout {
    uint16_t size = 0;
    uint64_t desc = 0, driver = 0, device = 0;
    bool event_idx = false;
};

class Virtqueue {
public:
    enum class Pop { chain, empty, error };

    void configure(const QueueLayout& layout);  // QueueReady 0 -> 1: starts at index 0
    const QueueLayout& layout() const { return layout_; }

    Pop pop(GuestMemory& mem, Chain& out, std::string& error);
    bool push(GuestMemory& mem, uint16_t head, uint32_t written, std::string& error);
    // After a batch of push(): whether the driver asked to be interrupted for it.
    bool needs_interrupt(GuestMemory& mem, std::string& error);

    // Checkpoints: the layout and the device side's ring indices (the rings are in guest memory).
    void save(StateWriter& out) const;
    void load(StateReader& in);

private:
    QueueLayout layout_;
    uint16_t last_avail_ = 0;  // next available ring entry to take
    uint16_t used_idx_ = 0;    // virtq_used.idx as written
    uint16_t signalled_ = 0;   // used_idx_ at the last needs_interrupt()
};

// A chain a device holds across notifications (virtio-console's receive buffer), in a checkpoint.
void save_chain(StateWriter& out, const Chain& c);
Chain load_chain(StateReader& in);

// Copies between a chain's segments and host memory, `offset` bytes into the readable
// (gather) or writable (scatter) part. False if memory does not answer or the part is too short.
bool gather(GuestMemory& mem, const Chain& c, uint64_t offset, void* data, size_t len);
bool scatter(GuestMemory& mem, const Chain& c, uint64_t offset, const void* data, size_t len);

}  // namespace vp::virtio
