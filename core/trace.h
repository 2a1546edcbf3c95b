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

// -dfilter RANGES (QEMU syntax): comma-separated START..END (inclusive), START+SIZE or
// START-END (inclusive); numbers in C syntax (0x.. hex). Returns an error text, "" when valid.
std::string set_dfilter(std::string_view ranges);
// Whether the address range [lo, hi] (inclusive) overlaps the -dfilter ranges (true when unset).
// Limits the address-based flags: in_asm, out_asm, exec, cpu (block addresses), mmu (VA).
bool dfilter_allows(uint64_t lo, uint64_t hi);

// Per-device log level (`-s DEVICE.log=LEVEL`): error < warn < info < debug. A device's
// guest_errors messages are `warn`, its register accesses (`dev`) `debug`.
enum class LogLevel : uint8_t { error, warn, info, debug };
// "error", "warn", "info" or "debug"; false for anything else.
bool parse_log_level(std::string_view text, LogLevel& out);

// Log sink: stderr unless open_log_file() was called (-D FILE). A write error on the log file is
// reported once (HostEvents::output_failed: the run ends with status 1); later lines are dropped.
void open_log_file(const std::string& path);
void write_line(std::string_view line);
// Flushes and closes the log file (at the end of a run); false after a write error.
bool close_log_file();
}  // namespace trace

}  // namespace vp

#define VP_TRACE(flag, ...)                                                   \
    do {                                                                      \
        if ((flag).on()) ::vp::trace::write_line(::fmt::format(__VA_ARGS__)); \
    } while (0)
