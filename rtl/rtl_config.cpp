#include "rtl/rtl_config.h"

#include <cmath>
#include <filesystem>
#include <fstream>

#include <fmt/format.h>

#include "core/error.h"
#include "rtl/rtl_fst.h"

namespace vp {

std::vector<PropertySpec> rtl_properties(const std::string& default_clock) {
    return {
        {"clock", PropType::frequency, default_clock, "the block's clock (and its bus clock)"},
        {"clock_mode", PropType::string, "on_demand",
         "exact: the block steps every clock period; on_demand: it runs only while not quiescent; batched: "
         "always a batch ahead"},
        {"batch", PropType::time, "", "how far the block runs ahead of SystemC time (default: the quantum)"},
        {"trace", PropType::string, "", "a .vcd or .fst file: the waveform of the block's ports and signals"},
        {"trace_start", PropType::time, "0ps", "the simulated time the waveform starts at"},
        {"trace_stop", PropType::time, "", "the simulated time the waveform stops at (default: the end)"},
    };
}

}  // namespace vp

namespace vp::rtl_detail {

DeviceConfig with_defaults(DeviceConfig c, const RtlModelSpec& spec) {
    apply_defaults(rtl_properties(spec.default_clock), c.props);
    return c;
}

sc_core::sc_time clock_period(const DeviceConfig& c, const RtlModelSpec& spec) {
    const double hz = c.props.get_frequency("clock");
    const double ps = hz > 0 ? std::round(1e12 / hz) : 0;
    if (!(ps >= 2))  // a high and a low half
        throw ConfigError(c.props.at("clock").loc, c.name + ".clock",
                          fmt::format("the clock of {} must be > 0 and <= 500GHz", spec.model));
    return sc_core::sc_time(ps, sc_core::SC_PS);
}

std::string clock_mode(const DeviceConfig& c, const std::vector<std::string>& modes) {
    const std::string mode = c.props.get_string("clock_mode");
    for (const std::string& m : modes)
        if (m == mode) return mode;
    std::string expected = modes.front();
    for (size_t i = 1; i < modes.size(); ++i) expected += (i + 1 == modes.size() ? " or " : ", ") + modes[i];
    throw ConfigError(c.props.at("clock_mode").loc, c.name + ".clock_mode",
                      fmt::format("'{}': expected {}", mode, expected));
}

std::optional<RtlWaveformWindow> waveform_window(const DeviceConfig& c, const RtlModelSpec& spec,
                                                 bool traceable, bool fst) {
    const PropertyValues& p = c.props;
    if (!p.has("trace") || p.get_string("trace").empty()) return std::nullopt;
    const std::string path = p.get_string("trace");
    const SourceLoc& loc = p.at("trace").loc;
    const std::string ext = std::filesystem::path(path).extension().string();
    if (ext != ".vcd" && !(fst && ext == ".fst"))
        throw ConfigError(loc, c.name + ".trace",
                          fmt::format("'{}': expected a .vcd file{}", path,
                                      fst ? " or a .fst file" : " (FST: APB and AXI4-Lite blocks only)"));
    if (ext == ".fst" && !have_vcd2fst())
        throw ConfigError(
            loc, c.name + ".trace",
            fmt::format("'{}': writing FST needs gtkwave's vcd2fst on PATH (Debian: gtkwave)", path));
    if (!traceable)
        throw ConfigError(
            loc, c.name + ".trace",
            fmt::format("{} was built without tracing (vp_add_rtl_model NO_TRACE)", spec.model));
    if (!std::ofstream(path))
        throw ConfigError(loc, c.name + ".trace", fmt::format("cannot write '{}'", path));
    const uint64_t start = p.get_time_ps("trace_start");
    std::optional<uint64_t> stop;
    if (p.has("trace_stop")) {
        stop = p.get_time_ps("trace_stop");
        if (*stop <= start)
            throw ConfigError(p.at("trace_stop").loc, c.name + ".trace_stop",
                              fmt::format("{} is not after trace_start ({})", p.get_string("trace_stop"),
                                          p.get_string("trace_start")));
    }
    return RtlWaveformWindow{path, start, stop};
}

void write_node(DtbWriter& dtb, const RtlModelSpec& spec, const DeviceConfig& c,
                const sc_core::sc_time& period, bool gpio) {
    dtb.begin_node(dtb_node_name(spec.node_name, c.regions));
    dtb.prop_strings("compatible", spec.compatible);
    dtb.prop_reg(c.regions);
    if (!c.interrupts.empty()) dtb.prop_gic_interrupts(c.interrupts);
    dtb.prop_u32("clock-frequency", static_cast<uint32_t>(std::llround(1.0 / period.to_seconds())));
    for (const RtlDtbProperty& p : spec.dtb_properties) {
        if (!p.strings.empty()) {
            dtb.prop_strings(p.name.c_str(), p.strings);
        } else if (!p.cells.empty()) {
            std::vector<uint32_t> cells;
            for (const RtlDtbCell& cell : p.cells)
                cells.push_back(cell.phandle_of ? dtb.phandle(cell.phandle_of) : cell.value);
            dtb.prop_cells(p.name.c_str(), cells);
        } else {
            dtb.prop_empty(p.name.c_str());
        }
    }
    // A GPIO block is referenced by its consumers' `gpios` (gpio_power_button: by device name).
    if (gpio) dtb.prop_u32("phandle", dtb.phandle(c.name));
    dtb.end_node();
}

}  // namespace vp::rtl_detail
