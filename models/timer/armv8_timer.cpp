#include "models/timer/armv8_timer.h"

#include "models/timer/arch_timer.h"
#include "core/error.h"
#include "core/model_registry.h"

namespace vp {

TargetSocket& Armv8TimerNode::target_socket(unsigned index) {
    throw Error("armv8_timer has no memory regions (asked for region " + std::to_string(index) + ")");
}

void Armv8TimerNode::write_dtb(DtbWriter& dtb) const {
    dtb.begin_node("timer");
    dtb.prop_strings("compatible", {"arm,armv8-timer", "arm,armv7-timer"});
    // Order fixed by the binding: secure phys, non-secure phys, virtual, hypervisor.
    dtb.prop_gic_interrupts(
        {ArchTimer::kSecPhysIntid, ArchTimer::kPhysIntid, ArchTimer::kVirtIntid, ArchTimer::kHypIntid},
        4);  // IRQ_TYPE_LEVEL_HIGH
    dtb.prop_empty("always-on");
    dtb.end_node();
}

static ModelRegistrar registrar{ModelInfo{
    .name = "armv8_timer",
    .doc = "Arm Generic Timer device-tree node (the per-core timers live in the cores)",
    .regions = {},
    .irqs = {},
    .props = {},
    .roles = {},
    .create = make_factory<Armv8TimerNode>(),
    .checkpoint = CheckpointSupport::stateless,
}};

}  // namespace vp
