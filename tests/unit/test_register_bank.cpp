// vp::RegisterBank, the register table every device model declares: the checks at
// construction and each declared policy, through a real TLM socket. The device is the small
// one below, written out as its datasheet would list it; expected values come from that list.
#include <gtest/gtest.h>

#include <unistd.h>
#include <array>
#include <fstream>
#include <sstream>

#include "core/error.h"
#include "core/register_bank.h"
#include "support/test_initiator.h"

using vp::BankPolicy;
using vp::RegAccess;
using vp::Register;
using vp::RegisterBank;
using vp::RegMode;

namespace {

// The test device:
//   0x00 CTRL   RW  32 bits, reset 0x00000005, bits [15:12] and [7:0] writable
//   0x04 STATUS RO  32 bits, the device's status (0x55)
//   0x08 CMD    WO  32 bits, each write is a command
//   0x0C        -   (gap)
//   0x10 DATA   RW  64 bits, accessible as two 32-bit halves
//   0x20 CHANn  RW  four 32-bit registers 0x10 apart (0x20, 0x30, 0x40, 0x50), reset 0x100
//   0x60 FIFO   RO  32 bits, a read pops the next entry (1, 2, 3, ...)
constexpr uint64_t CTRL = 0x00, STATUS = 0x04, CMD = 0x08, GAP = 0x0C, DATA = 0x10, CHAN = 0x20, FIFO = 0x60;
constexpr uint32_t kCtrlReset = 0x5, kCtrlWritable = 0xF0FF, kStatus = 0x55, kChanReset = 0x100;

struct TestDevice : sc_core::sc_module {
    uint32_t ctrl = 0;
    std::vector<uint64_t> commands;
    uint64_t data = 0;
    std::array<uint32_t, 4> chan{};
    std::vector<unsigned> chan_writes;  // element index of each CHANn write callback
    uint32_t fifo_next = 1;

    std::vector<Register> registers() {
        return {
            {.name = "CTRL", .offset = CTRL, .reset = kCtrlReset, .writable = kCtrlWritable, .storage = ctrl},
            {.name = "STATUS", .offset = STATUS, .mode = RegMode::ro, .read = [] { return kStatus; }},
            {.name = "CMD",
             .offset = CMD,
             .mode = RegMode::wo,
             .write = [this](uint64_t v) { commands.push_back(v); }},
            {.name = "DATA", .offset = DATA, .width = 8, .sub_word = true, .storage = data},
            {.name = "CHAN",
             .offset = CHAN,
             .count = 4,
             .stride = 0x10,
             .reset = kChanReset,
             .storage = chan,
             .write = [this](const RegAccess& a, uint64_t) { chan_writes.push_back(a.index); }},
            {.name = "FIFO",
             .offset = FIFO,
             .mode = RegMode::ro,
             .read = [this] { return fifo_next++; },
             .peek = [this] { return fifo_next; }},
        };
    }

    RegisterBank bank;
    tlm_utils::simple_target_socket<RegisterBank> socket{"socket"};
    vp::test::TestInitiator bus{"bus"};

    explicit TestDevice(BankPolicy policy = {}, vp::trace::LogLevel level = vp::trace::LogLevel::error,
                        const sc_core::sc_module_name& name = "dev")
        : sc_core::sc_module(name), bank("test 'dev'", level, policy, registers()) {
        bank.serve(socket);
        bus.socket.bind(socket);
        bank.reset();
    }
    uint64_t rd(uint64_t addr, unsigned len = 4) {
        auto r = bus.read(addr, len);
        EXPECT_TRUE(r.ok()) << std::hex << addr;
        return r.data;
    }
    // A read into a buffer that is not zero, so that read-as-zero is seen.
    vp::test::TestInitiator::Result raw_read(uint64_t addr, unsigned len = 4) {
        uint64_t v = 0xAAAAAAAAAAAAAAAAull;
        auto r = bus.access(tlm::TLM_READ_COMMAND, addr, &v, len);
        r.data = len == 8 ? v : v & ((1ull << (8 * len)) - 1);
        return r;
    }
    void wr(uint64_t addr, uint64_t v, unsigned len = 4) {
        EXPECT_TRUE(bus.write(addr, v, len).ok()) << std::hex << addr;
    }
};

BankPolicy any_size() {
    return {.sizes = BankPolicy::sizes_of({1, 2, 4, 8})};
}

// Builds a bank from `regs` and returns the construction error text ("" when accepted).
std::string construction_error(std::vector<Register> regs, BankPolicy policy = {}) {
    try {
        RegisterBank bank("test 'dev'", vp::trace::LogLevel::error, policy, std::move(regs));
    } catch (const vp::Error& e) {
        return e.what();
    }
    return {};
}

// Collects what the trace log receives while alive.
struct LogCapture {
    std::string path = testing::TempDir() + "/register_bank_" + std::to_string(::getpid()) + ".log";
    LogCapture() { vp::trace::open_log_file(path); }
    ~LogCapture() { std::remove(path.c_str()); }
    std::string text() {
        vp::trace::open_log_file("/dev/null");  // flush and close
        std::ifstream in(path);
        std::stringstream ss;
        ss << in.rdbuf();
        return ss.str();
    }
};

}  // namespace

