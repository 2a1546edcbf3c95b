// QEMU's -rtc option on vp's command line (platform/qemu_rtc.h): base= onto the PL031's `start`
// as --dump-config shows it, clock=vm and driftfix=none accepted, everything vp cannot honour
// refused with a message naming the option and the part.
#include <gtest/gtest.h>

#include <ctime>

#include "core/error.h"
#include "platform/cli.h"
#include "platform/qemu_rtc.h"
#include "yaml/topology.h"

namespace {

// The effective `start` of platforms/virt.yaml's RTC for `vp ARGS...`.
std::string start_for(std::vector<std::string> args, std::string* dump = nullptr) {
    args.insert(args.begin(), {"vp", std::string(VP_SOURCE_DIR) + "/platforms/virt.yaml"});
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    int code = 0;
    auto cl = vp::parse_command_line(static_cast<int>(argv.size()), argv.data(), code);
    if (!cl) return "<refused>";
    vp::Topology t = vp::load_topology(cl->topology, cl->overrides);
    if (dump) *dump = vp::dump_topology(t);
    for (const auto& d : t.devices)
        if (d.name == "rtc") return d.props.get_string("start");
    return "<no rtc>";
}

std::string refusal(const std::string& spec) {
    try {
        vp::qemu_rtc_overrides(spec);
    } catch (const vp::Error& e) {
        return e.what();
    }
    return "";
}

}  // namespace

TEST(RtcOption, FixedDateAndTime) {
    std::string dump;
    EXPECT_EQ(start_for({"-rtc", "base=2026-01-01T00:00:00"}, &dump), "2026-01-01T00:00:00Z");
    EXPECT_NE(dump.find("start: 2026-01-01T00:00:00Z"), std::string::npos) << dump;  // --dump-config
    EXPECT_EQ(start_for({"-rtc", "base=2031-07-15T12:34:56"}), "2031-07-15T12:34:56Z");
}

TEST(RtcOption, DateAloneIsMidnight) {
    EXPECT_EQ(start_for({"-rtc", "base=2026-03-04"}), "2026-03-04T00:00:00Z");
}

TEST(RtcOption, UtcIsTheHostsClock) {
    EXPECT_EQ(start_for({}), "host");  // platforms/virt.yaml's default
    EXPECT_EQ(start_for({"-s", "devices.rtc.start=2026-01-01T00:00:00Z", "-rtc", "base=utc"}), "host");
}

// base=localtime: the host's local wall time, written as the RTC's UTC date.
TEST(RtcOption, LocaltimeIsTheHostsLocalTime) {
    setenv("TZ", "Asia/Kolkata", 1);  // UTC+05:30, no daylight saving
    tzset();
    const std::time_t before = std::time(nullptr);
    const std::string start = start_for({"-rtc", "base=localtime"});
    ASSERT_EQ(start.size(), 20u) << start;
    std::tm tm{};
    ASSERT_NE(strptime(start.c_str(), "%Y-%m-%dT%H:%M:%SZ", &tm), nullptr) << start;
    const long as_utc = static_cast<long>(timegm(&tm));
    EXPECT_NEAR(as_utc - static_cast<long>(before), 5 * 3600 + 30 * 60, 5) << start;
    unsetenv("TZ");
    tzset();
}

TEST(RtcOption, ClockVmAndDriftfixNoneAreAccepted) {
    EXPECT_EQ(start_for({"-rtc", "base=2026-01-01,clock=vm,driftfix=none"}), "2026-01-01T00:00:00Z");
    EXPECT_TRUE(vp::qemu_rtc_overrides("clock=vm").empty());  // no base: the topology's start stays
}

TEST(RtcOption, WhatVpCannotHonourIsRefused) {
    EXPECT_NE(refusal("clock=host").find("-rtc clock=host: clock=host: vp's RTC counts simulated time"),
              std::string::npos)
        << refusal("clock=host");
    EXPECT_NE(refusal("clock=rt").find("clock=rt"), std::string::npos);
    EXPECT_NE(refusal("driftfix=slew").find("driftfix=slew"), std::string::npos);
    EXPECT_NE(refusal("base=utc,speed=2").find("unknown key 'speed'"), std::string::npos);
    EXPECT_NE(refusal("utc").find("expected KEY=VALUE"), std::string::npos);
}

TEST(RtcOption, BadDatesAreRefused) {
    for (const char* bad :
         {"base=yesterday", "base=2026-13-01", "base=2026-02-30", "base=2026-01-01T25:00:00",
          "base=2026-01-01T00:00:00Z", "base=1969-12-31", "base=2200-01-01", "base="}) {
        const std::string e = refusal(bad);
        EXPECT_NE(e.find(std::string("-rtc ") + bad + ": base="), std::string::npos) << bad << ": " << e;
        EXPECT_NE(e.find("expected utc, localtime, YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS"), std::string::npos)
            << e;
    }
}

TEST(RtcOption, CommandLineRefusesABadValue) {
    EXPECT_EQ(start_for({"-rtc", "base=tomorrow"}), "<refused>");
}
