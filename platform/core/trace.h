// Trace flags (-d NAME,...) and the log they write to (-D FILE).
// The flag set is one table in trace.cpp; a disabled flag costs one predictable branch.
#pragma once
#include <fmt/format.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace vp {

class TraceFlag {
public:
    TraceFlag(const char* name, const char* help) : name_(name), help_(help) {}
    bool on() const { return on_; }
    void set(bool on) { on_ = on; }
    const char* name() const { return name_; }
    const char* help() const { return help_; }

private:
    const char* name_;
    const char* help_;
    bool on_ = false;
};

namespace trace {
extern TraceFlag guest_errors;  // invalid device accesses, unmapped addresses
extern TraceFlag unimp;         // unimplemented instructions, registers and device features
extern TraceFlag in_asm;        // guest code of each new translation block
extern TraceFlag out_asm;       // translated form of each new translation block
extern TraceFlag exec;          // each translation block executed
extern TraceFlag cpu;           // register dump before each translation block
extern TraceFlag interrupts;    // "int": exceptions and interrupts taken
extern TraceFlag mmu;           // page-table walks and faults
extern TraceFlag tlm;           // TLM transactions through the router
extern TraceFlag nochain;       // disable translation-block chaining
extern TraceFlag dev;           // device register accesses by name

const std::vector<TraceFlag*>& all_flags();
TraceFlag* find(std::string_view name);
// Enables a comma-separated list ("in_asm,int"); returns an error text for an unknown name.
std::string enable(std::string_view list);
std::string help_text();

// Log sink: stderr unless open_log_file() was called (-D FILE).
void open_log_file(const std::string& path);
void write_line(std::string_view line);
}  // namespace trace

}  // namespace vp

#define VP_TRACE(flag, ...)                                                 \
    do {                                                                    \
        if ((flag).on()) ::vp::trace::write_line(::fmt::format(__VA_ARGS__)); \
    } while (0)
