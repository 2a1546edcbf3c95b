#include "platform/debug/packet_codec.h"

namespace vp::gdb {

std::optional<Received> PacketDecoder::feed(char c) {
    switch (state_) {
        case State::idle:
            if (c == '$') {
                state_ = State::payload;
                buf_.clear();
                sum_ = 0;
                overflow_ = false;
                return std::nullopt;
            }
            if (c == '\x03') return Received{Received::interrupt, {}};
            if (c == '+') return Received{Received::ack, {}};
            if (c == '-') return Received{Received::nak, {}};
            return std::nullopt;  // noise between packets is ignored
        case State::payload:
            if (c == '#') {
                state_ = State::check1;
                return std::nullopt;
            }
            if (c == '$') {  // a new packet start inside a packet: restart (the old one was truncated)
                buf_.clear();
                sum_ = 0;
                overflow_ = false;
                return std::nullopt;
            }
            sum_ = static_cast<uint8_t>(sum_ + static_cast<uint8_t>(c));
            if (buf_.size() < kMaxPayload)
                buf_.push_back(c);
            else
                overflow_ = true;
            return std::nullopt;
        case State::check1:
            check_hi_ = hex_digit(c);
            state_ = State::check2;
            return std::nullopt;
        case State::check2: {
            state_ = State::idle;
            int lo = hex_digit(c);
            if (check_hi_ < 0 || lo < 0 || overflow_ || static_cast<uint8_t>(check_hi_ * 16 + lo) != sum_)
                return Received{Received::bad_checksum, {}};
            return Received{Received::packet, std::move(buf_)};
        }
    }
    return std::nullopt;
}

std::string encode_packet(std::string_view payload) {
    std::string out = "$";
    uint8_t sum = 0;
    auto put = [&](char c) {
        out.push_back(c);
        sum = static_cast<uint8_t>(sum + static_cast<uint8_t>(c));
    };
    for (char c : payload) {
        if (c == '$' || c == '#' || c == '}' || c == '*') {
            put('}');
            put(static_cast<char>(c ^ 0x20));
        } else {
            put(c);
        }
    }
    static const char digits[] = "0123456789abcdef";
    out.push_back('#');
    out.push_back(digits[sum >> 4]);
    out.push_back(digits[sum & 15]);
    return out;
}

std::string unescape_binary(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '}' && i + 1 < s.size())
            out.push_back(static_cast<char>(s[++i] ^ 0x20));
        else
            out.push_back(s[i]);
    }
    return out;
}

int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

std::optional<uint64_t> parse_hex(std::string_view s) {
    if (s.empty() || s.size() > 16) return std::nullopt;
    uint64_t v = 0;
    for (char c : s) {
        int d = hex_digit(c);
        if (d < 0) return std::nullopt;
        v = v << 4 | static_cast<uint64_t>(d);
    }
    return v;
}

std::optional<std::vector<uint8_t>> parse_hex_bytes(std::string_view s) {
    if (s.size() % 2) return std::nullopt;
    std::vector<uint8_t> out(s.size() / 2);
    for (size_t i = 0; i < out.size(); ++i) {
        int hi = hex_digit(s[2 * i]), lo = hex_digit(s[2 * i + 1]);
        if (hi < 0 || lo < 0) return std::nullopt;
        out[i] = static_cast<uint8_t>(hi << 4 | lo);
    }
    return out;
}

std::string to_hex(const void* data, size_t n) {
    static const char digits[] = "0123456789abcdef";
    const auto* p = static_cast<const uint8_t*>(data);
    std::string out(2 * n, '0');
    for (size_t i = 0; i < n; ++i) {
        out[2 * i] = digits[p[i] >> 4];
        out[2 * i + 1] = digits[p[i] & 15];
    }
    return out;
}

std::string to_hex(std::string_view s) {
    return to_hex(s.data(), s.size());
}

std::string le_hex(uint64_t v, unsigned bytes) {
    uint8_t b[8] = {};
    for (unsigned i = 0; i < bytes && i < 8; ++i) b[i] = static_cast<uint8_t>(v >> (8 * i));
    std::string out = to_hex(b, bytes < 8 ? bytes : 8);
    if (bytes > 8) out.append(2 * (bytes - 8), '0');
    return out;
}

std::optional<uint64_t> parse_le_hex(std::string_view s, unsigned bytes) {
    if (s.size() != 2 * size_t(bytes)) return std::nullopt;
    auto raw = parse_hex_bytes(s);
    if (!raw) return std::nullopt;
    uint64_t v = 0;
    for (unsigned i = 0; i < bytes && i < 8; ++i) v |= uint64_t((*raw)[i]) << (8 * i);
    return v;
}

}  // namespace vp::gdb
