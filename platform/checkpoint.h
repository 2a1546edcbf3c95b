// The devices of a Platform in a checkpoint (docs/ARCHITECTURE.md, Checkpoints): one section per
// device whose model saves its state, refused by name for a model that cannot, and the machine's
// own state beside them (capture_machine: counter, timers, cores, exclusive monitor).
#pragma once
#include <string>
#include <vector>

#include "core/checkpoint_file.h"
#include "platform/platform.h"

namespace vp {

// One line per device whose model refuses a checkpoint ("device 'uart0' (pl011): its FIFOs ...");
// empty when every device can be saved.
std::vector<std::string> checkpoint_refusals(const Platform& platform);

// The sections of every device that has state ("device NAME"); a CheckpointError listing
// checkpoint_refusals() when there are any.
std::vector<CheckpointSection> save_devices(const Platform& platform);

// The whole machine at the current simulated time: the device sections, the platform's own
// system counter ("counter"), each core's generic timer ("timer N") and state ("cpu N"), the
// exclusive monitor ("monitor"); the header names the machine by machine_digest(). Refused as
// save_devices() is.
Checkpoint capture_machine(const Platform& platform);
// Loads a checkpoint read for this platform's machine_digest(): every section is checked to be
// there before anything loads; then the devices, the counter, the timers, the cores, the monitor,
// and the interrupt controller last.
void load_machine(Platform& platform, const Checkpoint& ckpt);

// Loads every device's section. A checkpoint without a section for a device with state, or with a
// device section this platform has no device for, is refused before any device is loaded; a
// malformed section throws while loading (a restore then ends without running the machine).
void load_devices(Platform& platform, const Checkpoint& ckpt);

}  // namespace vp
