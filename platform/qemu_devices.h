// QEMU's disk and device options, mapped onto the topology as overrides of vp's virtio-mmio
// transports (platforms/virt.yaml: virtio0..virtio3, model virtio_mmio until given a device):
//   -drive file=X,format=raw,if=none,id=ID [-device virtio-blk-device,drive=ID[,serial=S]]
//   -drive file=X[,format=raw],if=virtio   (a disk on the next free transport)
//   -device virtio-rng-device
//   -netdev user,id=ID[,hostfwd=RULE]... -device virtio-net-device[,netdev=ID][,mac=MAC][,host_mtu=N]
//   -nic user[,hostfwd=RULE]...[,mac=MAC][,model=virtio-net-device]   -nic none   -net none
//   -device virtio-serial-device -device virtconsole[,chardev=ID]      (one port: virtio_console)
//   -chardev stdio|null,id=ID  -chardev file,id=ID,path=P  -chardev
//   socket,id=ID,port=P[,host=H][,server=on][,wait=off] -snapshot                              (every disk
//   writes to a temporary overlay)
// Drive options: file, format (raw only), if (none, virtio), id, readonly and snapshot (on/off).
// Each device takes the next transport whose model is still virtio_mmio: the if=virtio drives first,
// then the -nic NICs, then each -device in its order. A -netdev or an if=none -drive that no device
// uses is refused; other netdev types (tap, bridge, socket, ...) too.
// Anything vp has no equivalent for is refused with a message naming the option.
#pragma once
#include <string>
#include <vector>

#include "yaml/topology.h"

namespace vp {

struct QemuDeviceOptions {
    std::vector<std::string> drives, devices, netdevs, nics, nets, chardevs;  // each option's text
    bool snapshot = false;
};

std::vector<Override> qemu_device_overrides(const QemuDeviceOptions& options);
std::vector<Override> qemu_device_overrides(const std::vector<std::string>& drives,
                                            const std::vector<std::string>& devices, bool snapshot);

}  // namespace vp
