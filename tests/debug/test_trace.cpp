// Trace flags (-d in_asm,out_asm,exec,cpu,int,mmu,nochain, -dfilter) and the per-device log
// level on bare-metal programs, checked against the programs' own disassembly (binutils
// objdump) and architectural facts (ESR values, ARM ARM D17.2.37).
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <regex>
#include <sstream>

#include "run_vp.h"

namespace {

const std::string kBaremetal = std::string(VP_DEBUG_GUEST_DIR) + "/../baremetal/";
const std::string kHello = kBaremetal + "hello.elf";
const std::string kExceptions = kBaremetal + "exceptions.elf";
const std::string kMmu = kBaremetal + "mmu.elf";
const std::string kCountElf = std::string(VP_DEBUG_GUEST_DIR) + "/count_loop.elf";

std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// Runs vp with `-D LOG` and returns the log (the run must succeed).
std::string run_traced(std::vector<std::string> args, vp::test::VpRun* out = nullptr) {
    std::string log = testing::TempDir() + "/vp_trace_" + std::to_string(reinterpret_cast<uintptr_t>(&args)) +
                      "_" + std::to_string(::getpid()) + ".log";
    args.push_back("-D");
    args.push_back(log);
    auto r = vp::test::run_vp(args);
    EXPECT_EQ(r.exit_status, 0) << r.stderr_text;
    if (out) *out = r;
    std::string text = slurp(log);
    std::remove(log.c_str());
    return text;
}

// Address of `symbol` in `elf` (objdump -t), 0 if absent.
uint64_t symbol(const std::string& elf, const std::string& name) {
    std::string t = vp::test::run_command(AARCH64_OBJDUMP " -t '" + elf + "'");
    std::smatch m;
    if (!std::regex_search(t, m, std::regex("\\n([0-9a-f]{16}) .*[ \\t]" + name + "\\n"))) return 0;
    return std::stoull(m[1], nullptr, 16);
}

// The encodings objdump shows for the first `n` instructions at `addr`.
std::vector<std::string> encodings(const std::string& elf, uint64_t addr, unsigned n) {
    char range[96];
    std::snprintf(range, sizeof range, " --start-address=0x%llx --stop-address=0x%llx ",
                  (unsigned long long)addr, (unsigned long long)(addr + 4 * n));
    std::string d = vp::test::run_command(AARCH64_OBJDUMP " -d" + std::string(range) + "'" + elf + "'");
    std::vector<std::string> out;
    static const std::regex line("\\n\\s+[0-9a-f]+:\\s+([0-9a-f]{8})\\s");
    for (auto it = std::sregex_iterator(d.begin(), d.end(), line); it != std::sregex_iterator(); ++it)
        out.push_back((*it)[1]);
    return out;
}

std::string hex16(uint64_t v) {
    char b[32];
    std::snprintf(b, sizeof b, "0x%016llx", (unsigned long long)v);
    return b;
}

size_t count(const std::string& text, const std::string& what) {
    size_t n = 0;
    for (size_t i = text.find(what); i != std::string::npos; i = text.find(what, i + 1)) ++n;
    return n;
}

}  // namespace

// in_asm: the first block of _start (tests/baremetal/lib/start.S), address, encoding as the
// assembler produced it, and capstone's text for these well-known encodings.
TEST(Trace, InAsmShowsTheGuestCodeOfEachNewBlock) {
    uint64_t start = symbol(kHello, "_start");
    ASSERT_NE(start, 0u);
    auto enc = encodings(kHello, start, 5);
    ASSERT_EQ(enc.size(), 5u);
    std::string log = run_traced({"-kernel", kHello, "-d", "in_asm"});
    EXPECT_NE(log.find("IN: cpu0 EL1"), std::string::npos) << log.substr(0, 2000);
    // ARM ARM C6.2: d2a00601 = MOVZ X1, #0x30, LSL #16 (capstone 4 keeps MOVZ, later versions show
    // the MOV alias), d5181041 = MSR CPACR_EL1, X1, d5033fdf = ISB, d53800a1 = MRS X1, MPIDR_EL1,
    // 92401c21 = AND X1, X1, #0xff.
    const std::vector<std::vector<std::string>> text = {{"movz x1, #0x30, lsl #16", "mov x1, #0x300000"},
                                                        {"msr cpacr_el1, x1"},
                                                        {"isb"},
                                                        {"mrs x1, mpidr_el1"},
                                                        {"and x1, x1, #0xff"}};
    for (unsigned i = 0; i < 5; ++i) {
        bool found = false;
        for (const std::string& t : text[i])
            found = found || log.find(hex16(start + 4 * i) + ":  " + enc[i] + "      " + t + "\n") !=
                                 std::string::npos;
        EXPECT_TRUE(found) << text[i][0] << "\n" << log.substr(0, 3000);
    }
}

