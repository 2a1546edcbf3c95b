// What must be equal between a run and its restored continuation (docs/ARCHITECTURE.md,
// Checkpoints): the simulated end time and every core's instruction count, from the --stats JSON
// (its wall-clock figures excluded).
#pragma once
#include <fstream>
#include <iterator>
#include <regex>
#include <string>

namespace vp::test {

inline std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

inline std::string end_state(const std::string& stats_path) {
    const std::string json = read_file(stats_path);
    std::string out;
    static const std::regex fields(R"re("(simulated_seconds|core|instructions)": [0-9.]+)re");
    for (auto it = std::sregex_iterator(json.begin(), json.end(), fields); it != std::sregex_iterator(); ++it)
        out += it->str() + "\n";
    return out;
}

}  // namespace vp::test
