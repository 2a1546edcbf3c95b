#include "models/virtio/dma_port.h"

#include <algorithm>
#include <cstring>

namespace vp::virtio {

DmaPort::DmaPort(const sc_core::sc_module_name& name) : sc_core::sc_module(name) {
    socket.register_invalidate_direct_mem_ptr(this, &DmaPort::invalidate);
}

bool DmaPort::read(uint64_t addr, void* data, size_t len) {
    return access(tlm::TLM_READ_COMMAND, addr, static_cast<uint8_t*>(data), len);
}

bool DmaPort::write(uint64_t addr, const void* data, size_t len) {
    return access(tlm::TLM_WRITE_COMMAND, addr, static_cast<uint8_t*>(const_cast<void*>(data)), len);
}

const tlm::tlm_dmi* DmaPort::dmi_for(tlm::tlm_command cmd, uint64_t addr) const {
    for (const tlm::tlm_dmi& d : dmi_)
        if (addr >= d.get_start_address() && addr <= d.get_end_address() &&
            (cmd == tlm::TLM_READ_COMMAND ? d.is_read_allowed() : d.is_write_allowed()))
            return &d;
    return nullptr;
}

bool DmaPort::access(tlm::tlm_command cmd, uint64_t addr, uint8_t* data, size_t len) {
    if (len == 0) return true;
    if (addr + len - 1 < addr) return false;  // wraps past 2^64
    for (const Range& r : excluded_)
        if (addr < r.base + r.size && r.base <= addr + len - 1) return false;
    while (len > 0) {
        if (const tlm::tlm_dmi* d = dmi_for(cmd, addr)) {
            const size_t n = static_cast<size_t>(std::min<uint64_t>(len, d->get_end_address() - addr + 1));
            uint8_t* host = d->get_dmi_ptr() + (addr - d->get_start_address());
            if (cmd == tlm::TLM_READ_COMMAND)
                std::memcpy(data, host, n);
            else
                std::memcpy(host, data, n);
            addr += n;
            data += n;
            len -= n;
            continue;
        }
        const size_t n = static_cast<size_t>(std::min<uint64_t>(len, 0x1000 - (addr & 0xFFF)));
        if (!transport(cmd, addr, data, static_cast<unsigned>(n))) return false;
        addr += n;
        data += n;
        len -= n;
    }
    return true;
}

bool DmaPort::transport(tlm::tlm_command cmd, uint64_t addr, uint8_t* data, unsigned len) {
    tlm::tlm_generic_payload gp;
    gp.set_command(cmd);
    gp.set_address(addr);
    gp.set_data_ptr(data);
    gp.set_data_length(len);
    gp.set_streaming_width(len);
    gp.set_byte_enable_ptr(nullptr);
    gp.set_dmi_allowed(false);
    gp.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
    sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
    socket->b_transport(gp, delay);
    if (!gp.is_response_ok()) return false;
    if (gp.is_dmi_allowed()) {
        tlm::tlm_dmi d;
        gp.set_address(addr);
        if (socket->get_direct_mem_ptr(gp, d) && d.get_dmi_ptr()) dmi_.push_back(d);
    }
    return true;
}

void DmaPort::invalidate(sc_dt::uint64 start, sc_dt::uint64 end) {
    std::erase_if(dmi_, [&](const tlm::tlm_dmi& d) {
        return d.get_start_address() <= end && start <= d.get_end_address();
    });
}

}  // namespace vp::virtio
