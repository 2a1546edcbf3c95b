// The PL031's count at start-up, from the `start` property: "host" (the host's clock, in seconds
// since 1970-01-01T00:00:00Z) or a fixed UTC date "YYYY-MM-DDTHH:MM:SSZ" (RFC 3339), so that a
// run is deterministic. The count is 32 bits: dates from 1970-01-01T00:00:00Z to
// 2106-02-07T06:28:15Z.
#pragma once
#include <cstdint>
#include <optional>
#include <string>

namespace vp::pl031 {

// Seconds since the epoch of a UTC date "YYYY-MM-DDTHH:MM:SSZ", or nullopt with `why` set when
// the text is not such a date or the date does not fit 32 bits.
std::optional<uint32_t> parse_utc_date(const std::string& text, std::string& why);

// The count `start` names: the host's clock now for "host", else parse_utc_date. Throws
// vp::Error with the reason for anything else.
uint32_t start_count(const std::string& start);

}  // namespace vp::pl031
