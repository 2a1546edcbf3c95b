#include "models/ram/memory_backing.h"

#include <fmt/format.h>
#include <sys/mman.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>

#include "core/error.h"

namespace vp {

MemoryBacking::MemoryBacking(std::string owner, uint64_t size) : owner_(std::move(owner)), size_(size) {
    if (size == 0) throw Error(fmt::format("{}: memory size must not be zero", owner_));
    void* p = mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED)
        throw Error(fmt::format("{}: cannot reserve {:#x} bytes of host memory: {}", owner_, size,
                                std::strerror(errno)));
    data_ = static_cast<uint8_t*>(p);
}

MemoryBacking::~MemoryBacking() {
    munmap(data_, size_);
}

void MemoryBacking::load(uint64_t offset, const void* bytes, size_t len) {
    if (offset > size_ || len > size_ - offset)
        throw Error(fmt::format("{}: {} bytes at offset {:#x} do not fit in its {:#x} bytes", owner_, len,
                                offset, size_));
    if (len) std::memcpy(data_ + offset, bytes, len);
}

void MemoryBacking::load_file(const std::string& path, uint64_t offset) {
    std::error_code ec;
    uint64_t len = std::filesystem::file_size(path, ec);
    if (ec) throw Error(fmt::format("{}: cannot read '{}': {}", owner_, path, ec.message()));
    if (offset > size_ || len > size_ - offset)
        throw Error(fmt::format("{}: file '{}' ({} bytes) does not fit at offset {:#x} in {:#x} bytes",
                                owner_, path, len, offset, size_));
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> f(std::fopen(path.c_str(), "rb"), &std::fclose);
    if (!f || std::fread(data_ + offset, 1, len, f.get()) != len)
        throw Error(fmt::format("{}: cannot read '{}'", owner_, path));
}

tlm::tlm_response_status MemoryBacking::transport(tlm::tlm_generic_payload& gp) {
    const tlm::tlm_command cmd = gp.get_command();
    const uint64_t addr = gp.get_address();
    const unsigned len = gp.get_data_length();
    const unsigned width = gp.get_streaming_width() ? gp.get_streaming_width() : len;  // 0: not a burst
    const uint64_t span = width < len ? width : len;
    const uint8_t* be = gp.get_byte_enable_ptr();
    const unsigned be_len = gp.get_byte_enable_length();
    uint8_t* buf = gp.get_data_ptr();

    auto status = tlm::TLM_OK_RESPONSE;
    if (addr > size_ || span > size_ - addr)
        status = tlm::TLM_ADDRESS_ERROR_RESPONSE;
    else if (be && be_len == 0)
        status = tlm::TLM_BYTE_ENABLE_ERROR_RESPONSE;
    else if (cmd == tlm::TLM_IGNORE_COMMAND || len == 0)
        status = tlm::TLM_OK_RESPONSE;
    else if (!be && width >= len) {
        if (cmd == tlm::TLM_READ_COMMAND)
            std::memcpy(buf, data_ + addr, len);
        else
            std::memcpy(data_ + addr, buf, len);
    } else {
        // Byte i of the data array goes to address addr + i % width, if its enable is set.
        for (unsigned i = 0; i < len; ++i) {
            if (be && be[i % be_len] == TLM_BYTE_DISABLED) continue;
            uint8_t* mem = data_ + addr + i % width;
            if (cmd == tlm::TLM_READ_COMMAND)
                buf[i] = *mem;
            else
                *mem = buf[i];
        }
    }
    gp.set_response_status(status);
    return status;
}

unsigned MemoryBacking::debug(tlm::tlm_generic_payload& gp) {
    const uint64_t addr = gp.get_address();
    if (addr >= size_ || gp.get_command() == tlm::TLM_IGNORE_COMMAND) return 0;
    const uint64_t avail = size_ - addr;
    const unsigned n = gp.get_data_length() < avail ? gp.get_data_length() : static_cast<unsigned>(avail);
    if (n == 0) return 0;
    if (gp.get_command() == tlm::TLM_READ_COMMAND)
        std::memcpy(gp.get_data_ptr(), data_ + addr, n);
    else
        std::memcpy(data_ + addr, gp.get_data_ptr(), n);
    gp.set_response_status(tlm::TLM_OK_RESPONSE);
    return n;
}

void MemoryBacking::grant_dmi(tlm::tlm_dmi& dmi, tlm::tlm_dmi::dmi_access_e access,
                              const sc_core::sc_time& read_latency,
                              const sc_core::sc_time& write_latency) const {
    dmi.set_dmi_ptr(data_);
    dmi.set_start_address(0);
    dmi.set_end_address(size_ - 1);
    dmi.set_granted_access(access);
    dmi.set_read_latency(read_latency);
    dmi.set_write_latency(write_latency);
}

}  // namespace vp
