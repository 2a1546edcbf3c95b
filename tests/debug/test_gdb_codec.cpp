// GDB remote protocol framing (GDB manual, "Overview" of the Remote Protocol): `$data#cc` with
// cc the modulo-256 sum of data in two hex digits, `}` escapes (byte XOR 0x20), 0x03 interrupts.
#include <gtest/gtest.h>

#include "platform/debug/packet_codec.h"

using namespace vp::gdb;

namespace {
std::vector<Received> feed_all(PacketDecoder& d, std::string_view bytes) {
    std::vector<Received> out;
    for (char c : bytes)
        if (auto r = d.feed(c)) out.push_back(*r);
    return out;
}
}  // namespace

TEST(GdbCodec, EncodesWithModulo256Checksum) {
    // 'O' + 'K' = 0x4f + 0x4b = 0x9a
    EXPECT_EQ(encode_packet("OK"), "$OK#9a");
    EXPECT_EQ(encode_packet(""), "$#00");
}

TEST(GdbCodec, EscapesReservedCharacters) {
    // '#' (0x23) is sent as '}' 0x03; checksum covers the escaped bytes: 0x7d + 0x03 = 0x80.
    EXPECT_EQ(encode_packet("#"), "$}\x03#80");
    EXPECT_EQ(unescape_binary("a}\x03z"), "a#z");
}

TEST(GdbCodec, DecodesPacketsAcksAndInterrupts) {
    PacketDecoder d;
    auto r = feed_all(d, "+$qC#b4\x03-");
    ASSERT_EQ(r.size(), 4u);
    EXPECT_EQ(r[0].kind, Received::ack);
    EXPECT_EQ(r[1].kind, Received::packet);
    EXPECT_EQ(r[1].payload, "qC");
    EXPECT_EQ(r[2].kind, Received::interrupt);
    EXPECT_EQ(r[3].kind, Received::nak);
}

TEST(GdbCodec, RejectsBadChecksumsAndSurvivesGarbage) {
    PacketDecoder d;
    auto r = feed_all(d, "$qC#00");
    ASSERT_EQ(r.size(), 1u);
    EXPECT_EQ(r[0].kind, Received::bad_checksum);
    r = feed_all(d, "$qC#zz");
    ASSERT_EQ(r.size(), 1u);
    EXPECT_EQ(r[0].kind, Received::bad_checksum);
    // Noise between packets is ignored; the next good packet still decodes.
    r = feed_all(d, std::string("xyz\xff\x01 ", 6) + "$?#3f");
    ASSERT_EQ(r.size(), 1u);
    EXPECT_EQ(r[0].payload, "?");
}

TEST(GdbCodec, OverlongPacketIsRejected) {
    PacketDecoder d;
    std::string big(PacketDecoder::kMaxPayload + 10, 'a');
    uint8_t sum = 0;
    for (char c : big) sum = static_cast<uint8_t>(sum + c);
    char cs[3];
    snprintf(cs, sizeof cs, "%02x", sum);
    auto r = feed_all(d, "$" + big + "#" + cs);
    ASSERT_EQ(r.size(), 1u);
    EXPECT_EQ(r[0].kind, Received::bad_checksum);
}

TEST(GdbCodec, HexHelpers) {
    EXPECT_EQ(parse_hex("40080000"), 0x40080000u);
    EXPECT_FALSE(parse_hex("").has_value());
    EXPECT_FALSE(parse_hex("12g4").has_value());
    EXPECT_FALSE(parse_hex("11112222333344445").has_value());  // 17 digits
    // Registers travel in target byte order (little-endian for AArch64).
    EXPECT_EQ(le_hex(0x1122334455667788ull, 8), "8877665544332211");
    EXPECT_EQ(le_hex(0x600003c5, 4), "c5030060");
    EXPECT_EQ(parse_le_hex("8877665544332211", 8), 0x1122334455667788ull);
    EXPECT_FALSE(parse_le_hex("88776655", 8).has_value());
    EXPECT_FALSE(parse_hex_bytes("abc").has_value());
    EXPECT_EQ(to_hex("OK"), "4f4b");
}
