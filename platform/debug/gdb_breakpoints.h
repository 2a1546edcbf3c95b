// Breakpoints (Z0/Z1, both PC breakpoints of the CPU module) and watchpoints (Z2 write, Z3 read,
// Z4 access), as the cores ask for them (CpuDebugger in iss/systemc/cpu_module.h). A watchpoint
// is set on the physical address its virtual address translates to when it is inserted; the
// pages it covers leave the cores' host-page caches, so that accesses to them take the slow path
// that checks watch_access().
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "iss/systemc/cpu_module.h"

namespace vp::gdb {

class DebugMemory;

class Breakpoints {
public:
    explicit Breakpoints(std::vector<CpuModule*> cpus) : cpus_(std::move(cpus)) {}

    // A `Z` (insert) or `z` packet's arguments "type,addr,kind[;cond...]"; a watchpoint's address
    // is translated for `core`. The reply: "OK", an error, or empty for an unsupported type.
    std::string packet(std::string_view args, bool insert, const DebugMemory& memory, unsigned core);
    void clear();

    bool any() const { return !bps_.empty() || !wps_.empty(); }
    bool breakpoint_at(uint64_t pc) const;
    bool page_watched(uint64_t page) const;  // page = physical address >> 12
    std::optional<CpuDebugger::WatchHit> watch_access(uint64_t paddr, unsigned size, bool write) const;

private:
    struct Watchpoint {
        unsigned type;  // 2 write, 3 read, 4 access (the Z packet type)
        uint64_t addr, paddr, len;
    };
    void refresh_watch_pages();

    std::vector<CpuModule*> cpus_;
    std::vector<uint64_t> bps_;
    std::vector<Watchpoint> wps_;
    std::vector<uint64_t> watched_pages_;
};

}  // namespace vp::gdb
