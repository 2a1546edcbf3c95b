// PSCI function IDs (Arm DEN0022, "PSCI Function IDs"): SMC32 0x8400_00xx, SMC64 0xC400_00xx.
#pragma once
#include <cstdint>

namespace vp::psci {
inline constexpr uint32_t version = 0x84000000;
inline constexpr uint32_t cpu_suspend_32 = 0x84000001;
inline constexpr uint32_t cpu_suspend_64 = 0xc4000001;
inline constexpr uint32_t cpu_off = 0x84000002;
inline constexpr uint32_t cpu_on_32 = 0x84000003;
inline constexpr uint32_t cpu_on_64 = 0xc4000003;
inline constexpr uint32_t affinity_info_32 = 0x84000004;
inline constexpr uint32_t affinity_info_64 = 0xc4000004;
inline constexpr uint32_t migrate_32 = 0x84000005;
inline constexpr uint32_t migrate_64 = 0xc4000005;
inline constexpr uint32_t migrate_info_type = 0x84000006;
inline constexpr uint32_t system_off = 0x84000008;
inline constexpr uint32_t system_reset = 0x84000009;
inline constexpr uint32_t features = 0x8400000a;
}  // namespace vp::psci
