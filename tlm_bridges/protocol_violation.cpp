#include "tlm_bridges/protocol_violation.h"

#include <algorithm>

#include <fmt/format.h>

namespace vp {

std::string ProtocolViolation::str() const {
    return fmt::format("{} @ {}: [{}] {}: {}", checker, time.to_string(), rule, signal, text);
}

void ViolationLog::report(const std::string& checker, const std::string& signal, const std::string& rule,
                          const std::string& text, const sc_core::sc_time& at) {
    ProtocolViolation v{at, checker, signal, rule, text};
    violations_.push_back(v);
    if (strict_) throw ProtocolError(v);
    if (!quiet_) SC_REPORT_WARNING(kMsgType, v.str().c_str());
}

size_t ViolationLog::count(const std::string& rule) const {
    return static_cast<size_t>(std::count_if(violations_.begin(), violations_.end(),
                                             [&](const ProtocolViolation& v) { return v.rule == rule; }));
}

}  // namespace vp
