// QEMU's `-rtc [base=utc|localtime|DATE][,clock=vm][,driftfix=none]` as a topology override of the
// first PL031's `start` (models/pl031/rtc_start.h): base=utc is the host's clock (`host`),
// localtime the host's local wall time read as UTC (fixed when vp starts), DATE
// (YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS, UTC) a fixed date. vp's RTC always counts simulated time,
// which is QEMU's clock=vm; clock=host|rt and driftfix=slew (QEMU: x86 only) are refused.
#pragma once
#include <string>
#include <vector>

#include "yaml/topology.h"

namespace vp {

// Throws vp::Error naming the option and the bad part.
std::vector<Override> qemu_rtc_overrides(const std::string& spec);

}  // namespace vp
