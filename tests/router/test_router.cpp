// Router: address decoding, rebasing, debug transport, DMI translation and invalidation,
// unmapped accesses; all through real sockets.
#include <gtest/gtest.h>
#include <tlm_utils/simple_target_socket.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "models/ram/ram.h"
#include "models/rom/rom.h"
#include "core/error.h"
#include "core/trace.h"
#include "platform/router/router.h"
#include "support/test_initiator.h"

using vp::Router;
using vp::test::TestInitiator;

namespace {

// A target with `size` bytes of local memory that records the addresses it is given.
// Its DMI answer is configurable: it grants [dmi_start, dmi_end] (local) from its buffer.
struct RecordingTarget : sc_core::sc_module {
    tlm_utils::simple_target_socket<RecordingTarget> socket{"socket"};
    std::vector<uint8_t> mem;
    std::vector<uint64_t> b_addresses, dbg_addresses, dmi_addresses;
    uint64_t dmi_start = 0, dmi_end = ~uint64_t{0};
    bool dmi_grant = true;

    RecordingTarget(const sc_core::sc_module_name& n, size_t size) : sc_core::sc_module(n), mem(size) {
        socket.register_b_transport(this, &RecordingTarget::b_transport);
        socket.register_transport_dbg(this, &RecordingTarget::transport_dbg);
        socket.register_get_direct_mem_ptr(this, &RecordingTarget::get_direct_mem_ptr);
    }
    void b_transport(tlm::tlm_generic_payload& gp, sc_core::sc_time&) {
        b_addresses.push_back(gp.get_address());
        if (gp.get_address() + gp.get_data_length() > mem.size()) {
            gp.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
            return;
        }
        uint8_t* m = mem.data() + gp.get_address();
        if (gp.is_read()) std::memcpy(gp.get_data_ptr(), m, gp.get_data_length());
        if (gp.is_write()) std::memcpy(m, gp.get_data_ptr(), gp.get_data_length());
        gp.set_response_status(tlm::TLM_OK_RESPONSE);
    }
    unsigned transport_dbg(tlm::tlm_generic_payload& gp) {
        dbg_addresses.push_back(gp.get_address());
        if (gp.get_address() >= mem.size()) return 0;
        unsigned n =
            std::min<unsigned>(gp.get_data_length(), static_cast<unsigned>(mem.size() - gp.get_address()));
        uint8_t* m = mem.data() + gp.get_address();
        if (gp.is_read()) std::memcpy(gp.get_data_ptr(), m, n);
        if (gp.is_write()) std::memcpy(m, gp.get_data_ptr(), n);
        return n;
    }
    bool get_direct_mem_ptr(tlm::tlm_generic_payload& gp, tlm::tlm_dmi& dmi) {
        dmi_addresses.push_back(gp.get_address());
        dmi.set_start_address(dmi_start);
        dmi.set_end_address(dmi_end);
        if (!dmi_grant) return false;
        dmi.set_dmi_ptr(mem.data() + dmi_start);
        dmi.allow_read_write();
        return true;
    }
    void invalidate(uint64_t start, uint64_t end) { socket->invalidate_direct_mem_ptr(start, end); }
};

// Sends one payload and returns it, so the test can look at its address afterwards.
struct Sent {
    tlm::tlm_generic_payload gp;
    uint32_t data = 0;
};
void send(TestInitiator& ini, Sent& s, tlm::tlm_command cmd, uint64_t addr) {
    s.gp.set_command(cmd);
    s.gp.set_address(addr);
    s.gp.set_data_ptr(reinterpret_cast<unsigned char*>(&s.data));
    s.gp.set_data_length(4);
    s.gp.set_streaming_width(4);
    s.gp.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
    sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
    ini.socket->b_transport(s.gp, delay);
}

std::string temp_path(const char* tag) {
    return (std::filesystem::temp_directory_path() /
            (std::string("vp_router_") + tag + "_" + std::to_string(getpid()) + ".log"))
        .string();
}

// Closes the trace log (flushing it) by switching to another file, and returns the first's text.
std::string finish_log(const std::string& path) {
    std::string other = path + ".next";
    vp::trace::open_log_file(other);
    std::ifstream in(path);
    std::stringstream ss;
    ss << in.rdbuf();
    std::filesystem::remove(path);
    std::filesystem::remove(other);
    return ss.str();
}

}  // namespace