TEST(Trace, OutAsmShowsTheTranslatedOps) {
    uint64_t start = symbol(kHello, "_start");
    std::string log = run_traced({"-kernel", kHello, "-d", "out_asm"});
    EXPECT_NE(log.find("OUT: cpu0 [tb " + hex16(start)), std::string::npos) << log.substr(0, 2000);
    // One line per op: index, guest address, decode row / semantic function, operands.
    std::smatch m;
    EXPECT_TRUE(std::regex_search(log, m, std::regex("\\n +0 " + hex16(start) + "  [A-Za-z_]\\w* +d=1 ")))
        << log.substr(0, 2000);
}

// With the x86-64 tier, out_asm also shows each block's host code, disassembled (capstone x86-64):
// the block at _start is followed by its host code, which loads its TB and leaves through a jump
// to the code buffer's shared leave tail.
TEST(Trace, OutAsmShowsTheHostCodeUnderTheJit) {
    uint64_t start = symbol(kHello, "_start");
    std::string log = run_traced({"-kernel", kHello, "-d", "out_asm", "-s", "cpus.engine=jit"});
    const size_t at = log.find("OUT: cpu0 [tb " + hex16(start) + " host code at ");
    ASSERT_NE(at, std::string::npos) << log.substr(0, 3000);
    const std::string block = log.substr(at, log.find("\n\n", at) - at);
    EXPECT_TRUE(std::regex_search(block, std::regex("\n  0x[0-9a-f]+:  movabs rax, 0x[0-9a-f]+\n"))) << block;
    EXPECT_TRUE(std::regex_search(block, std::regex("\n  0x[0-9a-f]+:  jmp 0x[0-9a-f]+(\n|$)"))) << block;
    EXPECT_EQ(
        run_traced({"-kernel", kHello, "-d", "out_asm", "-s", "cpus.engine=interp"}).find("host code at"),
        std::string::npos);
}

// exec with chaining off: the two-instruction loop of count_loop.S runs as one block 50000
// times, and each execution is logged.
TEST(Trace, ExecSeesEveryBlockOfALoop) {
    uint64_t start = symbol(kCountElf, "_start");
    ASSERT_NE(start, 0u);
    std::string log = run_traced({"-smp", "1", "-kernel", kCountElf, "-d", "exec"});
    EXPECT_EQ(count(log, "Trace cpu0: " + hex16(start) + " [EL1, "), 1u) << log.substr(0, 2000);
    // The first iteration runs in _start's block (mov, subs, b.ne), the other 49999 in the loop's.
    EXPECT_EQ(count(log, "Trace cpu0: " + hex16(start + 4) + " [EL1, 2 insns]"), 49999u);
}

// cpu + exec limited by -dfilter to the block after the loop: one register dump, X0 = 0.
TEST(Trace, CpuDumpAndDfilter) {
    uint64_t after = symbol(kCountElf, "_start") + 12;
    std::string range = hex16(after) + "+4";
    std::string log = run_traced({"-smp", "1", "-kernel", kCountElf, "-d", "cpu,exec", "-dfilter", range});
    EXPECT_EQ(count(log, "Trace cpu0: "), 1u) << log;
    EXPECT_EQ(count(log, "Trace cpu0: " + hex16(after)), 1u) << log;
    EXPECT_EQ(count(log, "cpu0:\n"), 1u) << log;
    EXPECT_NE(log.find("X00=0000000000000000 X01="), std::string::npos) << log;
    char pc[64];
    std::snprintf(pc, sizeof pc, "PC=%016llx PSTATE=", (unsigned long long)after);
    EXPECT_NE(log.find(pc), std::string::npos) << log;
    EXPECT_NE(log.find(" SP="), std::string::npos) << log;
    // FP/SIMD registers are shown once the guest enables them (count_loop does not).
    EXPECT_EQ(log.find("V00="), std::string::npos) << log;
}

TEST(Trace, DfilterRejectsABadRange) {
    auto r = vp::test::run_vp({"-kernel", kHello, "-d", "exec", "-dfilter", "0x40000000..zz"});
    EXPECT_EQ(r.exit_status, 1);
    EXPECT_NE(r.stderr_text.find("-dfilter: bad range"), std::string::npos) << r.stderr_text;
}

// int: the SVC and UDF of tests/baremetal/exceptions.c with their ESR (EC << 26 | IL | ISS).
TEST(Trace, IntShowsExceptionsWithTheirSyndrome) {
    uint64_t svc = symbol(kExceptions, "svc_site"), udf = symbol(kExceptions, "udf_site");
    ASSERT_NE(svc, 0u);
    ASSERT_NE(udf, 0u);
    std::string log = run_traced({"-smp", "1", "-kernel", kExceptions, "-d", "int"});
    char want[160];
    std::snprintf(want, sizeof want, "int: cpu0 sync EC=0x15 (svc) ESR=0x56000042 ELR=0x%llx",
                  (unsigned long long)svc + 4);
    EXPECT_NE(log.find(want), std::string::npos) << want << "\n" << log;
    std::snprintf(want, sizeof want, "int: cpu0 sync EC=0x00 (unknown/undefined) ESR=0x02000000 ELR=0x%llx",
                  (unsigned long long)udf);
    EXPECT_NE(log.find(want), std::string::npos) << want << "\n" << log;
    EXPECT_NE(log.find(" EL1 -> EL1 vector 0x"), std::string::npos) << log;
    EXPECT_NE(log.find("int: cpu0 eret EL1 -> EL1 pc=0x"), std::string::npos) << log;
    EXPECT_NE(log.find("int: cpu0 eret EL1 -> EL0 pc=0x"), std::string::npos) << log;
    EXPECT_NE(log.find("EL0 -> EL1 vector"), std::string::npos) << log;
}

