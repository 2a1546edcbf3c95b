// Identifies the core that issued a TLM transaction. CPUs attach it to the payloads they send;
// banked registers (the GICv2 CPU interface, the banked SGI/PPI entries of the distributor)
// read it to select the accessing core's copy. A payload without it counts as core 0.
#pragma once
#include <tlm>

namespace vp {

struct CpuIdExtension : tlm::tlm_extension<CpuIdExtension> {
    unsigned cpu = 0;

    CpuIdExtension() = default;
    explicit CpuIdExtension(unsigned c) : cpu(c) {}

    tlm::tlm_extension_base* clone() const override { return new CpuIdExtension(cpu); }
    void copy_from(const tlm::tlm_extension_base& other) override {
        cpu = static_cast<const CpuIdExtension&>(other).cpu;
    }
};

// The core that issued `gp`: its CpuIdExtension, or core 0 without one.
inline unsigned initiator_cpu(const tlm::tlm_generic_payload& gp) {
    const CpuIdExtension* ext = gp.get_extension<CpuIdExtension>();
    return ext ? ext->cpu : 0;
}

}  // namespace vp
