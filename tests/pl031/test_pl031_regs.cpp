// PL031 registers through a real TLM socket, with expected values from the PrimeCell RTC
// (PL031) TRM, ARM DDI 0224 (pl031_trm.h): identification, reset values, the count in simulated
// time from the `start` date and from RTCLR, RTCCR, and the bank's response to bad accesses.
#include <gtest/gtest.h>

#include <chrono>

#include "core/error.h"
#include "core/model_registry.h"
#include "pl031_test_util.h"

using namespace pl031_test;
using sc_core::SC_MS;
using sc_core::SC_PS;
using sc_core::SC_SEC;
using sc_core::sc_time;

TEST(Pl031Regs, IdentificationRegistersHoldTheTrmValues) {
    Rtc r;
    for (unsigned i = 0; i < 8; ++i) EXPECT_EQ(r.rd(RTCPeriphID0 + 4 * i), kIds[i]) << "ID register " << i;
}

TEST(Pl031Regs, ResetValues) {
    Rtc r;
    EXPECT_EQ(r.rd(RTCMR), 0u);
    EXPECT_EQ(r.rd(RTCLR), 0u);
    EXPECT_EQ(r.rd(RTCCR), 0u);
    EXPECT_EQ(r.rd(RTCIMSC), 0u);
    EXPECT_EQ(r.rd(RTCRIS), 0u);
    EXPECT_EQ(r.rd(RTCMIS), 0u);
    EXPECT_FALSE(r.line());
}

// The fixed start date is the value at reset; it advances once per second of simulated time, at
// every whole second.
TEST(Pl031Regs, StartDateCountsInSimulatedSeconds) {
    Rtc r("2026-01-01T00:00:00Z");
    EXPECT_EQ(r.rd(RTCDR), k2026);
    run_to(sc_time(999, SC_MS));
    EXPECT_EQ(r.rd(RTCDR), k2026);
    run_to(sc_time(1, SC_SEC) - sc_time(1, SC_PS));
    EXPECT_EQ(r.rd(RTCDR), k2026);
    run_to(sc_time(1, SC_SEC));
    EXPECT_EQ(r.rd(RTCDR), k2026 + 1);
    run_to(sc_time(10500, SC_MS));
    EXPECT_EQ(r.rd(RTCDR), k2026 + 10);
}

// An access is at its annotated time (a core running ahead of SystemC time).
TEST(Pl031Regs, DataRegisterReadsAtTheAccessTime) {
    Rtc r;
    uint32_t v = 0;
    sc_time delay(3, SC_SEC);
    tlm::tlm_generic_payload gp;
    gp.set_command(tlm::TLM_READ_COMMAND);
    gp.set_address(RTCDR);
    gp.set_data_ptr(reinterpret_cast<unsigned char*>(&v));
    gp.set_data_length(4);
    gp.set_streaming_width(4);
    r.cpu.socket->b_transport(gp, delay);
    ASSERT_TRUE(gp.is_response_ok());
    EXPECT_EQ(v, k2026 + 3);
}

TEST(Pl031Regs, OtherStartDates) {
    // `date -u -d 2106-02-07T06:28:15Z +%s` = 4294967295, the largest 32-bit count.
    Rtc r("2106-02-07T06:28:15Z");
    EXPECT_EQ(r.rd(RTCDR), 0xFFFFFFFFu);
    run_to(sc_time(1, SC_SEC));
    EXPECT_EQ(r.rd(RTCDR), 0u);  // the 32-bit counter wraps
}

TEST(Pl031Regs, HostStartIsTheHostClock) {
    const auto host = [] {
        return static_cast<uint32_t>(std::chrono::duration_cast<std::chrono::seconds>(
                                         std::chrono::system_clock::now().time_since_epoch())
                                         .count());
    };
    const uint32_t before = host();
    Rtc r("host");
    const uint32_t after = host();
    const uint32_t v = r.rd(RTCDR);
    EXPECT_GE(v, before);
    EXPECT_LE(v, after);
}

// RTCLR (TRM "Update block"): the value read from RTCDR is the loaded one from then on, and advances
// at the next CLK1HZ edge; RTCLR reads back the value written.
TEST(Pl031Regs, LoadSetsTheValueAndCountingGoesOn) {
    Rtc r;
    run_to(sc_time(2500, SC_MS));
    r.wr(RTCLR, 1000);
    EXPECT_EQ(r.rd(RTCLR), 1000u);
    EXPECT_EQ(r.rd(RTCDR), 1000u);
    run_to(sc_time(3, SC_SEC) - sc_time(1, SC_PS));
    EXPECT_EQ(r.rd(RTCDR), 1000u);
    run_to(sc_time(3, SC_SEC));
    EXPECT_EQ(r.rd(RTCDR), 1001u);
    run_to(sc_time(63, SC_SEC));
    EXPECT_EQ(r.rd(RTCDR), 1061u);
    EXPECT_EQ(r.rd(RTCLR), 1000u);
}

