#pragma once
#include <array>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "iss/core/op.h"

namespace vp::iss {

struct Builder;

// The fields of a64_table.inc's legend, in legend order.
enum class Field : uint8_t {
#define FIELD(name, letter, note) name,
#define INST(...)
#define SECTION(...)
#define OVERLAP(...)
#include "iss/frontend/a64_table.inc"
#undef FIELD
    count
};

// Named fields of one decoded word. A translate function reads them by their ARM ARM names
// (`f.Rn()`, `f.imm()`); `read` records which it asked for, so a test can check that no
// function reads a field its row does not have (that would be an error, not a silent 0).
struct Fields {
    uint32_t insn = 0;
    uint64_t pc = 0;
    std::array<uint32_t, size_t(Field::count)> v{};
    uint64_t present = 0;       // bit per Field: the row's pattern has it
    mutable uint64_t read = 0;  // bit per Field: the translate function read it

    // The Field a pattern letter stands for, or -1.
    static constexpr int slot(char c) {
#define FIELD(name, letter, note) \
    if (c == letter) return int(Field::name);
#include "iss/frontend/a64_table.inc"
#undef FIELD
        return -1;
    }
    // For helpers shared by rows with and without an operand; not a read.
    bool has(Field x) const {
        return present >> unsigned(x) & 1;
    }
    uint32_t get(Field x) const {
        read |= 1ull << unsigned(x);
        return v[size_t(x)];
    }
#define FIELD(name, letter, note) \
    uint32_t name() const {       \
        return get(Field::name);  \
    }
#include "iss/frontend/a64_table.inc"
#undef FIELD
#undef INST
#undef SECTION
#undef OVERLAP
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
    std::vector<std::pair<uint8_t, uint8_t>> field_bits;  // (Field, bit), MSB first
    uint64_t fields = 0;                                  // bit per Field the pattern has
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
