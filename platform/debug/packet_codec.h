// GDB remote serial protocol framing (GDB manual, "Remote Protocol" / "Overview"):
// packets are `$payload#cc`, cc being the two-hex-digit modulo-256 sum of the payload bytes;
// the receiver answers `+` (good) or `-` (bad checksum, resend). A bare 0x03 byte outside a
// packet is an interrupt request. Inside binary data `}` escapes the next byte (XOR 0x20).
// This file only frames and encodes; it knows nothing about the simulation.
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vp::gdb {

// One unit received from the debugger.
struct Received {
    enum Kind { packet, bad_checksum, interrupt, ack, nak } kind;
    std::string payload;  // packet: the payload, still escaped as sent
};

// Byte-at-a-time decoder; never throws, whatever the input.
class PacketDecoder {
public:
    static constexpr size_t kMaxPayload = 0x10000;  // longer packets are dropped as bad

    // Feeds one byte; returns a unit when one is complete.
    std::optional<Received> feed(char c);

private:
    enum class State { idle, payload, check1, check2 } state_ = State::idle;
    std::string buf_;
    uint8_t sum_ = 0;
    int check_hi_ = 0;
    bool overflow_ = false;
};

// `$payload#cc` with `$ # } *` escaped in the payload (a `*` would read as run-length encoding).
std::string encode_packet(std::string_view payload);
// Undoes `}` escapes (X packet data, binary uploads).
std::string unescape_binary(std::string_view s);

// Hex helpers. parse_hex accepts 1..16 hex digits and nothing else.
int hex_digit(char c);  // -1 if not a hex digit
std::optional<uint64_t> parse_hex(std::string_view s);
std::optional<std::vector<uint8_t>> parse_hex_bytes(std::string_view s);
std::string to_hex(const void* data, size_t n);
std::string to_hex(std::string_view s);
// The low `bytes` bytes of v in target (little-endian) order, as hex.
std::string le_hex(uint64_t v, unsigned bytes);
// Inverse of le_hex; nullopt if s is not exactly 2*bytes hex digits.
std::optional<uint64_t> parse_le_hex(std::string_view s, unsigned bytes);

}  // namespace vp::gdb
