#pragma once
// Test machine: 1 MiB of RAM at 0, code assembled by binutils, vectors at 0x8000 that spin.
#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "asm_helper.h"
#include "flat_memory.h"
#include "iss/core/cpu.h"
#include "support/oracle.h"

namespace vp::iss::test {

constexpr uint64_t kVbar = 0x8000;
constexpr uint64_t kText = 0x1000;

// The execution tier of the test machines: VP_TEST_ENGINE=jit runs them on the x86-64 tier (ctest
// registers the directed ISS tests twice, the second time as jit.*), else the interpreter.
inline CpuConfig with_test_engine(CpuConfig cfg) {
    const char* e = std::getenv("VP_TEST_ENGINE");
    if (e && std::string(e) == "jit") cfg.engine = CpuConfig::Engine::jit;
    return cfg;
}

// The x86-64 tier, whatever VP_TEST_ENGINE says (with Machine's exact_engine).
inline CpuConfig jit_config() {
    CpuConfig c;
    c.engine = CpuConfig::Engine::jit;
    return c;
}

struct Machine {
    FlatMemory mem{0, 1 << 20};
    std::vector<std::string> unimp_log;
    Cpu cpu;

    // `cfg`'s engine as VP_TEST_ENGINE says, unless `exact_engine` (a test comparing the tiers).
    explicit Machine(CpuHooks hooks = {}, CpuConfig cfg = {}, bool exact_engine = false)
        : cpu(mem, exact_engine ? cfg : with_test_engine(cfg), with_log(std::move(hooks))) {
        for (uint64_t a = kVbar; a < kVbar + 0x800; a += 4) mem.put32(a, 0x14000000);  // b .
        cpu.write_sysreg(SysReg::VBAR_EL1, kVbar);
        cpu.pc = kText;
        cpu.set_sp(0x80000);
    }
    CpuHooks with_log(CpuHooks h) {
        h.unimp = [this](const std::string& s) { unimp_log.push_back(s); };
        return h;
    }
    // Returns false (and the test should stop) if the cross assembler is missing.
    bool load(const std::string& src, uint64_t at = kText) {
        auto words = assemble(src);
        if (words.empty()) return false;
        for (size_t i = 0; i < words.size(); ++i) mem.put32(at + 4 * i, words[i]);
        cpu.invalidate_code(at, at + 4 * words.size());
        return true;
    }
    // Turns the MMU on with an identity map of the RAM as Normal write-back memory (one 2 MiB block,
    // EL1 read/write; tables at kTables), for accesses that the MMU-off default, where every data
    // access is Device-nGnRnE (ARM ARM D8.2.10), would fault: unaligned ones, DC ZVA.
    static constexpr uint64_t kTables = 0xE0000;
    void normal_memory() {
        auto put64 = [this](uint64_t pa, uint64_t v) { std::memcpy(mem.ptr(pa), &v, 8); };
        put64(kTables, (kTables + 0x1000) | 3);  // level 1 [0]: table
        put64(kTables + 0x1000,
              1 | (1u << 10) | (3u << 8));         // level 2 [0]: block, AF, inner shareable, attr 0
        cpu.write_sysreg(SysReg::MAIR_EL1, 0xFF);  // attr 0: Normal, inner/outer write-back
        // TCR_EL1: T0SZ = 25 (walks start at level 1), EPD1 = 1, IPS = 0b100 (44 bits).
        cpu.write_sysreg(SysReg::TCR_EL1, 25 | (1u << 23) | (4ull << 32));
        cpu.write_sysreg(SysReg::TTBR0_EL1, kTables);
        cpu.write_sysreg(SysReg::SCTLR_EL1, cpu.read_sysreg(SysReg::SCTLR_EL1) | 1);
    }
    uint64_t esr() const { return cpu.read_sysreg(SysReg::ESR_EL1); }
    uint64_t elr() const { return cpu.read_sysreg(SysReg::ELR_EL1); }
    uint64_t spsr() const { return cpu.read_sysreg(SysReg::SPSR_EL1); }
};

// binutils is the independent encoder of the test programs (a failure when missing: oracle.h).
#define VP_NEED_AS()                                                                         \
    VP_REQUIRE_ORACLE(::vp::iss::test::have_cross_as(), "aarch64-linux-gnu-as and -objcopy", \
                      "binutils-aarch64-linux-gnu")

}  // namespace vp::iss::test
