// The vp APB timer: register map and behaviour, shared by the C++ model (model `apb_timer`,
// models/rtl/apb_timer_model.h) and the Verilog one (model `rtl.apb_timer`, apb_timer.v, which
// mirrors these constants; the differential test holds the two to the same map).
//
// A 32-bit down-counter clocked by the `clock` property, with one level interrupt output.
// 32-bit registers at word offsets in a 4 KiB region; offsets not listed read as zero and
// ignore writes; byte writes update only their byte lanes.
//
// Counting: at every rising clock edge at which CTRL.ENABLE was already set,
//   VALUE != 0 : VALUE decrements by one;
//   VALUE == 0 : RIS is set; periodic mode reloads VALUE from LOAD, one-shot mode clears
//                CTRL.ENABLE (VALUE stays 0).
// The first timeout thus comes LOAD + 1 cycles after the edge that enabled the timer, and a
// periodic timer times out every LOAD + 1 cycles. A register write takes effect at a clock
// edge (on APB: the edge that ends the access phase) and wins over the counter at that edge.
// irq = RIS & CTRL.INTEN (level, active high).
#pragma once
#include <cstdint>

namespace vp::apb_timer {

enum Offset : uint32_t {
    LOAD = 0x00,    // RW, reset 0: reload value; a write also loads VALUE
    VALUE = 0x04,   // RO, reset 0: the counter
    CTRL = 0x08,    // RW, reset 0: CtrlBits (byte lane 0 only)
    INTCLR = 0x0C,  // WO: writing 1 to bit 0 clears RIS; reads as 0
    RIS = 0x10,     // RO: bit 0 raw interrupt status
    MIS = 0x14,     // RO: bit 0 masked interrupt status (RIS & CTRL.INTEN)
    ID = 0x18,      // RO: kId
};

enum CtrlBits : uint32_t {
    CTRL_ENABLE = 1u << 0,   // count
    CTRL_INTEN = 1u << 1,    // drive irq from RIS
    CTRL_ONESHOT = 1u << 2,  // 1: stop at the timeout, 0: periodic (reload from LOAD)
    CTRL_MASK = 0x7,
};

constexpr uint32_t kId = 0x56544D52;  // "VTMR"
constexpr uint64_t kRegionSize = 0x1000;
constexpr const char* kCompatible = "vp,apb-timer";

}  // namespace vp::apb_timer
