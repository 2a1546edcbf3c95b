// The topology schema: every key a topology file may contain, its type, whether it is
// required and what it means. One table (schema.cpp) drives validation and `schema_help()`.
// Internal to yaml/.
#pragma once
#include <string>
#include <vector>

namespace vp::schema {

enum class Type {
    map,        // a map of the keys listed below it
    instances,  // a map: instance name -> entry (memory:, devices:)
    entry,      // one instance: the listed keys, every other key is a model property
    string,
    strings,    // a string or a list of strings
    integer,    // decimal or 0x-hex, '_' allowed
    address,    // like integer; K/M/G/T suffixes allowed
    size,       // integer with an optional K/M/G/T suffix
    time,       // 10us, 1ms, ...
    frequency,  // 1GHz, 24MHz, plain Hz
    path,       // a file that must exist; relative to the YAML file's directory
    integers,   // an integer or a list of integers
};

struct Key {
    std::string path;  // dotted pattern; "*" stands for any instance name
    Type type;
    bool required;
    std::string doc;
    std::string alias_of = {};  // another spelling of this key (the pattern it stands for)
};

const std::vector<Key>& keys();
const Key* find(const std::string& pattern);
// Keys directly below `pattern` ("" = the top level), in table order.
std::vector<const Key*> children(const std::string& pattern);
const char* type_name(Type t);
// Checks the text of a scalar against a scalar type; returns an error text or "".
std::string check_scalar(Type t, const std::string& text);

// The keys that are not model properties inside a memory:/devices: entry.
bool is_reserved_entry_key(const std::string& key);

}  // namespace vp::schema
