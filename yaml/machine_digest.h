// The digest a checkpoint names its machine by: of the effective topology without what does not
// change the machine (docs/ARCHITECTURE.md, Checkpoints).
#pragma once
#include <string>

#include "yaml/topology.h"

namespace vp {

// Left out: the topology's file name, the boot files (what they loaded is in the saved memory)
// and every property its model declares host_side (backends, log levels).
std::string machine_digest(const Topology& topology);

}  // namespace vp
