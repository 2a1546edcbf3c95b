#include "platform/stats.h"

#include <fmt/format.h>

#include "iss/systemc/cpu_module.h"
#include "platform/platform.h"

namespace vp {

std::string stats_json(const Platform& platform, double wall_seconds) {
    uint64_t total = 0;
    std::string cores;
    for (const auto& cpu : platform.cpus()) {
        total += cpu->instructions();
        if (!cores.empty()) cores += ",\n";
        cores += fmt::format(R"(    {{"core": {}, "instructions": {}, "sleep_seconds": {:.9f}, "tb_count": {}}})",
                             cpu->core_id(), cpu->instructions(), cpu->sleep_time().to_seconds(),
                             const_cast<CpuModule&>(*cpu).core().tb_count());
    }
    double mips = wall_seconds > 0 ? static_cast<double>(total) / wall_seconds / 1e6 : 0.0;
    return fmt::format(
        "{{\n  \"simulated_seconds\": {:.9f},\n  \"wall_seconds\": {:.6f},\n  \"instructions\": {},\n"
        "  \"mips\": {:.2f},\n  \"cores\": [\n{}\n  ]\n}}\n",
        sc_core::sc_time_stamp().to_seconds(), wall_seconds, total, mips, cores);
}

}  // namespace vp
