// The waveform of the RTL APB timer (property `trace`, rtl/rtl_cycle_device.h): a VCD file whose
// timestamps are simulated time, holding the APB signals as the bridge drives them for TLM
// accesses made at known times, only inside the trace_start..trace_stop window. Expected values
// from the register map of models/rtl/apb_timer_regs.h's comment (offsets written out here) and
// from APB4 (ARM IHI 0024C): PADDR and PWRITE are driven in the setup phase of each transfer.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>

#include "bridges/bridge_test_util.h"
#include "core/error.h"
#include "core/model_registry.h"
#include "support/oracle.h"
#include "support/test_initiator.h"
#include "support/vcd_reader.h"

using namespace sc_core;
using vp::test::ThreadRunner;
using vp::test::VcdChange;

namespace {

constexpr uint32_t CTRL = 0x08, INTCLR = 0x0C, ID = 0x18;
constexpr uint64_t kUs = 1'000'000;  // ps

std::string temp_path(const std::string& name) {
    return (std::filesystem::path(testing::TempDir()) / name).string();
}

std::unique_ptr<vp::Device> make_timer(const std::map<std::string, std::string>& props) {
    const vp::ModelInfo* info = vp::ModelRegistry::instance().find("rtl.apb_timer");
    if (!info) return nullptr;
    vp::DeviceConfig c;
    c.name = "timer";
    c.model = "rtl.apb_timer";
    c.regions = {{"regs", 0x1c0f0000, 0x1000}};
    c.interrupts = {32 + 7};
    for (const auto& [key, value] : props) c.props.set(key, {value, {"t.yaml", 3, 5}, vp::PropType::string});
    return info->create("timer", c);
}

#define REQUIRE_RTL()                                                                 \
    VP_REQUIRE_ORACLE(vp::ModelRegistry::instance().find("rtl.apb_timer") != nullptr, \
                      "rtl.apb_timer (built with Verilator, CMake option VP_WITH_VERILATOR)", "verilator")

struct Access {
    uint64_t begin, end;  // simulated time in ps
};

// The changes of `values` in [begin, end].
std::vector<VcdChange> within(const std::vector<VcdChange>& values, uint64_t begin, uint64_t end) {
    std::vector<VcdChange> out;
    std::copy_if(values.begin(), values.end(), std::back_inserter(out),
                 [&](const VcdChange& c) { return c.time >= begin && c.time <= end; });
    return out;
}

std::string config_error(const std::map<std::string, std::string>& props) {
    try {
        make_timer(props);
    } catch (const vp::ConfigError& e) {
        return e.what();
    }
    return "no error";
}

}  // namespace

TEST(RtlWaveform, ShowsEachAccessAtItsSimulatedTime) {
    REQUIRE_RTL();
    const std::string path = temp_path("timer_access.vcd");
    std::filesystem::remove(path);
    auto dev = make_timer({{"trace", path}, {"clock_mode", "exact"}});
    vp::test::TestInitiator init{"init"};
    init.socket.bind(dev->target_socket(0));
    Access write{}, read{};
    ThreadRunner t("t", [&] {
        wait(1, SC_US);
        write.begin = sc_time_stamp().value();
        EXPECT_TRUE(init.write_timed(INTCLR, 1).ok());
        write.end = sc_time_stamp().value();
        wait(1, SC_US);
        read.begin = sc_time_stamp().value();
        EXPECT_EQ(init.read_timed(ID).data, 0x56544D52u);
        read.end = sc_time_stamp().value();
    });
    sc_start(3, SC_US);
    ASSERT_TRUE(t.done);
    dev.reset();  // closes the file

    const vp::test::Vcd vcd = vp::test::read_vcd(path);
    EXPECT_EQ(vcd.timescale, "1ps");
    const auto& paddr = vcd.of("paddr");
    const auto& pwrite = vcd.of("pwrite");
    ASSERT_FALSE(paddr.empty());
    EXPECT_EQ(paddr.front().time, 0u);  // the initial values
    EXPECT_EQ(vp::test::vcd_binary(paddr.front().value), 0u);

    const auto paddr_w = within(paddr, write.begin, write.end);
    ASSERT_EQ(paddr_w.size(), 1u);
    EXPECT_EQ(vp::test::vcd_binary(paddr_w[0].value), INTCLR);
    const auto pwrite_w = within(pwrite, write.begin, write.end);
    ASSERT_GE(pwrite_w.size(), 1u);
    EXPECT_EQ(pwrite_w[0].value, "1");
    EXPECT_EQ(pwrite_w[0].time, paddr_w[0].time);  // both in the setup phase

    const auto paddr_r = within(paddr, read.begin, read.end);
    ASSERT_EQ(paddr_r.size(), 1u);
    EXPECT_EQ(vp::test::vcd_binary(paddr_r[0].value), ID);
    const auto pwrite_r = within(pwrite, write.end + 1, read.end);
    ASSERT_FALSE(pwrite_r.empty());
    EXPECT_EQ(pwrite_r.back().value, "0");
    EXPECT_GE(pwrite_r.back().time, read.begin);

    EXPECT_EQ(within(paddr, 1, write.begin - 1).size(), 0u);  // nothing moved before the write
    EXPECT_EQ(within(paddr, write.end + 1, read.begin - 1).size(), 0u);
    EXPECT_FALSE(vcd.of("value_q").empty());  // internal registers are in the file too
}

