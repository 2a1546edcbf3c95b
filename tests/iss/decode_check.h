#pragma once
// Decoder spot checks against binutils: each case is assembly text and the decode-table row its
// encoding must select. With `every_row_of` (a section-id prefix), each row of those sections must
// be selected by at least one case.
#include <gtest/gtest.h>

#include <cstring>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "asm_helper.h"
#include "iss/frontend/decoder.h"

namespace vp::iss::test {

using DecodeCase = std::pair<const char*, const char*>;

inline void expect_decodes_to(const std::vector<DecodeCase>& cases, const char* every_row_of = nullptr,
                              const std::string& prelude = {}) {
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
    if (!every_row_of) return;
    for (const DecodeRow& r : dec.rows()) {
        if (std::strncmp(r.section, every_row_of, std::strlen(every_row_of)) == 0) {
            EXPECT_TRUE(seen.count(r.name)) << "no binutils encoding checks row " << r.name;
        }
    }
}

}  // namespace vp::iss::test
