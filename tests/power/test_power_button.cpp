// The graceful shutdown request of the `vp` executable (issue 16): SIGTERM (or Ctrl-A p on the
// terminal) presses the power button, a gpio-keys line on the PL061 (platforms/virt.yaml: gpio0
// line 3). The guest, tests/baremetal/power_button.c, waits for the edge as Linux's gpiolib sets
// it up and powers off with PSCI SYSTEM_OFF: vp must exit 0. A guest that does not react is
// stopped by a second SIGTERM or at the end of --shutdown-grace, by the signal as before; a
// machine without a power button stops at the first SIGTERM. The reference twin: the same guest
// in QEMU's virt machine, whose monitor command system_powerdown pulses the same line.
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <thread>

#include "models/chardev/stdio_backend.h"
#include "runctl/vp_child.h"
#include "support/oracle.h"

using namespace std::chrono_literals;
using vp::test::ChildExit;
using vp::test::describe;
using vp::test::guest;
using vp::test::VpChild;

namespace {

const std::string kWaiting = "power: waiting";
const std::string kPressed = "power: pressed";
const std::string kPressedMessage = "vp: SIGTERM: pressed the power button";
const std::string kNotListening = "the guest does not listen to the power button";

}  // namespace

namespace {

// SIGTERM, and the guest waiting on the button's edge powers off: vp exits 0.
void expect_sigterm_powers_off(std::vector<std::string> args) {
    args.insert(args.end(), {"-smp", "1", "-kernel", guest("power_button"), "--timeout", "wall:60s"});
    VpChild vp(args);
    ASSERT_TRUE(vp.stderr_shows(kWaiting, 20s)) << vp.stderr_text();
    vp.signal(SIGTERM);
    ChildExit r = vp.wait(30s);
    EXPECT_TRUE(r.exited && r.status == 0) << describe(r) << "\n" << vp.stderr_text();
    EXPECT_NE(vp.stderr_text().find(kPressed), std::string::npos) << vp.stderr_text();
    EXPECT_NE(vp.stderr_text().find(kPressedMessage), std::string::npos) << vp.stderr_text();
}

}  // namespace

TEST(PowerButton, SigtermPressesItAndTheGuestPowersOff) {
    expect_sigterm_powers_off({});
}

// The same button on the Verilated PL061 (rtl.pl061) in gpio0's place: its GPIO pins are the
// block's GpioPins as the C++ model's are.
TEST(PowerButton, OnTheRtlGpioBlockTheGuestPowersOff) {
    expect_sigterm_powers_off({"-s", "devices.gpio0.model=rtl.pl061"});
}

// The button on another line: the guest watches line 3 only, so nobody listens to the button and
// SIGTERM stops vp at once, as on a machine without one.
TEST(PowerButton, WiredToAnotherLineTheGuestDoesNotSeeIt) {
    VpChild vp({"-smp", "1", "-kernel", guest("power_button"), "-s", "devices.power_button.line=5",
                "--shutdown-grace", "1s", "--timeout", "wall:60s"});
    ASSERT_TRUE(vp.stderr_shows(kWaiting, 20s)) << vp.stderr_text();
    vp.signal(SIGTERM);
    ChildExit r = vp.wait(30s);
    EXPECT_EQ(r.signal, SIGTERM) << describe(r) << "\n" << vp.stderr_text();
    EXPECT_LT(r.seconds, 5.0);
    EXPECT_EQ(vp.stderr_text().find(kPressed), std::string::npos) << vp.stderr_text();
    EXPECT_NE(vp.stderr_text().find(kNotListening), std::string::npos) << vp.stderr_text();
}

// A guest that never unmasks the button's line (here: one that only spins; Linux without gpio-keys
// and without a daemon on the GPIO line) cannot hear it: SIGTERM stops vp at once, not after the
// grace period.
TEST(PowerButton, SigtermStopsAtOnceWhenTheGuestDoesNotListen) {
    VpChild vp({"-smp", "1", "-kernel", guest("spin"), "--timeout", "wall:60s"});
    std::this_thread::sleep_for(500ms);
    ASSERT_TRUE(vp.running()) << vp.stderr_text();
    vp.signal(SIGTERM);
    ChildExit r = vp.wait(10s);
    EXPECT_EQ(r.signal, SIGTERM) << describe(r) << "\n" << vp.stderr_text();
    EXPECT_LT(r.seconds, 5.0);
    EXPECT_NE(vp.stderr_text().find(kNotListening), std::string::npos) << vp.stderr_text();
    EXPECT_EQ(vp.stderr_text().find(kPressedMessage), std::string::npos) << vp.stderr_text();
}

