#include "yaml/context.h"

#include <algorithm>
#include <filesystem>

#include "core/units.h"

namespace vp::yamlx {

namespace {

void collect(const YAML::Node& n, std::vector<YAML::Node>& out) {
    out.push_back(n);
    if (n.IsSequence())
        for (const auto& item : n) collect(item, out);
    if (n.IsMap())
        for (const auto& kv : n) {
            collect(kv.first, out);
            collect(kv.second, out);
        }
}

size_t edit_distance(const std::string& a, const std::string& b) {
    std::vector<size_t> row(b.size() + 1);
    for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (size_t i = 1; i <= a.size(); ++i) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= b.size(); ++j) {
            size_t up = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diag = up;
        }
    }
    return row[b.size()];
}

}  // namespace

void Context::mark_override(const YAML::Node& n, const Override& o) {
    std::vector<YAML::Node> nodes;
    collect(n, nodes);
    for (const auto& node : nodes) from_command_line_.emplace_back(node, o);
}

const Override* Context::override_of(const YAML::Node& n) const {
    if (!n.IsDefined()) return nullptr;
    // Latest first: a later override of the same key wins.
    for (auto it = from_command_line_.rbegin(); it != from_command_line_.rend(); ++it)
        if (it->first.is(n)) return &it->second;
    return nullptr;
}

SourceLoc Context::loc(const YAML::Node& n) const {
    if (!n.IsDefined()) return SourceLoc{file_, 0, 0};
    if (override_of(n)) return SourceLoc{"<command line>", 0, 0};
    YAML::Mark m = n.Mark();
    if (m.is_null()) return SourceLoc{file_, 0, 0};
    return SourceLoc{file_, m.line + 1, m.column + 1};
}

void Context::fail(const YAML::Node& n, const std::string& key, const std::string& message) const {
    const Override* o = override_of(n);
    throw ConfigError(loc(n), key, o ? message + " (in '" + o->origin + "')" : message);
}

void Context::fail_key(const YAML::Node& key, const YAML::Node& value, const std::string& path,
                       const std::string& message) const {
    // Keys an override created have no position of their own; their value knows the origin.
    if (override_of(value) || key.Mark().is_null()) fail(value, path, message);
    fail(key, path, message);
}

std::string Context::resolve_path(const YAML::Node& n, const std::string& path) const {
    namespace fs = std::filesystem;
    if (path.empty() || override_of(n) || dir_.empty()) return path;
    fs::path p(path);
    if (p.is_absolute()) return path;
    return (fs::path(dir_) / p).lexically_normal().string();
}

std::string did_you_mean(const std::string& word, const std::vector<std::string>& candidates) {
    std::string best;
    size_t best_d = SIZE_MAX;
    for (const auto& c : candidates) {
        size_t d = edit_distance(word, c);
        if (d < best_d) {
            best_d = d;
            best = c;
        }
    }
    // Close enough to be a typo: at most a third of the word, and at least one edit allowed.
    if (best.empty() || best_d > std::max<size_t>(1, std::max(word.size(), best.size()) / 3)) return {};
    return " (did you mean '" + best + "'?)";
}

std::optional<uint64_t> parse_size(const std::string& text) {
    std::string s;
    for (char c : text)
        if (c != '_') s += c;
    return units::parse_size(s);
}

std::string join(const std::vector<std::string>& items, const std::string& sep) {
    std::string s;
    for (size_t i = 0; i < items.size(); ++i) s += (i ? sep : "") + items[i];
    return s;
}

}  // namespace vp::yamlx
