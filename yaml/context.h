// What the loader knows while it reads one topology: the file name and directory, which
// YAML nodes came from the command line, and how to turn a node into a located error.
// Internal to yaml/.
#pragma once
#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/error.h"
#include "yaml/topology.h"

namespace vp::yamlx {

class Context {
public:
    Context(std::string file, std::string dir) : file_(std::move(file)), dir_(std::move(dir)) {}

    const std::string& file() const { return file_; }

    // Records that `n` and every node below it came from override `o`.
    void mark_override(const YAML::Node& n, const Override& o);
    // The override a node came from, or nullptr when it came from the file.
    const Override* override_of(const YAML::Node& n) const;

    // file:line:col of a node (1-based), or "<command line>" for override values.
    SourceLoc loc(const YAML::Node& n) const;
    // Throws ConfigError at `n`; for override values the message ends with what the user typed.
    [[noreturn]] void fail(const YAML::Node& n, const std::string& key, const std::string& message) const;
    // Location of a map key: the key node's mark when the file has one, else the value's.
    [[noreturn]] void fail_key(const YAML::Node& key, const YAML::Node& value, const std::string& path,
                               const std::string& message) const;

    // A path as the user wrote it at `n`, resolved: relative paths from the file are taken
    // relative to the file's directory, from the command line relative to the working directory.
    std::string resolve_path(const YAML::Node& n, const std::string& path) const;

private:
    std::string file_;
    std::string dir_;
    std::vector<std::pair<YAML::Node, Override>> from_command_line_;
};

// " (did you mean 'size'?)" for the closest candidate within a small edit distance, else "".
std::string did_you_mean(const std::string& word, const std::vector<std::string>& candidates);
std::string join(const std::vector<std::string>& items, const std::string& sep = ", ");
// Child of a map without ever inserting into it (an undefined node when absent).
inline YAML::Node child(const YAML::Node& map, const std::string& key) {
    if (!map.IsMap()) return YAML::Node(YAML::NodeType::Undefined);
    const YAML::Node& m = map;
    YAML::Node n = m[key];  // a "zombie" when absent: every query but IsDefined() throws on it
    return n.IsDefined() ? n : YAML::Node(YAML::NodeType::Undefined);
}
// units::parse_size, also for hex with '_' separators ("0x4000_0000"), which
// units::parse_size alone does not read.
std::optional<uint64_t> parse_size(const std::string& text);
inline std::string dotted(const std::string& parent, const std::string& key) {
    return parent.empty() ? key : parent + "." + key;
}

}  // namespace vp::yamlx
