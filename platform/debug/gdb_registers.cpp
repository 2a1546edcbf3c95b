#include "platform/debug/gdb_registers.h"

#include <fmt/format.h>

#include <algorithm>

#include "iss/core/cpu.h"
#include "platform/debug/gdb_protocol.h"
#include "platform/debug/packet_codec.h"

namespace vp::gdb {

namespace {

using iss::SysReg;

struct SysRegEntry {
    const char* gdb_name;
    SysReg reg;
};
// The system-register feature: the registers one looks at first when a guest misbehaves.
constexpr SysRegEntry kSysRegs[] = {
    {"sctlr_el1", SysReg::SCTLR_EL1}, {"vbar_el1", SysReg::VBAR_EL1},   {"esr_el1", SysReg::ESR_EL1},
    {"far_el1", SysReg::FAR_EL1},     {"elr_el1", SysReg::ELR_EL1},     {"spsr_el1", SysReg::SPSR_EL1},
    {"ttbr0_el1", SysReg::TTBR0_EL1}, {"ttbr1_el1", SysReg::TTBR1_EL1}, {"tcr_el1", SysReg::TCR_EL1},
    {"mair_el1", SysReg::MAIR_EL1},   {"sp_el0", SysReg::SP_EL0},       {"tpidr_el1", SysReg::TPIDR_EL1},
    {"mpidr_el1", SysReg::MPIDR_EL1},
};
static_assert(std::size(kSysRegs) == kNumSysRegs);

unsigned reg_bytes(unsigned r) {
    if (r == kRegCpsr || r == kRegFpsr || r == kRegFpcr) return 4;
    if (r >= kRegV0 && r < kRegV0 + 32) return 16;
    return 8;
}

std::string make_target_xml() {
    std::string x =
        "<?xml version=\"1.0\"?>\n<!DOCTYPE target SYSTEM \"gdb-target.dtd\">\n<target>\n"
        "<architecture>aarch64</architecture>\n<feature name=\"org.gnu.gdb.aarch64.core\">\n";
    for (unsigned i = 0; i < 31; ++i)
        x += fmt::format("<reg name=\"x{}\" bitsize=\"64\" type=\"int\" regnum=\"{}\"/>\n", i, i);
    x += fmt::format("<reg name=\"sp\" bitsize=\"64\" type=\"data_ptr\" regnum=\"{}\"/>\n", kRegSp);
    x += fmt::format("<reg name=\"pc\" bitsize=\"64\" type=\"code_ptr\" regnum=\"{}\"/>\n", kRegPc);
    x += fmt::format("<reg name=\"cpsr\" bitsize=\"32\" type=\"uint32\" regnum=\"{}\"/>\n", kRegCpsr);
    x += "</feature>\n<feature name=\"org.gnu.gdb.aarch64.fpu\">\n"
         "<vector id=\"vp_v2d\" type=\"ieee_double\" count=\"2\"/>\n"
         "<vector id=\"vp_v2u\" type=\"uint64\" count=\"2\"/>\n"
         "<vector id=\"vp_v4f\" type=\"ieee_single\" count=\"4\"/>\n"
         "<vector id=\"vp_v4u\" type=\"uint32\" count=\"4\"/>\n"
         "<vector id=\"vp_v16u\" type=\"uint8\" count=\"16\"/>\n"
         "<union id=\"vp_vreg\">\n<field name=\"d\" type=\"vp_v2d\"/>\n<field name=\"ud\" type=\"vp_v2u\"/>\n"
         "<field name=\"s\" type=\"vp_v4f\"/>\n<field name=\"us\" type=\"vp_v4u\"/>\n"
         "<field name=\"b\" type=\"vp_v16u\"/>\n<field name=\"q\" type=\"uint128\"/>\n</union>\n";
    for (unsigned i = 0; i < 32; ++i)
        x += fmt::format("<reg name=\"v{}\" bitsize=\"128\" type=\"vp_vreg\" regnum=\"{}\"/>\n", i,
                         kRegV0 + i);
    x += fmt::format("<reg name=\"fpsr\" bitsize=\"32\" type=\"uint32\" regnum=\"{}\"/>\n", kRegFpsr);
    x += fmt::format("<reg name=\"fpcr\" bitsize=\"32\" type=\"uint32\" regnum=\"{}\"/>\n", kRegFpcr);
    x += "</feature>\n<feature name=\"org.vp.aarch64.sysregs\">\n";
    for (unsigned i = 0; i < std::size(kSysRegs); ++i)
        x += fmt::format("<reg name=\"{}\" bitsize=\"64\" type=\"uint64\" group=\"system\" regnum=\"{}\"/>\n",
                         kSysRegs[i].gdb_name, kRegSys0 + i);
    x += "</feature>\n</target>\n";
    return x;
}

}  // namespace

const std::string& target_xml() {
    static const std::string xml = make_target_xml();
    return xml;
}

std::optional<std::string> read_register(const iss::Cpu& cpu, unsigned r) {
    if (r < 31) return le_hex(cpu.xreg(r), 8);
    if (r == kRegSp) return le_hex(cpu.sp(), 8);
    if (r == kRegPc) return le_hex(cpu.pc, 8);
    if (r == kRegCpsr) return le_hex(cpu.pstate(), 4);
    if (r >= kRegV0 && r < kRegV0 + 32)  // 128 bits, little-endian: bits 63:0 first
        return le_hex(cpu.v[r - kRegV0][0], 8) + le_hex(cpu.v[r - kRegV0][1], 8);
    if (r == kRegFpsr) return le_hex(cpu.read_sysreg(SysReg::FPSR), 4);
    if (r == kRegFpcr) return le_hex(cpu.read_sysreg(SysReg::FPCR), 4);
    if (r >= kRegSys0 && r < kNumRegs) return le_hex(cpu.read_sysreg(kSysRegs[r - kRegSys0].reg), 8);
    return std::nullopt;
}

bool write_register(iss::Cpu& cpu, unsigned r, std::string_view hex) {
    if (r >= kNumRegs) return false;
    unsigned bytes = reg_bytes(r);
    if (hex.size() != 2 * size_t(bytes) || !parse_hex_bytes(hex)) return false;
    auto v = parse_le_hex(hex.substr(0, 2 * std::min(bytes, 8u)), std::min(bytes, 8u));
    if (!v) return false;
    if (r < 31)
        cpu.set_xreg(r, *v);
    else if (r == kRegSp)
        cpu.set_sp(*v);
    else if (r == kRegPc)
        cpu.pc = *v;
    else if (r == kRegCpsr)
        cpu.set_pstate(static_cast<uint32_t>(*v));
    else if (r >= kRegV0 && r < kRegV0 + 32) {
        auto hi = parse_le_hex(hex.substr(16, 16), 8);
        if (!hi) return false;
        cpu.v[r - kRegV0][0] = *v;
        cpu.v[r - kRegV0][1] = *hi;
    } else if (r == kRegFpsr)
        cpu.write_sysreg(SysReg::FPSR, *v);
    else if (r == kRegFpcr)
        cpu.write_sysreg(SysReg::FPCR, *v);
    else
        cpu.write_sysreg(kSysRegs[r - kRegSys0].reg, *v);
    return true;
}

std::string read_all_registers(const iss::Cpu& cpu) {
    std::string r;
    for (unsigned i = 0; i < kNumRegs; ++i) r += *read_register(cpu, i);
    return r;
}

std::string write_all_registers(iss::Cpu& cpu, std::string_view hex) {
    size_t total = 0;
    for (unsigned i = 0; i < kNumRegs; ++i) total += 2 * reg_bytes(i);
    if (hex.size() > total || hex.size() % 2 || !parse_hex_bytes(hex)) return kErrBadArgs;
    size_t pos = 0;
    for (unsigned i = 0; i < kNumRegs && pos + 2 * reg_bytes(i) <= hex.size(); ++i) {
        write_register(cpu, i, hex.substr(pos, 2 * reg_bytes(i)));
        pos += 2 * reg_bytes(i);
    }
    return "OK";
}

}  // namespace vp::gdb
