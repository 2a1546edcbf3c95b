// FPCR and FPSR bits as the FP tests use them, written out from the Arm ARM register
// descriptions (FPCR: AHP bit 26, DN 25, FZ 24, RMode 23:22; FPSR cumulative flags: IOC bit 0,
// DZC 1, OFC 2, UFC 3, IXC 4, IDC 7), not taken from the library's fp.h.
#pragma once
#include <cstdint>

namespace fpscr {

constexpr uint32_t AHP = 1u << 26, DN = 1u << 25, FZ = 1u << 24;
constexpr unsigned RMODE_SHIFT = 22;
constexpr uint32_t RMODE_MASK = 3u << 22;  // b00 RN, b01 RP, b10 RM, b11 RZ
constexpr uint32_t IOC = 1u << 0, DZC = 1u << 1, OFC = 1u << 2, UFC = 1u << 3, IXC = 1u << 4, IDC = 1u << 7;

}  // namespace fpscr
