// The table's field vocabulary: a translate function may only read fields its row's pattern has
// (reading another would be an error, not a silent 0), and every pattern letter is in the legend.
#include <gtest/gtest.h>

#include <iterator>
#include <random>
#include <string>

#include "flat_memory.h"
#include "iss/core/cpu.h"
#include "iss/frontend/builder.h"
#include "iss/frontend/decoder.h"

using namespace vp::iss;

namespace {

// The legend as the table declares it (FIELD rows, in order).
struct LegendEntry {
    const char* name;
    char letter;
};
const LegendEntry kLegend[] = {
#define FIELD(name, letter, note) {#name, letter},
#define INST(...)
#define SECTION(...)
#define OVERLAP(...)
#include "iss/frontend/a64_table.inc"
#undef FIELD
#undef INST
#undef SECTION
#undef OVERLAP
};

std::string field_names(uint64_t mask) {
    std::string s;
    for (unsigned i = 0; i < unsigned(Field::count); ++i)
        if (mask >> i & 1) s += std::string(s.empty() ? "" : ", ") + kLegend[i].name;
    return s;
}

}  // namespace

// Translates words of every row (its fixed bits, the other bits all 0, all 1 and random, at EL1
// and EL0, FEAT_LSE on) and fails for each row whose translate function read a field its pattern
// does not have.
TEST(IssDecoder, TranslateFunctionsReadOnlyTheirRowsFields) {
    test::FlatMemory mem{0, 1 << 16};
    CpuConfig cfg;
    cfg.features.lse = true;
    Cpu cpu(mem, cfg);
    const Decoder& d = Decoder::instance();
    std::mt19937 rng(14);
    for (const DecodeRow& r : d.rows()) {
        uint64_t read = 0;
        for (unsigned i = 0; i < 258; ++i) {
            uint32_t free = ~r.mask;
            uint32_t w = r.value | (i == 0 ? 0 : i == 1 ? free : (uint32_t(rng()) & free));
            cpu.el = i & 1;
            Op op;
            Builder b{cpu, op};
            b.row = &r;
            Fields f;
            d.extract(r, w, f);
            f.pc = 0x1000;
            r.translate(b, f);
            read |= f.read;
        }
        cpu.el = 1;
        EXPECT_EQ(read & ~r.fields, 0u) << r.name << " (\"" << r.pattern << "\") reads "
                                        << field_names(read & ~r.fields) << ", not in its pattern";
    }
}

TEST(IssDecoder, EachFieldHasItsOwnPatternLetter) {
    ASSERT_EQ(std::size(kLegend), size_t(Field::count));
    for (size_t i = 0; i < std::size(kLegend); ++i) {
        const char c = kLegend[i].letter;
        EXPECT_TRUE((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) << kLegend[i].name;
        // A letter used by an earlier legend entry would decode as that entry's field.
        EXPECT_EQ(Fields::slot(c), int(i)) << kLegend[i].name << " shares '" << c << "'";
    }
    // Spot checks against the ARM ARM encoding diagrams (C4.1).
    EXPECT_EQ(Fields::slot('z'), int(Field::sf));
    EXPECT_EQ(Fields::slot('T'), int(Field::Rt2));
    EXPECT_EQ(Fields::slot('Q'), int(Field::Q));
    EXPECT_EQ(Fields::slot('Z'), int(Field::sz));
    EXPECT_EQ(Fields::slot('0'), -1);
}
