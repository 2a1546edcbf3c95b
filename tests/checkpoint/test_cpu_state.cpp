// A core's state in a checkpoint: a core restored mid-run finishes exactly as the core that never
// stopped (the uninterrupted run is the oracle), and restore -> save gives the same bytes.
#include <gtest/gtest.h>

#include <vector>

#include "iss/flat_memory.h"
#include "iss/systemc/cpu_module.h"
#include "iss/systemc/cpu_state_io.h"

namespace {

// A64 (ARM ARM C6): x0 = 0; x1 = 1000; loop { x0 += x1; x0 ^= x0 << 3; x2 = x0;
// x1 -= 1 (flags) } until x1 == 0; then wfi.
const std::vector<uint32_t> kProgram = {
    0xd2800000,  // movz x0, #0
    0xd2807d01,  // movz x1, #1000
    0x8b010000,  // add  x0, x0, x1
    0xca000c00,  // eor  x0, x0, x0, lsl #3
    0xaa0003e2,  // mov  x2, x0
    0xf1000421,  // subs x1, x1, #1
    0x54ffff81,  // b.ne -16
    0xd503207f,  // wfi
};

void load_program(vp::iss::test::FlatMemory& mem) {
    for (size_t i = 0; i < kProgram.size(); ++i) mem.put32(0x1000 + 4 * i, kProgram[i]);
}

std::vector<uint8_t> saved(const vp::iss::CpuState& s) {
    vp::StateWriter w;
    vp::save_cpu_state(w, s);
    return w.take();
}

}  // namespace

TEST(CheckpointCpu, RestoredMidRunFinishesLikeTheUninterruptedRun) {
    vp::iss::test::FlatMemory mem_a{0, 1 << 16}, mem_b{0, 1 << 16};
    load_program(mem_a);
    load_program(mem_b);
    vp::iss::Cpu a(mem_a), b(mem_b);
    a.reset(0x1000);
    b.reset(0x2000);  // somewhere else entirely: the load must replace it
    a.run(1234);      // stops at a block boundary at or after the budget, mid-loop
    ASSERT_GE(a.icount, 1234u);
    ASSERT_LT(a.icount, 4000u);
    const auto at_checkpoint = saved(a);
    vp::StateReader r("cpu0", at_checkpoint);
    vp::load_cpu_state(r, b);
    EXPECT_TRUE(r.at_end());
    EXPECT_EQ(saved(b), at_checkpoint) << "save -> load -> save differs";

    while (a.run(1 << 20) != vp::iss::StopReason::wfi) {
    }
    while (b.run(1 << 20) != vp::iss::StopReason::wfi) {
    }
    EXPECT_EQ(a.icount, 2u + 1000u * 5u + 1u);  // the program's own count, the wfi included
    EXPECT_EQ(b.icount, a.icount);
    EXPECT_EQ(b.x[0], a.x[0]);
    EXPECT_EQ(b.x[2], a.x[0]);
    EXPECT_EQ(saved(b), saved(a));
}

TEST(CheckpointCpu, RefusesAnotherSystemRegisterTable) {
    vp::iss::test::FlatMemory mem{0, 1 << 16};
    vp::iss::Cpu cpu(mem);
    auto bytes = saved(cpu);
    // The count follows x[34], pc, nzcv, daif, el, spsel, il and sp_el[2].
    const size_t at = 34 * 8 + 8 + 4 * 4 + 1 + 2 * 8;
    bytes[at] += 1;
    vp::StateReader r("cpu0", bytes);
    try {
        vp::load_cpu_state(r, cpu);
        FAIL() << "loaded another system register table";
    } catch (const vp::CheckpointError& e) {
        EXPECT_NE(std::string(e.what()).find("system registers saved"), std::string::npos) << e.what();
    }
}

// ARM ARM B2.9: a reservation survives the checkpoint, so a store-exclusive after it succeeds on
// the core that held it and a store by another core still clears it.
TEST(CheckpointCpu, ExclusiveReservationsSurvive) {
    vp::iss::ExclusiveMonitor a, b;
    a.mark(1, 0x4000'1234);
    vp::StateWriter w;
    vp::save_monitor(w, a, 2);
    vp::StateReader r("monitor", w.data());
    vp::load_monitor(r, b, 2);
    EXPECT_FALSE(b.reserved(0));
    EXPECT_TRUE(b.holds(1, 0x4000'1238, 4));
    EXPECT_TRUE(b.may_hold(0x40001));
    b.store(0x4000'1200, 8);  // another core's store to the granule (64 bytes at 0x40001200)
    EXPECT_FALSE(b.reserved(1));

    vp::StateReader other("monitor", w.data());
    EXPECT_THROW(vp::load_monitor(other, b, 4), vp::CheckpointError);
}

// PSCI CPU_ON (DEN0022): a core asked to power on but not yet running keeps the request, its
// entry point and context ID across a checkpoint.
TEST(CheckpointCpu, APendingCpuOnSurvives) {
    vp::CpuModule a("core_a", {}), b("core_b", {});
    a.power_on(0x4008'0000, 0x1234);
    vp::StateWriter w;
    a.save_state(w);
    vp::StateReader r("cpu1", w.data());
    b.load_state(r);
    EXPECT_TRUE(b.power_pending());
    EXPECT_FALSE(b.powered());
    vp::StateWriter again;
    b.save_state(again);
    EXPECT_EQ(again.data(), w.data());
}
