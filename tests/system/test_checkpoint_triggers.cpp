// Checkpoints requested while the machine runs (docs/ARCHITECTURE.md, Checkpoints): SIGUSR1 with
// --checkpoint-file, the console's Ctrl-A s, and Platform::request_checkpoint from a SystemC
// thread (gdb's `monitor checkpoint` is in tests/debug). The oracle is the run that never
// stopped: the file a trigger writes, restored, ends with the same console output, instruction
// counts and simulated time; a run that goes on after the save ends like it too.
// sc_spawn() (the library test's SystemC thread) needs the dynamic-process API.
#ifndef SC_INCLUDE_DYNAMIC_PROCESSES
#define SC_INCLUDE_DYNAMIC_PROCESSES
#endif
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <pty.h>
#include <chrono>
#include <fstream>
#include <iterator>
#include <regex>
#include <thread>

#include "end_state.h"
#include "platform/platform.h"
#include "platform/qemu_rtc.h"
#include "platform/simulation.h"
#include "run_vp.h"
#include "yaml/topology.h"

using vp::test::end_state;
using vp::test::read_file;
using vp::test::run_vp;
using namespace std::chrono_literals;

namespace {

const std::string kMachine = std::string(VP_SOURCE_DIR) + "/platforms/virt.yaml";

std::string guest(const std::string& name) {
    return std::string(VP_GUEST_DIR) + "/" + name + ".elf";
}
std::string temp(const std::string& name) {
    return testing::TempDir() + "/ckpt_trig_" + name;
}

// `spin` runs until --timeout (status 3): long enough in wall time to be signalled while it runs.
std::vector<std::string> spinning(const std::string& stats) {
    return {VP_BINARY, kMachine,          "-smp",    "1",  "-kernel", guest("spin"), "--timeout", "4s",
            "-rtc",    "base=2020-01-01", "--stats", stats};
}

// Runs `args` with stdin/stdout on `tty` (-1: /dev/null and -serial null) and stderr in `err`.
pid_t spawn(std::vector<std::string> args, int tty, const std::string& err) {
    if (tty < 0) args.insert(args.end(), {"-serial", "null"});
    pid_t pid = fork();
    if (pid == 0) {
        int in = tty >= 0 ? tty : open("/dev/null", O_RDWR);
        int e = open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        dup2(in, 0);
        dup2(in, 1);
        dup2(e, 2);
        std::vector<char*> argv;
        for (auto& a : args) argv.push_back(a.data());
        argv.push_back(nullptr);
        execv(argv[0], argv.data());
        _exit(127);
    }
    return pid;
}

int wait_status(pid_t pid, std::chrono::seconds limit = 120s) {
    auto end = std::chrono::steady_clock::now() + limit;
    int status = 0;
    while (waitpid(pid, &status, WNOHANG) == 0) {
        if (std::chrono::steady_clock::now() > end) {
            kill(pid, SIGKILL);
            waitpid(pid, &status, 0);
            return -1;
        }
        std::this_thread::sleep_for(10ms);
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// Waits until `path` says "checkpoint saved to"; the text.
std::string wait_for_save(const std::string& path, std::chrono::seconds limit = 60s) {
    auto end = std::chrono::steady_clock::now() + limit;
    std::string text;
    while (std::chrono::steady_clock::now() < end) {
        text = read_file(path);
        if (text.find("checkpoint saved to") != std::string::npos) break;
        std::this_thread::sleep_for(10ms);
    }
    return text;
}

// The restored run of `file` ends like the uninterrupted run of the same machine.
void expect_restore_ends_like_uninterrupted(const std::string& tag, const std::string& file) {
    const std::string whole_stats = temp(tag + "_whole.json");
    ASSERT_EQ(wait_status(spawn(spinning(whole_stats), -1, temp(tag + "_whole.err"))), 3);
    auto restoring = spinning(temp(tag + "_rest.json"));
    restoring.insert(restoring.end(), {"--restore", file});
    ASSERT_EQ(wait_status(spawn(restoring, -1, temp(tag + "_rest.err"))), 3)
        << read_file(temp(tag + "_rest.err"));
    EXPECT_FALSE(end_state(whole_stats).empty());
    EXPECT_EQ(end_state(temp(tag + "_rest.json")), end_state(whole_stats));
}

// "checkpoint saved to FILE at T" names a time before the run's end (4 s).
void expect_saved_mid_run(const std::string& text, const std::string& file) {
    std::smatch m;
    ASSERT_TRUE(std::regex_search(text, m, std::regex("checkpoint saved to (\\S+) at ([0-9.]+) (\\w+)")))
        << text;
    EXPECT_EQ(m[1].str(), file);
    EXPECT_NE(m[3].str(), "s") << "saved at the end, not while running: " << text;
}

}  // namespace

TEST(CheckpointTriggers, Sigusr1SavesAndTheRunGoesOnAndTheFileRestores) {
    const std::string file = temp("sigusr1.vpck"), err = temp("sigusr1.err"), stats = temp("sigusr1.json");
    auto args = spinning(stats);
    args.insert(args.end(), {"--checkpoint-file", file});
    pid_t pid = spawn(args, -1, err);
    std::this_thread::sleep_for(500ms);
    kill(pid, SIGUSR1);
    const std::string text = wait_for_save(err);
    EXPECT_NE(text.find("vp statistics:"), std::string::npos) << text;  // the summary still comes
    expect_saved_mid_run(text, file);
    ASSERT_EQ(wait_status(pid), 3) << read_file(err);
    expect_restore_ends_like_uninterrupted("sigusr1", file);
    // The run that went on after saving ends like the one that never saved.
    EXPECT_EQ(end_state(stats), end_state(temp("sigusr1_whole.json")));
}

TEST(CheckpointTriggers, Sigusr1WithCheckpointStopEndsTheRunAfterSaving) {
    const std::string file = temp("stop.vpck"), err = temp("stop.err");
    auto args = spinning(temp("stop.json"));
    args.insert(args.end(), {"--checkpoint-file", file, "--checkpoint-stop"});
    pid_t pid = spawn(args, -1, err);
    std::this_thread::sleep_for(500ms);
    kill(pid, SIGUSR1);
    EXPECT_EQ(wait_status(pid), 0) << read_file(err);
    expect_saved_mid_run(read_file(err), file);
    expect_restore_ends_like_uninterrupted("stop", file);
}

// A save the machine refuses (a writable disk without snapshot) is reported and the run goes on
// to its end.
TEST(CheckpointTriggers, Sigusr1OnAMachineThatCannotBeSavedReportsAndGoesOn) {
    const std::string file = temp("refused.vpck"), err = temp("refused.err"), disk = temp("refused.img");
    std::ofstream(disk, std::ios::binary) << std::string(64 * 1024, '\0');
    auto args = spinning(temp("refused.json"));
    args.insert(args.end(), {"-s", "devices.virtio1.model=virtio_blk", "-s", "devices.virtio1.image=" + disk,
                             "--checkpoint-file", file});
    pid_t pid = spawn(args, -1, err);
    std::this_thread::sleep_for(500ms);
    kill(pid, SIGUSR1);
    EXPECT_EQ(wait_status(pid), 3) << read_file(err);
    const std::string text = read_file(err);
    EXPECT_NE(text.find("vp: error: "), std::string::npos) << text;
    EXPECT_NE(text.find("device 'virtio1' (virtio_blk)"), std::string::npos) << text;
    EXPECT_NE(text.find("is writable"), std::string::npos) << text;
    EXPECT_TRUE(read_file(file).empty()) << "a refused checkpoint was written";
}

TEST(CheckpointTriggers, CtrlASOnTheConsoleSaves) {
    int master = -1, slave = -1;
    ASSERT_EQ(openpty(&master, &slave, nullptr, nullptr, nullptr), 0);
    const std::string file = temp("key.vpck"), err = temp("key.err");
    auto args = spinning(temp("key.json"));
    args.insert(args.end(), {"-serial", "stdio", "--checkpoint-file", file, "--checkpoint-stop"});
    pid_t pid = spawn(args, slave, err);
    close(slave);
    std::this_thread::sleep_for(500ms);
    ASSERT_EQ(write(master, "\x01s", 2), 2);
    std::thread drain([master] {  // vp's terminal output must not fill the pty
        char buf[256];
        while (read(master, buf, sizeof buf) > 0) {
        }
    });
    EXPECT_EQ(wait_status(pid), 0) << read_file(err);
    close(master);
    drain.join();
    expect_saved_mid_run(read_file(err), file);
    expect_restore_ends_like_uninterrupted("key", file);
}

// A user's own sc_main: a SystemC thread asks for a checkpoint at 30 us; Platform::run serves it at
// the next quantum boundary (40 us with virt.yaml's 10 us quantum) and ends the run. The file is
// the one `vp --checkpoint-at 40us` writes of the same machine, and restores like it.
TEST(CheckpointTriggers, LibraryRequestFromASystemCThread) {
    std::vector<vp::Override> overrides;
    for (const char* o : {"-smp", "-kernel", "-serial"}) {
        const std::string value = std::string(o) == "-smp"      ? "1"
                                  : std::string(o) == "-kernel" ? guest("timer_irq")
                                                                : "null";
        for (auto& ov : vp::short_form_override(o, value)) overrides.push_back(ov);
    }
    for (auto& ov : vp::qemu_rtc_overrides("base=2020-01-01")) overrides.push_back(ov);
    vp::sim::reset_exit_state();
    vp::Platform platform("vp", vp::load_topology(kMachine, overrides));
    platform.load_guest();
    const std::string file = temp("library.vpck");
    sc_core::sc_spawn([&] {
        sc_core::wait(30, sc_core::SC_US);
        platform.request_checkpoint(file, vp::AfterCheckpoint::stop);
    });
    platform.run();
    EXPECT_EQ(sc_core::sc_time_stamp(), sc_core::sc_time(40, sc_core::SC_US));
    EXPECT_TRUE(vp::sim::exit_requested());
    EXPECT_NE(vp::sim::exit_reason().find("checkpoint saved to " + file), std::string::npos)
        << vp::sim::exit_reason();

    const std::vector<std::string> machine = {
        kMachine, "-smp", "1", "-kernel", guest("timer_irq"), "--timeout", "5s", "-rtc", "base=2020-01-01"};
    auto direct = machine;
    direct.insert(direct.end(), {"--checkpoint-at", "40us", temp("direct.vpck"), "--checkpoint-stop"});
    ASSERT_EQ(run_vp(direct).exit_status, 0);
    const std::string a = read_file(file), b = read_file(temp("direct.vpck"));
    ASSERT_FALSE(a.empty());
    EXPECT_TRUE(a == b) << "the library's and --checkpoint-at's files differ (" << a.size() << " and "
                        << b.size() << " bytes)";

    auto whole_args = machine;
    whole_args.insert(whole_args.end(), {"--stats", temp("library_whole.json")});
    auto whole = run_vp(whole_args);
    auto restoring = machine;
    restoring.insert(restoring.end(), {"--restore", file, "--stats", temp("library_rest.json")});
    auto rest = run_vp(restoring);
    ASSERT_EQ(rest.exit_status, 0) << rest.stderr_text;
    EXPECT_EQ(rest.uart, whole.uart);  // timer_irq prints only at its end, after 1 ms
    EXPECT_FALSE(whole.uart.empty());
    EXPECT_EQ(end_state(temp("library_rest.json")), end_state(temp("library_whole.json")));
}

TEST(CheckpointTriggers, CheckpointStopNeedsAFile) {
    auto r = run_vp({kMachine, "-smp", "1", "-kernel", guest("timer_irq"), "--checkpoint-stop"});
    EXPECT_EQ(r.exit_status, 1);
    EXPECT_NE(r.stderr_text.find("--checkpoint-file"), std::string::npos) << r.stderr_text;
}
