// Bare-metal AArch64 programs on the full default platform: loaded as ELF by the boot
// loader, started through the ROM boot stub, printing through the PL011, ending with vp's
// test-exit call. Expected output and answers are fixed by the programs themselves, and where a
// test names QEMU, qemu-system-aarch64 (the oracle, required) must print the same.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <fstream>

#include "run_vp.h"
#include "support/oracle.h"
#include "support/vcd_reader.h"

using vp::test::run_vp;

namespace {
// The same ELF on qemu-system-aarch64 -M virt -cpu cortex-a57: what it printed. Ends the test
// (failure, or skip under VP_ALLOW_MISSING_ORACLES=1) when QEMU is not installed.
#define VP_QEMU_OUTPUT(var, elf)                                                                     \
    VP_REQUIRE_ORACLE(vp::test::have_qemu(), "qemu-system-aarch64", "qemu-system-arm");              \
    const vp::test::VpRun var##_run = vp::test::run_qemu(elf);                                       \
    ASSERT_FALSE(var##_run.uart.empty()) << "qemu-system-aarch64 printed nothing (exit status "      \
                                         << var##_run.exit_status << "): " << var##_run.stderr_text; \
    const std::string& var = var##_run.uart

std::string guest(const char* name) {
    return std::string(VP_GUEST_DIR) + "/" + name + ".elf";
}
const std::string kMachine = std::string(VP_SOURCE_DIR) + "/platforms/virt.yaml";
}  // namespace

TEST(BareMetal, HelloPrintsThroughPl011AndExitsZero) {
    auto r = run_vp({kMachine, "-smp", "1", "-kernel", guest("hello"), "--timeout", "1s"});
    EXPECT_EQ(r.exit_status, 0) << r.stderr_text;
    EXPECT_EQ(r.uart, "hello from the guest\n");
}

TEST(BareMetal, IntegerSelfCheckPasses) {
    auto r = run_vp({kMachine, "-smp", "1", "-kernel", guest("integer_selfcheck"), "--timeout", "10s"});
    EXPECT_EQ(r.exit_status, 0) << r.uart << r.stderr_text;
    EXPECT_NE(r.uart.find("integer self-check passed"), std::string::npos) << r.uart;
}

// AdvSIMD through GCC's auto-vectoriser (-O3): each vectorised loop equals its scalar copy, and
// the printed checksums equal QEMU's.
TEST(BareMetal, SimdSelfCheckVectorisedLoopsMatchScalarAndQemu) {
    auto r = run_vp({kMachine, "-smp", "1", "-kernel", guest("simd_selfcheck"), "--timeout", "10s"});
    EXPECT_EQ(r.exit_status, 0) << r.uart << r.stderr_text;
    EXPECT_NE(r.uart.find("simd self-check passed"), std::string::npos) << r.uart;
    VP_QEMU_OUTPUT(qemu, guest("simd_selfcheck"));
    EXPECT_EQ(r.uart, qemu);
}

// The integer self-check and the benchmark compiled with -O3 and the SIMD registers allowed must
// keep their known answers (and QEMU's output).
TEST(BareMetal, AutoVectorisedProgramsMatchTheirKnownAnswersAndQemu) {
    auto r = run_vp({kMachine, "-smp", "1", "-kernel", guest("integer_selfcheck_simd"), "--timeout", "10s"});
    EXPECT_EQ(r.exit_status, 0) << r.uart << r.stderr_text;
    EXPECT_NE(r.uart.find("integer self-check passed"), std::string::npos) << r.uart;
    auto b = run_vp({kMachine, "-smp", "1", "-kernel", guest("int_bench_simd"), "--timeout", "10s"});
    EXPECT_EQ(b.exit_status, 0) << b.uart << b.stderr_text;
    VP_QEMU_OUTPUT(qemu, guest("int_bench_simd"));
    EXPECT_EQ(b.uart, qemu);
}

// Scalar FP known answers (-O3, FP registers allowed); QEMU must print the same bit patterns.
TEST(BareMetal, FpSelfCheckPassesAndPrintsWhatQemuPrints) {
    auto r = run_vp({kMachine, "-smp", "1", "-kernel", guest("fp_selfcheck"), "--timeout", "10s"});
    EXPECT_EQ(r.exit_status, 0) << r.uart << r.stderr_text;
    EXPECT_NE(r.uart.find("fp self-check passed"), std::string::npos) << r.uart;
    VP_QEMU_OUTPUT(qemu, guest("fp_selfcheck"));
    EXPECT_EQ(r.uart, qemu);
}

TEST(BareMetal, IntBenchPrintsWhatQemuPrints) {
    // QEMU is the oracle: the same ELF on qemu-system-aarch64 -M virt -cpu cortex-a57.
    VP_QEMU_OUTPUT(qemu, guest("int_bench_short"));
    ASSERT_NE(qemu.find("int_bench checksum 0x"), std::string::npos) << qemu;
    auto r = run_vp({kMachine, "-smp", "1", "-kernel", guest("int_bench_short"), "--timeout", "10s"});
    EXPECT_EQ(r.exit_status, 0) << r.stderr_text;
    EXPECT_EQ(r.uart, qemu);
}

// int_bench with its sorted array in the pages of its code: the stores beside the code retranslate
// nothing (as many translations as the same program with its data on pages of its own), and it
// prints what QEMU prints.
TEST(BareMetal, IntBenchWithDataInItsCodePagesRetranslatesNothing) {
    VP_QEMU_OUTPUT(qemu, guest("int_bench_short_mixed"));
    auto translations = [](const char* program) {
        const std::string stats = testing::TempDir() + "/" + program + ".stats.json";
        auto r =
            run_vp({kMachine, "-smp", "1", "-kernel", guest(program), "--timeout", "10s", "--stats", stats});
        EXPECT_EQ(r.exit_status, 0) << r.stderr_text;
        const std::string json = vp::test::run_command("cat '" + stats + "'");
        const size_t at = json.find("\"translations\": ");
        EXPECT_NE(at, std::string::npos) << json;
        return std::make_pair(r.uart, at == std::string::npos ? 0ul : std::stoul(json.substr(at + 16)));
    };
    const auto [mixed_uart, mixed] = translations("int_bench_short_mixed");
    const auto [separate_uart, separate] = translations("int_bench_short");
    EXPECT_EQ(mixed_uart, qemu);
    EXPECT_EQ(mixed_uart, separate_uart);
    EXPECT_GT(separate, 0u);
    EXPECT_LE(mixed, separate + 4) << "stores beside code retranslated blocks";
}

TEST(BareMetal, FailingGuestGivesStatusTwo) {
    auto r = run_vp({kMachine, "-smp", "1", "-kernel", guest("exit_fail"), "--timeout", "1s"});
    EXPECT_EQ(r.exit_status, 2) << r.stderr_text;
    EXPECT_NE(r.stderr_text.find("status 7"), std::string::npos) << r.stderr_text;
}

TEST(BareMetal, MissingKernelIsRefusedWithItsPath) {
    auto r = run_vp({kMachine, "-kernel", "/nonexistent/Image"});
    EXPECT_EQ(r.exit_status, 1);
    EXPECT_NE(r.stderr_text.find("/nonexistent/Image"), std::string::npos) << r.stderr_text;
}

TEST(BareMetal, GuestThatNeverEndsHitsTheTimeout) {
    auto r = run_vp({kMachine, "-smp", "1", "-kernel", guest("spin"), "--timeout", "2ms"});
    EXPECT_EQ(r.exit_status, 3) << r.stderr_text;
}

// An idle guest (no event left) waits while the console's input is open and ends once it closes:
// stdin is a pipe held open for 1.5 s, so the run lasts at least that long, then exits 0.
TEST(BareMetal, IdleGuestWaitsForConsoleInputUntilItCloses) {
    std::string out = vp::test::run_command(
        "start=$(date +%s%N); (sleep 1.5) | '" + std::string(VP_BINARY) + "' '" + kMachine +
        "' -smp 1 -kernel '" + guest("idle") +
        "' >/dev/null 2>&1; rc=$?; echo rc=$rc ms=$((($(date +%s%N) - start) / 1000000))");
    EXPECT_NE(out.find("rc=0 "), std::string::npos) << out;
    auto ms = std::stol(out.substr(out.find("ms=") + 3));
    EXPECT_GE(ms, 1400) << out;
    EXPECT_LT(ms, 10000) << out;
}

// Exception entries that retire no instruction still take simulated time (else --timeout would
// never come and the run would hang).
TEST(BareMetal, GuestInAnExceptionLoopHitsTheTimeout) {
    auto r = run_vp({kMachine, "-smp", "1", "-kernel", guest("fault_loop"), "--timeout", "2ms"});
    EXPECT_EQ(r.exit_status, 3) << r.stderr_text;
}

TEST(BareMetal, ExceptionsAtEl1AndFromEl0) {
    auto r = run_vp({kMachine, "-smp", "1", "-kernel", guest("exceptions"), "--timeout", "1s"});
    EXPECT_EQ(r.exit_status, 0) << r.uart << r.stderr_text;
    EXPECT_EQ(r.uart, "exceptions passed\n");
}

TEST(BareMetal, TwoCoresPsciSpinlockAndSgi) {
    auto r = run_vp({kMachine, "-smp", "2", "-kernel", guest("smp"), "--timeout", "5s"});
    EXPECT_EQ(r.exit_status, 0) << r.uart << r.stderr_text;
    EXPECT_EQ(r.uart, "smp passed\n");
}

// Issue 8's RTL example under the ISS: the same program on the C++ timer and on the Verilated
// one, a one-line model swap (-s devices.timer0.model=...).
class ApbTimerModels : public testing::TestWithParam<const char*> {};

TEST_P(ApbTimerModels, CpuProgramsTheTimerAndTakesItsInterruptThroughTheGic) {
    const std::string machine = std::string(VP_SOURCE_DIR) + "/platforms/virt-apb-timer.yaml";
    auto models = run_vp({"--list-models"});
    VP_REQUIRE_ORACLE(models.stderr_text.find(GetParam()) != std::string::npos,
                      std::string(GetParam()) + " (rtl.apb_timer is built with Verilator)", "verilator");
    auto r = run_vp({machine, "-smp", "1", "-s", std::string("devices.timer0.model=") + GetParam(), "-kernel",
                     guest("apb_timer_irq"), "--timeout", "1s"});
    EXPECT_EQ(r.exit_status, 0) << r.uart << r.stderr_text;
    EXPECT_EQ(r.uart, "apb_timer interrupt taken\n");
}

INSTANTIATE_TEST_SUITE_P(Models, ApbTimerModels, testing::Values("apb_timer", "rtl.apb_timer"),
                         [](const auto& info) {
                             return std::string(info.param) == "apb_timer" ? "Cpp" : "Rtl";
                         });

// A guest's accesses in a waveform gtkwave reads (issue 17): apb_timer_irq on the RTL timer with
// -s devices.timer0.trace=FILE.fst, read back by gtkwave's fst2vcd. The guest (apb_timer_irq.c)
// reads ID (0x18), writes LOAD (0x00) = 1000, then CTRL (0x08): PADDR takes those values in that
// order, and PWDATA carries 1000.
TEST(BareMetal, AGuestsTimerAccessesAreInAnFstWaveformGtkwaveReads) {
    const std::string machine = std::string(VP_SOURCE_DIR) + "/platforms/virt-apb-timer.yaml";
    auto models = run_vp({"--list-models"});
    VP_REQUIRE_ORACLE(models.stderr_text.find("rtl.apb_timer") != std::string::npos,
                      "rtl.apb_timer (built with Verilator)", "verilator");
    VP_REQUIRE_ORACLE(vp::test::have_program("fst2vcd"), "gtkwave's fst2vcd", "gtkwave");
    const std::string fst = testing::TempDir() + "/guest_timer.fst",
                      back = testing::TempDir() + "/guest_timer.vcd";
    std::remove(fst.c_str());
    std::remove(back.c_str());
    auto r = run_vp({machine, "-smp", "1", "-s", "devices.timer0.model=rtl.apb_timer", "-s",
                     "devices.timer0.trace=" + fst, "-kernel", guest("apb_timer_irq"), "--timeout", "1s"});
    ASSERT_EQ(r.exit_status, 0) << r.uart << r.stderr_text;
    EXPECT_EQ(r.uart, "apb_timer interrupt taken\n");
    ASSERT_EQ(std::system(("fst2vcd -f '" + fst + "' -o '" + back + "' >/dev/null 2>&1").c_str()), 0);
    const vp::test::Vcd vcd = vp::test::read_vcd(back);
    EXPECT_EQ(vcd.timescale, "1ps");
    std::vector<uint64_t> addrs;
    for (const vp::test::VcdChange& c : vcd.of("paddr")) addrs.push_back(vp::test::vcd_binary(c.value));
    const std::vector<uint64_t> first = {0x0, 0x18, 0x00, 0x08};  // the initial value, then the guest's
    ASSERT_GE(addrs.size(), first.size());
    EXPECT_EQ(std::vector<uint64_t>(addrs.begin(), addrs.begin() + 4), first);
    bool load_written = false;
    for (const vp::test::VcdChange& c : vcd.of("pwdata"))
        if (vp::test::vcd_binary(c.value) == 1000) load_written = true;
    EXPECT_TRUE(load_written);
}

// The RTL timer's APB transfers under -d tlm (issue 17: the bridge's transactions): the guest's
// write of LOAD (0x00) = 1000 (0x3e8) on all four lanes, answered OKAY.
TEST(BareMetal, TheRtlTimersApbTransfersAreTracedUnderDTlm) {
    const std::string machine = std::string(VP_SOURCE_DIR) + "/platforms/virt-apb-timer.yaml";
    auto models = run_vp({"--list-models"});
    VP_REQUIRE_ORACLE(models.stderr_text.find("rtl.apb_timer") != std::string::npos,
                      "rtl.apb_timer (built with Verilator)", "verilator");
    auto r = run_vp({machine, "-smp", "1", "-s", "devices.timer0.model=rtl.apb_timer", "-kernel",
                     guest("apb_timer_irq"), "--timeout", "1s", "-d", "tlm"});
    ASSERT_EQ(r.exit_status, 0) << r.uart << r.stderr_text.substr(0, 4000);
    EXPECT_NE(r.stderr_text.find("apb 'vp.timer0': write 0x0 data 0x3e8 strb 0xf OKAY"), std::string::npos)
        << r.stderr_text.substr(0, 4000);
}

// Issue 17's AXI4 RTL block end to end: CPU -> router -> the Verilated SRAM's C++ AXI4 cycle loop,
// LDP/STP pairs, word copies and narrow stores (tests/baremetal/axi4_sram.c checks every value),
// and the bursts' address handshakes under -d tlm.
TEST(BareMetal, CpuReadsAndWritesTheAxi4RtlSram) {
    const std::string machine = std::string(VP_SOURCE_DIR) + "/platforms/virt-axi4-sram.yaml";
    auto models = run_vp({"--list-models"});
    VP_REQUIRE_ORACLE(models.stderr_text.find("rtl.axi4_sram") != std::string::npos,
                      "rtl.axi4_sram (built with Verilator)", "verilator");
    auto r = run_vp({machine, "-smp", "1", "-kernel", guest("axi4_sram"), "--timeout", "10s", "-d", "tlm"});
    EXPECT_EQ(r.exit_status, 0) << r.uart << r.stderr_text.substr(0, 4000);
    EXPECT_EQ(r.uart, "axi4 sram passed\n");
    EXPECT_NE(r.stderr_text.find("axi4 'vp.sram0': AW id 0 0x0 len 0 size 3 INCR"), std::string::npos)
        << r.stderr_text.substr(0, 4000);
}

TEST(BareMetal, PhysicalTimerInterruptWakesWfiThroughTheGic) {
    auto r =
        run_vp({kMachine, "-smp", "1", "-kernel", guest("timer_irq"), "--timeout", "1s", "--stats", "-"});
    EXPECT_EQ(r.exit_status, 0) << r.uart << r.stderr_text;
    EXPECT_EQ(r.uart, "timer interrupt passed\n");
}

TEST(BareMetal, WfeWakesOnSevLostReservationAndEventStream) {
    auto r = run_vp({kMachine, "-smp", "2", "-kernel", guest("wfe"), "--timeout", "1s"});
    EXPECT_EQ(r.exit_status, 0) << r.uart << r.stderr_text;
    EXPECT_EQ(r.uart, "wfe wake-ups passed\n");
}

TEST(BareMetal, MmuIdentityAndHighHalfMaps) {
    auto r = run_vp({kMachine, "-smp", "1", "-kernel", guest("mmu"), "--timeout", "1s"});
    EXPECT_EQ(r.exit_status, 0) << r.uart << r.stderr_text;
    EXPECT_EQ(r.uart, "MMU on\nmmu passed\n");
}

// PSCI (DEN0022) over the SMC Calling Convention (DEN0028): CPU_ON_32 / AFFINITY_INFO_32 take W
// registers (upper halves of X1-X3 ignored), the 64-bit functions all of X1; AFFINITY_INFO with a
// lowest affinity level other than 0 is INVALID_PARAMETERS. The checks are in psci_args.c.
TEST(BareMetal, PsciThirtyTwoBitCallsIgnoreUpperHalvesAndAffinityLevelIsChecked) {
    auto r = run_vp({kMachine, "-smp", "2", "-kernel", guest("psci_args"), "--timeout", "5s"});
    EXPECT_EQ(r.exit_status, 0) << r.uart << r.stderr_text;
    EXPECT_EQ(r.uart, "psci arguments passed\n");
}

// Exception and interrupt storms (storm.c) keep up with simulated time about as ordinary code does
// (issue 13: they ran at 0.003-0.07x real time, so --timeout took minutes): 100 ms of simulated
// time each, within a generous 15 s of wall time. SVC from EL0 with the MMU on (EL change on every
// event), UDF retried by an ERET (nothing retires), an IRQ the handler never acknowledges.
TEST(BareMetal, ExceptionAndInterruptStormsReachTheTimeoutPromptly) {
    for (const char* g : {"storm5", "storm2", "storm4"}) {
        const auto start = std::chrono::steady_clock::now();
        auto r = run_vp({kMachine, "-smp", "1", "-kernel", guest(g), "--timeout", "100ms"}, 60);
        const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        EXPECT_EQ(r.exit_status, 3) << g << ": " << r.stderr_text;
        EXPECT_LT(wall, 15.0) << g;
    }
}

// cpus.exception_cycles reaches the cores: in 1 ms at 1 GHz (10^6 cycles) the SVC storm (svc, entry,
// eret, b: 2 + 2E cycles a round trip) takes 10^6 / 32 events with the A57's E = 15 and
// 10^6 / 202 with E = 100.
TEST(BareMetal, ExceptionCyclesSetHowManyExceptionsFitInASimulatedMillisecond) {
    auto exceptions = [](const char* cycles) {
        const std::string stats = testing::TempDir() + "/storm1." + (cycles ? cycles : "default") + ".json";
        std::vector<std::string> args = {kMachine,    "-smp", "1",       "-kernel", guest("storm1"),
                                         "--timeout", "1ms",  "--stats", stats};
        if (cycles) args.insert(args.end(), {"-s", std::string("cpus.exception_cycles=") + cycles});
        auto r = run_vp(args);
        EXPECT_EQ(r.exit_status, 3) << r.stderr_text;
        const std::string json = vp::test::run_command("cat '" + stats + "'");
        const size_t at = json.find("\"exceptions\": ");
        EXPECT_NE(at, std::string::npos) << json;
        return at == std::string::npos ? 0.0 : std::stod(json.substr(at + 14));
    };
    EXPECT_NEAR(exceptions(nullptr), 1e6 / 32, 1e6 / 32 * 0.02);
    EXPECT_NEAR(exceptions("100"), 1e6 / 202, 1e6 / 202 * 0.02);
}

// cpus.engine=jit: the integer self-check and the integer benchmark print what QEMU prints, retire
// the same instructions as the interpreter, and every block was compiled and ran as host code
// (none handed to the interpreter).
TEST(BareMetal, JitEngineRunsTheIntegerProgramsAsTheInterpreterDoes) {
    for (const char* program : {"integer_selfcheck", "int_bench_short"}) {
        VP_QEMU_OUTPUT(qemu, guest(program));
        auto stat = [](const std::string& json, const char* key) {
            const size_t at = json.find(std::string("\"") + key + "\": ");
            EXPECT_NE(at, std::string::npos) << key << " in " << json;
            return at == std::string::npos ? 0ul : std::stoul(json.substr(at + std::strlen(key) + 4));
        };
        std::string uart[2], json[2];
        for (int jit = 0; jit < 2; ++jit) {
            const std::string stats =
                testing::TempDir() + "/" + program + (jit ? ".jit" : ".interp") + ".json";
            auto r = run_vp({kMachine, "-smp", "1", "-kernel", guest(program), "--timeout", "10s", "--stats",
                             stats, "-s", jit ? "cpus.engine=jit" : "cpus.engine=interp"});
            EXPECT_EQ(r.exit_status, 0) << program << r.stderr_text;
            uart[jit] = r.uart;
            json[jit] = vp::test::run_command("cat '" + stats + "'");
        }
        EXPECT_EQ(uart[1], qemu) << program;
        EXPECT_EQ(uart[0], qemu) << program;
        EXPECT_EQ(stat(json[1], "instructions"), stat(json[0], "instructions")) << program;
        EXPECT_EQ(stat(json[0], "host_blocks"), 0u) << program;
        EXPECT_EQ(stat(json[1], "host_blocks"), stat(json[1], "translations")) << program;
        EXPECT_EQ(stat(json[1], "host_runs"), stat(json[1], "blocks")) << program;
        EXPECT_EQ(stat(json[1], "host_side_exits"), 0u) << program;
    }
}

// The seed's way of starting the machine: qemu-system-aarch64 -nographic -cpu cortex-a57
// -readconfig virt.cfg, with the kernel in [machine] and the cores in [smp-opts]; options on the
// command line come after the file (-smp 1 here overrides its cpus = "2").
TEST(BareMetal, QemuReadconfigStartsTheMachineAsTheSeedDoes) {
    const std::string cfg = testing::TempDir() + "/virt." + std::to_string(::getpid()) + ".cfg";
    std::ofstream(cfg) << "[machine]\n    type = \"virt\"\n    kernel = \"" << guest("hello")
                       << "\"\n\n[smp-opts]\n    cpus = \"2\"\n\n[memory]\n    size = \"1G\"\n";
    auto r = run_vp({"-nographic", "-cpu", "cortex-a57", "-readconfig", cfg, "--timeout", "1s"});
    EXPECT_EQ(r.exit_status, 0) << r.stderr_text;
    EXPECT_EQ(r.uart, "hello from the guest\n");
    const std::string dump =
        vp::test::run_command(std::string(VP_BINARY) + " -readconfig '" + cfg + "' -smp 1 --dump-config");
    EXPECT_NE(dump.find("  count: 1\n"), std::string::npos) << dump;
    EXPECT_NE(dump.find("size: 0x40000000"), std::string::npos) << dump;
    std::remove(cfg.c_str());
}
