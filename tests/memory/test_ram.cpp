// RAM model: accesses of every size, byte enables, streaming, bounds, DMI, lazy host memory,
// file preload, latencies, device-tree node; all through a real TLM socket.
#include <gtest/gtest.h>
#include <libfdt.h>
#include <unistd.h>

#include <cstring>
#include <fstream>

#include "memory/memory_test_util.h"
#include "models/ram/ram.h"
#include "core/error.h"
#include "core/model_registry.h"
#include "support/test_initiator.h"

using vp::Ram;
using vp::test::memory_config;
using vp::test::TempFile;
using vp::test::TestInitiator;

namespace {

struct Bench {
    Ram ram;
    TestInitiator ini{"ini"};
    explicit Bench(const vp::DeviceConfig& c) : ram("ram", c) {
        ini.socket.bind(ram.socket);
        sc_core::sc_start(sc_core::SC_ZERO_TIME);
    }
};

uint64_t resident_bytes() {
    std::ifstream statm("/proc/self/statm");
    uint64_t size = 0, resident = 0;
    statm >> size >> resident;
    return resident * static_cast<uint64_t>(sysconf(_SC_PAGESIZE));
}

}  // namespace

TEST(Ram, IsRegisteredWithOneRegionAndItsProperties) {
    const vp::ModelInfo* info = vp::ModelRegistry::instance().find("ram");
    ASSERT_NE(info, nullptr);
    ASSERT_EQ(info->regions.size(), 1u);
    EXPECT_EQ(info->regions[0].name, "mem");
    for (const char* p : {"file", "file_offset", "read_latency", "write_latency"})
        EXPECT_NE(info->find_prop(p), nullptr) << p;
    auto dev = info->create("made", memory_config("ram", 0x40000000, 0x1000));
    EXPECT_NE(dynamic_cast<Ram*>(dev.get()), nullptr);
}

TEST(Ram, ReadsBackWhatWasWrittenAtEverySize) {
    Bench b(memory_config("ram", 0x40000000, 0x10000));
    const uint64_t value = 0x8877665544332211ull;
    unsigned off = 0x100;
    for (unsigned len : {1u, 2u, 4u, 8u}) {
        ASSERT_TRUE(b.ini.write(off, value, len).ok()) << len;
        uint64_t mask = len == 8 ? ~0ull : (1ull << (8 * len)) - 1;
        auto r = b.ini.read(off, len);
        EXPECT_TRUE(r.ok());
        EXPECT_EQ(r.data, value & mask) << len;
        // The data array is stored byte for byte: byte i at offset + i.
        for (unsigned i = 0; i < len; ++i) EXPECT_EQ(b.ram.host_ptr()[off + i], 0x11 + 0x11 * i) << len;
        off += 0x10;
    }
    std::vector<uint8_t> burst(64);
    for (size_t i = 0; i < burst.size(); ++i) burst[i] = static_cast<uint8_t>(i * 3);
    ASSERT_TRUE(b.ini.write_bytes(0xffc0, burst).ok());  // ends on the last byte
    tlm::tlm_response_status st;
    EXPECT_EQ(b.ini.read_bytes(0xffc0, 64, &st), burst);
    EXPECT_EQ(st, tlm::TLM_OK_RESPONSE);
}

TEST(Ram, HonoursByteEnables) {
    Bench b(memory_config("ram", 0, 0x1000));
    std::memset(b.ram.host_ptr(), 0xee, 16);
    uint8_t data[8] = {0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88};
    const uint8_t be[4] = {TLM_BYTE_ENABLED, TLM_BYTE_DISABLED, TLM_BYTE_ENABLED, TLM_BYTE_DISABLED};
    // A byte-enable array shorter than the data is applied repeatedly.
    ASSERT_TRUE(b.ini.access(tlm::TLM_WRITE_COMMAND, 0, data, 8, be, 4).ok());
    const uint8_t expect[8] = {0x11, 0xee, 0x33, 0xee, 0x55, 0xee, 0x77, 0xee};
    EXPECT_EQ(std::memcmp(b.ram.host_ptr(), expect, 8), 0);

    // On a read, disabled bytes of the data array are left alone.
    uint8_t out[4] = {0xaa, 0xaa, 0xaa, 0xaa};
    const uint8_t be2[4] = {TLM_BYTE_DISABLED, TLM_BYTE_ENABLED, TLM_BYTE_ENABLED, TLM_BYTE_DISABLED};
    ASSERT_TRUE(b.ini.access(tlm::TLM_READ_COMMAND, 0, out, 4, be2, 4).ok());
    const uint8_t expect_out[4] = {0xaa, 0xee, 0x33, 0xaa};
    EXPECT_EQ(std::memcmp(out, expect_out, 4), 0);
}

