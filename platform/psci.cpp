#include "platform/psci.h"

#include <fmt/format.h>

#include "iss/systemc/cpu_module.h"
#include "core/trace.h"
#include "platform/dtb/psci_ids.h"
#include "platform/simulation.h"

namespace vp {

namespace {
// PSCI return codes (DEN0022 5.2.2).
constexpr int64_t kSuccess = 0, kNotSupported = -1, kInvalidParameters = -2, kAlreadyOn = -4, kOnPending = -5;
constexpr unsigned kEcHvc = 0x16;
}  // namespace

CpuModule* Psci::by_mpidr(uint64_t mpidr) const {
    // MPIDR_EL1 affinity: Aff0 = core number, higher levels zero (see the CPU's MPIDR).
    if (mpidr & ~uint64_t(0xff)) return nullptr;
    for (CpuModule* c : cpus_)
        if (c->core_id() == mpidr) return c;
    return nullptr;
}

bool Psci::handle(iss::Cpu& cpu, unsigned kind, uint16_t imm) {
    if (kind != kEcHvc || imm != 0) return false;
    uint32_t fid = static_cast<uint32_t>(cpu.xreg(0));
    // SMC Calling Convention (DEN0028, "SMC32/HVC32"): a 32-bit function (bit 30 of the ID clear)
    // takes its arguments in W1-W7, so the upper halves of X1-X7 are ignored.
    const bool smc32 = !(fid & (1u << 30));
    auto arg = [&](unsigned i) { return smc32 ? uint64_t(uint32_t(cpu.xreg(i))) : cpu.xreg(i); };
    int64_t result = kNotSupported;
    CpuModule* self = nullptr;
    for (CpuModule* c : cpus_)
        if (&c->core() == &cpu) self = c;
    VP_TRACE(trace::interrupts, "psci: core {} call {:#x}({:#x}, {:#x}, {:#x})", cpu.core_id(), fid,
             cpu.xreg(1), cpu.xreg(2), cpu.xreg(3));
    switch (fid) {
        case psci::version: result = 0x10000; break;      // 1.0
        case psci::migrate_info_type: result = 2; break;  // no Trusted OS to migrate
        case psci::features: {
            uint32_t q = static_cast<uint32_t>(cpu.xreg(1));
            bool known = q == psci::version || q == psci::cpu_on_64 || q == psci::cpu_on_32 ||
                         q == psci::cpu_off || q == psci::affinity_info_32 || q == psci::affinity_info_64 ||
                         q == psci::system_off || q == psci::system_reset || q == psci::migrate_info_type ||
                         q == psci::features;
            result = known ? 0 : kNotSupported;
            break;
        }
        case psci::cpu_on_32:
        case psci::cpu_on_64: {
            CpuModule* target = by_mpidr(arg(1));
            if (!target)
                result = kInvalidParameters;
            else if (target->power_pending())
                result = kOnPending;
            else if (target->powered())
                result = kAlreadyOn;
            else {
                target->power_on(arg(2), arg(3));
                result = kSuccess;
            }
            break;
        }
        case psci::affinity_info_32:
        case psci::affinity_info_64: {
            // DEN0022 AFFINITY_INFO: the lowest affinity level (a uint32) must be one the
            // implementation supports; vp answers for single cores only (level 0), as PSCI 1.0
            // allows, so any other level is INVALID_PARAMETERS.
            CpuModule* target = by_mpidr(arg(1));
            if (!target || uint32_t(cpu.xreg(2)) != 0)
                result = kInvalidParameters;
            else
                result = target->power_pending() ? 2 : target->powered() ? 0 : 1;  // ON_PENDING, ON, OFF
            break;
        }
        case psci::cpu_off:
            if (self) self->power_off();
            result = kSuccess;
            break;
        case psci::system_off:
            sim::request_exit(sim::exit_ok, "guest powered off (PSCI SYSTEM_OFF)");
            result = 0;
            break;
        case psci::system_reset:
            sim::request_exit(sim::exit_reset, "guest requested a reset (PSCI SYSTEM_RESET)");
            result = 0;
            break;
        case vp_test_exit_call: {
            uint64_t status = cpu.xreg(1);
            if (status == 0)
                sim::request_exit(sim::exit_ok, "guest test passed");
            else
                sim::request_exit(sim::exit_guest_panic,
                                  fmt::format("guest test failed with status {}", status));
            result = 0;
            break;
        }
        default:
            VP_TRACE(trace::unimp, "psci: core {}: unsupported function {:#x}", cpu.core_id(), fid);
            break;
    }
    cpu.set_xreg(0, static_cast<uint64_t>(result));
    return true;
}

}  // namespace vp
