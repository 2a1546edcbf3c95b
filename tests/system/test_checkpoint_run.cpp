// Checkpoint and restore end to end (docs/ARCHITECTURE.md, Checkpoints): the oracle is the run
// that never stopped. A bare-metal program checkpointed at T and restored prints the same console
// output and ends with the same instruction count and simulated time; checkpoint -> restore ->
// checkpoint at a later time gives the same file as the uninterrupted run's checkpoint there; a
// restore with a machine-changing override is refused.
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <regex>

#include "end_state.h"
#include "run_vp.h"

using vp::test::end_state;
using vp::test::read_file;
using vp::test::run_vp;

namespace {

const std::string kMachine = std::string(VP_SOURCE_DIR) + "/platforms/virt.yaml";

std::string guest(const std::string& name) {
    return std::string(VP_GUEST_DIR) + "/" + name + ".elf";
}
std::string temp(const std::string& name) {
    return testing::TempDir() + "/ckpt_run_" + name;
}

struct Outcome {
    int status;
    std::string uart, end;
};

// The RTC's base is fixed: by default it is the host's clock when vp starts, which differs
// between two runs of the same machine.
std::vector<std::string> machine(const std::string& program, const std::string& smp,
                                 const std::string& topology = kMachine,
                                 const std::vector<std::string>& overrides = {}) {
    std::vector<std::string> args = {topology, "-smp", smp, "-kernel", guest(program), "--timeout", "5s"};
    for (const std::string& o : overrides) args.insert(args.end(), {"-s", o});
    if (overrides.empty()) args.insert(args.end(), {"-rtc", "base=2020-01-01"});
    return args;
}

Outcome run(std::vector<std::string> args, const std::string& stats) {
    args.insert(args.end(), {"--stats", stats});
    auto r = run_vp(args);
    EXPECT_EQ(r.exit_status, 0) << r.stderr_text;
    return {r.exit_status, r.uart, end_state(stats)};
}

void expect_restore_matches(const std::string& program, const std::string& smp, const std::string& at,
                            const std::string& topology = kMachine,
                            const std::vector<std::string>& overrides = {}) {
    const std::string tag = program + "_" + testing::UnitTest::GetInstance()->current_test_info()->name();
    const Outcome whole = run(machine(program, smp, topology, overrides), temp(tag + "_whole.json"));
    ASSERT_FALSE(whole.end.empty());
    ASSERT_FALSE(whole.uart.empty());

    const std::string file = temp(tag + ".vpck");
    auto saving = machine(program, smp, topology, overrides);
    saving.insert(saving.end(), {"--checkpoint-at", at, file, "--checkpoint-stop"});
    const Outcome first = run(saving, temp(tag + "_first.json"));
    ASSERT_TRUE(!read_file(file).empty()) << "no checkpoint written";

    auto restoring = machine(program, smp, topology, overrides);
    restoring.insert(restoring.end(), {"--restore", file});
    const Outcome rest = run(restoring, temp(tag + "_rest.json"));
    EXPECT_EQ(first.uart + rest.uart, whole.uart);
    EXPECT_EQ(rest.end, whole.end);
    EXPECT_NE(first.end, whole.end) << "the checkpoint was taken after the program ended";
}

}  // namespace

TEST(CheckpointRun, BareMetalOneCoreRestoredEndsLikeTheUninterruptedRun) {
    expect_restore_matches("timer_irq", "1", "50us");
}

TEST(CheckpointRun, BareMetalTwoCoresRestoredEndsLikeTheUninterruptedRun) {
    expect_restore_matches("smp", "2", "50us");
}

// Saved while the CPU waits in WFI for vp's APB timer to time out: the restored timer must raise
// its SPI at the saved time. The C++ model, and the Verilated RTL (its state by Verilator's
// --savable; its clock runs at the checkpoint, and the restored one starts stopped).
TEST(CheckpointRun, ApbTimerWaitRestoredEndsLikeTheUninterruptedRun) {
    expect_restore_matches("apb_timer_irq", "1", "5us",
                           std::string(VP_SOURCE_DIR) + "/platforms/virt-apb-timer.yaml");
}

TEST(CheckpointRun, RtlApbTimerWaitRestoredEndsLikeTheUninterruptedRun) {
    expect_restore_matches("apb_timer_irq", "1", "5us",
                           std::string(VP_SOURCE_DIR) + "/platforms/virt-apb-timer.yaml",
                           {"devices.timer0.model=rtl.apb_timer"});
}

// The same in the RTL block's other clock modes (rtl/rtl_cycle_device.h): exact's per-edge
// method and batched's batches go on from the loaded block.
TEST(CheckpointRun, RtlApbTimerExactWaitRestoredEndsLikeTheUninterruptedRun) {
    expect_restore_matches("apb_timer_irq", "1", "5us",
                           std::string(VP_SOURCE_DIR) + "/platforms/virt-apb-timer.yaml",
                           {"devices.timer0.model=rtl.apb_timer", "devices.timer0.clock_mode=exact"});
}

TEST(CheckpointRun, RtlApbTimerBatchedWaitRestoredEndsLikeTheUninterruptedRun) {
    expect_restore_matches("apb_timer_irq", "1", "5us",
                           std::string(VP_SOURCE_DIR) + "/platforms/virt-apb-timer.yaml",
                           {"devices.timer0.model=rtl.apb_timer", "devices.timer0.clock_mode=batched"});
}

// Saved while the CPU copies words through rtl.axi4_sram (tests/baremetal/axi4_sram.c checks every
// value it reads back): the Verilated SRAM's memory and the C++ AXI4 cycle loop's block time go on
// from the checkpoint in each clock mode.
const std::string kAxi4Sram = std::string(VP_SOURCE_DIR) + "/platforms/virt-axi4-sram.yaml";

