// A device's bus-master port: GuestMemory through a TLM-2.0 initiator socket into the router.
// Direct memory where a target grants DMI (kept per range until the target invalidates it),
// else b_transport in pieces that never cross a 4 KiB boundary (a region boundary is at least
// page aligned on every vp platform). Accesses to excluded ranges (the device's own registers) fail,
// so a descriptor pointing at them cannot make the device re-enter itself.
#pragma once
#include <cstdint>
#include <vector>

#include <tlm_utils/simple_initiator_socket.h>
#include <systemc>
#include <tlm>

#include "models/virtio/guest_memory.h"

namespace vp::virtio {

class DmaPort : public sc_core::sc_module, public GuestMemory {
public:
    tlm_utils::simple_initiator_socket<DmaPort> socket{"socket"};

    explicit DmaPort(const sc_core::sc_module_name& name);

    bool read(uint64_t addr, void* data, size_t len) override;
    bool write(uint64_t addr, const void* data, size_t len) override;

    size_t dmi_ranges() const { return dmi_.size(); }
    // Accesses that touch [base, base + size) fail: the device's own registers.
    void exclude(uint64_t base, uint64_t size) { excluded_.push_back({base, size}); }

private:
    bool access(tlm::tlm_command cmd, uint64_t addr, uint8_t* data, size_t len);
    bool transport(tlm::tlm_command cmd, uint64_t addr, uint8_t* data, unsigned len);
    const tlm::tlm_dmi* dmi_for(tlm::tlm_command cmd, uint64_t addr) const;
    void invalidate(sc_dt::uint64 start, sc_dt::uint64 end);

    struct Range {
        uint64_t base, size;
    };
    std::vector<tlm::tlm_dmi> dmi_;
    std::vector<Range> excluded_;
};

}  // namespace vp::virtio
