// The cores a machine may name (`cpus.model`, `-cpu`), as QEMU's virt machine models them: what
// each one reports in its identification and cache registers, and its device-tree compatible.
// The instruction set and features are vp's own for every model (ARMv8.0-A, EL0/EL1, FP and
// AdvSIMD, CRC32, no Cryptographic Extension): ID_AA64* describe what vp implements.
#pragma once
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace vp::iss {

// One cache level as CCSIDR_EL1 describes it (64-byte lines).
struct CacheGeometry {
    unsigned kib;
    unsigned ways;
    unsigned policy;  // CCSIDR_EL1 bits 31:28: WT, WB, RA, WA
};

struct CpuModel {
    const char* name;        // "cortex-a57"
    const char* compatible;  // device tree, "arm,cortex-a57"
    uint32_t midr;           // MIDR_EL1: implementer, variant, architecture, part number, revision
    uint32_t revidr;
    uint32_t ctr;    // CTR_EL0
    uint32_t clidr;  // CLIDR_EL1
    CacheGeometry l1d, l1i, l2;
    unsigned pa_bits;  // physical address size: ID_AA64MMFR0_EL1.PARange, the MMU's output size
    // Simulated cycles an exception entry, and an exception return (ERET, its own cycle included),
    // each cost: both are context synchronization events (ARM ARM D1.10, C6.2 ERET), which refill
    // the pipeline, so the estimate is the integer pipeline's depth. ARM publishes no exception
    // latency for these cores; cpus.exception_cycles overrides it.
    unsigned exception_cycles;

    // CCSIDR_EL1 for CSSELR_EL1 (Level 3:1, InD 0); 0 for a cache the core does not have.
    uint64_t ccsidr(uint64_t csselr) const;
    // ID_AA64MMFR0_EL1.PARange for pa_bits.
    unsigned parange() const;
};

std::span<const CpuModel> cpu_models();
const CpuModel& default_cpu_model();  // cortex-a57
const CpuModel* find_cpu_model(std::string_view name);
std::string cpu_model_names();  // "cortex-a53, cortex-a57, cortex-a72"

}  // namespace vp::iss
