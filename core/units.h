// Parsing of the numbers users write in YAML and on the command line:
// "4096", "0x1000", "4K", "2G", "10us", "1GHz", "62.5MHz", "true".
#pragma once
#include <cstdint>
#include <optional>
#include <string_view>

namespace vp::units {

// Integer, decimal or 0x-hex, with an optional K/M/G/T (binary) suffix, optionally "iB"/"B".
std::optional<uint64_t> parse_size(std::string_view text);
// Plain integer, decimal or 0x-hex, no suffix.
std::optional<uint64_t> parse_uint(std::string_view text);
std::optional<bool> parse_bool(std::string_view text);
// Time with a unit: s, ms, us, ns, ps. Returns picoseconds.
std::optional<uint64_t> parse_time_ps(std::string_view text);
// Frequency: plain number (Hz) or with Hz/kHz/MHz/GHz. Returns Hz.
std::optional<double> parse_frequency(std::string_view text);

}  // namespace vp::units
