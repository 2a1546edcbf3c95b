// QEMU's -readconfig FILE (its config-file format, as the seed's virt.cfg), mapped onto the
// topology like the equivalent command-line options:
//   [machine]  type = "virt", kernel, initrd, append, dtb    (-M virt, -kernel, -initrd, -append, -dtb)
//   [smp-opts] cpus                                          (-smp)
//   [memory]   size                                          (-m)
//   [drive "ID"]  file, format, if, readonly, snapshot       (-drive id=ID,...)
//   [device "ID"] driver, drive, serial, netdev, mac, chardev (-device DRIVER,drive=...,...)
//   [netdev "ID"] type = "user", hostfwd (repeatable)        (-netdev user,id=ID,hostfwd=...)
// Lines are `[section]` or `[section "id"]`, `key = "value"` (quotes optional) and `#` comments.
// An unknown section or key, or a machine type other than virt, is a ConfigError naming the file
// and line. Paths are as QEMU reads them: relative to the working directory.
#pragma once
#include <string>
#include <vector>

#include "yaml/topology.h"

namespace vp {

struct QemuConfig {
    std::vector<Override> overrides;   // machine, smp-opts, memory
    std::vector<std::string> drives;   // as -drive option strings
    std::vector<std::string> devices;  // as -device option strings
    std::vector<std::string> netdevs;  // as -netdev option strings
};

QemuConfig read_qemu_config(const std::string& path);

}  // namespace vp
