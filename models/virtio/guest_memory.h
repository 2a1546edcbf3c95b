// The guest's memory as a virtio device sees it: byte reads and writes at guest physical
// addresses that either succeed whole or fail (an address no memory answers).
#pragma once
#include <cstddef>
#include <cstdint>

namespace vp::virtio {

class GuestMemory {
public:
    virtual ~GuestMemory() = default;
    virtual bool read(uint64_t addr, void* data, size_t len) = 0;
    virtual bool write(uint64_t addr, const void* data, size_t len) = 0;
};

}  // namespace vp::virtio
