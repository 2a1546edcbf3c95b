// One device instance as the topology describes it, after validation.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/properties.h"

namespace vp {

struct RegionConfig {
    std::string name;  // the model's region name ("regs", "dist", "cpu", ...)
    uint64_t base = 0;
    uint64_t size = 0;
    uint64_t end() const { return base + size; }  // exclusive
};

struct DeviceConfig {
    std::string name;                   // instance name: the YAML key under devices:/memory:
    std::string model;                  // registered model name
    std::vector<RegionConfig> regions;  // one per region the model declares, in its order
    // Interrupt outputs, one per output the model declares: GIC INTIDs (SPI n = 32 + n).
    std::vector<unsigned> interrupts;
    PropertyValues props;
    SourceLoc loc;
};

}  // namespace vp
