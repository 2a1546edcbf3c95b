#include "platform/debug/gdb_breakpoints.h"

#include <algorithm>

#include "platform/debug/gdb_memory.h"
#include "platform/debug/gdb_protocol.h"
#include "platform/debug/packet_codec.h"

namespace vp::gdb {

using Stop = CpuDebugger::Stop;

std::string Breakpoints::packet(std::string_view args, bool insert, const DebugMemory& memory,
                                unsigned core) {
    std::string_view t, rest, a, k;
    if (!split(args, ',', t, rest) || !split(rest, ',', a, k)) return kErrBadArgs;
    if (size_t semi = k.find(';'); semi != std::string_view::npos) k = k.substr(0, semi);
    auto type = parse_hex(t), addr = parse_hex(a), kind = parse_hex(k);
    if (!type || !addr || !kind) return kErrBadArgs;
    if (*type <= 1) {  // Z0 software, Z1 hardware: both are PC breakpoints of the CPU module
        auto it = std::find(bps_.begin(), bps_.end(), *addr);
        if (insert && it == bps_.end()) bps_.push_back(*addr);
        if (!insert && it != bps_.end()) bps_.erase(it);
        return "OK";
    }
    if (*type > 4) return "";  // unsupported type: empty reply
    if (*kind == 0 || *kind > 0x1000) return kErrBadArgs;
    auto pa = memory.to_physical(core, *addr);
    if (!pa) return kErrMemory;
    auto same = [&](const Watchpoint& w) { return w.type == *type && w.addr == *addr && w.len == *kind; };
    if (insert) {
        if (std::none_of(wps_.begin(), wps_.end(), same))
            wps_.push_back(Watchpoint{static_cast<unsigned>(*type), *addr, *pa, *kind});
    } else {
        std::erase_if(wps_, same);
    }
    refresh_watch_pages();
    return "OK";
}

void Breakpoints::clear() {
    bps_.clear();
    wps_.clear();
    refresh_watch_pages();
}

bool Breakpoints::breakpoint_at(uint64_t pc) const {
    return std::find(bps_.begin(), bps_.end(), pc) != bps_.end();
}

bool Breakpoints::page_watched(uint64_t page) const {
    return std::find(watched_pages_.begin(), watched_pages_.end(), page) != watched_pages_.end();
}

std::optional<CpuDebugger::WatchHit> Breakpoints::watch_access(uint64_t paddr, unsigned size,
                                                               bool write) const {
    for (const Watchpoint& w : wps_) {
        if (paddr >= w.paddr + w.len || w.paddr >= paddr + size) continue;
        if (w.type == 2 && write) return CpuDebugger::WatchHit{Stop::watch_write, w.addr};
        if (w.type == 3 && !write) return CpuDebugger::WatchHit{Stop::watch_read, w.addr};
        if (w.type == 4) return CpuDebugger::WatchHit{Stop::watch_access, w.addr};
    }
    return std::nullopt;
}

void Breakpoints::refresh_watch_pages() {
    std::vector<uint64_t> pages;
    for (const Watchpoint& w : wps_)
        for (uint64_t p = w.paddr >> 12; p <= (w.paddr + w.len - 1) >> 12; ++p) pages.push_back(p);
    if (pages == watched_pages_) return;
    // Newly watched pages must leave the cores' host-page caches so accesses take read()/write().
    watched_pages_ = std::move(pages);
    for (CpuModule* c : cpus_) c->core().invalidate_host_pages(0, ~uint64_t(0));
}

}  // namespace vp::gdb
