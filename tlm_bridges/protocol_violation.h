// Protocol violations found by the checkers in tlm_bridges/ (APB, AXI4-Lite pin monitors and
// the TLM-2.0 LT base-protocol checker). Each checker owns a ViolationLog: it keeps every
// violation (SystemC time, checker instance, signal or payload field, rule id, rule text) for
// tests and tools, reports it with SC_REPORT_WARNING, and in strict mode throws instead.
#pragma once
#include <string>
#include <vector>

#include <systemc>

#include "core/error.h"

namespace vp {

struct ProtocolViolation {
    sc_core::sc_time time;  // simulated time at which the checker saw it
    std::string checker;    // hierarchical name of the checker
    std::string signal;     // pin ("PENABLE") or payload field ("response_status")
    std::string rule;       // stable id, e.g. "apb.penable_without_setup"
    std::string text;       // the rule, in words, and what was seen
    std::string str() const;
};

// Thrown in strict mode. Thrown from inside a SystemC process it leaves sc_start() as an
// sc_report/exception (SystemC wraps exceptions escaping processes).
class ProtocolError : public Error {
public:
    explicit ProtocolError(const ProtocolViolation& v) : Error(v.str()), violation_(v) {}
    const ProtocolViolation& violation() const { return violation_; }

private:
    ProtocolViolation violation_;
};

class ViolationLog {
public:
    // The SystemC message type the warnings are reported under.
    static constexpr const char* kMsgType = "/vp/protocol_violation";

    // `at`: the simulated time of the pins or payload (a C++ cycle loop runs ahead of SystemC time).
    void report(const std::string& checker, const std::string& signal, const std::string& rule,
                const std::string& text, const sc_core::sc_time& at = sc_core::sc_time_stamp());
    const std::vector<ProtocolViolation>& violations() const { return violations_; }
    size_t count(const std::string& rule) const;  // violations of one rule
    void clear() { violations_.clear(); }
    void set_strict(bool strict) { strict_ = strict; }
    bool strict() const { return strict_; }
    // Quiet: keep the record but do not emit SC_REPORT_WARNING (tests that provoke violations).
    void set_quiet(bool quiet) { quiet_ = quiet; }

private:
    std::vector<ProtocolViolation> violations_;
    bool strict_ = false;
    bool quiet_ = false;
};

}  // namespace vp
