// RAM: a single region of read/write memory ("ram" in a topology). Host memory is reserved
// lazily (see MemoryBacking), so a large guest memory costs only the pages it touches.
// Initiators may use DMI for reads and writes. The device tree gets a memory@<base> node.
#pragma once
#include <cstdint>
#include <vector>

#include <tlm_utils/simple_target_socket.h>

#include "core/device.h"
#include "core/properties.h"
#include "models/ram/memory_backing.h"

namespace vp {

class Ram : public Device {
public:
    tlm_utils::simple_target_socket<Ram> socket{"socket"};

    // Region "mem" (size required); properties: file, file_offset, read_latency, write_latency.
    Ram(const sc_core::sc_module_name& name, const DeviceConfig& config);
    static const std::vector<PropertySpec>& properties();

    TargetSocket& target_socket(unsigned index) override;
    void write_dtb(DtbWriter& dtb) const override;
    void save_state(StateWriter& out) const override;
    void load_state(StateReader& in) override;

    // The host memory behind guest offset 0, for loaders and tests.
    uint8_t* host_ptr() const { return mem_.data(); }
    uint64_t size() const { return mem_.size(); }

private:
    void b_transport(tlm::tlm_generic_payload& gp, sc_core::sc_time& delay);
    unsigned transport_dbg(tlm::tlm_generic_payload& gp);
    bool get_direct_mem_ptr(tlm::tlm_generic_payload& gp, tlm::tlm_dmi& dmi);

    MemoryBacking mem_;
    sc_core::sc_time read_latency_;
    sc_core::sc_time write_latency_;
    uint64_t bandwidth_ = 0;  // bytes per second; 0 = unlimited
};

}  // namespace vp
