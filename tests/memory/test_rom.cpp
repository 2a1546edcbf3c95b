// ROM model: content from a file or load(), reads, refused guest writes, read-only DMI,
// debug writes; all through a real TLM socket.
#include <gtest/gtest.h>

#include <cstring>

#include "memory/memory_test_util.h"
#include "models/rom/rom.h"
#include "core/error.h"
#include "core/model_registry.h"
#include "core/trace.h"
#include "support/test_initiator.h"

using vp::Rom;
using vp::test::memory_config;
using vp::test::TempFile;
using vp::test::TestInitiator;

namespace {

struct Bench {
    Rom rom;
    TestInitiator ini{"ini"};
    explicit Bench(const vp::DeviceConfig& c) : rom("rom", c) {
        ini.socket.bind(rom.socket);
        sc_core::sc_start(sc_core::SC_ZERO_TIME);
    }
};

}  // namespace

TEST(Rom, IsRegisteredAndWritesNoDeviceTreeNode) {
    const vp::ModelInfo* info = vp::ModelRegistry::instance().find("rom");
    ASSERT_NE(info, nullptr);
    ASSERT_EQ(info->regions.size(), 1u);
    EXPECT_NE(info->find_prop("file"), nullptr);
    auto dev = info->create("made", memory_config("rom", 0, 0x1000));
    ASSERT_NE(dynamic_cast<Rom*>(dev.get()), nullptr);

    vp::DtbWriter with, without;
    dev->write_dtb(with);
    EXPECT_EQ(with.finish(), without.finish());
}

TEST(Rom, ReadsWhatTheLoaderPlaced) {
    Bench b(memory_config("rom", 0, 0x10000));
    b.rom.load(0x100, {0xd5, 0x03, 0x20, 0x1f});
    auto r = b.ini.read(0x100, 4);
    EXPECT_TRUE(r.ok());
    EXPECT_EQ(r.data, 0x1f2003d5u);  // little-endian data array, byte 0 at the lowest address
    EXPECT_TRUE(b.ini.last_dmi_allowed);
    EXPECT_EQ(b.ini.read(0x104, 4).data, 0u);
    EXPECT_EQ(b.ini.read(0xfffe, 4).status, tlm::TLM_ADDRESS_ERROR_RESPONSE);
    EXPECT_THROW(b.rom.load(0xfffe, {1, 2, 3}), vp::Error);
}

TEST(Rom, GuestWritesAreCommandErrorsAndLogged) {
    TempFile log(std::vector<uint8_t>{}, "romlog");
    vp::trace::open_log_file(log.path);
    vp::trace::guest_errors.set(true);
    Bench b(memory_config("rom", 0, 0x1000));
    b.rom.load(0x20, {1, 2, 3, 4});

    auto w = b.ini.write(0x20, 0xffffffff, 4);
    EXPECT_EQ(w.status, tlm::TLM_COMMAND_ERROR_RESPONSE);
    EXPECT_EQ(b.ini.read(0x20).data, 0x04030201u);  // unchanged

    TempFile next(std::vector<uint8_t>{}, "romlog2");
    vp::trace::open_log_file(next.path);  // closes (flushes) the first log
    std::string text = log.text();
    EXPECT_NE(text.find("write"), std::string::npos) << text;
    EXPECT_NE(text.find("0x20"), std::string::npos) << text;
}

TEST(Rom, GrantsReadOnlyDmi) {
    Bench b(memory_config("rom", 0, 0x4000, {{"read_latency", "5ns"}}));
    b.rom.load(0x3000, {0xaa, 0xbb});
    tlm::tlm_dmi dmi;
    ASSERT_TRUE(b.ini.get_dmi(0x3000, tlm::TLM_WRITE_COMMAND, dmi));
    EXPECT_TRUE(dmi.is_read_allowed());
    EXPECT_FALSE(dmi.is_write_allowed());
    EXPECT_EQ(dmi.get_start_address(), 0u);
    EXPECT_EQ(dmi.get_end_address(), 0x3fffu);
    EXPECT_EQ(dmi.get_read_latency(), sc_core::sc_time(5, sc_core::SC_NS));
    ASSERT_NE(dmi.get_dmi_ptr(), nullptr);
    EXPECT_EQ(dmi.get_dmi_ptr()[0x3001], 0xbb);
    EXPECT_EQ(b.ini.read(0x3000, 1).delay, sc_core::sc_time(5, sc_core::SC_NS));
}

TEST(Rom, DebugWritesAreAllowed) {
    Bench b(memory_config("rom", 0, 0x1000));
    uint32_t code = 0xd503201f;
    EXPECT_EQ(b.ini.debug(tlm::TLM_WRITE_COMMAND, 0x40, &code, 4), 4u);
    EXPECT_EQ(b.ini.read(0x40).data, 0xd503201fu);
    uint32_t back = 0;
    EXPECT_EQ(b.ini.debug(tlm::TLM_READ_COMMAND, 0x40, &back, 4), 4u);
    EXPECT_EQ(back, code);
}

TEST(Rom, LoadsItsFile) {
    std::vector<uint8_t> image = {0x00, 0x00, 0x00, 0x14, 0xde, 0xad};
    TempFile f(image);
    // Modules are built before the simulation starts: the refused one first.
    TempFile big(std::vector<uint8_t>(0x1001), "big");
    try {
        Rom rom("rom2", memory_config("rom", 0, 0x1000, {{"file", big.path}}));
        FAIL() << "oversized file accepted";
    } catch (const vp::Error& e) {
        EXPECT_NE(std::string(e.what()).find(big.path), std::string::npos) << e.what();
    }
    Bench b(memory_config("rom", 0, 0x1000, {{"file", f.path}, {"file_offset", "8"}}));
    tlm::tlm_response_status st;
    EXPECT_EQ(b.ini.read_bytes(8, 6, &st), image);
    EXPECT_EQ(st, tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(b.ini.read(0, 4).data, 0u);
}
