// PL031 register offsets, bits and identification values as the tests expect them, written out
// from the PrimeCell Real Time Clock (PL031) Technical Reference Manual, ARM DDI 0224, 3.2
// "Summary of RTC registers" (the model's own models/pl031/pl031.h is deliberately not used: a
// wrong offset there must fail).
#pragma once
#include <cstdint>

namespace pl031_trm {

constexpr uint32_t RTCDR = 0x000;    // data (RO): the RTC value
constexpr uint32_t RTCMR = 0x004;    // match
constexpr uint32_t RTCLR = 0x008;    // load
constexpr uint32_t RTCCR = 0x00C;    // control: bit 0 starts the RTC
constexpr uint32_t RTCIMSC = 0x010;  // interrupt mask set/clear
constexpr uint32_t RTCRIS = 0x014;   // raw interrupt status (RO)
constexpr uint32_t RTCMIS = 0x018;   // masked interrupt status (RO)
constexpr uint32_t RTCICR = 0x01C;   // interrupt clear (WO)
constexpr uint32_t RTCPeriphID0 = 0xFE0;

// RTCPeriphID0-3 at 0xFE0-0xFEC, RTCPCellID0-3 at 0xFF0-0xFFC (their reset values).
constexpr uint32_t kIds[8] = {0x31, 0x10, 0x04, 0x00, 0x0D, 0xF0, 0x05, 0xB1};

constexpr uint32_t CR_START = 1u << 0;  // RTCCR bit 0
constexpr uint32_t INT_RTC = 1u << 0;   // RTCIMSC/RIS/MIS/ICR bit 0

}  // namespace pl031_trm
