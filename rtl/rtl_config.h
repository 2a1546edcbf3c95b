// What an RTL device (rtl/rtl_cycle_device.h) reads from a block's configuration and writes to its
// device-tree node.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include <systemc>

#include "core/device_config.h"
#include "core/dtb_writer.h"
#include "rtl/rtl_model.h"

namespace vp::rtl_detail {

DeviceConfig with_defaults(DeviceConfig c, const RtlModelSpec& spec);
sc_core::sc_time clock_period(const DeviceConfig& c, const RtlModelSpec& spec);
// The `clock_mode` property, one of `modes` (an error naming the key otherwise).
std::string clock_mode(const DeviceConfig& c, const std::vector<std::string>& modes);
// The `trace` property's file and window; none without `trace`. `traceable`: the block was
// Verilated with tracing; `fst`: the device can write FST (rtl/rtl_fst.h) besides VCD.
std::optional<RtlWaveformWindow> waveform_window(const DeviceConfig& c, const RtlModelSpec& spec,
                                                 bool traceable, bool fst);
void write_node(DtbWriter& dtb, const RtlModelSpec& spec, const DeviceConfig& c,
                const sc_core::sc_time& period, bool gpio);

}  // namespace vp::rtl_detail
