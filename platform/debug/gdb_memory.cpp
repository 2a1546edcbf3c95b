#include "platform/debug/gdb_memory.h"

#include <algorithm>

#include "iss/systemc/cpu_module.h"
#include "platform/debug/gdb_protocol.h"
#include "platform/debug/packet_codec.h"

namespace vp::gdb {

std::optional<uint64_t> DebugMemory::to_physical(unsigned core, uint64_t addr) const {
    if (physical_) return addr;
    uint64_t pa;  // the core's current translation regime (identity with its MMU off)
    if (!cpus_[core]->core().debug_translate(addr, pa)) return std::nullopt;
    return pa;
}

size_t DebugMemory::access(unsigned core, uint64_t addr, uint8_t* data, size_t len, bool write) {
    size_t done = 0;
    while (done < len) {
        uint64_t va = addr + done;
        size_t chunk = std::min<size_t>(len - done, 0x1000 - (va & 0xfff));  // translate per page
        auto pa = to_physical(core, va);
        if (!pa) break;
        unsigned n = cpus_[core]->debug_transport(write, *pa, data + done, static_cast<unsigned>(chunk));
        if (write && n) {
            for (CpuModule* c : cpus_) c->core().invalidate_code(*pa, *pa + n - 1);  // stale translations
        }
        done += n;
        if (n < chunk) break;
    }
    return done;
}

std::string DebugMemory::read_packet(unsigned core, std::string_view args) {
    std::string_view a, l;
    auto addr = split(args, ',', a, l) ? parse_hex(a) : std::nullopt;
    auto len = addr ? parse_hex(l) : std::nullopt;
    if (!addr || !len) return kErrBadArgs;
    size_t n = std::min<uint64_t>(*len, 0x1ff0);  // fits PacketSize; gdb asks again for the rest
    std::vector<uint8_t> buf(n);
    size_t got = access(core, *addr, buf.data(), n, false);
    if (got == 0 && n) return kErrMemory;
    return to_hex(buf.data(), got);
}

std::string DebugMemory::write_packet(unsigned core, std::string_view args, bool binary) {
    std::string_view head, data, a, l;
    if (!split(args, ':', head, data) || !split(head, ',', a, l)) return kErrBadArgs;
    auto addr = parse_hex(a), len = parse_hex(l);
    if (!addr || !len) return kErrBadArgs;
    std::vector<uint8_t> bytes;
    if (binary) {
        std::string raw = unescape_binary(data);
        bytes.assign(raw.begin(), raw.end());
    } else {
        auto b = parse_hex_bytes(data);
        if (!b) return kErrBadArgs;
        bytes = std::move(*b);
    }
    if (bytes.size() != *len) return kErrBadArgs;
    if (bytes.empty()) return "OK";
    return access(core, *addr, bytes.data(), bytes.size(), true) == bytes.size() ? "OK" : kErrMemory;
}

}  // namespace vp::gdb
