// The CPU models a machine may name: identification and cache registers against each core's
// Technical Reference Manual, the physical address size the MMU honours, and the refusal of
// names vp does not model.
#include <cstring>

#include "machine.h"

using namespace vp::iss;
using namespace vp::iss::test;

namespace {

// Written out from the TRMs (register reset values / encoding tables), not from cpu_models.cpp:
//   Cortex-A53 r0p4, DDI 0500: MIDR_EL1 0x410FD034; CTR_EL0 0x84448004 (L1Ip = VIPT); CLIDR_EL1
//   0x0A200023; CCSIDR (Table "CCSIDR encodings") L1 D 32 KiB 0x700FE01A, L1 I 32 KiB 0x201FE00A,
//   L2 1 MiB 0x707FE07A; ID_AA64MMFR0_EL1.PARange 0b0010 (40 bits).
//   Cortex-A57 r1p0, DDI 0488: MIDR_EL1 0x411FD070; CTR_EL0 0x8444C004 (L1Ip = PIPT); CLIDR_EL1
//   0x0A200023; L1 D 32 KiB 0x701FE00A, L1 I 48 KiB 0x201FE012, L2 2 MiB 0x70FFE07A; PARange 0b0100.
//   Cortex-A72 r0p3, 100095: MIDR_EL1 0x410FD083; CTR_EL0 0x8444C004; CLIDR_EL1 0x0A200023; L1 D
//   32 KiB 0x701FE00A, L1 I 48 KiB 0x201FE012, L2 1 MiB 0x707FE07A; PARange 0b0100.
// REVIDR_EL1 reads 0 on all three (as QEMU 7.2's models).
struct Trm {
    const char* name;
    uint32_t midr, ctr, clidr, l1d, l1i, l2;
    unsigned parange;
    const char* compatible;
};
constexpr Trm kTrm[] = {
    {"cortex-a53", 0x410FD034, 0x84448004, 0x0A200023, 0x700FE01A, 0x201FE00A, 0x707FE07A, 0b0010,
     "arm,cortex-a53"},
    {"cortex-a57", 0x411FD070, 0x8444C004, 0x0A200023, 0x701FE00A, 0x201FE012, 0x70FFE07A, 0b0100,
     "arm,cortex-a57"},
    {"cortex-a72", 0x410FD083, 0x8444C004, 0x0A200023, 0x701FE00A, 0x201FE012, 0x707FE07A, 0b0100,
     "arm,cortex-a72"},
};

Machine machine_of(const char* model) {
    CpuConfig cfg;
    cfg.model = find_cpu_model(model);
    EXPECT_NE(cfg.model, nullptr) << model;
    if (!cfg.model) cfg.model = &default_cpu_model();
    return Machine({}, cfg);
}

}  // namespace

TEST(IssCpuModels, IdentificationAndCacheRegistersMatchTheTrm) {
    for (const Trm& t : kTrm) {
        CpuConfig cfg;
        cfg.model = find_cpu_model(t.name);
        ASSERT_NE(cfg.model, nullptr) << t.name;
        Machine m({}, cfg);
        EXPECT_EQ(m.cpu.read_sysreg(SysReg::MIDR_EL1), t.midr) << t.name;
        EXPECT_EQ(m.cpu.read_sysreg(SysReg::REVIDR_EL1), 0u) << t.name;
        EXPECT_EQ(m.cpu.read_sysreg(SysReg::CTR_EL0), t.ctr) << t.name;
        EXPECT_EQ(m.cpu.read_sysreg(SysReg::CLIDR_EL1), t.clidr) << t.name;
        const uint32_t ccsidr[3] = {t.l1d, t.l1i, t.l2};
        for (unsigned csselr : {0u, 1u, 2u}) {  // L1 D (Level 0, InD 0), L1 I (InD 1), L2 (Level 1)
            m.cpu.write_sysreg(SysReg::CSSELR_EL1, csselr);
            EXPECT_EQ(m.cpu.read_sysreg(SysReg::CCSIDR_EL1), ccsidr[csselr])
                << t.name << " CSSELR " << csselr;
        }
        EXPECT_EQ(m.cpu.read_sysreg(SysReg::ID_AA64MMFR0_EL1) & 0xF, t.parange) << t.name;
        EXPECT_STREQ(cfg.model->compatible, t.compatible);
    }
}

