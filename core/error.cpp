#include "core/error.h"

namespace vp {

std::string SourceLoc::str() const {
    std::string s = file.empty() ? std::string("<unknown>") : file;
    if (line > 0) {
        s += ":" + std::to_string(line);
        if (column > 0) s += ":" + std::to_string(column);
    }
    return s;
}

ConfigError::ConfigError(const SourceLoc& loc, const std::string& key, const std::string& what)
    : Error(loc.str() + ": " + (key.empty() ? std::string() : "'" + key + "': ") + what),
      loc_(loc),
      key_(key) {}

}  // namespace vp
