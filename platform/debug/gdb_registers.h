// The AArch64 registers as the stub shows them to gdb: the target description (qXfer
// features, target.xml: the org.gnu.gdb.aarch64.core and .fpu features plus vp's own system
// registers) and the register numbers `g`/`G`/`p`/`P` use, in that description's order.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace vp::iss {
class Cpu;
}

namespace vp::gdb {

// x0..x30 are 0..30; then sp, pc, cpsr, v0..v31, fpsr, fpcr, the system registers.
inline constexpr unsigned kRegSp = 31, kRegPc = 32, kRegCpsr = 33, kRegV0 = 34, kRegFpsr = 66, kRegFpcr = 67,
                          kRegSys0 = 68;
inline constexpr unsigned kNumSysRegs = 13;
inline constexpr unsigned kNumRegs = kRegSys0 + kNumSysRegs;

const std::string& target_xml();

// Register `reg` of `cpu` as target-order hex; nullopt for a number not in the description.
std::optional<std::string> read_register(const iss::Cpu& cpu, unsigned reg);
// Writes `hex` (exactly the register's size) to `reg`; false for a bad number or value.
bool write_register(iss::Cpu& cpu, unsigned reg, std::string_view hex);
// `g`: every register in order. `G`: as many whole registers as `hex` holds; "OK" or an error.
std::string read_all_registers(const iss::Cpu& cpu);
std::string write_all_registers(iss::Cpu& cpu, std::string_view hex);

}  // namespace vp::gdb
