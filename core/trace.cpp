#include "core/trace.h"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>

#include "core/error.h"
#include "core/host_events.h"

namespace vp::trace {

TraceFlag guest_errors{"guest_errors", "invalid device accesses and accesses to unmapped addresses"};
TraceFlag unimp{"unimp", "unimplemented instructions, system registers and device features"};
TraceFlag in_asm{"in_asm", "guest code of each new translation block"};
TraceFlag out_asm{"out_asm", "translated form of each new translation block"};
TraceFlag exec{"exec", "each translation block executed, with core and PC"};
TraceFlag cpu{"cpu", "register dump before each translation block"};
TraceFlag interrupts{"int", "exceptions and interrupts taken"};
TraceFlag mmu{"mmu", "page-table walks and translation faults"};
TraceFlag tlm{"tlm", "TLM transactions routed, per initiator and target"};
TraceFlag nochain{"nochain", "do not chain translation blocks"};
TraceFlag dev{"dev", "device register accesses, by register name"};

const std::vector<TraceFlag*>& all_flags() {
    static const std::vector<TraceFlag*> flags = {&guest_errors, &unimp, &in_asm, &out_asm, &exec, &cpu,
                                                  &interrupts,   &mmu,   &tlm,    &nochain, &dev};
    return flags;
}

TraceFlag* find(std::string_view name) {
    for (TraceFlag* f : all_flags())
        if (name == f->name()) return f;
    return nullptr;
}

std::string enable(std::string_view list) {
    while (!list.empty()) {
        size_t comma = list.find(',');
        std::string_view name = list.substr(0, comma);
        if (!name.empty()) {
            TraceFlag* f = find(name);
            if (!f) return "unknown trace flag '" + std::string(name) + "' (see -d help)";
            f->set(true);
        }
        if (comma == std::string_view::npos) break;
        list.remove_prefix(comma + 1);
    }
    return {};
}

std::string help_text() {
    std::string s = "Trace flags for -d (comma-separated):\n";
    for (TraceFlag* f : all_flags()) s += fmt::format("  {:<14} {}\n", f->name(), f->help());
    s +=
        "-dfilter RANGES (START..END, START+SIZE, START-END, comma-separated) limits in_asm, out_asm, exec,\n"
        "cpu and mmu to those addresses. -s DEVICE.log=debug shows one device's register accesses\n"
        "(dev) and guest errors without the global flags (levels: error, warn, info, debug).\n";
    return s;
}

namespace {
struct Range {
    uint64_t lo, hi;
};
std::vector<Range> g_dfilter;

bool parse_number(std::string_view t, uint64_t& v) {
    while (!t.empty() && t.front() == ' ') t.remove_prefix(1);
    while (!t.empty() && t.back() == ' ') t.remove_suffix(1);
    if (t.empty()) return false;
    std::string s(t);
    char* end = nullptr;
    errno = 0;
    v = std::strtoull(s.c_str(), &end, 0);
    return errno == 0 && end && *end == '\0' && s[0] != '-';
}
}  // namespace

std::string set_dfilter(std::string_view list) {
    std::vector<Range> ranges;
    while (!list.empty()) {
        size_t comma = list.find(',');
        std::string_view r = list.substr(0, comma);
        list = comma == std::string_view::npos ? std::string_view{} : list.substr(comma + 1);
        if (r.empty()) continue;
        uint64_t a = 0, b = 0;
        size_t at;
        bool ok = false;
        Range out{};
        if ((at = r.find("..")) != std::string_view::npos) {
            ok = parse_number(r.substr(0, at), a) && parse_number(r.substr(at + 2), b) && b >= a;
            out = {a, b};
        } else if ((at = r.find('+')) != std::string_view::npos) {
            ok = parse_number(r.substr(0, at), a) && parse_number(r.substr(at + 1), b) && b > 0 &&
                 a + (b - 1) >= a;
            out = {a, a + (b - 1)};
        } else if ((at = r.find('-', 1)) != std::string_view::npos) {
            ok = parse_number(r.substr(0, at), a) && parse_number(r.substr(at + 1), b) && b >= a;
            out = {a, b};
        }
        if (!ok)
            return "-dfilter: bad range '" + std::string(r) +
                   "' (expected START..END, START+SIZE or START-END)";
        ranges.push_back(out);
    }
    g_dfilter = std::move(ranges);
    return {};
}

bool dfilter_allows(uint64_t lo, uint64_t hi) {
    if (g_dfilter.empty()) return true;
    for (const Range& r : g_dfilter)
        if (lo <= r.hi && hi >= r.lo) return true;
    return false;
}

bool parse_log_level(std::string_view text, LogLevel& out) {
    static const char* const names[] = {"error", "warn", "info", "debug"};
    for (unsigned i = 0; i < 4; ++i)
        if (text == names[i]) {
            out = LogLevel(i);
            return true;
        }
    return false;
}

namespace {
std::FILE* g_log = nullptr;
std::string g_log_path;
bool g_log_failed = false;
std::mutex g_log_mutex;

// With g_log_mutex held: the log file cannot be written (errno `error`).
void log_failed(int error) {
    if (g_log_failed) return;
    g_log_failed = true;
    HostEvents::get().output_failed("log file '" + g_log_path + "'", error);
}
}  // namespace

void open_log_file(const std::string& path) {
    std::FILE* f = std::fopen(path.c_str(), "w");
    if (!f) throw Error("cannot open log file '" + path + "' for writing: " + std::strerror(errno));
    std::lock_guard lock(g_log_mutex);
    if (g_log) std::fclose(g_log);
    g_log = f;
    g_log_path = path;
    g_log_failed = false;
}

void write_line(std::string_view line) {
    std::lock_guard lock(g_log_mutex);
    if (!g_log) {
        std::fwrite(line.data(), 1, line.size(), stderr);
        std::fputc('\n', stderr);
        std::fflush(stderr);
        return;
    }
    if (g_log_failed) return;
    errno = 0;
    if (std::fwrite(line.data(), 1, line.size(), g_log) != line.size() || std::fputc('\n', g_log) == EOF)
        log_failed(errno ? errno : EIO);
}

bool close_log_file() {
    std::lock_guard lock(g_log_mutex);
    if (!g_log) return true;
    errno = 0;
    if (std::fclose(g_log) != 0 && !g_log_failed) log_failed(errno ? errno : EIO);
    g_log = nullptr;
    return !g_log_failed;
}

}  // namespace vp::trace
