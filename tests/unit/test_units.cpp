#include <gtest/gtest.h>

#include "core/units.h"

using namespace vp::units;

TEST(Units, SizesAcceptHexAndBinarySuffixes) {
    EXPECT_EQ(parse_size("4096"), 4096u);
    EXPECT_EQ(parse_size("0x1000"), 0x1000u);
    EXPECT_EQ(parse_size("4K"), 4096u);
    EXPECT_EQ(parse_size("2G"), 2ull << 30);
    EXPECT_EQ(parse_size("128MiB"), 128ull << 20);
    EXPECT_EQ(parse_size("1T"), 1ull << 40);
    EXPECT_EQ(parse_size("0x4000_0000"), 0x40000000u);
    EXPECT_EQ(parse_size("1_000K"), 1000u << 10);
    EXPECT_FALSE(parse_size("4X"));
    EXPECT_FALSE(parse_size(""));
    EXPECT_FALSE(parse_size("-1"));
    EXPECT_FALSE(parse_size("0x"));
    EXPECT_FALSE(parse_size("99999999999999999999"));
}

TEST(Units, TimesConvertToPicoseconds) {
    EXPECT_EQ(parse_time_ps("10us"), 10'000'000u);
    EXPECT_EQ(parse_time_ps("1ns"), 1000u);
    EXPECT_EQ(parse_time_ps("2.5ms"), 2'500'000'000u);
    EXPECT_FALSE(parse_time_ps("10"));
    EXPECT_FALSE(parse_time_ps("10parsecs"));
}

TEST(Units, FrequenciesAndBooleans) {
    EXPECT_DOUBLE_EQ(*parse_frequency("62.5MHz"), 62.5e6);
    EXPECT_DOUBLE_EQ(*parse_frequency("1GHz"), 1e9);
    EXPECT_DOUBLE_EQ(*parse_frequency("24000000"), 24e6);
    EXPECT_FALSE(parse_frequency("0Hz"));
    EXPECT_EQ(parse_bool("yes"), true);
    EXPECT_EQ(parse_bool("off"), false);
    EXPECT_FALSE(parse_bool("maybe"));
}