TEST(PowerButton, SecondSigtermStopsAGuestThatDoesNotPowerOff) {
    VpChild vp({"-smp", "1", "-kernel", guest("power_button_ignored"), "--timeout", "wall:60s"});
    ASSERT_TRUE(vp.stderr_shows(kWaiting, 20s)) << vp.stderr_text();
    vp.signal(SIGTERM);
    ASSERT_TRUE(vp.stderr_shows(kPressedMessage, 10s)) << vp.stderr_text();
    EXPECT_TRUE(vp.running());
    vp.signal(SIGTERM);
    ChildExit r = vp.wait(10s);
    EXPECT_EQ(r.signal, SIGTERM) << describe(r) << "\n" << vp.stderr_text();
    EXPECT_NE(vp.stderr_text().find("a second SIGTERM: stopping"), std::string::npos) << vp.stderr_text();
}

TEST(PowerButton, GracePeriodStopsAGuestThatDoesNotPowerOff) {
    VpChild vp({"-smp", "1", "-kernel", guest("power_button_ignored"), "--shutdown-grace", "2s", "--timeout",
                "wall:60s"});
    ASSERT_TRUE(vp.stderr_shows(kWaiting, 20s)) << vp.stderr_text();
    vp.signal(SIGTERM);
    ASSERT_TRUE(vp.stderr_shows(kPressedMessage, 10s)) << vp.stderr_text();
    const auto pressed = std::chrono::steady_clock::now();
    std::this_thread::sleep_for(1s);
    EXPECT_TRUE(vp.running()) << "stopped before the grace period ended";
    ChildExit r = vp.wait(20s);
    const double after = std::chrono::duration<double>(std::chrono::steady_clock::now() - pressed).count();
    EXPECT_EQ(r.signal, SIGTERM) << describe(r) << "\n" << vp.stderr_text();
    EXPECT_GE(after, 1.9);
    EXPECT_LT(after, 10.0);
    EXPECT_NE(vp.stderr_text().find("the guest did not power off in time"), std::string::npos)
        << vp.stderr_text();
}

// platforms/virt-apb-timer.yaml has no power button.
TEST(PowerButton, WithoutOneSigtermStopsAtOnce) {
    VpChild vp({std::string(VP_SOURCE_DIR) + "/platforms/virt-apb-timer.yaml", "-smp", "1", "-kernel",
                guest("spin"), "--timeout", "wall:60s"});
    std::this_thread::sleep_for(500ms);
    ASSERT_TRUE(vp.running()) << vp.stderr_text();
    vp.signal(SIGTERM);
    ChildExit r = vp.wait(10s);
    EXPECT_EQ(r.signal, SIGTERM) << describe(r) << "\n" << vp.stderr_text();
    EXPECT_LT(r.seconds, 5.0);
    EXPECT_EQ(vp.stderr_text().find(kPressedMessage), std::string::npos) << vp.stderr_text();
}

TEST(PowerButton, BadGraceIsRefused) {
    for (const char* bad : {"0", "soon", "-1s"}) {
        VpChild vp({"-kernel", guest("spin"), "--shutdown-grace", bad});
        ChildExit r = vp.wait(20s);
        EXPECT_TRUE(r.exited && r.status == 1) << bad << ": " << describe(r);
        EXPECT_NE(vp.stderr_text().find("--shutdown-grace"), std::string::npos) << vp.stderr_text();
    }
}

TEST(PowerButton, CtrlAPOnTheTerminalPressesIt) {
    int master = -1, slave = -1;
    ASSERT_EQ(openpty(&master, &slave, nullptr, nullptr, nullptr), 0);
    fcntl(master, F_SETFD, FD_CLOEXEC);
    fcntl(slave, F_SETFD, FD_CLOEXEC);
    std::string out;
    {
        VpChild vp({"-smp", "1", "-kernel", guest("power_button"), "--timeout", "wall:60s"}, slave, slave);
        auto read_until = [&](const std::string& text, std::chrono::milliseconds limit) {
            const auto end = std::chrono::steady_clock::now() + limit;
            char buf[512];
            while (out.find(text) == std::string::npos && std::chrono::steady_clock::now() < end) {
                pollfd p{master, POLLIN, 0};
                if (poll(&p, 1, 50) > 0) {
                    ssize_t n = read(master, buf, sizeof buf);
                    if (n > 0) out.append(buf, static_cast<size_t>(n));
                }
            }
            return out.find(text) != std::string::npos;
        };
        ASSERT_TRUE(read_until(kWaiting, 20s)) << out << vp.stderr_text();
        ASSERT_EQ(write(master, "\x01p", 2), 2);
        ASSERT_TRUE(read_until(kPressed, 20s)) << out << vp.stderr_text();
        ChildExit r = vp.wait(30s);
        EXPECT_TRUE(r.exited && r.status == 0) << describe(r) << "\n" << vp.stderr_text();
    }
    close(master);
    close(slave);
}

