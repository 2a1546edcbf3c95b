#pragma once
#include <cstdint>

namespace vp::iss {

struct MemoryInterface {
    virtual ~MemoryInterface() = default;
    // Host pointer to the 4 KiB guest-physical page holding paddr, or nullptr when the page is not
    // plain memory (device / unmapped) or not writable (when write is true). The ISS caches these
    // per page; the provider calls Cpu::invalidate_host_pages(lo, hi) when a pointer becomes invalid.
    virtual uint8_t* host_page(uint64_t paddr, bool write) = 0;
    // Slow path for everything else. Returns false on a bus error (-> synchronous external abort in
    // the guest).
    virtual bool read(uint64_t paddr, void* data, unsigned size) = 0;
    virtual bool write(uint64_t paddr, const void* data, unsigned size) = 0;
};

}  // namespace vp::iss
