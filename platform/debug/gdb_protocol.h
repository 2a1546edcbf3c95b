// What the GDB stub's parts share of the remote protocol beyond framing (packet_codec.h): the
// error replies it sends and the splitting of packet arguments.
#pragma once
#include <string>
#include <string_view>

namespace vp::gdb {

// Error replies ("Enn", GDB manual "Standard Replies"; the numbers are errno values gdb shows).
inline const std::string kErrBadArgs = "E01";    // malformed packet arguments
inline const std::string kErrBadThread = "E02";  // no such thread
inline const std::string kErrMemory = "E14";     // memory not accessible (EFAULT)

// Splits "a,b" / "a:b" at the first `sep`.
inline bool split(std::string_view s, char sep, std::string_view& a, std::string_view& b) {
    size_t i = s.find(sep);
    if (i == std::string_view::npos) return false;
    a = s.substr(0, i);
    b = s.substr(i + 1);
    return true;
}

}  // namespace vp::gdb