// mmu: the walks of tests/baremetal/mmu.c's high-half alias and its level-1 translation fault.
TEST(Trace, MmuShowsWalksAndFaults) {
    std::string log = run_traced({"-smp", "1", "-kernel", kMmu, "-d", "mmu"});
    EXPECT_TRUE(
        std::regex_search(log, std::regex("mmu: cpu0 [rw] va=0xffff00004[0-9a-f]{7} -> pa=0x4[0-9a-f]{7} "
                                          "\\(1G block, attr=0xff, el1 rwx el0 ...\\)")))
        << log;
    EXPECT_NE(log.find("mmu: cpu0 r va=0xffff000100000000: translation fault level 1 (FSC 0x05)"),
              std::string::npos)
        << log;
    // -dfilter limits mmu lines by VA.
    std::string low = run_traced({"-smp", "1", "-kernel", kMmu, "-d", "mmu", "-dfilter", "0..0xffffffff"});
    EXPECT_EQ(low.find("va=0xffff"), std::string::npos) << low;
    EXPECT_NE(low.find("mmu: cpu0 x va=0x4"), std::string::npos) << low;
}

// nochain alone: the run is the same, only slower.
TEST(Trace, NochainRunsTheProgram) {
    vp::test::VpRun r;
    run_traced({"-kernel", kHello, "-d", "nochain"}, &r);
    EXPECT_EQ(r.uart, "hello from the guest\n");
}

// -s uart0.log=debug: the UART's register accesses without the global -d dev; other devices
// stay quiet, and the default level shows nothing.
TEST(DeviceLog, PerModelLevelShowsOneDevicesAccesses) {
    auto quiet = vp::test::run_vp({"-kernel", kHello});
    EXPECT_EQ(quiet.stderr_text.find("pl011 'uart0'"), std::string::npos) << quiet.stderr_text;
    auto r = vp::test::run_vp({"-kernel", kHello, "-s", "uart0.log=debug"});
    ASSERT_EQ(r.exit_status, 0) << r.stderr_text;
    EXPECT_NE(r.stderr_text.find("pl011 'uart0': write UARTDR <- 0x68"), std::string::npos) << r.stderr_text;
    EXPECT_EQ(r.stderr_text.find("gic"), std::string::npos) << r.stderr_text;
    auto bad = vp::test::run_vp({"-kernel", kHello, "-s", "uart0.log=loud"});
    EXPECT_EQ(bad.exit_status, 1);
    EXPECT_NE(bad.stderr_text.find("unknown level 'loud'"), std::string::npos) << bad.stderr_text;
}

// The statistics of exceptions.c: exceptions by class and the other per-core figures.
TEST(Stats, JsonSchemaWithExceptionClasses) {
    std::string json = testing::TempDir() + "/exceptions_stats.json";
    auto r = vp::test::run_vp({"-smp", "1", "-kernel", kExceptions, "--stats", json});
    ASSERT_EQ(r.exit_status, 0) << r.stderr_text;
    std::string text = slurp(json);
    std::remove(json.c_str());
    for (const char* key :
         {"\"simulated_seconds\": ", "\"wall_seconds\": ", "\"instructions\": ", "\"mips\": ",
          "\"simulated_per_wall\": ", "\"cores\": [", "\"devices\": [", "\"exceptions_by_class\": {",
          "\"tb_lookups\": ", "\"tb_lookup_hit_rate\": ", "\"tb_chained\": ", "\"tb_chain_rate\": ",
          "\"tb_flushes\": ", "\"dmi_host_pages\": ", "\"dmi_hit_rate\": ", "\"transports\": ",
          "\"sleep_share\": "})
        EXPECT_NE(text.find(key), std::string::npos) << key << "\n" << text;
    std::smatch m;
    ASSERT_TRUE(std::regex_search(text, m, std::regex("\"svc\": ([0-9]+)"))) << text;
    EXPECT_GE(std::stoull(m[1]), 2u);  // EL1 and EL0 SVCs
    EXPECT_TRUE(std::regex_search(text, std::regex("\"undefined\": [1-9]"))) << text;
    ASSERT_TRUE(std::regex_search(text, m, std::regex("\"dmi_hit_rate\": ([0-9.]+)"))) << text;
    EXPECT_GT(std::stod(m[1]), 0.5) << text;  // RAM and ROM through DMI
    ASSERT_TRUE(std::regex_search(text, m, std::regex("\"tb_lookup_hit_rate\": ([0-9.]+)"))) << text;
    EXPECT_GE(std::stod(m[1]), 0.0);
    EXPECT_LE(std::stod(m[1]), 1.0);
}