TEST(RegisterBank, RefusesOverlappingRegistersAtConstruction) {
    std::string e =
        construction_error({{.name = "WIDE", .offset = 0x0, .width = 8}, {.name = "NARROW", .offset = 0x4}});
    EXPECT_NE(e.find("test 'dev'"), std::string::npos) << e;
    EXPECT_NE(e.find("WIDE"), std::string::npos) << e;
    EXPECT_NE(e.find("NARROW"), std::string::npos) << e;
    EXPECT_NE(e.find("overlap"), std::string::npos) << e;
    // An array element on top of another register: element 2 of ARR at 0x10.
    e = construction_error(
        {{.name = "ARR", .offset = 0x0, .count = 4, .stride = 8}, {.name = "REG", .offset = 0x10}});
    EXPECT_NE(e.find("ARR2"), std::string::npos) << e;
    EXPECT_NE(e.find("REG"), std::string::npos) << e;
    e = construction_error({{.name = "SAME", .offset = 0x8}, {.name = "AGAIN", .offset = 0x8}});
    EXPECT_NE(e.find("overlap"), std::string::npos) << e;
    // Interleaved arrays whose elements do not overlap are a valid map (e.g. DMA channels).
    EXPECT_EQ(construction_error({{.name = "SRC", .offset = 0x0, .count = 4, .stride = 8},
                                  {.name = "DST", .offset = 0x4, .count = 4, .stride = 8}}),
              "");
}

TEST(RegisterBank, RefusesMisalignedRegistersAtConstruction) {
    std::string e = construction_error({{.name = "ODD", .offset = 0x2}});
    EXPECT_NE(e.find("test 'dev'"), std::string::npos) << e;
    EXPECT_NE(e.find("ODD"), std::string::npos) << e;
    EXPECT_NE(e.find("aligned"), std::string::npos) << e;
    e = construction_error({{.name = "STEP", .offset = 0x0, .count = 2, .stride = 6}});
    EXPECT_NE(e.find("STEP"), std::string::npos) << e;
    EXPECT_NE(e.find("misaligned"), std::string::npos) << e;
    EXPECT_NE(construction_error({{.name = "WIDE64", .offset = 0x4, .width = 8}}), "");
    EXPECT_NE(construction_error({{.name = "THREE", .offset = 0x0, .width = 3}}), "");
    EXPECT_NE(construction_error({{.name = "PAST", .offset = 0xFFC, .count = 2}}, {.size = 0x1000}), "");
    EXPECT_EQ(construction_error({{.name = "LAST", .offset = 0xFFC}}, {.size = 0x1000}), "");
}

TEST(RegisterBank, BadSizeGetsTheDeclaredResponse) {
    {
        TestDevice d({.bad_size = tlm::TLM_BURST_ERROR_RESPONSE});  // 32-bit accesses only
        EXPECT_EQ(d.bus.read(CTRL, 2).status, tlm::TLM_BURST_ERROR_RESPONSE);
        EXPECT_EQ(d.bus.read(CTRL, 8).status, tlm::TLM_BURST_ERROR_RESPONSE);
        EXPECT_EQ(d.bus.write(CTRL, 0, 1).status, tlm::TLM_BURST_ERROR_RESPONSE);
        EXPECT_EQ(d.rd(CTRL), kCtrlReset);
    }
}