TEST(Ram, StreamingBurstsStayWithinTheirWidth) {
    Bench b(memory_config("ram", 0, 0x1000));
    uint8_t data[8] = {1, 2, 3, 4, 5, 6, 7, 8};
    tlm::tlm_generic_payload gp;
    gp.set_command(tlm::TLM_WRITE_COMMAND);
    gp.set_address(0x10);
    gp.set_data_ptr(data);
    gp.set_data_length(8);
    gp.set_streaming_width(4);  // two beats to the same 4 bytes
    sc_core::sc_time t = sc_core::SC_ZERO_TIME;
    b.ini.socket->b_transport(gp, t);
    ASSERT_EQ(gp.get_response_status(), tlm::TLM_OK_RESPONSE);
    const uint8_t expect[8] = {5, 6, 7, 8, 0, 0, 0, 0};
    EXPECT_EQ(std::memcmp(b.ram.host_ptr() + 0x10, expect, 8), 0);

    uint8_t out[6] = {};
    gp.set_command(tlm::TLM_READ_COMMAND);
    gp.set_data_ptr(out);
    gp.set_data_length(6);
    gp.set_streaming_width(2);
    b.ini.socket->b_transport(gp, t);
    ASSERT_EQ(gp.get_response_status(), tlm::TLM_OK_RESPONSE);
    const uint8_t expect_out[6] = {5, 6, 5, 6, 5, 6};
    EXPECT_EQ(std::memcmp(out, expect_out, 6), 0);

    // Only the width counts against the bounds.
    gp.set_address(0xffe);
    b.ini.socket->b_transport(gp, t);
    EXPECT_EQ(gp.get_response_status(), tlm::TLM_OK_RESPONSE);
}

TEST(Ram, OutOfRangeAccessesAreAddressErrors) {
    Bench b(memory_config("ram", 0x80000000, 0x1000));
    EXPECT_TRUE(b.ini.read(0xffc, 4).ok());
    EXPECT_EQ(b.ini.read(0xffe, 4).status, tlm::TLM_ADDRESS_ERROR_RESPONSE);
    EXPECT_EQ(b.ini.write(0x1000, 1, 1).status, tlm::TLM_ADDRESS_ERROR_RESPONSE);
    EXPECT_EQ(b.ini.read(~0ull - 1, 4).status, tlm::TLM_ADDRESS_ERROR_RESPONSE);
    EXPECT_FALSE(b.ini.last_dmi_allowed);
}

TEST(Ram, DmiPointerAndTransportSeeTheSameMemory) {
    Bench b(memory_config("ram", 0x40000000, 0x2000));
    EXPECT_TRUE(b.ini.write(0x10, 0xcafef00d).ok());
    EXPECT_TRUE(b.ini.last_dmi_allowed);

    tlm::tlm_dmi dmi;
    ASSERT_TRUE(b.ini.get_dmi(0x10, tlm::TLM_WRITE_COMMAND, dmi));
    EXPECT_TRUE(dmi.is_read_write_allowed());
    EXPECT_EQ(dmi.get_start_address(), 0u);
    EXPECT_EQ(dmi.get_end_address(), 0x1fffu);
    uint8_t* p = dmi.get_dmi_ptr();
    ASSERT_NE(p, nullptr);

    uint32_t v;
    std::memcpy(&v, p + 0x10, 4);
    EXPECT_EQ(v, 0xcafef00du);  // b_transport write -> DMI read
    v = 0x600dd00d;
    std::memcpy(p + 0x1ffc, &v, 4);
    EXPECT_EQ(b.ini.read(0x1ffc).data, 0x600dd00du);  // DMI write -> b_transport read
}

TEST(Ram, DebugTransportReadsWritesAndTruncatesAtTheEnd) {
    Bench b(memory_config("ram", 0, 0x100));
    uint8_t in[16] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
    EXPECT_EQ(b.ini.debug(tlm::TLM_WRITE_COMMAND, 0xf8, in, 16), 8u);
    uint8_t out[8] = {};
    EXPECT_EQ(b.ini.debug(tlm::TLM_READ_COMMAND, 0xf8, out, 8), 8u);
    EXPECT_EQ(std::memcmp(in, out, 8), 0);
    EXPECT_EQ(b.ini.debug(tlm::TLM_READ_COMMAND, 0x100, out, 8), 0u);
}

