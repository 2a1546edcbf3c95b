// Test models for the topology loader and helpers shared by its tests.
#pragma once
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "yaml/topology.h"

namespace vp::test {

// Registered once per process by test_models.cpp:
//   test_uart   serial port: one region "regs" (default size 0x1000), one irq "intr",
//               props backend (string, "null"), fifo_depth (integer, "16"),
//               clock (frequency, "24MHz"), log (path, no default)
//   test_mem    one region "mem" (no default size), no irq, props latency (time, "0ns"), image (path)
//   test_ic     interrupt controller, regions "dist" @0 (0x1000) and "cpu" @0x10000 (0x2000),
//               one irq "maint", prop revision (integer, required)
//   test_shared one region "regs" (0x100), one irq "irq", shared_irq
void register_test_models();

inline std::string data_path(const std::string& name) {
    return std::string(VP_YAML_TEST_DATA) + "/" + name;
}

// Loads data/<file> and expects a ConfigError located at file:line:col naming `key`.
// Returns the message for further checks.
std::string expect_error(const std::string& file, int line, int col, const std::string& key,
                         const std::vector<Override>& overrides = {});

}  // namespace vp::test
