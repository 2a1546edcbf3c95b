#pragma once
#include <array>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "iss/core/op.h"

namespace vp::iss {

struct Builder;

// Named fields of one decoded word, indexed by pattern letter.
struct Fields {
    uint32_t insn = 0;
    uint64_t pc = 0;
    std::array<uint32_t, 52> v{};
    static constexpr unsigned slot(char c) { return c >= 'a' ? unsigned(c - 'a') : 26u + unsigned(c - 'A'); }
    uint32_t operator[](char c) const { return v[slot(c)]; }
};

using TranslateFn = bool (*)(Builder&, const Fields&);

// Rows of the FP/SIMD sections (ids starting fp_, simd or ldst_simd) trap to EL1 when
// CPACR_EL1.FPEN disables FP/SIMD at the current EL; the translator substitutes fp_trap_op().
bool is_fpsimd_section(const char* section);
OpFn fp_trap_op();

struct DecodeRow {
    const char* name;
    const char* mnemonic;
    const char* pattern;
    const char* section;
    uint32_t mask = 0, value = 0;
    TranslateFn translate = nullptr;
    std::vector<std::pair<uint8_t, uint8_t>> field_bits;  // (letter slot, bit), MSB first
};

// Decoder built once from a64_table.inc: a 4096-entry table indexed by bits 31:20 holds, per
// bucket, the rows that can match, in table (= priority) order.
class Decoder {
public:
    static const Decoder& instance();
    const DecodeRow* decode(uint32_t insn) const;
    void extract(const DecodeRow& row, uint32_t insn, Fields& f) const;
    const std::vector<DecodeRow>& rows() const { return rows_; }
    // Declared overlaps as row indices (winner, loser).
    const std::vector<std::pair<int, int>>& overlaps() const { return overlaps_; }
    // Errors found while parsing the table (bad pattern length/characters, unknown OVERLAP names).
    const std::vector<std::string>& errors() const { return errors_; }

private:
    Decoder();
    std::vector<DecodeRow> rows_;
    std::vector<std::pair<int, int>> overlaps_;
    std::vector<std::string> errors_;
    std::array<std::vector<uint16_t>, 4096> buckets_;
};

}  // namespace vp::iss
