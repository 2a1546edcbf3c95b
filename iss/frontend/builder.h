#pragma once
#include <string>

#include "iss/core/cpu.h"
#include "iss/frontend/decoder.h"

namespace vp::iss {

// Handed to a row's translate function: fill `op` (fn + operands) and set `end` when the
// instruction ends the translation block. Returning false makes the word UNDEFINED.
struct Builder {
    Builder(Cpu& c, Op& o) : cpu(c), op(o) {}
    Cpu& cpu;
    Op& op;
    const DecodeRow* row = nullptr;
    bool end = false;
    std::string why;  // reason for an UNDEFINED result, for the unimp log
    bool unimp(std::string reason) {
        why = std::move(reason);
        return false;
    }
};

// Register-31 mapping per operand role (ARM ARM C1.2.5): decided once at decode time.
inline uint8_t src_zr(uint32_t r) {
    return uint8_t(r);
}
inline uint8_t src_sp(uint32_t r) {
    return uint8_t(r == 31 ? Cpu::kSP : r);
}
inline uint8_t dst_zr(uint32_t r) {
    return uint8_t(r == 31 ? Cpu::kSink : r);
}
inline uint8_t dst_sp(uint32_t r) {
    return uint8_t(r == 31 ? Cpu::kSP : r);
}

inline int64_t sext(uint64_t v, unsigned bits) {
    return int64_t(v << (64 - bits)) >> (64 - bits);
}

}  // namespace vp::iss