TEST(Ram, FourGigabytesCostOnlyTheTouchedPages) {
    const uint64_t before = resident_bytes();
    Bench b(memory_config("ram", 0x40000000, 4ull << 30));
    EXPECT_EQ(b.ram.size(), 4ull << 30);
    EXPECT_TRUE(b.ini.write(0, 0x1234).ok());
    EXPECT_TRUE(b.ini.write((2ull << 30) + 8, 0x5678).ok());
    EXPECT_TRUE(b.ini.write((4ull << 30) - 4, 0x9abc).ok());
    EXPECT_EQ(b.ini.read((4ull << 30) - 4).data, 0x9abcu);
    EXPECT_EQ(b.ini.read(3ull << 30).data, 0u);  // untouched memory reads as zero
    const uint64_t after = resident_bytes();
    EXPECT_LT(after - std::min(after, before), 8ull << 20) << "RSS grew from " << before << " to " << after;
}

TEST(Ram, PreloadsAFileAtAnOffset) {
    std::vector<uint8_t> bytes(300);
    for (size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<uint8_t>(i ^ 0x5a);
    TempFile f(bytes);
    Bench b(memory_config("ram", 0, 0x1000, {{"file", f.path}, {"file_offset", "0x200"}}));
    tlm::tlm_response_status st;
    EXPECT_EQ(b.ini.read_bytes(0x200, 300, &st), bytes);
    EXPECT_EQ(b.ini.read(0x1fc).data, 0u);
    EXPECT_EQ(b.ini.read(0x200 + 300).data, 0u);
}

TEST(Ram, RefusesAFileLargerThanItself) {
    TempFile f(std::vector<uint8_t>(0x1001, 1));
    try {
        Ram ram("ram", memory_config("ram", 0, 0x1000, {{"file", f.path}}));
        FAIL() << "oversized file accepted";
    } catch (const vp::Error& e) {
        EXPECT_NE(std::string(e.what()).find(f.path), std::string::npos) << e.what();
    }
    // Fitting in size, but not at the offset, is the same mistake.
    TempFile g(std::vector<uint8_t>(0x100, 1), "g");
    EXPECT_THROW(Ram("ram2", memory_config("ram", 0, 0x1000, {{"file", g.path}, {"file_offset", "0xf01"}})),
                 vp::Error);
    EXPECT_THROW(Ram("ram3", memory_config("ram", 0, 0)), vp::Error);  // size is required
}

TEST(Ram, AddsItsLatenciesToTheDelayAndReportsThemForDmi) {
    Bench b(memory_config("ram", 0, 0x1000, {{"read_latency", "10ns"}, {"write_latency", "25ns"}}));
    EXPECT_EQ(b.ini.read(0).delay, sc_core::sc_time(10, sc_core::SC_NS));
    EXPECT_EQ(b.ini.write(0, 1).delay, sc_core::sc_time(25, sc_core::SC_NS));
    tlm::tlm_dmi dmi;
    ASSERT_TRUE(b.ini.get_dmi(0, tlm::TLM_READ_COMMAND, dmi));
    EXPECT_EQ(dmi.get_read_latency(), sc_core::sc_time(10, sc_core::SC_NS));
    EXPECT_EQ(dmi.get_write_latency(), sc_core::sc_time(25, sc_core::SC_NS));
}

TEST(Ram, WritesAMemoryNodeToTheDeviceTree) {
    Ram ram("ram", memory_config("ram", 0x40000000, 0x80000000));
    vp::DtbWriter dtb;
    dtb.prop_u32("#address-cells", 2);
    dtb.prop_u32("#size-cells", 2);
    ram.write_dtb(dtb);
    std::vector<uint8_t> blob = dtb.finish();
    const void* fdt = blob.data();
    int node = fdt_path_offset(fdt, "/memory@40000000");
    ASSERT_GE(node, 0);
    int len = 0;
    auto* type = static_cast<const char*>(fdt_getprop(fdt, node, "device_type", &len));
    ASSERT_NE(type, nullptr);
    EXPECT_STREQ(type, "memory");
    auto* reg = static_cast<const fdt32_t*>(fdt_getprop(fdt, node, "reg", &len));
    ASSERT_EQ(len, 16);
    EXPECT_EQ(fdt32_to_cpu(reg[0]), 0u);
    EXPECT_EQ(fdt32_to_cpu(reg[1]), 0x40000000u);
    EXPECT_EQ(fdt32_to_cpu(reg[2]), 0u);
    EXPECT_EQ(fdt32_to_cpu(reg[3]), 0x80000000u);
}
