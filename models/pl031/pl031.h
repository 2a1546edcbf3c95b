// ARM PrimeCell Real Time Clock (PL031), after the PrimeCell RTC (PL031) Technical Reference
// Manual, ARM DDI 0224 ("TRM" below): chapter 3 (Programmers Model) is the register map, chapter 2
// (Functional Overview) the counter, update and interrupt blocks.
//
// Modelled: the 32-bit counter clocked by CLK1HZ, the load (RTCLR), match (RTCMR), control
// (RTCCR), interrupt mask, raw, masked and clear registers, the PrimeCell identification
// registers, and RTCINTR (the alarm: RTCMIS). CLK1HZ is simulated time: its rising edges fall on
// every whole second since reset, so a run reads the same counts whatever the host does. The RTC
// value is the edges counted since reset plus an offset (TRM "Update block"): a write to RTCLR sets
// the offset so that RTCDR reads the loaded value from then on, advancing at the next edge.
// At reset the value is the `start` property (models/pl031/rtc_start.h), as if the clock had been
// running before: the host's clock, or a fixed date for deterministic runs.
// The alarm: RTCRIS is set when the RTC value becomes equal to RTCMR, at the CLK1HZ edge where it
// does (a timed SystemC event at that exact time, never polling), or at once when a write to RTCMR
// or RTCLR makes them equal (as QEMU's PL031 does); RTCICR clears it.
// RTCCR bit 0 (RTCstart) is sticky: set by writing 1, after which writes have no effect (TRM
// "Update block"). The counter is not gated by it (CLK1HZ runs from reset), so a guest without an
// RTC driver still reads the time, as on QEMU's virt machine.
// Not modelled: the two PCLK edges an update takes to reach the CLK1HZ domain (updates are
// instantaneous), the test registers, and the ST Microelectronics variant's extra registers.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include <tlm_utils/simple_target_socket.h>

#include "core/device.h"
#include "core/properties.h"
#include "core/register_bank.h"

namespace vp {

namespace pl031 {

// Register offsets, TRM 3.2 "Summary of RTC registers".
enum Offset : uint32_t {
    RTCDR = 0x000,    // data: the RTC value (read only)
    RTCMR = 0x004,    // match
    RTCLR = 0x008,    // load
    RTCCR = 0x00C,    // control: bit 0 RTCstart
    RTCIMSC = 0x010,  // interrupt mask set/clear: bit 0 = 1 enables RTCINTR
    RTCRIS = 0x014,   // raw interrupt status (read only)
    RTCMIS = 0x018,   // masked interrupt status (read only)
    RTCICR = 0x01C,   // interrupt clear (write only): writing 1 to bit 0 clears RTCRIS
    RTCPeriphID0 = 0xFE0,
    RTCPeriphID1 = 0xFE4,
    RTCPeriphID2 = 0xFE8,
    RTCPeriphID3 = 0xFEC,
    RTCPCellID0 = 0xFF0,
    RTCPCellID1 = 0xFF4,
    RTCPCellID2 = 0xFF8,
    RTCPCellID3 = 0xFFC,
};

constexpr uint32_t kStart = 1u << 0;  // RTCCR.RTCstart
constexpr uint32_t kAlarm = 1u << 0;  // the one interrupt bit of RTCIMSC/RIS/MIS/ICR

}  // namespace pl031

class Pl031 : public Device {
public:
    tlm_utils::simple_target_socket<RegisterBank> socket{"socket"};
    IrqOut intr;  // RTCINTR: RTCMIS

    // Properties: start ("host" or a UTC date "YYYY-MM-DDTHH:MM:SSZ").
    Pl031(const sc_core::sc_module_name& name, const DeviceConfig& config);
    static const std::vector<PropertySpec>& properties();

    TargetSocket& target_socket(unsigned index) override;
    IrqOut* irq_output(unsigned index) override { return index == 0 ? &intr : nullptr; }
    void write_dtb(DtbWriter& dtb) const override;
    void save_state(StateWriter& out) const override;
    void load_state(StateReader& in) override;

    // The RTC value (what RTCDR reads) at simulated time `t`.
    uint32_t value_at(sc_core::sc_time t) const;

private:
    std::vector<Register> registers();
    void reset();
    static uint64_t edges_at(sc_core::sc_time t);  // CLK1HZ rising edges since reset

    void write_lr(sc_core::sc_time now);
    void write_cr(uint32_t v);
    void write_icr(uint32_t v);
    void match_changed(sc_core::sc_time now);  // RTCMR or the value was written
    void schedule_match(sc_core::sc_time now);
    void on_match();  // the CLK1HZ edge at which the value reaches RTCMR
    void update();    // RTCINTR follows RTCMIS

    uint32_t start_;       // the value at reset (the `start` property)
    uint32_t offset_ = 0;  // value = edges + offset (mod 2^32)
    sc_core::sc_event match_event_;
    sc_core::sc_time match_at_ = sc_core::sc_max_time();  // match_event_'s time; max: none
    uint32_t mr_ = 0, lr_ = 0, cr_ = 0, imsc_ = 0, ris_ = 0;
    RegisterBank regs_;  // TRM 3.2
};

}  // namespace vp
