// The folders are the layers (docs/ARCHITECTURE.md, "Layers"): a file may include project headers
// only from its own layer or the layers below it. This test reads every source file of the tree
// and fails on an include that reaches upwards, naming the file, the line and the header.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <string>
#include <vector>

namespace fs = std::filesystem;

namespace {

// Layer of a path relative to the source root, by its longest matching folder prefix.
const std::vector<std::pair<std::string, std::string>> kLayerOfFolder = {
    {"core/", "core"},         {"iss/systemc/", "iss/systemc"},
    {"iss/", "iss"},           {"tlm_bridges/", "tlm_bridges"},
    {"models/", "models"},     {"yaml/", "yaml"},
    {"platform/", "platform"},
};

// What each layer may include besides itself. The ISS is SystemC-free and stands alone.
const std::map<std::string, std::set<std::string>> kAllowed = {
    {"core", {}},
    {"iss", {}},
    {"iss/systemc", {"iss", "core"}},
    {"tlm_bridges", {"core"}},
    {"models", {"core", "tlm_bridges", "iss"}},
    {"yaml", {"core", "iss"}},
    {"platform", {"core", "iss", "iss/systemc", "tlm_bridges", "models", "yaml"}},
};

std::string layer_of(const std::string& rel) {
    for (const auto& [prefix, layer] : kLayerOfFolder)
        if (rel.rfind(prefix, 0) == 0) return layer;
    return {};
}

TEST(Layers, IncludesNeverReachUpwards) {
    const fs::path root = VP_SOURCE_DIR;
    const std::regex include_re(R"re(^\s*#\s*include\s*"([^"]+)")re");
    std::vector<std::string> violations;
    unsigned files = 0;
    for (const auto& [prefix, layer] : kLayerOfFolder) {
        for (const auto& entry : fs::recursive_directory_iterator(root / prefix)) {
            if (!entry.is_regular_file()) continue;
            const std::string ext = entry.path().extension().string();
            if (ext != ".h" && ext != ".cpp" && ext != ".inc") continue;
            const std::string rel = fs::relative(entry.path(), root).generic_string();
            if (layer_of(rel) != layer) continue;  // counted under its own (longer) prefix
            ++files;
            std::ifstream in(entry.path());
            std::string line;
            for (unsigned n = 1; std::getline(in, line); ++n) {
                std::smatch m;
                if (!std::regex_search(line, m, include_re)) continue;
                const std::string target = layer_of(m[1].str());
                if (target.empty() || target == layer || kAllowed.at(layer).count(target)) continue;
                violations.push_back(rel + ":" + std::to_string(n) + ": layer '" + layer + "' includes \"" +
                                     m[1].str() + "\" of layer '" + target + "'");
            }
        }
    }
    EXPECT_GT(files, 150u) << "the scan found too few sources under " << root;
    for (const std::string& v : violations) ADD_FAILURE() << v;
}

// The check itself: an include from a lower layer into a higher one is classified as upward.
TEST(Layers, TheRulesRejectAnUpwardInclude) {
    EXPECT_EQ(layer_of("models/pl011/pl011.cpp"), "models");
    EXPECT_EQ(layer_of("iss/systemc/cpu_module.cpp"), "iss/systemc");
    EXPECT_EQ(layer_of("iss/core/cpu.h"), "iss");
    EXPECT_EQ(kAllowed.at("models").count(layer_of("platform/simulation.h")), 0u);
    EXPECT_EQ(kAllowed.at("core").count(layer_of("models/chardev/char_backend.h")), 0u);
    EXPECT_EQ(kAllowed.at("iss").count(layer_of("core/device.h")), 0u);
}

}  // namespace
