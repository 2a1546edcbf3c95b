#pragma once
// Decoder spot checks against binutils: each case is assembly text and the decode-table row its
// encoding must select. With `every_row_of` (a section-id prefix, or a list of section ids), each
// row of those sections must be selected by at least one case.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "asm_helper.h"
#include "iss/frontend/decoder.h"

namespace vp::iss::test {

using DecodeCase = std::pair<const char*, const char*>;

inline void expect_decodes_to(const std::vector<DecodeCase>& cases, const std::vector<std::string>& sections,
                              const char* every_row_prefix, const std::string& prelude) {
    std::string src = prelude;
    for (const auto& c : cases) src += std::string(c.first) + "\n";
    auto words = assemble(src);
    ASSERT_EQ(words.size(), cases.size()) << "assembler failed";
    const Decoder& dec = Decoder::instance();
    std::set<std::string> seen;
    for (size_t i = 0; i < cases.size(); ++i) {
        const DecodeRow* r = dec.decode(words[i]);
        ASSERT_NE(r, nullptr) << cases[i].first << " = 0x" << std::hex << words[i];
        EXPECT_STREQ(r->name, cases[i].second) << cases[i].first << " = 0x" << std::hex << words[i];
        seen.insert(r->name);
    }
    for (const DecodeRow& r : dec.rows()) {
        const bool listed = std::find(sections.begin(), sections.end(), r.section) != sections.end();
        const bool prefixed =
            every_row_prefix && std::strncmp(r.section, every_row_prefix, std::strlen(every_row_prefix)) == 0;
        if (listed || prefixed) {
            EXPECT_TRUE(seen.count(r.name)) << "no binutils encoding checks row " << r.name;
        }
    }
}

inline void expect_decodes_to(const std::vector<DecodeCase>& cases, const char* every_row_of = nullptr,
                              const std::string& prelude = {}) {
    expect_decodes_to(cases, {}, every_row_of, prelude);
}

inline void expect_decodes_to(const std::vector<DecodeCase>& cases,
                              const std::vector<std::string>& every_row_of, const std::string& prelude = {}) {
    expect_decodes_to(cases, every_row_of, nullptr, prelude);
}

}  // namespace vp::iss::test
