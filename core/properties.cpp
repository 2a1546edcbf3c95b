#include "core/properties.h"

#include <filesystem>

#include "core/units.h"

namespace vp {

const char* prop_type_name(PropType t) {
    switch (t) {
        case PropType::integer: return "integer";
        case PropType::size: return "size";
        case PropType::boolean: return "boolean";
        case PropType::string: return "string";
        case PropType::path: return "path";
        case PropType::time: return "time";
        case PropType::frequency: return "frequency";
    }
    return "?";
}

std::string check_property(const PropertySpec& spec, const std::string& raw) {
    switch (spec.type) {
        case PropType::integer:
            if (!units::parse_uint(raw)) return "expected an integer (decimal or 0x-hex), got '" + raw + "'";
            break;
        case PropType::size:
            if (!units::parse_size(raw))
                return "expected a size such as 4096, 0x1000, 64K or 2G, got '" + raw + "'";
            break;
        case PropType::boolean:
            if (!units::parse_bool(raw)) return "expected true or false, got '" + raw + "'";
            break;
        case PropType::time:
            if (!units::parse_time_ps(raw)) return "expected a time such as 10ns or 1us, got '" + raw + "'";
            break;
        case PropType::frequency:
            if (!units::parse_frequency(raw)) return "expected a frequency such as 24MHz, got '" + raw + "'";
            break;
        case PropType::path:
            if (!raw.empty() && !std::filesystem::exists(raw)) return "file '" + raw + "' does not exist";
            break;
        case PropType::string: break;
    }
    return {};
}

const PropertyValues::Value& PropertyValues::at(const std::string& name) const {
    auto it = values_.find(name);
    if (it == values_.end()) throw Error("property '" + name + "' has no value and no default");
    return it->second;
}

uint64_t PropertyValues::get_u64(const std::string& name) const {
    const Value& v = at(name);
    auto n = units::parse_size(v.raw);
    if (!n) throw ConfigError(v.loc, name, "expected an integer, got '" + v.raw + "'");
    return *n;
}

bool PropertyValues::get_bool(const std::string& name) const {
    const Value& v = at(name);
    auto b = units::parse_bool(v.raw);
    if (!b) throw ConfigError(v.loc, name, "expected true or false, got '" + v.raw + "'");
    return *b;
}

uint64_t PropertyValues::get_time_ps(const std::string& name) const {
    const Value& v = at(name);
    auto t = units::parse_time_ps(v.raw);
    if (!t) throw ConfigError(v.loc, name, "expected a time, got '" + v.raw + "'");
    return *t;
}

double PropertyValues::get_frequency(const std::string& name) const {
    const Value& v = at(name);
    auto f = units::parse_frequency(v.raw);
    if (!f) throw ConfigError(v.loc, name, "expected a frequency, got '" + v.raw + "'");
    return *f;
}

void apply_defaults(const std::vector<PropertySpec>& specs, PropertyValues& values) {
    for (const PropertySpec& s : specs)
        if (!values.has(s.name) && !s.default_value.empty())
            values.set(s.name, {s.default_value, SourceLoc{"<default>", 0, 0}, s.type});
}

}  // namespace vp
