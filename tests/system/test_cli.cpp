// The `vp` command line as a user meets it: help texts, listing models, errors that name
// file/line/column/key, and the generated device tree checked by dtc (device-tree-compiler).
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>

#include "run_vp.h"
#include "support/oracle.h"

using vp::test::run_command;
using vp::test::run_vp;

namespace {

const std::string kMachine = std::string(VP_SOURCE_DIR) + "/platforms/virt.yaml";

std::string temp_file(const std::string& name, const std::string& text = {}) {
    std::string path = testing::TempDir() + "/" + name;
    std::ofstream(path) << text;
    return path;
}

// Decompiles a DTB with dtc; returns the source, with dtc's warnings first.
std::string decompile(const std::string& dtb) {
    return run_command("dtc -I dtb -O dts '" + dtb + "' 2>&1");
}

}  // namespace

TEST(Cli, HelpListsTheQemuStyleOptions) {
    auto r = run_vp({"--help"});
    EXPECT_EQ(r.exit_status, 0);
    for (const char* opt : {"-kernel", "-initrd", "-append", "-smp", "-m", "-serial", "--set", "--dump-dtb",
                            "--list-models", "-d", "-D", "--timeout"})
        EXPECT_NE(r.stderr_text.find(opt), std::string::npos) << opt;
}

TEST(Cli, TraceHelpListsFlags) {
    auto r = run_vp({"-d", "help"});
    EXPECT_EQ(r.exit_status, 0);
    EXPECT_NE(r.stderr_text.find("guest_errors"), std::string::npos);
    EXPECT_NE(r.stderr_text.find("unimp"), std::string::npos);
}

TEST(Cli, UnknownTraceFlagIsAnError) {
    auto r = run_vp({kMachine, "-d", "no_such_flag"});
    EXPECT_EQ(r.exit_status, 1);
    EXPECT_NE(r.stderr_text.find("no_such_flag"), std::string::npos);
}

TEST(Cli, ListModelsShowsTheBuiltInDevices) {
    auto r = run_vp({"--list-models"});
    EXPECT_EQ(r.exit_status, 0);
    for (const char* m : {"pl011", "ram", "rom", "gicv2", "armv8_timer"})
        EXPECT_NE(r.stderr_text.find(m), std::string::npos) << m;
    auto d = run_vp({"--describe-model", "pl011"});
    EXPECT_EQ(d.exit_status, 0);
    EXPECT_NE(d.stderr_text.find("backend"), std::string::npos);
}

TEST(Cli, BadTopologyNamesFileLineColumnAndKey) {
    std::string bad = temp_file("bad.yaml",
                                "devices:\n  uart0: {model: pl011, base: 0x09000000}\n"
                                "memory:\n  ram:\n    base: 0x40000000\n    sise: 1G\n");
    auto r = run_vp({bad});
    EXPECT_EQ(r.exit_status, 1);
    EXPECT_NE(r.stderr_text.find(bad + ":6:5"), std::string::npos) << r.stderr_text;
    EXPECT_NE(r.stderr_text.find("memory.ram.sise"), std::string::npos) << r.stderr_text;
}

TEST(Cli, BadOverrideIsReportedAtTheCommandLine) {
    auto r = run_vp({kMachine, "-s", "devices.uart0.base=banana"});
    EXPECT_EQ(r.exit_status, 1);
    EXPECT_NE(r.stderr_text.find("<command line>"), std::string::npos) << r.stderr_text;
    EXPECT_NE(r.stderr_text.find("devices.uart0.base"), std::string::npos) << r.stderr_text;
}

