#include "platform/stats.h"

#include <fmt/format.h>

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
};

struct RunStats {
    double simulated = 0, wall = 0;
    uint64_t instructions = 0;
    double mips = 0;
    std::vector<CoreStats> cores;
};

double per_second(double n, double seconds) { return seconds > 0 ? n / seconds : 0.0; }

RunStats collect(const Platform& platform, double wall) {
    RunStats r;
    r.simulated = sc_core::sc_time_stamp().to_seconds();
    r.wall = wall;
    for (const auto& cpu : platform.cpus()) {
        const iss::Cpu& core = cpu->core();
        double sleep = cpu->sleep_time().to_seconds();
        r.cores.push_back(CoreStats{cpu->core_id(), cpu->instructions(),
                                    per_second(static_cast<double>(cpu->instructions()), wall) / 1e6, sleep,
                                    r.simulated > 0 ? sleep / r.simulated : 0.0, core.tb_count(), core.stats()});
        r.instructions += cpu->instructions();
    }
    r.mips = per_second(static_cast<double>(r.instructions), wall) / 1e6;
    return r;
}

}  // namespace

std::string stats_json(const Platform& platform, double wall_seconds) {
    RunStats r = collect(platform, wall_seconds);
    std::string cores;
    for (const CoreStats& c : r.cores) {
        if (!cores.empty()) cores += ",\n";
        cores += fmt::format(
            R"(    {{"core": {}, "instructions": {}, "mips": {:.2f}, "sleep_seconds": {:.9f}, "sleep_share": {:.4f}, )"
            R"("tb_count": {}, "blocks": {}, "translations": {}, "exceptions": {}}})",
            c.core, c.instructions, c.mips, c.sleep_seconds, c.sleep_share, c.tb_count, c.iss.blocks,
            c.iss.translations, c.iss.exceptions);
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
    for (const CoreStats& c : r.cores)
        out += fmt::format("  cpu{}: {} instructions, {:.2f} MIPS, asleep {:.1f}%, {} translated blocks cached\n", c.core,
                           c.instructions, c.mips, 100.0 * c.sleep_share, c.tb_count);
    for (const Router::Mapping& m : platform.router().mappings())
        if (m.transactions || m.debug_accesses || m.dmi_requests)
            out += fmt::format("  {}: {} transactions, {} debug, {} DMI requests\n", m.name, m.transactions,
                               m.debug_accesses, m.dmi_requests);
    if (platform.router().unmapped_accesses())
        out += fmt::format("  unmapped: {} accesses\n", platform.router().unmapped_accesses());
    return out;
}

}  // namespace vp