TEST(PowerButton, EscapeKeyAndHelp) {
    vp::EscapeFilter f;
    std::string out;
    EXPECT_EQ(f.feed(0x01, out), vp::EscapeFilter::Action::none);
    EXPECT_EQ(f.feed('p', out), vp::EscapeFilter::Action::power);
    EXPECT_EQ(f.feed(0x01, out), vp::EscapeFilter::Action::none);
    EXPECT_EQ(f.feed('P', out), vp::EscapeFilter::Action::power);
    EXPECT_EQ(f.feed('p', out), vp::EscapeFilter::Action::none);  // a plain p goes to the guest
    EXPECT_EQ(out, "p");
    EXPECT_NE(std::string(vp::EscapeFilter::help_text()).find("C-a p"), std::string::npos);
}

// ---- the reference: QEMU's virt machine, the same guest, the monitor's system_powerdown

namespace {

bool file_shows(const std::string& path, const std::string& text) {
    std::ifstream f(path);
    std::stringstream s;
    s << f.rdbuf();
    return s.str().find(text) != std::string::npos;
}

}  // namespace

TEST(PowerButton, QemuSystemPowerdownIsTheSameButton) {
    VP_REQUIRE_ORACLE(vp::test::have_program("qemu-system-aarch64"), "qemu-system-aarch64",
                      "qemu-system-arm");
    const std::string dir = testing::TempDir() + "vp-power-qemu-" + std::to_string(getpid());
    ASSERT_EQ(mkdir(dir.c_str(), 0700), 0) << dir;
    const std::string serial = dir + "/serial.txt", monitor = dir + "/monitor.sock";
    std::vector<std::string> args = {"qemu-system-aarch64",
                                     "-M",
                                     "virt",
                                     "-cpu",
                                     "cortex-a57",
                                     "-display",
                                     "none",
                                     "-nic",
                                     "none",
                                     "-no-reboot",
                                     "-serial",
                                     "file:" + serial,
                                     "-monitor",
                                     "unix:" + monitor + ",server,nowait",
                                     "-kernel",
                                     guest("power_button")};
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    pid_t pid = -1;
    ASSERT_EQ(posix_spawnp(&pid, argv[0], nullptr, nullptr, argv.data(), environ), 0);
    auto until = [](const std::function<bool()>& ok, std::chrono::milliseconds limit) {
        const auto end = std::chrono::steady_clock::now() + limit;
        for (;;) {
            if (ok()) return true;
            if (std::chrono::steady_clock::now() >= end) return false;
            std::this_thread::sleep_for(20ms);
        }
    };
    const bool waiting = until([&] { return file_shows(serial, kWaiting); }, 20s);
    int sock = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    std::snprintf(addr.sun_path, sizeof addr.sun_path, "%s", monitor.c_str());
    const bool connected = connect(sock, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
    const std::string cmd = "system_powerdown\n";
    const bool sent = connected && write(sock, cmd.data(), cmd.size()) == ssize_t(cmd.size());
    int status = -1;
    const bool exited = until([&] { return waitpid(pid, &status, WNOHANG) == pid; }, 20s);
    if (!exited) {
        kill(pid, SIGKILL);
        waitpid(pid, &status, 0);
    }
    close(sock);
    const bool pressed = file_shows(serial, kPressed);
    std::remove(serial.c_str());
    std::remove(monitor.c_str());
    rmdir(dir.c_str());
    ASSERT_TRUE(waiting) << "QEMU's guest never printed '" << kWaiting << "'";
    ASSERT_TRUE(sent) << "the QEMU monitor at " << monitor;
    ASSERT_TRUE(exited) << "QEMU did not power off after system_powerdown";
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
    EXPECT_TRUE(pressed);
}
