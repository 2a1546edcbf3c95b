#include "core/state_stream.h"

#include <fmt/format.h>

namespace vp {

void StateWriter::u32(uint32_t v) {
    for (int i = 0; i < 4; ++i) bytes_.push_back(static_cast<uint8_t>(v >> (8 * i)));
}

void StateWriter::u64(uint64_t v) {
    for (int i = 0; i < 8; ++i) bytes_.push_back(static_cast<uint8_t>(v >> (8 * i)));
}

void StateWriter::time(const sc_core::sc_time& t) {
    u64(t == sc_core::sc_max_time() ? ~0ull : t.value());
}

void StateWriter::bytes(std::span<const uint8_t> data) {
    u64(data.size());
    bytes_.insert(bytes_.end(), data.begin(), data.end());
}

void StateWriter::string(const std::string& s) {
    bytes({reinterpret_cast<const uint8_t*>(s.data()), s.size()});
}

std::span<const uint8_t> StateReader::take(size_t n) {
    if (n > data_.size() - pos_)
        throw CheckpointError(fmt::format("checkpoint: {}: state ends after {} bytes, {} more expected",
                                          section_, data_.size(), n - (data_.size() - pos_)));
    auto s = data_.subspan(pos_, n);
    pos_ += n;
    return s;
}

uint8_t StateReader::u8() {
    return take(1)[0];
}

uint32_t StateReader::u32() {
    auto s = take(4);
    uint32_t v = 0;
    for (int i = 0; i < 4; ++i) v |= uint32_t(s[i]) << (8 * i);
    return v;
}

uint64_t StateReader::u64() {
    auto s = take(8);
    uint64_t v = 0;
    for (int i = 0; i < 8; ++i) v |= uint64_t(s[i]) << (8 * i);
    return v;
}

bool StateReader::boolean() {
    uint8_t v = u8();
    if (v > 1) bad(fmt::format("a flag is {}", v));
    return v == 1;
}

sc_core::sc_time StateReader::time() {
    uint64_t ps = u64();
    if (ps == ~0ull) return sc_core::sc_max_time();
    return sc_core::sc_time::from_value(ps);
}

std::vector<uint8_t> StateReader::bytes() {
    uint64_t n = u64();
    if (n > data_.size() - pos_) bad(fmt::format("a block of {} bytes is longer than the state", n));
    auto s = take(n);
    return {s.begin(), s.end()};
}

std::string StateReader::string() {
    auto b = bytes();
    return {b.begin(), b.end()};
}

void StateReader::expect_end() const {
    if (!at_end()) bad(fmt::format("{} bytes left over after its state", data_.size() - pos_));
}

void StateReader::bad(const std::string& what) const {
    throw CheckpointError(fmt::format("checkpoint: {}: {}", section_, what));
}

}  // namespace vp
