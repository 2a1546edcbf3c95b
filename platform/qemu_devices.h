// QEMU's disk and device options, mapped onto the topology as overrides of vp's virtio-mmio
// transports (platforms/virt.yaml: virtio0..virtio3, model virtio_mmio until given a device):
//   -drive file=X,format=raw,if=none,id=ID [-device virtio-blk-device,drive=ID[,serial=S]]
//   -drive file=X[,format=raw],if=virtio   (a disk on the next free transport)
//   -device virtio-rng-device
//   -snapshot                              (every disk writes to a temporary overlay)
// Drive options: file, format (raw only), if (none, virtio), id, readonly and snapshot (on/off).
// Each device takes the next transport whose model is still virtio_mmio: the if=virtio drives first,
// then each -device in its order.
// Anything vp has no equivalent for is refused with a message naming the option.
#pragma once
#include <string>
#include <vector>

#include "yaml/topology.h"

namespace vp {

std::vector<Override> qemu_device_overrides(const std::vector<std::string>& drives,
                                            const std::vector<std::string>& devices, bool snapshot);

}  // namespace vp
