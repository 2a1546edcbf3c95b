// ROM: a single region of read-only memory ("rom" in a topology), e.g. boot flash. Its
// content comes from the `file` property or from the boot loader through load() before the
// simulation. Guest writes are refused with TLM_COMMAND_ERROR_RESPONSE (trace::guest_errors);
// debug writes are accepted, which is how loaders and debuggers place code. DMI is granted
// for reading only. No device-tree node.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

#include <tlm_utils/simple_target_socket.h>

#include "core/device.h"
#include "core/properties.h"
#include "models/ram/memory_backing.h"

namespace vp {

class Rom : public Device {
public:
    tlm_utils::simple_target_socket<Rom> socket{"socket"};

    // Region "mem" (size required); properties: file, file_offset, read_latency.
    Rom(const sc_core::sc_module_name& name, const DeviceConfig& config);
    static const std::vector<PropertySpec>& properties();

    TargetSocket& target_socket(unsigned index) override;
    void write_dtb(DtbWriter&) const override {}
    void save_state(StateWriter& out) const override;
    void load_state(StateReader& in) override;

    // Places bytes at `offset` (from the ROM's base); throws vp::Error when they do not fit.
    void load(uint64_t offset, const void* bytes, size_t len) { mem_.load(offset, bytes, len); }
    void load(uint64_t offset, const std::vector<uint8_t>& bytes) {
        load(offset, bytes.data(), bytes.size());
    }
    const uint8_t* host_ptr() const { return mem_.data(); }
    uint64_t size() const { return mem_.size(); }

private:
    void b_transport(tlm::tlm_generic_payload& gp, sc_core::sc_time& delay);
    unsigned transport_dbg(tlm::tlm_generic_payload& gp);
    bool get_direct_mem_ptr(tlm::tlm_generic_payload& gp, tlm::tlm_dmi& dmi);

    MemoryBacking mem_;
    sc_core::sc_time read_latency_;
};

}  // namespace vp
