// Applying command-line overrides to the YAML tree before validation. Internal to yaml/.
#pragma once
#include <yaml-cpp/yaml.h>

#include <vector>

#include "yaml/context.h"
#include "yaml/topology.h"

namespace vp::yamlx {

// Applies each override in order to `root` (a map), recording the nodes it creates in `cx`.
void apply_overrides(YAML::Node& root, const std::vector<Override>& overrides, Context& cx);

}  // namespace vp::yamlx
