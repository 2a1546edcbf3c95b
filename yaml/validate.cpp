#include "yaml/validate.h"

#include <cctype>
#include <map>

#include "yaml/schema.h"

namespace vp::yamlx {

using schema::Key;
using schema::Type;

std::string describe(const YAML::Node& n) {
    if (!n.IsDefined() || n.IsNull()) return "nothing";
    if (n.IsMap()) return "a map";
    if (n.IsSequence()) return "a list";
    return "'" + n.Scalar() + "'";
}

namespace {

std::string last_segment(const std::string& pattern) {
    auto dot = pattern.rfind('.');
    return dot == std::string::npos ? pattern : pattern.substr(dot + 1);
}

void check_value(const YAML::Node& v, const Key& spec, const std::string& path, const YAML::Node& key_node,
                 const Context& cx);

void check_scalar_item(const YAML::Node& v, Type t, const std::string& what, const std::string& path,
                       const Context& cx) {
    if (!v.IsScalar()) cx.fail(v, path, "expected " + what + ", got " + describe(v));
    std::string err = schema::check_scalar(t, v.Scalar());
    if (!err.empty()) cx.fail(v, path, err);
}

// The keys of one map: each known to the schema (or, in an entry, a model property checked
// later), none twice, the required ones present.
void check_keys(const YAML::Node& map, const std::string& pattern, const std::string& path,
                const YAML::Node& where, const Context& cx, bool open) {
    std::vector<const Key*> known = schema::children(pattern);
    std::vector<std::string> names;
    for (const Key* k : known) names.push_back(last_segment(k->path));
    std::map<std::string, YAML::Node> seen;
    for (const auto& kv : map) {
        if (!kv.first.IsScalar())
            cx.fail(kv.first, path, "keys must be plain names, got " + describe(kv.first));
        const std::string k = kv.first.Scalar();
        const std::string key_path = dotted(path, k);
        if (auto it = seen.find(k); it != seen.end())
            cx.fail_key(kv.first, kv.second, key_path,
                        "duplicate key (first given at " + cx.loc(it->second).str() + ")");
        seen.emplace(k, kv.first);
        const Key* spec = schema::find(dotted(pattern, k));
        if (!spec) {
            if (open) continue;  // a model property: checked against the model's declaration
            cx.fail_key(
                kv.first, kv.second, key_path,
                "unknown key '" + k + "'" + did_you_mean(k, names) + "; valid keys here: " + join(names));
        }
        if (!spec->alias_of.empty()) {
            std::string canonical = last_segment(spec->alias_of);
            if (child(map, canonical).IsDefined())
                cx.fail_key(kv.first, kv.second, key_path,
                            "'" + k + "' and '" + canonical + "' are the same key; give one of them");
        }
        check_value(kv.second, *spec, key_path, kv.first, cx);
    }
    for (const Key* k : known) {
        std::string name = last_segment(k->path);
        if (k->required && !seen.count(name))
            cx.fail(where, dotted(path, name), "missing required key '" + name + "' (" + k->doc + ")");
    }
}

std::string article(const std::string& noun) {
    bool vowel = !noun.empty() && std::string("aeiou").find(noun[0]) != std::string::npos;
    return (vowel ? "an " : "a ") + noun;
}

bool valid_instance_name(const std::string& s) {
    if (s.empty()) return false;
    for (char c : s)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-') return false;
    return true;
}

void check_value(const YAML::Node& v, const Key& spec, const std::string& path, const YAML::Node& key_node,
                 const Context& cx) {
    const std::string pattern = spec.path;
    switch (spec.type) {
        case Type::map:
            if (v.IsNull()) return;
            if (!v.IsMap()) cx.fail(v, path, "expected a map of keys, got " + describe(v));
            check_keys(v, pattern, path, key_node, cx, false);
            return;
        case Type::instances:
            if (v.IsNull()) return;
            if (!v.IsMap()) cx.fail(v, path, "expected a map of instance name -> entry, got " + describe(v));
            for (const auto& kv : v) {
                if (!kv.first.IsScalar() || !valid_instance_name(kv.first.Scalar()))
                    cx.fail_key(kv.first, kv.second, path,
                                "instance name " + describe(kv.first) +
                                    " may contain only letters, digits, '_' and '-'");
                const Key* entry = schema::find(pattern + ".*");
                check_value(kv.second, *entry, dotted(path, kv.first.Scalar()), kv.first, cx);
            }
            return;
        case Type::entry:
            if (!v.IsMap())
                cx.fail_key(key_node, v, path, "expected a map (model:, base:, ...), got " + describe(v));
            check_keys(v, pattern, path, key_node, cx, true);
            return;
        case Type::string:
            if (!v.IsNull() && !v.IsScalar()) cx.fail(v, path, "expected a string, got " + describe(v));
            return;
        case Type::path:
            if (!v.IsScalar()) cx.fail(v, path, "expected a file path, got " + describe(v));
            return;
        case Type::strings:
            if (v.IsSequence()) {
                for (const auto& item : v)
                    if (!item.IsScalar()) cx.fail(item, path, "expected a string, got " + describe(item));
                return;
            }
            if (!v.IsScalar()) cx.fail(v, path, "expected a string or a list of strings, got " + describe(v));
            return;
        case Type::integers:
            if (v.IsSequence()) {
                for (const auto& item : v) check_scalar_item(item, spec.type, "an integer", path, cx);
                return;
            }
            check_scalar_item(v, spec.type, "an integer or a list of integers", path, cx);
            return;
        default: check_scalar_item(v, spec.type, article(schema::type_name(spec.type)), path, cx); return;
    }
}

}  // namespace

void validate_structure(const YAML::Node& root, const Context& cx) {
    check_keys(root, "", "", root, cx, false);
}

}  // namespace vp::yamlx
