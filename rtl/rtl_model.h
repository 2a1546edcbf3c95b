// What the source `vp_add_rtl_model()` (cmake/vp-rtl.cmake) generates gives the device a Verilated
// block becomes (rtl/rtl_cycle_device.h): the CMake call's arguments as an RtlModelSpec, and the
// function that builds the Verilated model with its ports bound to RtlPins (rtl/rtl_block.h).
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/properties.h"
#include "rtl/rtl_block.h"

namespace vp {

enum class RtlBus { apb, axi4lite, axi4 };

// An extra property of the block's device-tree node (vp_add_rtl_model DTB_PROPERTIES): empty,
// a string, or cells, each a number or the phandle DtbWriter::phandle() gives a name.
struct RtlDtbCell {
    uint32_t value;
    const char* phandle_of;  // not null: the cell is dtb.phandle(phandle_of)
};
struct RtlDtbProperty {
    std::string name;
    std::vector<std::string> strings;
    std::vector<RtlDtbCell> cells;
};

// The file and the simulated-time window of a block's waveform (property `trace`).
struct RtlWaveformWindow {
    std::string path;
    uint64_t start_ps;
    std::optional<uint64_t> stop_ps;  // none: to the end of the run
};

struct RtlGpioShape {
    unsigned pins = 0;  // 0: no GPIO ports
    bool has_out = false, has_oe = false, has_ie = false;
};

struct RtlModelSpec {
    std::string model;                    // the YAML `model:` name
    std::vector<std::string> compatible;  // the device-tree node's compatible
    std::string node_name;                // the device-tree node's name before the @address
    RtlBus bus;
    std::string default_clock;  // of the `clock` property
    std::vector<std::string> irqs;
    bool reset_active_high;
    std::vector<RtlDtbProperty> dtb_properties;
    std::unique_ptr<RtlBlock> (*make_block)();  // the Verilated (--cc) block
    RtlGpioShape gpio = {};                     // vp_add_rtl_model's GPIO_* arguments
};

// The properties of every RTL model: `clock` with the default given to vp_add_rtl_model,
// `clock_mode`, `batch`, and the waveform's `trace`, `trace_start` and `trace_stop`.
std::vector<PropertySpec> rtl_properties(const std::string& default_clock);

}  // namespace vp
