#pragma once
// 4 KiB-page translation tables for the ISS test machine (machine.h): the 1 MiB of RAM mapped to
// itself, with some pages mapped elsewhere or with other permissions.
#include <cstdint>
#include <cstring>
#include <map>

#include "machine.h"

namespace vp::iss::test {

// VMSAv8-64 4 KiB granule (ARM ARM D8.3): table descriptor = next table | 0b11; page descriptor =
// PA | AF (bit 10) | SH inner shareable (9:8 = 0b11) | AP[2:1] (7:6) | AttrIndx 0 | 0b11.
constexpr uint64_t kL1 = 0xE0000, kL2 = 0xE1000, kL3 = 0xE2000;
constexpr uint64_t kApEl1Rw = 0, kApEl0Rw = 1u << 6;  // AP[2:1] = 0b00, 0b01 (D8.4.1.2.1)
inline uint64_t page_desc(uint64_t pa, uint64_t ap = kApEl1Rw) {
    return pa | (1u << 10) | (3u << 8) | ap | 3;
}

// The MMU on with the RAM's pages mapped to themselves (EL1 read/write, Normal write-back memory)
// except the VA pages of `special`, whose descriptors it gives. Tables at kL1..kL3.
inline void map_pages(Machine& m, const std::map<uint64_t, uint64_t>& special) {
    auto put64 = [&m](uint64_t pa, uint64_t v) { std::memcpy(m.mem.ptr(pa), &v, 8); };
    put64(kL1, kL2 | 3);
    put64(kL2, kL3 | 3);
    for (uint64_t p = 0; p < 256; ++p) put64(kL3 + 8 * p, page_desc(p << 12));
    for (const auto& [page, desc] : special) put64(kL3 + 8 * page, desc);
    m.cpu.write_sysreg(SysReg::MAIR_EL1, 0xFF);  // attr 0: Normal, inner/outer write-back
    // TCR_EL1: T0SZ = 25 (walks start at level 1), EPD1 = 1, IPS = 0b100 (44 bits), TG0 = 4 KiB.
    m.cpu.write_sysreg(SysReg::TCR_EL1, 25 | (1u << 23) | (4ull << 32));
    m.cpu.write_sysreg(SysReg::TTBR0_EL1, kL1);
    m.cpu.write_sysreg(SysReg::SCTLR_EL1, m.cpu.read_sysreg(SysReg::SCTLR_EL1) | 1);
}

}  // namespace vp::iss::test
