#pragma once
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <vector>

namespace vp::iss {

class Cpu;

// Keeps translated code coherent between the cores of a platform (the platform passes one
// tracker to every core, like the ExclusiveMonitor): a store by any core into a page that any
// core has translated invalidates those translations, and instruction-cache maintenance
// (IC IALLUIS / IVAU are broadcast in the Inner Shareable domain, ARM ARM D7.4.7) reaches
// every core.
class CodeTracker {
public:
    void attach(Cpu* c) { cpus_.push_back(c); }
    void detach(Cpu* c) { std::erase(cpus_, c); }
    const std::vector<Cpu*>& cpus() const { return cpus_; }

    // A counting filter over the physical pages that hold translated code on any core: per slot
    // (page mod kSlots) the number of (core, page) pairs with blocks. 0: no core has code on the
    // page, so a store into it needs no look at the cores' TB caches. Each TbCache counts its
    // pages in and out (TbCache::count_pages_in).
    static constexpr unsigned kSlots = 1u << 20;  // 4 GiB of RAM without two pages in one slot
    bool maybe_code(uint64_t page) const { return code_pages_.get()[page & (kSlots - 1)] != 0; }
    uint16_t* code_page_counts() { return code_pages_.get(); }

private:
    struct Free {
        void operator()(uint16_t* p) const { std::free(p); }
    };
    std::vector<Cpu*> cpus_;
    // calloc: the kernel's zero pages until a slot is counted (most never are).
    std::unique_ptr<uint16_t, Free> code_pages_{
        static_cast<uint16_t*>(std::calloc(kSlots, sizeof(uint16_t)))};
};

}  // namespace vp::iss
