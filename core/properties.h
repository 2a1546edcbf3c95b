// Model properties: declared once by each model (name, type, default, documentation),
// validated by the YAML loader, read back typed by the model's constructor.
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/error.h"

namespace vp {

enum class PropType { integer, size, boolean, string, path, time, frequency };
const char* prop_type_name(PropType t);

struct PropertySpec {
    std::string name;
    PropType type;
    std::string default_value;  // empty: no default (optional string/path) unless required
    std::string doc;
    bool required = false;
    // A host connection (a backend, a log level), not part of the machine: a checkpoint restores
    // under another value (docs/ARCHITECTURE.md, Checkpoints).
    bool host_side = false;
};

// Checks one raw value against its spec; returns an error text or "".
std::string check_property(const PropertySpec& spec, const std::string& raw);

class PropertyValues {
public:
    struct Value {
        std::string raw;
        SourceLoc loc;
        PropType type = PropType::string;
    };
    void set(const std::string& name, Value v) { values_[name] = std::move(v); }
    void erase(const std::string& name) { values_.erase(name); }
    bool has(const std::string& name) const { return values_.count(name) != 0; }
    const Value& at(const std::string& name) const;

    std::string get_string(const std::string& name) const { return at(name).raw; }
    uint64_t get_u64(const std::string& name) const;  // integer or size
    bool get_bool(const std::string& name) const;
    uint64_t get_time_ps(const std::string& name) const;
    double get_frequency(const std::string& name) const;
    const std::map<std::string, Value>& all() const { return values_; }

private:
    std::map<std::string, Value> values_;
};

// Fills every declared property that has a default and no value yet.
void apply_defaults(const std::vector<PropertySpec>& specs, PropertyValues& values);

}  // namespace vp