TEST(Router, DecodesToTheTargetWithRebasedAddressAndRestoresIt) {
    Router router("router");
    RecordingTarget a("a", 0x1000), b("b", 0x100);
    TestInitiator ini("ini");
    ini.socket.bind(router.targ);
    router.map(0x1000, 0x1000, a.socket, "a");
    router.map(0x80000000, 0x100, b.socket, "b");
    sc_core::sc_start(sc_core::SC_ZERO_TIME);

    Sent w;
    w.data = 0xdeadbeef;
    send(ini, w, tlm::TLM_WRITE_COMMAND, 0x1010);
    EXPECT_EQ(w.gp.get_response_status(), tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(w.gp.get_address(), 0x1010u);  // restored for the initiator
    ASSERT_EQ(a.b_addresses.size(), 1u);
    EXPECT_EQ(a.b_addresses[0], 0x10u);  // the target sees its local address
    EXPECT_TRUE(b.b_addresses.empty());

    Sent r;
    send(ini, r, tlm::TLM_READ_COMMAND, 0x800000fc);
    EXPECT_EQ(r.gp.get_response_status(), tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(r.gp.get_address(), 0x800000fcu);
    ASSERT_EQ(b.b_addresses.size(), 1u);
    EXPECT_EQ(b.b_addresses[0], 0xfcu);

    EXPECT_EQ(ini.read(0x1010).data, 0xdeadbeefu);
    EXPECT_EQ(ini.read(0x1fff, 1).status, tlm::TLM_OK_RESPONSE);  // last byte of a
    ASSERT_NE(router.find(0x1fff), nullptr);
    EXPECT_EQ(router.find(0x1fff)->name, "a");
    EXPECT_EQ(router.find(0x80000000)->name, "b");
    EXPECT_EQ(router.find(0x2000), nullptr);
    EXPECT_EQ(router.find(0xfff), nullptr);
    EXPECT_EQ(router.find(0x1000)->transactions, 3u);
    EXPECT_EQ(router.find(0x80000000)->transactions, 1u);
}

TEST(Router, SeveralInitiatorsReachTheSameTargets) {
    Router router("router");
    RecordingTarget a("a", 0x100), b("b", 0x100);
    TestInitiator i0("i0"), i1("i1"), i2("i2");
    i0.socket.bind(router.targ);
    i1.socket.bind(router.targ);
    i2.socket.bind(router.targ);
    router.map(0x0, 0x100, a.socket, "a");
    router.map(0x100, 0x100, b.socket, "b");
    sc_core::sc_start(sc_core::SC_ZERO_TIME);

    EXPECT_TRUE(i0.write(0x10, 0x11111111).ok());
    EXPECT_TRUE(i1.write(0x110, 0x22222222).ok());
    EXPECT_TRUE(i2.write(0x20, 0x33333333).ok());
    // Each initiator sees the others' writes: one address map for all.
    EXPECT_EQ(i2.read(0x10).data, 0x11111111u);
    EXPECT_EQ(i0.read(0x110).data, 0x22222222u);
    EXPECT_EQ(i1.read(0x20).data, 0x33333333u);
    // Alternating targets from one initiator (its last-hit entry must not stick).
    EXPECT_EQ(i1.read(0x10).data, 0x11111111u);
    EXPECT_EQ(i1.read(0x110).data, 0x22222222u);
    EXPECT_EQ(a.b_addresses, (std::vector<uint64_t>{0x10, 0x20, 0x10, 0x20, 0x10}));
    EXPECT_EQ(b.b_addresses, (std::vector<uint64_t>{0x10, 0x10, 0x10}));
}

TEST(Router, OverlappingRegionsAreRefusedNamingBoth) {
    Router router("router");
    RecordingTarget a("a", 0x1000), b("b", 0x1000), c("c", 0x1000), d("d", 0x1000);
    router.map(0x10000, 0x1000, a.socket, "uart");
    try {
        router.map(0x10800, 0x1000, b.socket, "rtc");
        FAIL() << "overlap accepted";
    } catch (const vp::Error& e) {
        std::string msg = e.what();
        EXPECT_NE(msg.find("uart"), std::string::npos) << msg;
        EXPECT_NE(msg.find("rtc"), std::string::npos) << msg;
    }
    // Enclosing an existing region, and ending on its first byte, overlap too.
    EXPECT_THROW(router.map(0x0, 0x100000, c.socket, "big"), vp::Error);
    EXPECT_THROW(router.map(0xf001, 0x1000, c.socket, "tail"), vp::Error);
    // Adjacent on both sides is fine.
    EXPECT_NO_THROW(router.map(0xf000, 0x1000, c.socket, "below"));
    EXPECT_NO_THROW(router.map(0x11000, 0x1000, d.socket, "above"));
    EXPECT_EQ(router.mappings().size(), 3u);
}

TEST(Router, ZeroSizeAndWrappingRegionsAreRefused) {
    Router router("router");
    RecordingTarget a("a", 0x1000);
    try {
        router.map(0x9000000, 0, a.socket, "empty");
        FAIL() << "zero size accepted";
    } catch (const vp::Error& e) {
        EXPECT_NE(std::string(e.what()).find("empty"), std::string::npos) << e.what();
    }
    EXPECT_THROW(router.map(0xfffffffffffff000, 0x2000, a.socket, "wrap"), vp::Error);
    EXPECT_TRUE(router.mappings().empty());
}

TEST(Router, UnmappedAccessIsAnAddressErrorAndLogged) {
    std::string log = temp_path("unmapped");
    vp::trace::open_log_file(log);
    vp::trace::guest_errors.set(true);

    Router router("router");
    RecordingTarget a("a", 0x1000);
    TestInitiator ini("ini");
    ini.socket.bind(router.targ);
    router.map(0x1000, 0x1000, a.socket, "a");
    sc_core::sc_start(sc_core::SC_ZERO_TIME);

    Sent s;
    send(ini, s, tlm::TLM_READ_COMMAND, 0x5000);
    EXPECT_EQ(s.gp.get_response_status(), tlm::TLM_ADDRESS_ERROR_RESPONSE);
    EXPECT_EQ(s.gp.get_address(), 0x5000u);
    EXPECT_EQ(ini.write(0x0, 1, 2).status, tlm::TLM_ADDRESS_ERROR_RESPONSE);
    // An access starting in a region but running past its end does not reach the target.
    EXPECT_EQ(ini.read(0x1ffe, 4).status, tlm::TLM_ADDRESS_ERROR_RESPONSE);
    EXPECT_TRUE(a.b_addresses.empty());
    EXPECT_EQ(router.unmapped_accesses(), 3u);

    std::string text = finish_log(log);
    EXPECT_NE(text.find("read of 4 bytes at 0x5000"), std::string::npos) << text;
    EXPECT_NE(text.find("write of 2 bytes at 0x0"), std::string::npos) << text;
    EXPECT_NE(text.find("0x1ffe"), std::string::npos) << text;
}

// The router remembers each initiator's last hole, so a guest retrying an access there is
// answered without a search: the regions on either side of the hole must still be reached.
TEST(Router, AHoleJustMissedDoesNotHideTheRegionsAroundIt) {
    Router router("router");
    RecordingTarget a("a", 0x1000), b("b", 0x1000);
    TestInitiator ini("ini");
    ini.socket.bind(router.targ);
    router.map(0x1000, 0x1000, a.socket, "a");
    router.map(0x4000, 0x1000, b.socket, "b");
    sc_core::sc_start(sc_core::SC_ZERO_TIME);

    for (uint64_t hole : {0x2000ull, 0x3ffcull, 0x3000ull}) {
        EXPECT_EQ(ini.read(hole).status, tlm::TLM_ADDRESS_ERROR_RESPONSE) << std::hex << hole;
        EXPECT_TRUE(ini.write(0x1ffc, 0x5a5a5a5a).ok());  // the last word before the hole
        EXPECT_EQ(ini.read(hole).status, tlm::TLM_ADDRESS_ERROR_RESPONSE) << std::hex << hole;
        EXPECT_TRUE(ini.write(0x4000, 0xa5a5a5a5).ok());  // the first word after it
        EXPECT_EQ(ini.read(0x1ffc).data, 0x5a5a5a5au);
    }
    EXPECT_EQ(ini.read(0x0).status, tlm::TLM_ADDRESS_ERROR_RESPONSE);  // below every region
    EXPECT_EQ(ini.read(0x1000).status, tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(ini.read(0xfffc).status, tlm::TLM_ADDRESS_ERROR_RESPONSE);  // above every region
    EXPECT_EQ(ini.read(0x4ffc).status, tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(router.unmapped_accesses(), 8u);
    EXPECT_EQ(a.b_addresses.size(), 7u);
    EXPECT_EQ(b.b_addresses.size(), 4u);
}

TEST(Router, RoutedTransactionsAreTracedUnderTlm) {
    std::string log = temp_path("tlm");
    vp::trace::open_log_file(log);
    vp::trace::tlm.set(true);

    Router router("router");
    RecordingTarget a("a", 0x1000);
    TestInitiator i0("i0"), i1("i1");
    i0.socket.bind(router.targ);
    i1.socket.bind(router.targ);
    router.map(0x40000000, 0x1000, a.socket, "ram.mem");
    sc_core::sc_start(sc_core::SC_ZERO_TIME);
    EXPECT_TRUE(i1.write(0x40000020, 7, 8).ok());

    std::string text = finish_log(log);
    EXPECT_NE(text.find("initiator 1"), std::string::npos) << text;
    EXPECT_NE(text.find("write"), std::string::npos) << text;
    EXPECT_NE(text.find("0x40000020"), std::string::npos) << text;
    EXPECT_NE(text.find("size 8"), std::string::npos) << text;
    EXPECT_NE(text.find("ram.mem"), std::string::npos) << text;
}

TEST(Router, DebugTransportSpansAdjacentRegions) {
    Router router("router");
    RecordingTarget a("a", 0x100), b("b", 0x100);
    TestInitiator ini("ini");
    ini.socket.bind(router.targ);
    router.map(0x1000, 0x100, a.socket, "a");
    router.map(0x1100, 0x100, b.socket, "b");
    sc_core::sc_start(sc_core::SC_ZERO_TIME);

    std::vector<uint8_t> data(32);
    for (size_t i = 0; i < data.size(); ++i) data[i] = static_cast<uint8_t>(0xa0 + i);
    ASSERT_TRUE(router.write_debug(0x10f0, data.data(), data.size()));
    EXPECT_EQ(a.dbg_addresses, (std::vector<uint64_t>{0xf0}));
    EXPECT_EQ(b.dbg_addresses, (std::vector<uint64_t>{0x0}));
    EXPECT_TRUE(std::equal(data.begin(), data.begin() + 16, a.mem.begin() + 0xf0));
    EXPECT_TRUE(std::equal(data.begin() + 16, data.end(), b.mem.begin()));

    std::vector<uint8_t> back(32);
    ASSERT_TRUE(router.read_debug(0x10f0, back.data(), back.size()));
    EXPECT_EQ(back, data);

    // Through the socket, one debug access stops at the end of its region.
    std::vector<uint8_t> buf(32);
    tlm::tlm_generic_payload gp;
    gp.set_command(tlm::TLM_READ_COMMAND);
    gp.set_address(0x10f8);
    gp.set_data_ptr(buf.data());
    gp.set_data_length(32);
    gp.set_streaming_width(32);
    EXPECT_EQ(ini.socket->transport_dbg(gp), 8u);
    EXPECT_EQ(gp.get_address(), 0x10f8u);
    EXPECT_EQ(gp.get_data_length(), 32u);
    EXPECT_TRUE(std::equal(buf.begin(), buf.begin() + 8, data.begin() + 8));

    // Running into unmapped space fails (after writing what was mapped).
    EXPECT_FALSE(router.write_debug(0x11f8, data.data(), 16));
    EXPECT_EQ(ini.debug(tlm::TLM_READ_COMMAND, 0x3000, buf.data(), 4), 0u);
}

TEST(Router, DebugAccessWorksBeforeElaboration) {
    // The boot loader may place images right after building the platform, before sc_start.
    Router router("router");
    RecordingTarget a("a", 0x100);
    TestInitiator ini("ini");
    ini.socket.bind(router.targ);
    router.map(0x8000, 0x100, a.socket, "a");
    uint32_t v = 0x12345678;
    ASSERT_TRUE(router.write_debug(0x8004, &v, 4));
    EXPECT_EQ(a.mem[4], 0x78);
    EXPECT_EQ(a.mem[7], 0x12);
    sc_core::sc_start(sc_core::SC_ZERO_TIME);
    EXPECT_EQ(ini.read(0x8004).data, 0x12345678u);
}

TEST(Router, DmiRangeIsTranslatedToGlobalAddressesAndClipped) {
    Router router("router");
    RecordingTarget a("a", 0x2000), b("b", 0x1000);
    TestInitiator ini("ini");
    ini.socket.bind(router.targ);
    router.map(0x40000000, 0x1000, a.socket, "a");  // smaller than what a grants
    router.map(0x50000000, 0x1000, b.socket, "b");
    // a grants everything ([0, 2^64-1]); b grants local [0x100, 0x1ff].
    b.dmi_start = 0x100;
    b.dmi_end = 0x1ff;
    sc_core::sc_start(sc_core::SC_ZERO_TIME);

    tlm::tlm_dmi dmi;
    ASSERT_TRUE(ini.get_dmi(0x40000123, tlm::TLM_READ_COMMAND, dmi));
    EXPECT_EQ(a.dmi_addresses, (std::vector<uint64_t>{0x123}));
    EXPECT_EQ(dmi.get_start_address(), 0x40000000u);
    EXPECT_EQ(dmi.get_end_address(), 0x40000fffu);  // clipped to the mapped region
    EXPECT_EQ(dmi.get_dmi_ptr(), a.mem.data());
    EXPECT_TRUE(dmi.is_read_write_allowed());

    tlm::tlm_dmi dmi_b;
    ASSERT_TRUE(ini.get_dmi(0x50000180, tlm::TLM_WRITE_COMMAND, dmi_b));
    EXPECT_EQ(dmi_b.get_start_address(), 0x50000100u);
    EXPECT_EQ(dmi_b.get_end_address(), 0x500001ffu);
    EXPECT_EQ(dmi_b.get_dmi_ptr(), b.mem.data() + 0x100);

    // The payload carries the initiator's address again afterwards.
    tlm::tlm_generic_payload gp;
    gp.set_command(tlm::TLM_READ_COMMAND);
    gp.set_address(0x50000180);
    tlm::tlm_dmi dmi_c;
    ini.socket->get_direct_mem_ptr(gp, dmi_c);
    EXPECT_EQ(gp.get_address(), 0x50000180u);
    EXPECT_EQ(b.dmi_addresses.back(), 0x180u);

    // A refusal's range is translated the same way.
    b.dmi_grant = false;
    tlm::tlm_dmi denied;
    EXPECT_FALSE(ini.get_dmi(0x50000100, tlm::TLM_READ_COMMAND, denied));
    EXPECT_EQ(denied.get_start_address(), 0x50000100u);
    EXPECT_EQ(denied.get_end_address(), 0x500001ffu);
}

TEST(Router, DmiIsDeniedForTheWholeUnmappedGap) {
    Router router("router");
    RecordingTarget a("a", 0x1000), b("b", 0x1000);
    TestInitiator ini("ini");
    ini.socket.bind(router.targ);
    router.map(0x1000, 0x1000, a.socket, "a");
    router.map(0x8000, 0x1000, b.socket, "b");
    sc_core::sc_start(sc_core::SC_ZERO_TIME);

    tlm::tlm_dmi dmi;
    EXPECT_FALSE(ini.get_dmi(0x5000, tlm::TLM_READ_COMMAND, dmi));
    EXPECT_EQ(dmi.get_start_address(), 0x2000u);
    EXPECT_EQ(dmi.get_end_address(), 0x7fffu);
    EXPECT_EQ(dmi.get_dmi_ptr(), nullptr);
    EXPECT_FALSE(dmi.is_read_allowed());
    EXPECT_FALSE(ini.get_dmi(0x10, tlm::TLM_READ_COMMAND, dmi));
    EXPECT_EQ(dmi.get_start_address(), 0x0u);
    EXPECT_EQ(dmi.get_end_address(), 0xfffu);
    EXPECT_FALSE(ini.get_dmi(0x9000, tlm::TLM_READ_COMMAND, dmi));
    EXPECT_EQ(dmi.get_start_address(), 0x9000u);
    EXPECT_EQ(dmi.get_end_address(), ~uint64_t{0});
    EXPECT_TRUE(a.dmi_addresses.empty());
    EXPECT_TRUE(b.dmi_addresses.empty());
}

TEST(Router, DmiInvalidationReachesEveryInitiatorInGlobalAddresses) {
    Router router("router");
    RecordingTarget a("a", 0x1000), b("b", 0x1000);
    TestInitiator i0("i0"), i1("i1");
    i0.socket.bind(router.targ);
    i1.socket.bind(router.targ);
    router.map(0x10000, 0x1000, a.socket, "a");
    router.map(0x20000, 0x1000, b.socket, "b");
    sc_core::sc_start(sc_core::SC_ZERO_TIME);

    b.invalidate(0x10, 0x1f);
    for (TestInitiator* ini : {&i0, &i1}) {
        ASSERT_EQ(ini->invalidations.size(), 1u) << ini->name();
        EXPECT_EQ(ini->invalidations[0].start, 0x20010u);
        EXPECT_EQ(ini->invalidations[0].end, 0x2001fu);
    }
    // "Everything" from a target means everything it maps.
    a.invalidate(0, ~uint64_t{0});
    for (TestInitiator* ini : {&i0, &i1}) {
        ASSERT_EQ(ini->invalidations.size(), 2u) << ini->name();
        EXPECT_EQ(ini->invalidations[1].start, 0x10000u);
        EXPECT_EQ(ini->invalidations[1].end, 0x10fffu);
    }
}

TEST(Router, RoutesToRamAndRomModels) {
    vp::DeviceConfig ram_cfg, rom_cfg;
    ram_cfg.name = "ram";
    ram_cfg.model = "ram";
    ram_cfg.regions.push_back({"mem", 0x40000000, 0x10000});
    rom_cfg.name = "flash";
    rom_cfg.model = "rom";
    rom_cfg.regions.push_back({"mem", 0x0, 0x1000});
    vp::Ram ram("ram", ram_cfg);
    vp::Rom rom("flash", rom_cfg);
    Router router("router");
    TestInitiator ini("ini");
    ini.socket.bind(router.targ);
    router.map(0x40000000, 0x10000, ram.target_socket(0), "ram.mem");
    router.map(0x0, 0x1000, rom.target_socket(0), "flash.mem");
    // What a boot loader does before the simulation: place code in the ROM, data in the RAM.
    const uint32_t insn = 0x14000000;
    ASSERT_TRUE(router.write_debug(0x0, &insn, 4));
    ASSERT_TRUE(router.write_debug(0x4000fffc, &insn, 4));
    sc_core::sc_start(sc_core::SC_ZERO_TIME);

    EXPECT_EQ(ini.read(0x0).data, insn);
    EXPECT_EQ(ini.write(0x0, 0).status, tlm::TLM_COMMAND_ERROR_RESPONSE);
    EXPECT_EQ(ini.read(0x4000fffc).data, insn);

    tlm::tlm_dmi dmi;
    ASSERT_TRUE(ini.get_dmi(0x40001000, tlm::TLM_WRITE_COMMAND, dmi));
    EXPECT_EQ(dmi.get_dmi_ptr(), ram.host_ptr());
    EXPECT_EQ(dmi.get_start_address(), 0x40000000u);
    EXPECT_EQ(dmi.get_end_address(), 0x4000ffffu);
    dmi.get_dmi_ptr()[0x1000] = 0x5a;
    EXPECT_EQ(ini.read(0x40001000, 1).data, 0x5au);

    tlm::tlm_dmi rom_dmi;
    ASSERT_TRUE(ini.get_dmi(0x10, tlm::TLM_READ_COMMAND, rom_dmi));
    EXPECT_TRUE(rom_dmi.is_read_allowed());
    EXPECT_FALSE(rom_dmi.is_write_allowed());
}

TEST(Router, AnEmptyMapElaboratesAndAnswersAddressErrors) {
    Router router("router");
    TestInitiator ini("ini");
    ini.socket.bind(router.targ);
    sc_core::sc_start(sc_core::SC_ZERO_TIME);
    EXPECT_EQ(ini.read(0x1000).status, tlm::TLM_ADDRESS_ERROR_RESPONSE);
    tlm::tlm_dmi dmi;
    EXPECT_FALSE(ini.get_dmi(0x1000, tlm::TLM_READ_COMMAND, dmi));
    EXPECT_EQ(dmi.get_start_address(), 0u);
    EXPECT_EQ(dmi.get_end_address(), ~uint64_t{0});
    uint8_t b = 0;
    EXPECT_FALSE(router.read_debug(0, &b, 1));
}