TEST(RtlWaveform, RecordsOnlyInsideTheWindow) {
    REQUIRE_RTL();
    const std::string path = temp_path("timer_window.vcd");
    std::filesystem::remove(path);
    auto dev = make_timer({{"trace", path}, {"trace_start", "2us"}, {"trace_stop", "4us"}});
    vp::test::TestInitiator init{"init"};
    init.socket.bind(dev->target_socket(0));
    Access read{};
    ThreadRunner t("t", [&] {
        wait(1, SC_US);
        EXPECT_TRUE(init.write_timed(INTCLR, 1).ok());  // before the window
        wait(sc_time(3, SC_US) - sc_time_stamp());
        read.begin = sc_time_stamp().value();
        EXPECT_EQ(init.read_timed(ID).data, 0x56544D52u);
        read.end = sc_time_stamp().value();
        wait(sc_time(5, SC_US) - sc_time_stamp());
        EXPECT_TRUE(init.write_timed(CTRL, 0).ok());  // after it
    });
    sc_start(6, SC_US);
    ASSERT_TRUE(t.done);
    dev.reset();

    const vp::test::Vcd vcd = vp::test::read_vcd(path);
    ASSERT_FALSE(vcd.times.empty());
    EXPECT_EQ(vcd.times.front(), 2 * kUs);
    EXPECT_LT(vcd.times.back(), 4 * kUs);
    const auto& paddr = vcd.of("paddr");
    ASSERT_EQ(paddr.size(), 2u);
    EXPECT_EQ(paddr[0].time, 2 * kUs);  // the value left by the write before the window
    EXPECT_EQ(vp::test::vcd_binary(paddr[0].value), INTCLR);
    EXPECT_GE(paddr[1].time, read.begin);
    EXPECT_LE(paddr[1].time, read.end);
    EXPECT_EQ(vp::test::vcd_binary(paddr[1].value), ID);
}

// The FST file vp wrote, read back by gtkwave's fst2vcd (the independent reader): PADDR and
// PWRITE change within the write's simulated time, as in the VCD; the intermediate VCD is gone.
TEST(RtlWaveform, AnFstFileReadByGtkwavesFst2vcdShowsTheAccessAtItsTime) {
    REQUIRE_RTL();
    VP_REQUIRE_ORACLE(vp::test::have_program("fst2vcd"), "gtkwave's fst2vcd", "gtkwave");
    const std::string path = temp_path("timer_access.fst"), back = temp_path("timer_access_fst.vcd");
    std::filesystem::remove(path);
    std::filesystem::remove(back);
    auto dev = make_timer({{"trace", path}});
    vp::test::TestInitiator init{"init"};
    init.socket.bind(dev->target_socket(0));
    Access write{};
    ThreadRunner t("t", [&] {
        wait(1, SC_US);
        write.begin = sc_time_stamp().value();
        EXPECT_TRUE(init.write_timed(INTCLR, 1).ok());
        write.end = sc_time_stamp().value();
    });
    sc_start(2, SC_US);
    ASSERT_TRUE(t.done);
    dev.reset();  // closes and converts the file
    ASSERT_TRUE(std::filesystem::exists(path));
    EXPECT_FALSE(std::filesystem::exists(path + ".vcd"));
    ASSERT_EQ(std::system(("fst2vcd -f '" + path + "' -o '" + back + "' >/dev/null 2>&1").c_str()), 0);

    const vp::test::Vcd vcd = vp::test::read_vcd(back);
    EXPECT_EQ(vcd.timescale, "1ps");
    const auto paddr_w = within(vcd.of("paddr"), write.begin, write.end);
    ASSERT_EQ(paddr_w.size(), 1u);
    EXPECT_EQ(vp::test::vcd_binary(paddr_w[0].value), INTCLR);
    const auto pwrite_w = within(vcd.of("pwrite"), write.begin, write.end);
    ASSERT_GE(pwrite_w.size(), 1u);
    EXPECT_EQ(pwrite_w[0].value, "1");
    EXPECT_EQ(pwrite_w[0].time, paddr_w[0].time);
    EXPECT_EQ(within(vcd.of("paddr"), 1, write.begin - 1).size(), 0u);
}

TEST(RtlWaveform, AFileThatIsNeitherVcdNorFstIsAConfigErrorNamingTheKey) {
    REQUIRE_RTL();
    const std::string e = config_error({{"trace", temp_path("timer.wav")}});
    EXPECT_NE(e.find("timer.trace"), std::string::npos) << e;
    EXPECT_NE(e.find("expected a .vcd file or a .fst file"), std::string::npos) << e;
    EXPECT_NE(e.find("t.yaml:3"), std::string::npos) << e;
}

TEST(RtlWaveform, AStopNotAfterTheStartIsAConfigErrorNamingTheKey) {
    REQUIRE_RTL();
    const std::string e =
        config_error({{"trace", temp_path("timer_stop.vcd")}, {"trace_start", "5us"}, {"trace_stop", "5us"}});
    EXPECT_NE(e.find("timer.trace_stop"), std::string::npos) << e;
    EXPECT_NE(e.find("not after trace_start"), std::string::npos) << e;
}

TEST(RtlWaveform, AnUnwritableFileIsAConfigErrorNamingThePath) {
    REQUIRE_RTL();
    const std::string e = config_error({{"trace", "/nonexistent-dir/timer.vcd"}});
    EXPECT_NE(e.find("timer.trace"), std::string::npos) << e;
    EXPECT_NE(e.find("cannot write '/nonexistent-dir/timer.vcd'"), std::string::npos) << e;
}
