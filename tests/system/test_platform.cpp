// The platform end to end without a CPU: the default machine built from platforms/virt.yaml,
// driven by a scripted TLM initiator bound to the router as a core would be.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "core/trace.h"
#include "platform/platform.h"
#include "support/test_initiator.h"

namespace {

const std::string kMachine = std::string(VP_SOURCE_DIR) + "/platforms/virt.yaml";

std::string slurp(const std::string& path) {
    std::ifstream in(path);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

std::vector<vp::Override> with_defaults(const std::string& uart_file, std::vector<std::string> extra) {
    std::vector<vp::Override> o = {vp::parse_override("devices.uart0.backend=file:" + uart_file),
                                   vp::parse_override("cpus.count=1")};
    for (auto& e : extra) o.push_back(vp::parse_override(e));
    return o;
}

struct Machine {
    std::string uart_file = testing::TempDir() + "/uart-" +
                            testing::UnitTest::GetInstance()->current_test_info()->name() + ".txt";
    vp::Platform platform;
    vp::test::TestInitiator cpu{"scripted"};
    explicit Machine(std::vector<std::string> overrides = {})
        : platform("vp", vp::load_topology(kMachine, with_defaults(uart_file, std::move(overrides)))) {
        cpu.socket.bind(platform.router().targ);
        sc_core::sc_start(sc_core::SC_ZERO_TIME);
    }
};

}  // namespace

TEST(Platform, HelloReachesThePl011BackendThroughTheRouter) {
    Machine m;
    // PL011 TRM: enable UART, TX and RX (UARTCR = 0x301), then write characters to UARTDR.
    ASSERT_TRUE(m.cpu.write(0x09000030, 0x301).ok());
    for (char c : std::string("hello")) ASSERT_TRUE(m.cpu.write(0x09000000, static_cast<uint8_t>(c)).ok());
    sc_core::sc_start(sc_core::sc_time(1, sc_core::SC_US));
    EXPECT_EQ(slurp(m.uart_file), "hello");
}

TEST(Platform, RamThroughDmiAndBTransportAgree) {
    Machine m;
    ASSERT_TRUE(m.cpu.write(0x40001000, 0xdeadbeef, 4).ok());
    tlm::tlm_dmi dmi;
    ASSERT_TRUE(m.cpu.get_dmi(0x40001000, tlm::TLM_WRITE_COMMAND, dmi));
    // The DMI range is in the initiator's (global) address space: the RAM starts at 1 GiB.
    EXPECT_EQ(dmi.get_start_address(), 0x40000000u);
    EXPECT_EQ(dmi.get_end_address(), 0x40000000u + (4ull << 30) - 1);
    uint8_t* host = dmi.get_dmi_ptr() + (0x40001000 - dmi.get_start_address());
    uint32_t seen;
    std::memcpy(&seen, host, 4);
    EXPECT_EQ(seen, 0xdeadbeefu);
    uint32_t value = 0x12345678;
    std::memcpy(host + 4, &value, 4);
    EXPECT_EQ(m.cpu.read(0x40001004, 4).data, 0x12345678u);
}

TEST(Platform, UnmappedAddressIsRefusedAndLogged) {
    std::string log = testing::TempDir() + "/guest_errors.log";
    vp::trace::open_log_file(log);
    vp::trace::guest_errors.set(true);
    Machine m;
    auto r = m.cpu.read(0x20000000, 4);  // a hole in the virt map
    EXPECT_EQ(r.status, tlm::TLM_ADDRESS_ERROR_RESPONSE);
    vp::trace::open_log_file("/dev/null");  // flush and close the test log
    EXPECT_NE(slurp(log).find("0x20000000"), std::string::npos) << slurp(log);
}

TEST(Platform, InterruptControllerAndCpusComeFromTheTopology) {
    Machine m;
    ASSERT_NE(m.platform.interrupt_controller(), nullptr);
    EXPECT_EQ(m.platform.interrupt_controller()->config().model, "gicv2");
    EXPECT_EQ(m.platform.cpus().size(), 1u);
    EXPECT_EQ(m.platform.stdout_device()->config().name, "uart0");
    // GICD_TYPER (IHI 0048B 4.3.2): CPUNumber [7:5] = cores - 1, ITLinesNumber [4:0] = 288/32 - 1.
    auto typer = m.cpu.read(0x08000004, 4);
    ASSERT_TRUE(typer.ok());
    EXPECT_EQ(typer.data & 0x1f, 8u);
    EXPECT_EQ((typer.data >> 5) & 7, 0u);
}

TEST(Platform, EveryTargetTakesReadAndWriteLatencyFromTheTopology) {
    Machine m({"devices.uart0.read_latency=50ns", "devices.uart0.write_latency=20ns"});
    auto r = m.cpu.read(0x09000018, 4);  // UARTFR
    ASSERT_TRUE(r.ok());
    EXPECT_GE(r.delay, sc_core::sc_time(50, sc_core::SC_NS));
    EXPECT_LT(r.delay, sc_core::sc_time(70, sc_core::SC_NS));
    auto w = m.cpu.write(0x09000038, 0, 4);  // UARTIMSC
    ASSERT_TRUE(w.ok());
    EXPECT_GE(w.delay, sc_core::sc_time(20, sc_core::SC_NS));
    EXPECT_LT(w.delay, sc_core::sc_time(50, sc_core::SC_NS));
}

TEST(Platform, UnannotatedTargetAddsNoLatency) {
    Machine m;
    auto r = m.cpu.read(0x09000018, 4);
    ASSERT_TRUE(r.ok());
    EXPECT_LT(r.delay, sc_core::sc_time(50, sc_core::SC_NS));
}

TEST(Platform, RamWithBandwidthTimesEveryAccessAndRefusesDmi) {
    Machine m({"memory.ram.bandwidth=1G"});  // 2^30 bytes per second
    std::vector<uint8_t> buf(1024);
    auto r = m.cpu.access(tlm::TLM_READ_COMMAND, 0x40000000, buf.data(), 1024);
    ASSERT_TRUE(r.ok());
    // 1024 bytes at 2^30 B/s = 2^-20 s = 953.674 ns.
    EXPECT_NEAR(r.delay.to_seconds(), 1024.0 / (1u << 30), 1e-12);
    EXPECT_FALSE(m.cpu.last_dmi_allowed);
    tlm::tlm_dmi dmi;
    EXPECT_FALSE(m.cpu.get_dmi(0x40000000, tlm::TLM_READ_COMMAND, dmi));
}