TEST(Cli, DumpedDeviceTreeDecompilesWithoutWarnings) {
    std::string dtb = temp_file("virt.dtb");
    auto r =
        run_vp({kMachine, "-smp", "4", "-m", "2G", "-append", "console=ttyAMA0 nokaslr", "--dump-dtb", dtb});
    ASSERT_EQ(r.exit_status, 0) << r.stderr_text;
    VP_REQUIRE_ORACLE(vp::test::have_program("dtc"), "dtc", "device-tree-compiler");
    std::string dts = decompile(dtb);
    ASSERT_NE(dts.find("/dts-v1/"), std::string::npos) << dts;
    EXPECT_EQ(dts.find("Warning"), std::string::npos) << dts;
    EXPECT_NE(dts.find("compatible = \"arm,pl011\\0arm,primecell\""), std::string::npos) << dts;
    EXPECT_NE(dts.find("clock-names = \"uartclk\\0apb_pclk\""), std::string::npos) << dts;
    EXPECT_NE(dts.find("compatible = \"arm,cortex-a15-gic\""), std::string::npos) << dts;
    EXPECT_NE(dts.find("compatible = \"arm,armv8-timer\\0arm,armv7-timer\""), std::string::npos) << dts;
    EXPECT_NE(dts.find("cpu@3"), std::string::npos) << dts;
    EXPECT_EQ(dts.find("cpu@4"), std::string::npos) << dts;
    // -m 2G: memory@40000000 with reg <0 0x40000000 0 0x80000000>.
    EXPECT_NE(dts.find("reg = <0x00 0x40000000 0x00 0x80000000>"), std::string::npos) << dts;
    EXPECT_NE(dts.find("bootargs = \"console=ttyAMA0 nokaslr\""), std::string::npos) << dts;
    EXPECT_NE(dts.find("stdout-path = \"/pl011@9000000\""), std::string::npos) << dts;
}

TEST(Cli, MissingTopologyFileIsNamed) {
    auto r = run_vp({"/nonexistent/machine.yaml"});
    EXPECT_EQ(r.exit_status, 1);
    EXPECT_NE(r.stderr_text.find("/nonexistent/machine.yaml"), std::string::npos) << r.stderr_text;
}

// The seed's QEMU command line works as typed: -M virt picks platforms/virt.yaml, -cpu cortex-a57
// and -nographic are accepted; CPUs vp does not model and machine options are refused with a reason.
TEST(Cli, QemuMachineAndCpuOptions) {
    std::string dtb = temp_file("qemu_opts.dtb");
    auto r = run_vp(
        {"-M", "virt", "-cpu", "cortex-a57", "-smp", "2", "-m", "1G", "-nographic", "--dump-dtb", dtb});
    EXPECT_EQ(r.exit_status, 0) << r.stderr_text;
    std::string dts = decompile(dtb);
    EXPECT_NE(dts.find("cpu@1"), std::string::npos) << dts;
    EXPECT_NE(dts.find("pl011"), std::string::npos);

    auto a72 = run_vp({"-M", "virt", "-cpu", "cortex-a72", "--dump-dtb", dtb});
    EXPECT_EQ(a72.exit_status, 0) << a72.stderr_text;
    EXPECT_NE(decompile(dtb).find("compatible = \"arm,cortex-a72\""), std::string::npos);
    auto bad_cpu = run_vp({"-M", "virt", "-cpu", "cortex-a15", "--dump-dtb", dtb});
    EXPECT_EQ(bad_cpu.exit_status, 1);
    EXPECT_NE(bad_cpu.stderr_text.find("cortex-a15"), std::string::npos);
    EXPECT_NE(bad_cpu.stderr_text.find("'cpus.model'"), std::string::npos) << bad_cpu.stderr_text;
    EXPECT_NE(bad_cpu.stderr_text.find("cortex-a53, cortex-a57, cortex-a72"), std::string::npos)
        << bad_cpu.stderr_text;
    auto bad_machine = run_vp({"-machine", "raspi3b", "--dump-dtb", dtb});
    EXPECT_EQ(bad_machine.exit_status, 1);
    EXPECT_NE(bad_machine.stderr_text.find("raspi3b"), std::string::npos);
    auto options = run_vp({"-M", "virt,gic-version=3", "--dump-dtb", dtb});
    EXPECT_EQ(options.exit_status, 1);
    EXPECT_NE(options.stderr_text.find("topology keys"), std::string::npos);
}