// RTCCR bit 0: set by writing 1 and read back as 1; once started, writes have no effect.
TEST(Pl031Regs, ControlStartBitIsSticky) {
    Rtc r;
    r.wr(RTCCR, 0);
    EXPECT_EQ(r.rd(RTCCR), 0u);
    r.wr(RTCCR, 0xFFFFFFFE);
    EXPECT_EQ(r.rd(RTCCR), 0u);
    r.wr(RTCCR, CR_START);
    EXPECT_EQ(r.rd(RTCCR), CR_START);
    r.wr(RTCCR, 0);
    EXPECT_EQ(r.rd(RTCCR), CR_START);
}

TEST(Pl031Regs, ReadOnlyAndWriteOnlyRegisters) {
    Rtc r;
    r.wr(RTCDR, 5);  // read only: ignored
    EXPECT_EQ(r.rd(RTCDR), k2026);
    r.wr(RTCRIS, INT_RTC);
    EXPECT_EQ(r.rd(RTCRIS), 0u);
    r.wr(RTCMIS, INT_RTC);
    EXPECT_EQ(r.rd(RTCMIS), 0u);
    EXPECT_EQ(r.rd(RTCICR), 0u);  // write only: reads as zero
    r.wr(RTCIMSC, 0xFFFFFFFF);
    EXPECT_EQ(r.rd(RTCIMSC), INT_RTC);  // one mask bit
    r.wr(RTCMR, 0xDEADBEEF);
    EXPECT_EQ(r.rd(RTCMR), 0xDEADBEEFu);
    EXPECT_EQ(r.rd(0x020), 0u);  // reserved: reads as zero
}

// The bank takes 32-bit accesses at word addresses only: anything else gets
// TLM_BURST_ERROR_RESPONSE and changes nothing; beyond the 4 KiB block: TLM_ADDRESS_ERROR_RESPONSE.
TEST(Pl031Regs, WrongSizeAndMisalignedAccessesAreRefused) {
    Rtc r;
    r.wr(RTCLR, 0x11223344);
    for (unsigned len : {1u, 2u, 8u}) {
        EXPECT_EQ(r.cpu.read(RTCLR, len).status, tlm::TLM_BURST_ERROR_RESPONSE) << len;
        EXPECT_EQ(r.cpu.write(RTCLR, 0, len).status, tlm::TLM_BURST_ERROR_RESPONSE) << len;
    }
    EXPECT_EQ(r.cpu.read(RTCLR + 2).status, tlm::TLM_BURST_ERROR_RESPONSE);
    EXPECT_EQ(r.cpu.write(RTCLR + 2, 0).status, tlm::TLM_BURST_ERROR_RESPONSE);
    EXPECT_EQ(r.rd(RTCLR), 0x11223344u);
    EXPECT_EQ(r.rd(RTCDR), 0x11223344u);
    EXPECT_EQ(r.cpu.read(0x1000).status, tlm::TLM_ADDRESS_ERROR_RESPONSE);
}

TEST(Pl031Regs, DebugReadOfTheDataRegister) {
    Rtc r;
    run_to(sc_time(7, SC_SEC));
    uint32_t v = 0;
    EXPECT_EQ(r.cpu.debug(tlm::TLM_READ_COMMAND, RTCDR, &v, 4), 4u);
    EXPECT_EQ(v, k2026 + 7);
}

TEST(Pl031Regs, BadStartIsAConfigErrorNamingTheKey) {
    unsigned n = 0;
    for (const char* bad : {"tomorrow", "2026-13-01T00:00:00Z", "2026-02-29T00:00:00Z",
                            "2026-01-01T24:00:00Z", "2026-01-01 00:00:00Z", "2026-01-01T00:00:00",
                            "2026-01-01T00:00:00+", "1969-12-31T23:59:59Z", "2106-02-07T06:28:16Z", ""}) {
        try {
            vp::Pl031 dev(("rtc_" + std::to_string(n++)).c_str(), rtc_config(bad));
            ADD_FAILURE() << "start '" << bad << "' accepted";
        } catch (const vp::ConfigError& e) {
            EXPECT_EQ(e.key(), "rtc.start") << bad;
            EXPECT_EQ(e.loc().file, "test.yaml");
            EXPECT_EQ(e.loc().line, 7);
            EXPECT_NE(std::string(e.what()).find(std::string("'") + bad + "'"), std::string::npos)
                << e.what();
        }
    }
}

TEST(Pl031Model, RegistryEntry) {
    const vp::ModelInfo* m = vp::ModelRegistry::instance().find("pl031");
    ASSERT_NE(m, nullptr);
    ASSERT_EQ(m->regions.size(), 1u);
    EXPECT_EQ(m->regions[0].default_size, 0x1000u);
    EXPECT_EQ(m->irqs, std::vector<std::string>{"intr"});
    ASSERT_NE(m->find_prop("start"), nullptr);
    EXPECT_EQ(m->find_prop("start")->default_value, "host");
}
