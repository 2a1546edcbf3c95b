// A model's saved state as bytes: StateWriter appends little-endian fields, StateReader takes
// them back in the same order and refuses to read past the end (a CheckpointError naming the
// section), so a short or malformed section is an error, never a read of garbage.
#pragma once
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include <systemc>

#include "core/error.h"

namespace vp {

class CheckpointError : public Error {
public:
    using Error::Error;
};

class StateWriter {
public:
    void u8(uint8_t v) { bytes_.push_back(v); }
    void u32(uint32_t v);
    void u64(uint64_t v);
    void boolean(bool v) { u8(v ? 1 : 0); }
    // An absolute simulated time (a pending event's) in units of the SystemC time resolution, which
    // the checkpoint's header records; sc_max_time() is "never".
    void time(const sc_core::sc_time& t);
    void bytes(std::span<const uint8_t> data);  // length-prefixed
    void string(const std::string& s);

    const std::vector<uint8_t>& data() const { return bytes_; }
    std::vector<uint8_t> take() { return std::move(bytes_); }

private:
    std::vector<uint8_t> bytes_;
};

class StateReader {
public:
    // `section` names the state in errors ("device 'uart0'").
    StateReader(std::string section, std::span<const uint8_t> data)
        : section_(std::move(section)), data_(data) {}

    uint8_t u8();
    uint32_t u32();
    uint64_t u64();
    bool boolean();
    sc_core::sc_time time();
    std::vector<uint8_t> bytes();
    std::string string();

    bool at_end() const { return pos_ == data_.size(); }
    size_t remaining() const { return data_.size() - pos_; }
    // The whole section was read: a longer one was written by another model version.
    void expect_end() const;
    // A value outside what the model can hold: an error naming the section and `what`.
    [[noreturn]] void bad(const std::string& what) const;

private:
    std::span<const uint8_t> take(size_t n);

    std::string section_;
    std::span<const uint8_t> data_;
    size_t pos_ = 0;
};

}  // namespace vp