TEST(CheckpointRun, RtlAxi4SramRestoredEndsLikeTheUninterruptedRun) {
    expect_restore_matches("axi4_sram", "1", "100us", kAxi4Sram, {"devices.sram0.clock_mode=on_demand"});
}

TEST(CheckpointRun, RtlAxi4SramExactRestoredEndsLikeTheUninterruptedRun) {
    expect_restore_matches("axi4_sram", "1", "100us", kAxi4Sram, {"devices.sram0.clock_mode=exact"});
}

TEST(CheckpointRun, RtlAxi4SramBatchedRestoredEndsLikeTheUninterruptedRun) {
    expect_restore_matches("axi4_sram", "1", "100us", kAxi4Sram, {"devices.sram0.clock_mode=batched"});
}

// A machine with a virtio NIC on no network (the driver never probes it: bare metal) is saved
// and restored, not refused, and ends like the run that never stopped.
TEST(CheckpointRun, MachineWithAVirtioNicRestoredEndsLikeTheUninterruptedRun) {
    expect_restore_matches("timer_irq", "1", "50us", kMachine,
                           {"devices.virtio1.model=virtio_net", "devices.virtio1.netdev=none"});
}

TEST(CheckpointRun, ContinuingAfterACheckpointChangesNothing) {
    const Outcome whole = run(machine("timer_irq", "1"), temp("cont_whole.json"));
    auto saving = machine("timer_irq", "1");
    saving.insert(saving.end(), {"--checkpoint-at", "50us", temp("cont.vpck")});
    const Outcome cont = run(saving, temp("cont.json"));
    EXPECT_EQ(cont.uart, whole.uart);
    EXPECT_EQ(cont.end, whole.end);
}

TEST(CheckpointRun, CheckpointOfARestoredMachineEqualsTheUninterruptedRunsCheckpoint) {
    auto direct = machine("timer_irq", "1");
    direct.insert(direct.end(), {"--checkpoint-at", "80us", temp("later_direct.vpck"), "--checkpoint-stop"});
    run(direct, temp("later_direct.json"));
    auto early = machine("timer_irq", "1");
    early.insert(early.end(), {"--checkpoint-at", "40us", temp("early.vpck"), "--checkpoint-stop"});
    run(early, temp("early.json"));
    auto again = machine("timer_irq", "1");
    again.insert(again.end(), {"--restore", temp("early.vpck"), "--checkpoint-at", "80us",
                               temp("later_restored.vpck"), "--checkpoint-stop"});
    run(again, temp("later_restored.json"));
    const std::string a = read_file(temp("later_direct.vpck")), b = read_file(temp("later_restored.vpck"));
    ASSERT_FALSE(a.empty());
    EXPECT_TRUE(a == b) << "the checkpoints differ (" << a.size() << " and " << b.size() << " bytes)";
}

// The same with rtl.axi4_sram, saved at 60us and 120us while the CPU works on the SRAM (the RTC's
// base fixed, as machine() does without overrides).
TEST(CheckpointRun, CheckpointOfARestoredAxi4SramMachineEqualsTheUninterruptedRunsCheckpoint) {
    const auto machine = [](const std::string& program, const std::string& smp, const std::string& topology) {
        auto args = ::machine(program, smp, topology);
        args.insert(args.end(), {"-s", "devices.sram0.clock_mode=on_demand"});
        return args;
    };
    auto direct = machine("axi4_sram", "1", kAxi4Sram);
    direct.insert(direct.end(), {"--checkpoint-at", "120us", temp("sram_direct.vpck"), "--checkpoint-stop"});
    run(direct, temp("sram_direct.json"));
    auto early = machine("axi4_sram", "1", kAxi4Sram);
    early.insert(early.end(), {"--checkpoint-at", "60us", temp("sram_early.vpck"), "--checkpoint-stop"});
    run(early, temp("sram_early.json"));
    auto again = machine("axi4_sram", "1", kAxi4Sram);
    again.insert(again.end(), {"--restore", temp("sram_early.vpck"), "--checkpoint-at", "120us",
                               temp("sram_restored.vpck"), "--checkpoint-stop"});
    run(again, temp("sram_restored.json"));
    const std::string a = read_file(temp("sram_direct.vpck")), b = read_file(temp("sram_restored.vpck"));
    ASSERT_FALSE(a.empty());
    EXPECT_TRUE(a == b) << "the checkpoints differ (" << a.size() << " and " << b.size() << " bytes)";
}

TEST(CheckpointRun, RestoreWithAnotherCoreCountIsRefused) {
    const std::string file = temp("smp1.vpck");
    auto saving = machine("timer_irq", "1");
    saving.insert(saving.end(), {"--checkpoint-at", "20us", file, "--checkpoint-stop"});
    run(saving, temp("smp1.json"));
    auto r = run_vp({kMachine, "-smp", "2", "-kernel", guest("timer_irq"), "--restore", file});
    EXPECT_EQ(r.exit_status, 1) << r.stderr_text;
    EXPECT_NE(r.stderr_text.find(file), std::string::npos) << r.stderr_text;
    EXPECT_NE(r.stderr_text.find("topology"), std::string::npos) << r.stderr_text;
}

TEST(CheckpointRun, CheckpointStopWithoutCheckpointAtIsAnError) {
    auto r = run_vp({kMachine, "-smp", "1", "-kernel", guest("timer_irq"), "--checkpoint-stop"});
    EXPECT_EQ(r.exit_status, 1);
    EXPECT_NE(r.stderr_text.find("--checkpoint-at"), std::string::npos) << r.stderr_text;
}