// vp's features, not the core's: no Cryptographic Extension (ID_AA64ISAR0_EL1.AES/SHA1/SHA2 = 0),
// CRC32, FP and AdvSIMD, EL0/EL1 AArch64 only, on every model.
TEST(IssCpuModels, EveryModelAdvertisesWhatVpImplements) {
    for (const Trm& t : kTrm) {
        Machine m = machine_of(t.name);
        const uint64_t isar0 = m.cpu.read_sysreg(SysReg::ID_AA64ISAR0_EL1);
        EXPECT_EQ((isar0 >> 4) & 0xFFF, 0u) << t.name;  // AES 7:4, SHA1 11:8, SHA2 15:12
        EXPECT_EQ((isar0 >> 16) & 0xF, 1u) << t.name;   // CRC32
        EXPECT_EQ(m.cpu.read_sysreg(SysReg::ID_AA64PFR0_EL1), 0x11u) << t.name;
    }
}

TEST(IssCpuModels, TheDefaultIsCortexA57AndUnknownNamesAreNotFound) {
    EXPECT_STREQ(default_cpu_model().name, "cortex-a57");
    EXPECT_EQ(CpuConfig{}.model, &default_cpu_model());
    EXPECT_EQ(find_cpu_model("cortex-a15"), nullptr);
    EXPECT_EQ(find_cpu_model("max"), nullptr);
    EXPECT_EQ(find_cpu_model("Cortex-A57"), nullptr);
    EXPECT_EQ(cpu_model_names(), "cortex-a53, cortex-a57, cortex-a72");
}

// The MMU's output address size is the model's PARange (D5.2.6): a TTBR or descriptor address at
// or above 2^40 is an address size fault on the Cortex-A53 (40 bits), not on the A57 (44 bits).
TEST(IssCpuModels, PhysicalAddressSizeFollowsTheModel) {
    constexpr uint64_t kL1 = 0x20000, kL2 = 0x21000, kL3 = 0x22000;
    for (const char* model : {"cortex-a53", "cortex-a57"}) {
        Machine m = machine_of(model);
        auto put64 = [&](uint64_t pa, uint64_t v) { std::memcpy(m.mem.ptr(pa), &v, 8); };
        // T0SZ = 25 (walk from level 1), TG0 4K, IPS = 0b101 (48 bits: the model's limit applies).
        m.cpu.write_sysreg(SysReg::TCR_EL1, 25 | (5ull << 32));
        m.cpu.write_sysreg(SysReg::TTBR0_EL1, kL1);
        put64(kL1, kL2 | 3);
        put64(kL2, kL3 | 3);
        put64(kL3 + 8 * 5, (1ull << 41) | 0x5000 | 3 | (1u << 10));  // VA 0x5000 -> PA 2^41 + 0x5000
        m.cpu.write_sysreg(SysReg::SCTLR_EL1, m.cpu.read_sysreg(SysReg::SCTLR_EL1) | 1);
        m.cpu.address_translate(0x5000, false, false);
        uint64_t par = m.cpu.read_sysreg(SysReg::PAR_EL1);
        const bool a53 = std::strcmp(model, "cortex-a53") == 0;
        if (a53) {
            EXPECT_EQ(par & 1, 1u) << model;
            EXPECT_EQ((par >> 1) & 0x3F, 0x03u) << model;  // address size fault, level 3
        } else {
            EXPECT_EQ(par & 1, 0u) << model;
            EXPECT_EQ(par & 0xFFFFFFFFF000ull, (1ull << 41) | 0x5000) << model;
        }
        m.cpu.write_sysreg(SysReg::TTBR0_EL1, (1ull << 40) | kL1);  // the table base itself
        m.cpu.address_translate(0x7000, false, false);
        par = m.cpu.read_sysreg(SysReg::PAR_EL1);
        if (a53)
            EXPECT_EQ((par >> 1) & 0x3F, 0x00u) << model;  // address size fault, level 0
        else
            EXPECT_NE((par >> 1) & 0x3F, 0x00u) << model;  // walks (and finds no memory there)
    }
}
