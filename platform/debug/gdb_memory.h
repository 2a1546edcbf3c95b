// The debugger's view of memory: every address gdb names is a virtual address of the selected
// core, translated with that core's current translation regime (iss::Cpu::debug_translate;
// identity with its MMU off), or a physical address after `monitor phys`. Accesses go through the
// core's debug transport (no side effects in devices, no simulated time); a write invalidates
// the translations of every core that cover it.
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vp {

class CpuModule;

namespace gdb {

class DebugMemory {
public:
    explicit DebugMemory(std::vector<CpuModule*> cpus) : cpus_(std::move(cpus)) {}

    // `monitor phys` (true) / `monitor virt` (false, the default).
    void set_physical(bool on) { physical_ = on; }

    // VA -> PA as described above; nullopt when the VA does not translate.
    std::optional<uint64_t> to_physical(unsigned core, uint64_t addr) const;
    // Up to `len` bytes at `addr`, page by page; the bytes done (a short count at the first
    // address that does not translate or is not backed).
    size_t access(unsigned core, uint64_t addr, uint8_t* data, size_t len, bool write);

    // The packets: `m addr,len`, `M addr,len:hex` and `X addr,len:binary`, for `core`.
    std::string read_packet(unsigned core, std::string_view args);
    std::string write_packet(unsigned core, std::string_view args, bool binary);

private:
    std::vector<CpuModule*> cpus_;
    bool physical_ = false;
};

}  // namespace gdb
}  // namespace vp
