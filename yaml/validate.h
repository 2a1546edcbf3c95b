// Structural validation of a topology tree against the schema table: known keys, value
// types, required keys, duplicate keys, instance names. Model properties are checked later
// by the loader, against the model registry. Internal to yaml/.
#pragma once
#include <yaml-cpp/yaml.h>

#include "yaml/context.h"

namespace vp::yamlx {

// Throws ConfigError at the first problem.
void validate_structure(const YAML::Node& root, const Context& cx);

// "a map", "a list", "'abc'", "nothing": what a node is, for messages.
std::string describe(const YAML::Node& n);

}  // namespace vp::yamlx
