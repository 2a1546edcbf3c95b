// PSCI 1.0 firmware, answered in the simulator (Arm DEN0022): the HVC conduit the DTB's
// /psci node names. Also vp's test-exit call for bare-metal programs (vendor hypervisor
// service range of SMCCC, Arm DEN0028): x0 = 0x86000001, x1 = status (0 = pass).
#pragma once
#include <cstdint>
#include <vector>

namespace vp {

namespace iss {
class Cpu;
}
class CpuModule;

inline constexpr uint32_t vp_test_exit_call = 0x86000001;

class Psci {
public:
    explicit Psci(std::vector<CpuModule*> cpus) : cpus_(std::move(cpus)) {}
    // The ISS hypercall hook: true when the call was handled (result in x0).
    bool handle(iss::Cpu& cpu, unsigned kind, uint16_t imm);

private:
    CpuModule* by_mpidr(uint64_t mpidr) const;
    std::vector<CpuModule*> cpus_;
};

}  // namespace vp
