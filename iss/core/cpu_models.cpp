#include "iss/core/cpu_models.h"

#include <iterator>

namespace vp::iss {

namespace {

// Values from each core's Technical Reference Manual, AArch64 identification registers (cache
// sizes: the configuration QEMU's -cpu of the same name reports). CLIDR_EL1 0x0A200023 on all
// three: L1 separate I/D, L2 unified, LoUIS 1, LoC 2, LoUU 1.
constexpr CpuModel kModels[] = {
    // Cortex-A53 r0p4 (DDI 0500, 4.3): L1 I 2-way VIPT (CTR.L1Ip = 0b10), L1 D 4-way, L2 16-way,
    // 40-bit physical addresses; an 8-stage in-order pipeline.
    {.name = "cortex-a53",
     .compatible = "arm,cortex-a53",
     .midr = 0x410FD034,
     .revidr = 0,
     .ctr = 0x84448004,
     .clidr = 0x0A200023,
     .l1d = {32, 4, 0x7},
     .l1i = {32, 2, 0x2},
     .l2 = {1024, 16, 0x7},
     .pa_bits = 40,
     .exception_cycles = 8},
    // Cortex-A57 r1p0 (DDI 0488, 4.3): L1 I 48 KiB 3-way PIPT, L1 D 32 KiB 2-way, L2 16-way, 44 bits;
    // a 15-stage integer pipeline.
    {.name = "cortex-a57",
     .compatible = "arm,cortex-a57",
     .midr = 0x411FD070,
     .revidr = 0,
     .ctr = 0x8444C004,
     .clidr = 0x0A200023,
     .l1d = {32, 2, 0x7},
     .l1i = {48, 3, 0x2},
     .l2 = {2048, 16, 0x7},
     .pa_bits = 44,
     .exception_cycles = 15},
    // Cortex-A72 r0p3 (100095, 4.3): the A57's L1 geometry, L2 16-way, 44 bits, 15 stages.
    {.name = "cortex-a72",
     .compatible = "arm,cortex-a72",
     .midr = 0x410FD083,
     .revidr = 0,
     .ctr = 0x8444C004,
     .clidr = 0x0A200023,
     .l1d = {32, 2, 0x7},
     .l1i = {48, 3, 0x2},
     .l2 = {1024, 16, 0x7},
     .pa_bits = 44,
     .exception_cycles = 15},
};

// CCSIDR_EL1 without FEAT_CCIDX (D17.2.21): policy 31:28, NumSets-1 27:13, Associativity-1 12:3,
// LineSize 2:0 = log2(words per line) - 2 (2: 64 bytes).
constexpr uint64_t ccsidr_of(const CacheGeometry& c) {
    const unsigned sets = c.kib * 1024 / (c.ways * 64);
    return (uint64_t(c.policy) << 28) | (uint64_t(sets - 1) << 13) | ((c.ways - 1) << 3) | 2;
}

}  // namespace

uint64_t CpuModel::ccsidr(uint64_t csselr) const {
    switch (csselr & 0xF) {
        case 0: return ccsidr_of(l1d);
        case 1: return ccsidr_of(l1i);
        case 2: return ccsidr_of(l2);
        default: return 0;
    }
}

// ID_AA64MMFR0_EL1.PARange: 0b0000 32 bits, 0b0001 36, 0b0010 40, 0b0011 42, 0b0100 44, 0b0101 48.
unsigned CpuModel::parange() const {
    constexpr unsigned kBits[] = {32, 36, 40, 42, 44, 48};
    for (unsigned i = 0; i < std::size(kBits); ++i)
        if (pa_bits <= kBits[i]) return i;
    return 5;
}

std::span<const CpuModel> cpu_models() {
    return kModels;
}

const CpuModel& default_cpu_model() {
    return kModels[1];
}

const CpuModel* find_cpu_model(std::string_view name) {
    for (const CpuModel& m : kModels)
        if (name == m.name) return &m;
    return nullptr;
}

std::string cpu_model_names() {
    std::string s;
    for (const CpuModel& m : kModels) s += (s.empty() ? "" : ", ") + std::string(m.name);
    return s;
}

}  // namespace vp::iss
