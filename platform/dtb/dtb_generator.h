// The device tree of a machine, generated from its topology: root, /cpus, /psci, /chosen
// and the fixed APB clock here; every device's own node from Device::write_dtb().
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "yaml/topology.h"

namespace vp {

class Device;

struct DtbChosen {
    std::string bootargs;
    uint64_t initrd_start = 0, initrd_end = 0;  // both 0: no initrd
};

// Base blob: everything except the parts of /chosen known only after loading.
std::vector<uint8_t> generate_dtb(const Topology& topo, const std::vector<const Device*>& devices);

// Sets /chosen bootargs, stdout-path (the node whose reg starts at the stdout device's base)
// and linux,initrd-start/-end. Returns the new blob.
std::vector<uint8_t> finalize_dtb(const std::vector<uint8_t>& blob, const DtbChosen& chosen,
                                  const Device* stdout_device);

}  // namespace vp
