#pragma once
// Flat RAM MemoryInterface for tests and the benchmark: [base, base+size) is plain memory,
// everything else is a bus error.
#include <cstring>
#include <vector>

#include "iss/core/memory_if.h"

namespace vp::iss::test {

class FlatMemory : public MemoryInterface {
public:
    FlatMemory(uint64_t base, size_t size) : base_(base), ram_(size, 0) {}
    uint8_t* host_page(uint64_t pa, bool) override {
        if (pa < base_ || pa - base_ >= ram_.size()) return nullptr;
        return ram_.data() + ((pa - base_) & ~0xfffull);
    }
    bool read(uint64_t pa, void* data, unsigned size) override {
        if (!in(pa, size)) return false;
        std::memcpy(data, ram_.data() + (pa - base_), size);
        return true;
    }
    bool write(uint64_t pa, const void* data, unsigned size) override {
        if (!in(pa, size)) return false;
        std::memcpy(ram_.data() + (pa - base_), data, size);
        return true;
    }
    uint8_t* ptr(uint64_t pa) { return ram_.data() + (pa - base_); }
    void put32(uint64_t pa, uint32_t v) { std::memcpy(ptr(pa), &v, 4); }
    uint64_t base() const { return base_; }
    size_t size() const { return ram_.size(); }

private:
    bool in(uint64_t pa, unsigned size) const {
        return pa >= base_ && pa - base_ < ram_.size() && size <= ram_.size() - (pa - base_);
    }
    uint64_t base_;
    std::vector<uint8_t> ram_;
};

}  // namespace vp::iss::test
