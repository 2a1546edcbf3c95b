#pragma once
// Shared helpers of the SIMD&FP load/store semantics (sections ldst_simd_*): block copies between
// guest memory and a host buffer through the core's page cache, with an element-wise slow path.
#include <cstring>

#include "iss/semantics/sem.h"

namespace vp::iss::sem {

// Slow path: one access per element of `eb` bytes (a 16-byte element as two 8-byte accesses, the
// SIMD&FP single-copy atomicity of B2.2.1), in ascending address order; page crossings, device
// memory, code pages and faults are handled by Cpu::load_slow/store_slow (fault_addr/fault_fsc
// set for Cpu::data_abort).
// A 16-byte element needs 16-byte alignment on Device memory (Mem[] with size 16), checked on its
// first half.
inline unsigned chunk_align(unsigned eb, unsigned off) {
    return eb > 8 && (off & 15) == 0 ? 16 : (eb > 8 ? 8 : eb);
}
[[gnu::noinline]] inline bool vmem_read_slow(Cpu& c, uint64_t va, void* dst, unsigned total, unsigned eb) {
    const unsigned chunk = eb > 8 ? 8 : eb;
    for (unsigned off = 0; off < total; off += chunk)
        if (!c.load_slow(va + off, static_cast<uint8_t*>(dst) + off, chunk, false, chunk_align(eb, off)))
            return false;
    return true;
}
[[gnu::noinline]] inline bool vmem_write_slow(Cpu& c, uint64_t va, const void* src, unsigned total,
                                              unsigned eb) {
    const unsigned chunk = eb > 8 ? 8 : eb;
    for (unsigned off = 0; off < total; off += chunk)
        if (!c.store_slow(va + off, static_cast<const uint8_t*>(src) + off, chunk, false,
                          chunk_align(eb, off)))
            return false;
    return true;
}

// Reads/writes `total` contiguous bytes at `va`: one host copy when the whole block hits the page
// cache, else the element-wise slow path. Returns false on a fault (raise c.data_abort).
inline bool vmem_read(Cpu& c, uint64_t va, void* dst, unsigned total, unsigned eb) {
    if (const uint8_t* p = c.read_ptr(va, total)) [[likely]] {
        std::memcpy(dst, p, total);
        return true;
    }
    return vmem_read_slow(c, va, dst, total, eb);
}
inline bool vmem_write(Cpu& c, uint64_t va, const void* src, unsigned total, unsigned eb) {
    if (uint8_t* p = c.write_ptr(va, total)) [[likely]] {
        std::memcpy(p, src, total);
        return true;
    }
    return vmem_write_slow(c, va, src, total, eb);
}

}  // namespace vp::iss::sem
