// PL061 register offsets, bits and identification values as the tests expect them, written out
// from the PrimeCell General Purpose Input/Output (PL061) Technical Reference Manual, ARM DDI 0190,
// 3.2 "Summary of PrimeCell GPIO registers" and 3.3 "Register descriptions" (the model's own
// models/pl061/pl061.h is deliberately not used: a wrong offset there must fail).
#pragma once
#include <cstdint>

namespace pl061_trm {

// GPIODATA: 256 word locations 0x000-0x3FC; address bits [9:2] are the mask of the access.
constexpr uint32_t GPIODATA = 0x000;
constexpr uint32_t data_at(uint32_t mask) {
    return GPIODATA + (mask << 2);
}
constexpr uint32_t GPIODIR = 0x400;    // 1 = output
constexpr uint32_t GPIOIS = 0x404;     // 1 = level sensitive, 0 = edge
constexpr uint32_t GPIOIBE = 0x408;    // 1 = both edges
constexpr uint32_t GPIOIEV = 0x40C;    // 1 = rising edge / high level
constexpr uint32_t GPIOIE = 0x410;     // 1 = not masked
constexpr uint32_t GPIORIS = 0x414;    // raw status (RO)
constexpr uint32_t GPIOMIS = 0x418;    // masked status (RO)
constexpr uint32_t GPIOIC = 0x41C;     // clear (WO)
constexpr uint32_t GPIOAFSEL = 0x420;  // mode control select
constexpr uint32_t GPIOPeriphID0 = 0xFE0;

// GPIOPeriphID0-3 at 0xFE0-0xFEC, GPIOPCellID0-3 at 0xFF0-0xFFC (3.3.13, 3.3.14): part number
// 0x061, designer 0x41, revision 0, configuration 0; 0xB105F00D.
constexpr uint32_t kIds[8] = {0x61, 0x10, 0x04, 0x00, 0x0D, 0xF0, 0x05, 0xB1};

// The read/write registers and their reset values (Table 3-1: all 0x00), 8 bits each.
struct RwReg {
    uint32_t offset;
    const char* name;
};
constexpr RwReg kRw[] = {{GPIODIR, "GPIODIR"}, {GPIOIS, "GPIOIS"}, {GPIOIBE, "GPIOIBE"},
                         {GPIOIEV, "GPIOIEV"}, {GPIOIE, "GPIOIE"}, {GPIOAFSEL, "GPIOAFSEL"}};

}  // namespace pl061_trm
