// The checkpoint file refuses, before anything is loaded, a file from another topology, a newer
// format, a truncated or a corrupted one, each with a message naming the path and the reason.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <string>

#include "core/checkpoint_file.h"

namespace {

vp::Checkpoint sample() {
    vp::Checkpoint c;
    c.vp_version = vp::vp_version();
    c.topology_digest = vp::topology_digest("cpus: {count: 2}\n");
    c.sim_time = 12'500'000'000'000ull;
    c.sections = {
        {"cpu0", {1, 2, 3, 4}}, {"device uart0", {}}, {"device ram", std::vector<uint8_t>(1000, 7)}};
    return c;
}

std::string digest() {
    return sample().topology_digest;
}

std::string refusal(const std::vector<uint8_t>& file, const std::string& expected_digest = digest()) {
    try {
        vp::decode_checkpoint(file, "saved.ckpt", expected_digest);
    } catch (const vp::CheckpointError& e) {
        return e.what();
    }
    return "";
}

// Offset of the format version: right after the 8-byte magic.
constexpr size_t kFormatOffset = 8;

}  // namespace

TEST(CheckpointFile, RoundTripKeepsEveryField) {
    auto file = vp::encode_checkpoint(sample());
    auto back = vp::decode_checkpoint(file, "saved.ckpt", digest());
    EXPECT_EQ(back.format, 2u);
    EXPECT_EQ(back.vp_version, vp::vp_version());
    EXPECT_EQ(back.sim_time, 12'500'000'000'000ull);
    ASSERT_EQ(back.sections.size(), 3u);
    EXPECT_EQ(back.find("cpu0")->data, (std::vector<uint8_t>{1, 2, 3, 4}));
    EXPECT_TRUE(back.find("device uart0")->data.empty());
    EXPECT_EQ(back.find("device ram")->data, std::vector<uint8_t>(1000, 7));
    EXPECT_EQ(back.find("cpu1"), nullptr);
    EXPECT_EQ(vp::encode_checkpoint(back), file);  // decode -> encode is the identity
}

TEST(CheckpointFile, DigestTellsTopologiesApart) {
    EXPECT_NE(vp::topology_digest("cpus: {count: 2}\n"), vp::topology_digest("cpus: {count: 1}\n"));
    EXPECT_EQ(vp::topology_digest("a"), vp::topology_digest("a"));
    // FNV-1a 64 of the empty string is its offset basis.
    EXPECT_EQ(vp::topology_digest(""), "cbf29ce484222325");
}

TEST(CheckpointFile, RefusesAnotherTopology) {
    auto msg = refusal(vp::encode_checkpoint(sample()), vp::topology_digest("cpus: {count: 1}\n"));
    EXPECT_NE(msg.find("'saved.ckpt'"), std::string::npos) << msg;
    EXPECT_NE(msg.find("another machine"), std::string::npos) << msg;
}

TEST(CheckpointFile, RefusesANewerFormat) {
    auto file = vp::encode_checkpoint(sample());
    file[kFormatOffset] = 3;
    auto msg = refusal(file);
    EXPECT_NE(msg.find("format version 3 is newer"), std::string::npos) << msg;
}

// Version 1 files (before virtio state) do not load: their virtio_mmio sections are shorter.
TEST(CheckpointFile, RefusesAnOlderFormat) {
    auto file = vp::encode_checkpoint(sample());
    for (uint8_t old : {0, 1}) {
        file[kFormatOffset] = old;
        auto msg = refusal(file);
        EXPECT_NE(msg.find("'saved.ckpt'"), std::string::npos) << msg;
        EXPECT_NE(msg.find(fmt::format("format version {} is older", old)), std::string::npos) << msg;
    }
}

TEST(CheckpointFile, RefusesEveryTruncation) {
    auto file = vp::encode_checkpoint(sample());
    for (size_t len = 0; len < file.size(); ++len) {
        auto msg = refusal({file.begin(), file.begin() + static_cast<long>(len)});
        EXPECT_NE(msg.find("'saved.ckpt'"), std::string::npos) << "length " << len << ": " << msg;
    }
}

TEST(CheckpointFile, RefusesACorruptedByteAnywhere) {
    auto file = vp::encode_checkpoint(sample());
    for (size_t at = 0; at < file.size(); ++at) {
        auto bad = file;
        bad[at] ^= 0x01;
        EXPECT_NE(refusal(bad), "") << "byte " << at;
    }
}

TEST(CheckpointFile, NamesTheCorruptedSection) {
    auto file = vp::encode_checkpoint(sample());
    file[file.size() - 10] ^= 0xff;  // inside the last section's payload (1000 bytes)
    auto msg = refusal(file);
    EXPECT_NE(msg.find("section 'device ram' is corrupted"), std::string::npos) << msg;
}

TEST(CheckpointFile, RefusesTrailingBytesAndOtherFiles) {
    auto file = vp::encode_checkpoint(sample());
    file.push_back(0);
    EXPECT_NE(refusal(file).find("after its last section"), std::string::npos);
    std::string elf =
        "\x7f"
        "ELF and the rest of a kernel";
    EXPECT_NE(refusal({elf.begin(), elf.end()}).find("not a vp checkpoint"), std::string::npos);
}

TEST(CheckpointFile, FileRoundTripAndMissingPath) {
    std::string path = testing::TempDir() + "vp_ckpt_roundtrip.ckpt";
    vp::write_checkpoint_file(path, sample());
    EXPECT_FALSE(std::ifstream(path + ".tmp").good());
    auto back = vp::read_checkpoint_file(path, digest());
    EXPECT_EQ(vp::encode_checkpoint(back), vp::encode_checkpoint(sample()));
    std::remove(path.c_str());
    try {
        vp::read_checkpoint_file(path, digest());
        FAIL() << "a missing file was read";
    } catch (const vp::CheckpointError& e) {
        EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << e.what();
    }
}