TEST(RegisterBank, BadSizeDeclaredRazWiReadsZeroAndIgnoresWrites) {
    TestDevice d(any_size());
    // 8 bytes at a 32-bit register, and 1 byte at one that is not sub-word accessible.
    auto r = d.raw_read(CTRL, 8);
    EXPECT_EQ(r.status, tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(r.data, 0u);
    r = d.raw_read(CTRL, 1);
    EXPECT_EQ(r.status, tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(r.data, 0u);
    EXPECT_TRUE(d.bus.write(CTRL, 0xF0, 1).ok());
    EXPECT_EQ(d.rd(CTRL), kCtrlReset);
    // DATA is sub-word accessible: 32-bit halves are fine.
    d.wr(DATA + 4, 0x12345678);
    EXPECT_EQ(d.rd(DATA, 8), 0x12345678'00000000u);
}

TEST(RegisterBank, MisalignedAccessGetsTheDeclaredResponse) {
    {
        TestDevice d({.sizes = BankPolicy::sizes_of({2, 4}), .misaligned = tlm::TLM_GENERIC_ERROR_RESPONSE});
        EXPECT_EQ(d.bus.read(CTRL + 2, 4).status, tlm::TLM_GENERIC_ERROR_RESPONSE);
        EXPECT_EQ(d.bus.write(STATUS + 1, 0, 2).status, tlm::TLM_GENERIC_ERROR_RESPONSE);
    }
}

TEST(RegisterBank, UnalignedWithinARegisterWhenDeclared) {
    TestDevice d({.sizes = BankPolicy::sizes_of({2, 4}),
                  .aligned = false,
                  .sub_word = true,
                  .misaligned = tlm::TLM_GENERIC_ERROR_RESPONSE});
    d.wr(CTRL, 0);
    d.wr(CTRL + 1, 0xF0F0, 2);  // bytes 1 and 2
    EXPECT_EQ(d.rd(CTRL), 0xF000u);
    EXPECT_EQ(d.bus.read(CTRL + 2, 4).status, tlm::TLM_GENERIC_ERROR_RESPONSE);  // crosses into STATUS
}

TEST(RegisterBank, GapsReadAsZeroIgnoreWritesAndAreLoggedUnderGuestErrors) {
    LogCapture log;
    TestDevice d({}, vp::trace::LogLevel::warn);  // the device's own level shows guest errors
    EXPECT_TRUE(d.bus.write(GAP, 0xFFFFFFFF).ok());
    auto r = d.raw_read(GAP);
    EXPECT_TRUE(r.ok());
    EXPECT_EQ(r.data, 0u);
    r = d.raw_read(CHAN + 4);  // between CHAN0 and CHAN1
    EXPECT_TRUE(r.ok());
    EXPECT_EQ(r.data, 0u);
    EXPECT_EQ(d.rd(CTRL), kCtrlReset);
    std::string text = log.text();
    EXPECT_NE(text.find("test 'dev': write of 4 bytes (0xffffffff) at 0xc: no register (RAZ/WI"),
              std::string::npos)
        << text;
    EXPECT_NE(text.find("test 'dev': read of 4 bytes at 0xc: no register (RAZ/WI"), std::string::npos)
        << text;
    EXPECT_NE(text.find("at 0x24: no register"), std::string::npos) << text;
}

TEST(RegisterBank, GapLogNeedsGuestErrorsOrTheDeviceLevel) {
    LogCapture log;
    {
        TestDevice d;  // level error, flag off: quiet
        EXPECT_TRUE(d.bus.read(GAP).ok());
        vp::trace::guest_errors.set(true);
        EXPECT_TRUE(d.bus.read(GAP + 0x100).ok());
        vp::trace::guest_errors.set(false);
    }
    std::string text = log.text();
    EXPECT_EQ(text.find("at 0xc:"), std::string::npos) << text;
    EXPECT_NE(text.find("at 0x10c: no register"), std::string::npos) << text;
}

TEST(RegisterBank, GapDeclaredAsAnError) {
    TestDevice d({.gap = tlm::TLM_ADDRESS_ERROR_RESPONSE});
    EXPECT_EQ(d.bus.read(GAP).status, tlm::TLM_ADDRESS_ERROR_RESPONSE);
    EXPECT_EQ(d.bus.write(GAP, 1).status, tlm::TLM_ADDRESS_ERROR_RESPONSE);
}

TEST(RegisterBank, OutsideTheBlockGetsTheDeclaredResponse) {
    TestDevice d({.size = 0x100});
    EXPECT_EQ(d.bus.read(0x100).status, tlm::TLM_ADDRESS_ERROR_RESPONSE);
    EXPECT_TRUE(d.bus.read(0xFC).ok());  // a gap inside the block
}

TEST(RegisterBank, ReadOnlyAndWriteOnlyRazWi) {
    TestDevice d;
    EXPECT_TRUE(d.bus.write(STATUS, 0).ok());
    EXPECT_EQ(d.rd(STATUS), kStatus);
    auto r = d.raw_read(CMD);
    EXPECT_TRUE(r.ok());
    EXPECT_EQ(r.data, 0u);
    EXPECT_TRUE(d.commands.empty());
    d.wr(CMD, 7);
    EXPECT_EQ(d.commands, std::vector<uint64_t>{7});
}

TEST(RegisterBank, ReadOnlyAndWriteOnlyDeclaredErrors) {
    TestDevice d({.read_of_write_only = tlm::TLM_COMMAND_ERROR_RESPONSE,
                  .write_to_read_only = tlm::TLM_GENERIC_ERROR_RESPONSE});
    EXPECT_EQ(d.bus.write(STATUS, 0).status, tlm::TLM_GENERIC_ERROR_RESPONSE);
    EXPECT_EQ(d.bus.read(CMD).status, tlm::TLM_COMMAND_ERROR_RESPONSE);
    EXPECT_TRUE(d.commands.empty());
}

TEST(RegisterBank, AccessesAreTracedByRegisterName) {
    LogCapture log;
    {
        TestDevice d({}, vp::trace::LogLevel::debug);
        d.bank.initiator = [](const tlm::tlm_generic_payload&) { return std::string("core 3"); };
        d.rd(STATUS);
        d.wr(CTRL, 0x1234);
        d.wr(CHAN + 2 * 0x10, 0x42);
    }
    std::string text = log.text();
    EXPECT_NE(text.find("test 'dev': core 3 read STATUS -> 0x55"), std::string::npos) << text;
    EXPECT_NE(text.find("test 'dev': core 3 write CTRL <- 0x1234"), std::string::npos) << text;
    EXPECT_NE(text.find("test 'dev': core 3 write CHAN2 <- 0x42"), std::string::npos) << text;
}

TEST(RegisterBank, TraceFollowsTheDevFlag) {
    LogCapture log;
    {
        TestDevice d;
        d.rd(STATUS);
        vp::trace::dev.set(true);
        d.rd(CTRL);
        vp::trace::dev.set(false);
    }
    std::string text = log.text();
    EXPECT_EQ(text.find("STATUS"), std::string::npos) << text;
    EXPECT_NE(text.find("test 'dev': read CTRL -> 0x5"), std::string::npos) << text;
}

TEST(RegisterBank, ArrayElementsAreStrideApart) {
    TestDevice d;
    for (unsigned n = 0; n < 4; ++n) EXPECT_EQ(d.rd(CHAN + 0x10 * n), kChanReset) << n;
    for (unsigned n = 0; n < 4; ++n) d.wr(CHAN + 0x10 * n, 0xA0 + n);
    EXPECT_EQ(d.chan, (std::array<uint32_t, 4>{0xA0, 0xA1, 0xA2, 0xA3}));
    EXPECT_EQ(d.chan_writes, (std::vector<unsigned>{0, 1, 2, 3}));
    EXPECT_EQ(d.rd(CHAN + 0x30), 0xA3u);
    EXPECT_EQ(d.rd(CHAN + 0x38), 0u);  // past the last element: a gap
}

TEST(RegisterBank, WritableMaskAndByteLanes) {
    TestDevice d({.sizes = BankPolicy::sizes_of({1, 4}), .sub_word = true});
    d.wr(CTRL, 0xFFFFFFFF);
    EXPECT_EQ(d.rd(CTRL), kCtrlWritable);  // bits [15:12] and [7:0]
    d.wr(CTRL + 1, 0x00, 1);               // byte 1 only
    EXPECT_EQ(d.rd(CTRL), 0x00FFu);
    d.wr(CTRL, 0x00, 1);
    EXPECT_EQ(d.rd(CTRL), 0u);
    d.wr(CTRL + 1, 0xFF, 1);
    EXPECT_EQ(d.rd(CTRL), 0xF000u);
    EXPECT_EQ(d.rd(CTRL + 1, 1), 0xF0u);
}

TEST(RegisterBank, ResetGivesEveryStoredRegisterItsDeclaredValue) {
    TestDevice d;
    EXPECT_EQ(d.ctrl, kCtrlReset);
    EXPECT_EQ(d.chan, (std::array<uint32_t, 4>{kChanReset, kChanReset, kChanReset, kChanReset}));
    d.wr(CTRL, 0);
    d.wr(CHAN + 0x10, 0);
    d.bank.reset();
    EXPECT_EQ(d.rd(CTRL), kCtrlReset);
    EXPECT_EQ(d.rd(CHAN + 0x10), kChanReset);
}

TEST(RegisterBank, DebugReadsHaveNoSideEffects) {
    TestDevice d;
    EXPECT_EQ(d.rd(FIFO), 1u);  // a bus read pops
    uint32_t v = 0;
    EXPECT_EQ(d.bus.debug(tlm::TLM_READ_COMMAND, FIFO, &v, 4), 4u);
    EXPECT_EQ(v, 2u);  // the peek: the next entry
    EXPECT_EQ(d.bus.debug(tlm::TLM_READ_COMMAND, FIFO, &v, 4), 4u);
    EXPECT_EQ(v, 2u);
    EXPECT_EQ(d.rd(FIFO), 2u);
    // A debugger reads a block: CTRL, STATUS, CMD (write-only: zero), the gap.
    uint32_t block[4] = {1, 1, 1, 1};
    EXPECT_EQ(d.bus.debug(tlm::TLM_READ_COMMAND, CTRL, block, 16), 16u);
    EXPECT_EQ(block[0], kCtrlReset);
    EXPECT_EQ(block[1], kStatus);
    EXPECT_EQ(block[2], 0u);
    EXPECT_EQ(block[3], 0u);
    uint32_t w = 0xFF;
    EXPECT_EQ(d.bus.debug(tlm::TLM_WRITE_COMMAND, CTRL, &w, 4), 0u);  // debug writes are not served
    EXPECT_EQ(d.rd(CTRL), kCtrlReset);
}

TEST(RegisterBank, ByteEnablesRefusedUnlessDeclared) {
    const uint8_t be[4] = {0xFF, 0x00, 0x00, 0xFF};
    {
        TestDevice d;
        uint32_t v = 0xFFFFFFFF;
        EXPECT_EQ(d.bus.access(tlm::TLM_WRITE_COMMAND, CTRL, &v, 4, be, 4).status,
                  tlm::TLM_BYTE_ENABLE_ERROR_RESPONSE);
        EXPECT_EQ(d.rd(CTRL), kCtrlReset);
    }
}

TEST(RegisterBank, ByteEnablesHonouredWhenDeclared) {
    const uint8_t be[4] = {0xFF, 0x00, 0x00, 0xFF};
    TestDevice d({.byte_enables = true});
    uint32_t v = 0xFFFFFFFF;
    EXPECT_TRUE(d.bus.access(tlm::TLM_WRITE_COMMAND, CTRL, &v, 4, be, 4).ok());
    EXPECT_EQ(d.rd(CTRL), 0x00FFu);  // byte 3 is enabled but not writable, byte 1 disabled
    uint32_t r = 0xAAAAAAAA;
    d.wr(CTRL, 0xF0FF);
    EXPECT_TRUE(d.bus.access(tlm::TLM_READ_COMMAND, CTRL, &r, 4, be, 4).ok());
    EXPECT_EQ(r, 0x00AAAAFFu);  // disabled bytes of the payload untouched
}

TEST(RegisterBank, HooksRunBeforeEachAccessAndAfterEachRegisterWrite) {
    TestDevice d;
    std::vector<sc_core::sc_time> before;
    unsigned after = 0;
    d.bank.before_access = [&](const tlm::tlm_generic_payload&, sc_core::sc_time now) {
        before.push_back(now);
    };
    d.bank.after_write = [&](const tlm::tlm_generic_payload&) { ++after; };
    uint32_t v = 1;
    tlm::tlm_generic_payload gp;
    gp.set_command(tlm::TLM_WRITE_COMMAND);
    gp.set_address(CTRL);
    gp.set_data_ptr(reinterpret_cast<unsigned char*>(&v));
    gp.set_data_length(4);
    gp.set_streaming_width(4);
    sc_core::sc_time delay(7, sc_core::SC_NS);
    d.bus.socket->b_transport(gp, delay);
    EXPECT_EQ(gp.get_response_status(), tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(delay, sc_core::sc_time(7, sc_core::SC_NS));  // the bank adds no latency
    ASSERT_EQ(before.size(), 1u);
    EXPECT_EQ(before[0], sc_core::sc_time(7, sc_core::SC_NS));  // sc_time_stamp() + delay
    EXPECT_EQ(after, 1u);
    d.wr(GAP, 1);  // a gap: before, but no register written
    d.rd(STATUS);  // a read
    EXPECT_EQ(before.size(), 3u);
    EXPECT_EQ(after, 1u);
}
