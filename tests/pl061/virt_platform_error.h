// The error a Platform of platforms/virt.yaml with these `-s` overrides refuses with ("" if none).
#pragma once
#include <string>
#include <vector>

#include "core/error.h"
#include "platform/platform.h"

namespace pl061_test {

inline std::string virt_platform_error(const std::vector<std::string>& sets) {
    std::vector<vp::Override> o = {vp::parse_override("devices.uart0.backend=null")};
    for (const auto& s : sets) o.push_back(vp::parse_override(s));
    try {
        vp::Platform p("vp", vp::load_topology(std::string(VP_SOURCE_DIR) + "/platforms/virt.yaml", o));
    } catch (const vp::Error& e) {
        return e.what();
    }
    return "";
}

}  // namespace pl061_test
