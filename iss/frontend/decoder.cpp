#include "iss/frontend/decoder.h"

#include <cstring>

#define VP_ROW_FIRST_ARG(a, ...) a
#define VP_ROW_FIRST(...) VP_ROW_FIRST_ARG(__VA_ARGS__)

namespace vp::iss {

#define FIELD(...)
// A row with constant arguments: `row_Name` (row_binding.h); without: the function itself.
#define INST(name, mnem, pattern, fn, ...) \
    VP_ROW_FIRST(__VA_OPT__(extern const TranslateFn row_##name;, ) bool fn(Builder&, const Fields&);, ~)
#define SECTION(id, title)
#define OVERLAP(winner, loser)
#include "iss/frontend/a64_table.inc"
#undef INST

namespace {

struct Entry {
    enum Kind { inst, section, overlap } kind;
    const char* a;
    const char* b;
    const char* c;
    TranslateFn fn;
};

const Entry kTable[] = {
#define INST(name, mnem, pattern, fn, ...) \
    {Entry::inst, #name, mnem, pattern, VP_ROW_FIRST(__VA_OPT__(row_##name, ) & fn, ~)},
#undef SECTION
#define SECTION(id, title) {Entry::section, #id, title, nullptr, nullptr},
#undef OVERLAP
#define OVERLAP(winner, loser) {Entry::overlap, #winner, #loser, nullptr, nullptr},
#include "iss/frontend/a64_table.inc"
#undef FIELD
#undef INST
#undef SECTION
#undef OVERLAP
};

}  // namespace

const Decoder& Decoder::instance() {
    static const Decoder d;
    return d;
}

Decoder::Decoder() {
    const char* section = "";
    std::vector<std::pair<const char*, const char*>> pending;
    for (const Entry& e : kTable) {
        if (e.kind == Entry::section) {
            section = e.a;
            continue;
        }
        if (e.kind == Entry::overlap) {
            pending.emplace_back(e.a, e.b);
            continue;
        }
        DecodeRow r{e.a, e.b, e.c, section, 0, 0, e.fn, {}, 0};
        if (std::strlen(r.pattern) != 32)
            errors_.push_back(std::string(r.name) + ": pattern is not 32 characters");
        for (unsigned i = 0; i < 32 && r.pattern[i]; ++i) {
            unsigned bit = 31 - i;
            char c = r.pattern[i];
            if (c == '0' || c == '1') {
                r.mask |= 1u << bit;
                r.value |= unsigned(c - '0') << bit;
            } else if (Fields::slot(c) >= 0) {
                r.field_bits.emplace_back(uint8_t(Fields::slot(c)), uint8_t(bit));
                r.fields |= 1ull << Fields::slot(c);
            } else {
                errors_.push_back(std::string(r.name) + ": pattern letter '" + c +
                                  "' is not in the field legend");
            }
        }
        rows_.push_back(std::move(r));
    }
    auto find = [&](const char* n) {
        for (size_t i = 0; i < rows_.size(); ++i)
            if (std::strcmp(rows_[i].name, n) == 0) return int(i);
        return -1;
    };
    for (auto [w, l] : pending) {
        int wi = find(w), li = find(l);
        if (wi < 0 || li < 0)
            errors_.push_back(std::string("OVERLAP names an unknown row: ") + w + "/" + l);
        else
            overlaps_.emplace_back(wi, li);
    }
    // Each row goes into the buckets its top 12 bits allow: its fixed bits plus every subset of its
    // free ones (rows in table order, so a bucket keeps the table's first-match order).
    for (size_t i = 0; i < rows_.size(); ++i) {
        const uint32_t fixed = rows_[i].mask >> 20, value = (rows_[i].value >> 20) & fixed,
                       free = ~fixed & 0xFFFu;
        uint32_t subset = 0;
        do {
            buckets_[value | subset].push_back(uint16_t(i));
            subset = (subset - free) & free;
        } while (subset);
    }
}

const DecodeRow* Decoder::decode(uint32_t insn) const {
    for (uint16_t i : buckets_[insn >> 20]) {
        const DecodeRow& r = rows_[i];
        if ((insn & r.mask) == r.value) return &r;
    }
    return nullptr;
}

void Decoder::extract(const DecodeRow& row, uint32_t insn, Fields& f) const {
    f.insn = insn;
    f.v.fill(0);
    f.present = row.fields;
    f.read = 0;
    for (auto [slot, bit] : row.field_bits) f.v[slot] = (f.v[slot] << 1) | ((insn >> bit) & 1);
}

}  // namespace vp::iss
