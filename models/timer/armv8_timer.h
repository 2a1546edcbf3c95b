// The per-core Generic Timers as the device tree describes them (binding "arm,armv8-timer"):
// model "armv8_timer", a device with no registers and no outputs of its own. The timers
// themselves are vp::ArchTimer objects owned by the cores, wired to the GIC's PPIs.
#pragma once
#include "core/device.h"

namespace vp {

class Armv8TimerNode : public Device {
public:
    Armv8TimerNode(const sc_core::sc_module_name& name, const DeviceConfig& config) : Device(name, config) {}

    // There are no regions: never called by a platform built from the registry.
    TargetSocket& target_socket(unsigned index) override;
    // Node "timer": interrupts for the secure physical (PPI 13), non-secure physical (PPI 14),
    // virtual (PPI 11) and hypervisor (PPI 10) timers, level-high, to every core.
    void write_dtb(DtbWriter& dtb) const override;
};

}  // namespace vp
