#include "platform/stats.h"

#include <fmt/format.h>

#include <algorithm>

#include "iss/systemc/cpu_module.h"
#include "platform/platform.h"

namespace vp {

namespace {

struct CoreStats {
    unsigned core;
    uint64_t instructions;
    double mips, sleep_seconds, sleep_share;
    size_t tb_count;
    iss::Cpu::Stats iss;
    CpuModule::MemStats mem;
    uint64_t host_code_bytes;  // the x86-64 tier's code buffer in use
};

struct RunStats {
    double simulated = 0, wall = 0;
    uint64_t instructions = 0;
    double mips = 0;
    std::vector<CoreStats> cores;
};

double per_second(double n, double seconds) {
    return seconds > 0 ? n / seconds : 0.0;
}
double ratio(uint64_t n, uint64_t total) {
    return total ? double(n) / double(total) : 0.0;
}

// Simulated time: SystemC time, or later when a core ran ahead of it inside its quantum (the
// core that ends the run stops before synchronising its local time offset).
double simulated_seconds(const Platform& platform) {
    sc_core::sc_time t = sc_core::sc_time_stamp();
    for (const auto& cpu : platform.cpus())
        if (cpu->powered()) t = std::max(t, cpu->local_time_now());
    return t.to_seconds();
}

RunStats collect(const Platform& platform, double wall) {
    RunStats r;
    r.simulated = simulated_seconds(platform);
    r.wall = wall;
    for (const auto& cpu : platform.cpus()) {
        const iss::Cpu& core = cpu->core();
        double sleep = cpu->sleep_time().to_seconds();
        r.cores.push_back(CoreStats{cpu->core_id(), cpu->instructions(),
                                    per_second(static_cast<double>(cpu->instructions()), wall) / 1e6, sleep,
                                    r.simulated > 0 ? sleep / r.simulated : 0.0, core.tb_count(),
                                    core.stats(), cpu->mem_stats(), core.host_code_bytes()});
        r.instructions += cpu->instructions();
    }
    r.mips = per_second(static_cast<double>(r.instructions), wall) / 1e6;
    return r;
}

// Exception classes (ESR_ELx.EC) by name.
std::string ec_class(unsigned ec) {
    switch (ec) {
        case 0x00: return "undefined";
        case 0x01: return "wfx";
        case 0x07: return "fp_access";
        case 0x0E: return "illegal_state";
        case 0x15: return "svc";
        case 0x16: return "hvc";
        case 0x17: return "smc";
        case 0x18: return "sysreg";
        case 0x20: return "iabort_lower";
        case 0x21: return "iabort";
        case 0x22: return "pc_align";
        case 0x24: return "dabort_lower";
        case 0x25: return "dabort";
        case 0x26: return "sp_align";
        case 0x3C: return "brk";
        default: return fmt::format("ec_0x{:02x}", ec);
    }
}

// (class, count) pairs with a non-zero count: synchronous classes, then irq and fiq.
std::vector<std::pair<std::string, uint64_t>> exception_classes(const iss::Cpu::Stats& s) {
    std::vector<std::pair<std::string, uint64_t>> out;
    for (unsigned ec = 0; ec < 64; ++ec)
        if (s.sync_by_ec[ec]) out.emplace_back(ec_class(ec), s.sync_by_ec[ec]);
    if (s.irqs) out.emplace_back("irq", s.irqs);
    if (s.fiqs) out.emplace_back("fiq", s.fiqs);
    return out;
}

}  // namespace

std::string stats_json(const Platform& platform, double wall_seconds) {
    RunStats r = collect(platform, wall_seconds);
    std::string cores;
    for (const CoreStats& c : r.cores) {
        if (!cores.empty()) cores += ",\n";
        std::string classes;
        for (const auto& [name, n] : exception_classes(c.iss))
            classes += fmt::format("{}\"{}\": {}", classes.empty() ? "" : ", ", name, n);
        const uint64_t dispatched = c.iss.blocks;
        cores += fmt::format(
            R"(    {{"core": {}, "instructions": {}, "mips": {:.2f}, "sleep_seconds": {:.9f}, "sleep_share": {:.4f}, )"
            R"("tb_count": {}, "blocks": {}, "translations": {}, "host_blocks": {}, "host_runs": {}, "host_side_exits": {}, "indirect_misses": {}, "block_parts": {}, "host_flushes": {}, "host_code_bytes": {}, "exceptions": {}, "exceptions_by_class": {{{}}}, )"
            R"("tb_lookups": {}, "tb_lookup_hit_rate": {:.4f}, "tb_chained": {}, "tb_chain_rate": {:.4f}, )"
            R"("tb_flushes": {}, "ic_invalidations": {}, "tb_revalidated": {}, "slow_accesses": {}, "dmi_host_pages": {}, "dmi_denied": {}, "dmi_hit_rate": {:.4f}, "transports": {}}})",
            c.core, c.instructions, c.mips, c.sleep_seconds, c.sleep_share, c.tb_count, c.iss.blocks,
            c.iss.translations, c.iss.host_blocks, c.iss.host_runs, c.iss.host_side_exits,
            c.iss.indirect_misses, c.iss.parts, c.iss.host_flushes, c.host_code_bytes, c.iss.exceptions,
            classes, c.iss.lookups,
            ratio(c.iss.lookups - std::min(c.iss.lookups, c.iss.translations), c.iss.lookups), c.iss.chained,
            ratio(c.iss.chained, dispatched), c.iss.flushes, c.iss.ic_invalidations, c.iss.revalidated,
            c.iss.slow_accesses, c.mem.host_pages, c.mem.host_pages_denied,
            ratio(c.mem.host_pages, c.mem.host_pages + c.mem.host_pages_denied), c.mem.transports);
    }
    std::string devices;
    for (const Router::Mapping& m : platform.router().mappings()) {
        if (!devices.empty()) devices += ",\n";
        devices += fmt::format(
            R"(    {{"name": "{}", "base": "0x{:x}", "size": "0x{:x}", "transactions": {}, "debug_accesses": {}, )"
            R"("dmi_requests": {}}})",
            m.name, m.base, m.size, m.transactions, m.debug_accesses, m.dmi_requests);
    }
    return fmt::format(
        "{{\n  \"simulated_seconds\": {:.9f},\n  \"wall_seconds\": {:.6f},\n  \"instructions\": {},\n"
        "  \"mips\": {:.2f},\n  \"simulated_per_wall\": {:.6f},\n  \"unmapped_accesses\": {},\n"
        "  \"cores\": [\n{}\n  ],\n  \"devices\": [\n{}\n  ]\n}}\n",
        r.simulated, r.wall, r.instructions, r.mips, per_second(r.simulated, r.wall),
        platform.router().unmapped_accesses(), cores, devices);
}

std::string stats_text(const Platform& platform, double wall_seconds) {
    RunStats r = collect(platform, wall_seconds);
    std::string out = fmt::format(
        "vp statistics: {:.6f} s simulated in {:.3f} s wall ({:.3f}x), {} instructions, {:.2f} MIPS\n",
        r.simulated, r.wall, per_second(r.simulated, r.wall), r.instructions, r.mips);
    for (const CoreStats& c : r.cores) {
        out += fmt::format(
            "  cpu{}: {} instructions, {:.2f} MIPS, asleep {:.1f}%, {} translated blocks cached\n", c.core,
            c.instructions, c.mips, 100.0 * c.sleep_share, c.tb_count);
        if (!c.iss.blocks) continue;
        out += fmt::format(
            "        blocks: {} executed, {} translated, {:.1f}% lookup hits, {:.1f}% chained, {} flushes\n",
            c.iss.blocks, c.iss.translations,
            100.0 * ratio(c.iss.lookups - std::min(c.iss.lookups, c.iss.translations), c.iss.lookups),
            100.0 * ratio(c.iss.chained, c.iss.blocks), c.iss.flushes);
        out += fmt::format("        memory: {:.1f}% DMI host pages ({} of {}), {} transactions\n",
                           100.0 * ratio(c.mem.host_pages, c.mem.host_pages + c.mem.host_pages_denied),
                           c.mem.host_pages, c.mem.host_pages + c.mem.host_pages_denied, c.mem.transports);
        std::string classes;
        for (const auto& [name, n] : exception_classes(c.iss)) classes += fmt::format(" {} {}", name, n);
        if (!classes.empty()) out += fmt::format("        exceptions:{}\n", classes);
    }
    for (const Router::Mapping& m : platform.router().mappings())
        if (m.transactions || m.debug_accesses || m.dmi_requests)
            out += fmt::format("  {}: {} transactions, {} debug, {} DMI requests\n", m.name, m.transactions,
                               m.debug_accesses, m.dmi_requests);
    if (platform.router().unmapped_accesses())
        out += fmt::format("  unmapped: {} accesses\n", platform.router().unmapped_accesses());
    return out;
}

std::string progress_line(const Platform& platform, double wall_seconds) {
    double simulated = simulated_seconds(platform);
    uint64_t insns = 0;
    for (const auto& cpu : platform.cpus()) insns += cpu->instructions();
    return fmt::format("vp: {:.6f} s simulated, {:.1f} s wall, {} instructions, {:.1f} MIPS", simulated,
                       wall_seconds, insns, per_second(static_cast<double>(insns), wall_seconds) / 1e6);
}

}  // namespace vp
