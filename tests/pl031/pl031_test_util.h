// A PL031 behind a real TLM socket with its interrupt wired to a recorder.
#pragma once
#include <string>

#include <systemc>

#include "core/irq.h"
#include "models/pl031/pl031.h"
#include "pl031/pl031_trm.h"
#include "support/test_initiator.h"

namespace pl031_test {

using namespace pl031_trm;              // offsets and bits from the TRM, not from the model
constexpr unsigned kLine = 34;          // the GIC INTID the tests wire RTCINTR to (QEMU virt: SPI 2)
constexpr uint32_t k2026 = 1767225600;  // `date -u -d 2026-01-01T00:00:00Z +%s`

inline vp::DeviceConfig rtc_config(const std::string& start) {
    vp::DeviceConfig c;
    c.name = "rtc";
    c.model = "pl031";
    c.regions = {{"regs", 0x09010000, 0x1000}};
    c.interrupts = {kLine};
    c.props.set("start", {start, {"test.yaml", 7, 12}, vp::PropType::string});
    return c;
}

struct Rtc {
    vp::Pl031 dev;
    vp::test::TestInitiator cpu{"cpu"};
    vp::IrqRecorder irq;

    explicit Rtc(const std::string& start = "2026-01-01T00:00:00Z") : dev("rtc", rtc_config(start)) {
        cpu.socket.bind(dev.socket);
        dev.intr.bind(irq, kLine);
    }
    uint32_t rd(uint32_t off) {
        auto r = cpu.read(off);
        EXPECT_TRUE(r.ok()) << "read " << off;
        return static_cast<uint32_t>(r.data);
    }
    void wr(uint32_t off, uint32_t v) { EXPECT_TRUE(cpu.write(off, v).ok()) << "write " << off; }
    bool line() const { return irq.level(kLine); }
};

// Runs the simulation to the absolute simulated time `t`, including what happens at `t` (sc_start
// stops before the processes of its end time run; a zero-time start runs them).
inline void run_to(const sc_core::sc_time& t) {
    sc_core::sc_start(t - sc_core::sc_time_stamp());
    if (sc_core::sc_pending_activity_at_current_time()) sc_core::sc_start(sc_core::SC_ZERO_TIME);
}

}  // namespace pl031_test
