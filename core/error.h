// Errors vp reports to the user: configuration mistakes, missing files, bad images.
// Guest misbehaviour is never an Error; it is answered as the architecture says.
#pragma once
#include <stdexcept>
#include <string>

namespace vp {

// Where a configuration value came from: a YAML file position or the command line.
struct SourceLoc {
    std::string file;  // file name, or "<command line>"
    int line = 0;      // 1-based; 0 when unknown
    int column = 0;    // 1-based; 0 when unknown
    std::string str() const;
};

class Error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// A configuration error: the message always names file, line, column and key.
class ConfigError : public Error {
public:
    ConfigError(const SourceLoc& loc, const std::string& key, const std::string& what);
    const SourceLoc& loc() const { return loc_; }
    const std::string& key() const { return key_; }

private:
    SourceLoc loc_;
    std::string key_;
};

}  // namespace vp
