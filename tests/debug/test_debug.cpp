// Debug and introspection, from the outside as a user meets them: a scripted gdb-multiarch
// session against `vp -S -gdb`, the remote protocol through a raw socket (including malformed
// packets), the --stats numbers of a program with a known instruction count, and run control
// (--timeout wall:, SIGUSR1).
// Protocol facts from the GDB manual ("Remote Protocol"): `$data#cc` framing with `+`/`-`
// acknowledgements, empty reply for an unsupported packet, `T05thread:N;` and
// `T05watch:ADDR;` stop replies.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <regex>
#include <sstream>
#include <thread>

#include "end_state.h"
#include "run_vp.h"
#include "support/oracle.h"

namespace {

using namespace std::chrono_literals;

const std::string kHello = VP_HELLO_ELF;
const std::string kWatchElf = std::string(VP_DEBUG_GUEST_DIR) + "/watch_target.elf";
const std::string kCountElf = std::string(VP_DEBUG_GUEST_DIR) + "/count_loop.elf";
const std::string kSpinElf = std::string(VP_DEBUG_GUEST_DIR) + "/../baremetal/spin.elf";
const std::string kMmuElf = std::string(VP_DEBUG_GUEST_DIR) + "/../baremetal/mmu.elf";

std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

std::string run_command(const std::string& cmd) {
    std::string out;
    if (FILE* p = popen(cmd.c_str(), "r")) {
        char buf[4096];
        size_t n;
        while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
        pclose(p);
    }
    return out;
}

// A vp process running in the background; stderr and the UART go to temporary files.
class VpProcess {
public:
    explicit VpProcess(const std::vector<std::string>& args) {
        char tmpl[] = "/tmp/vp-debug-XXXXXX";
        dir_ = mkdtemp(tmpl);
        err_ = dir_ + "/stderr.txt";
        uart_ = dir_ + "/uart.txt";
        std::vector<std::string> full = {VP_BINARY};
        full.insert(full.end(), args.begin(), args.end());
        full.push_back("-serial");
        full.push_back("file:" + uart_);
        pid_ = fork();
        if (pid_ == 0) {
            int in = open("/dev/null", O_RDONLY);
            int err = open(err_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
            dup2(in, 0);
            dup2(err, 1);
            dup2(err, 2);
            std::vector<char*> argv;
            for (auto& a : full) argv.push_back(a.data());
            argv.push_back(nullptr);
            execv(argv[0], argv.data());
            _exit(127);
        }
    }
    ~VpProcess() {
        if (pid_ > 0 && !exited_) {
            kill(pid_, SIGKILL);
            waitpid(pid_, nullptr, 0);
        }
        std::remove(err_.c_str());
        std::remove(uart_.c_str());
        rmdir(dir_.c_str());
    }
    // The port vp printed ("vp: gdb: listening on 127.0.0.1:PORT"), or 0 after `timeout`.
    int gdb_port(std::chrono::milliseconds timeout = 10s) {
        static const std::regex re("listening on [^ ]*:([0-9]+)");
        auto end = std::chrono::steady_clock::now() + timeout;
        while (std::chrono::steady_clock::now() < end) {
            std::smatch m;
            std::string text = slurp(err_);
            if (std::regex_search(text, m, re)) return std::stoi(m[1]);
            std::this_thread::sleep_for(10ms);
        }
        return 0;
    }
    // Exit status, or -1 if still running after `timeout` (then it is killed).
    int wait_exit(std::chrono::milliseconds timeout = 30s) {
        auto end = std::chrono::steady_clock::now() + timeout;
        int status = 0;
        while (waitpid(pid_, &status, WNOHANG) == 0) {
            if (std::chrono::steady_clock::now() > end) return -1;
            std::this_thread::sleep_for(10ms);
        }
        exited_ = true;
        return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    }
    bool running() { return !exited_ && waitpid(pid_, nullptr, WNOHANG) == 0; }
    void signal(int sig) { kill(pid_, sig); }
    std::string stderr_text() const { return slurp(err_); }
    std::string uart() const { return slurp(uart_); }

private:
    std::string dir_, err_, uart_;
    pid_t pid_ = -1;
    bool exited_ = false;
};

// A minimal remote-protocol client over a raw socket.
class RawClient {
public:
    explicit RawClient(int port) {
        fd_ = socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_port = htons(static_cast<uint16_t>(port));
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        connected_ = connect(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
    }
    ~RawClient() { close(); }
    void close() {
        if (fd_ >= 0) ::close(fd_);
        fd_ = -1;
    }
    bool connected() const { return connected_; }
    void send_raw(const std::string& s) {
        ASSERT_EQ(::send(fd_, s.data(), s.size(), MSG_NOSIGNAL), ssize_t(s.size()));
    }
    static std::string frame(const std::string& payload) {
        unsigned sum = 0;
        for (unsigned char c : payload) sum += c;
        char cs[3];
        snprintf(cs, sizeof cs, "%02x", sum & 0xff);
        return "$" + payload + "#" + cs;
    }
    // Next byte, or -1 after the timeout.
    int byte(std::chrono::milliseconds timeout = 10s) {
        pollfd p{fd_, POLLIN, 0};
        if (poll(&p, 1, static_cast<int>(timeout.count())) <= 0) return -1;
        char c;
        return recv(fd_, &c, 1, 0) == 1 ? static_cast<unsigned char>(c) : -1;
    }
    // Sends a packet, expects the `+` acknowledgement and returns the reply's payload
    // (acknowledging it); "<timeout>" if none came.
    std::string request(const std::string& payload) {
        send_raw(frame(payload));
        int ack = byte();
        if (ack != '+') return "<no ack: " + std::to_string(ack) + ">";
        return reply();
    }
    std::string reply(std::chrono::milliseconds timeout = 10s) {
        int c;
        do {
            c = byte(timeout);
            if (c < 0) return "<timeout>";
        } while (c != '$');
        std::string payload;
        while ((c = byte()) >= 0 && c != '#') payload.push_back(static_cast<char>(c));
        byte();
        byte();
        send_raw("+");
        return payload;
    }

private:
    int fd_ = -1;
    bool connected_ = false;
};

std::string gdb_batch(const std::string& elf, const std::string& script) {
    char tmpl[] = "/tmp/vp-gdb-XXXXXX.gdb";
    int fd = mkstemps(tmpl, 4);
    ::close(fd);
    std::ofstream(tmpl) << script;
    std::string out =
        run_command("timeout 120 gdb-multiarch -nx -batch -x " + std::string(tmpl) + " '" + elf + "' 2>&1");
    std::remove(tmpl);
    return out;
}

// remotetimeout: gdb's default of 2 s is shorter than `monitor checkpoint` can take on a loaded
// machine (the run to the next quantum boundary and the save happen before the reply).
std::string gdb_prologue(int port) {
    return "set pagination off\nset confirm off\nset width 0\nset remotetimeout 60\ntarget remote "
           "127.0.0.1:" +
           std::to_string(port) + "\n";
}

// gdb-multiarch is the oracle of the GdbSession tests: a real debugger drives the stub.
#define VP_REQUIRE_GDB() \
    VP_REQUIRE_ORACLE(vp::test::have_program("gdb-multiarch"), "gdb-multiarch", "gdb-multiarch")

uint64_t first_hex_after(const std::string& text, const std::string& prefix, size_t from = 0) {
    size_t i = text.find(prefix, from);
    if (i == std::string::npos) return 0;
    return std::stoull(text.substr(i + prefix.size()), nullptr, 16);
}

}  // namespace

TEST(GdbSession, TwoCoresBreakStepRegistersMemoryKill) {
    VP_REQUIRE_GDB();
    VpProcess vp({"-smp", "2", "-S", "-gdb", "tcp:127.0.0.1:0", "-kernel", kHello});
    int port = vp.gdb_port();
    ASSERT_NE(port, 0) << vp.stderr_text();
    std::string out = gdb_batch(kHello, gdb_prologue(port) +
                                            "info threads\n"
                                            "break main\n"
                                            "continue\n"
                                            "echo PC-BEFORE\\n\n"
                                            "info registers pc\n"
                                            "stepi\n"
                                            "echo PC-AFTER\\n\n"
                                            "info registers x0 pc\n"
                                            "echo MEMORY\\n\n"
                                            "x/4x main\n"
                                            "kill\n");
    // Two cores = two threads, numbered from 1.
    EXPECT_NE(out.find("  2    Thread 2"), std::string::npos) << out;
    EXPECT_NE(out.find("* 1    Thread 1"), std::string::npos) << out;
    EXPECT_NE(out.find("hit Breakpoint 1"), std::string::npos) << out;
    EXPECT_NE(out.find("in main ()"), std::string::npos) << out;
    // stepi executes exactly one instruction: PC moves by 4 (no branch right after main's prologue).
    size_t before = out.find("PC-BEFORE"), after = out.find("PC-AFTER");
    ASSERT_NE(before, std::string::npos) << out;
    ASSERT_NE(after, std::string::npos) << out;
    uint64_t pc0 = first_hex_after(out, "pc             0x", before);
    uint64_t pc1 = first_hex_after(out, "pc             0x", after);
    EXPECT_NE(pc0, 0u) << out;
    EXPECT_EQ(pc1, pc0 + 4) << out;
    EXPECT_NE(out.find("x0             0x", after), std::string::npos) << out;
    // x/4x main: four words of main's code as the ELF holds them.
    size_t mem = out.find("MEMORY");
    ASSERT_NE(mem, std::string::npos) << out;
    std::string objdump = run_command(AARCH64_OBJDUMP " -d '" + kHello + "'");
    std::smatch m;
    ASSERT_TRUE(std::regex_search(objdump, m, std::regex("<main>:\\n\\s+[0-9a-f]+:\\s+([0-9a-f]{8})")));
    EXPECT_NE(out.find("0x" + m[1].str(), mem), std::string::npos) << out;
    EXPECT_NE(out.find("killed"), std::string::npos) << out;
    EXPECT_EQ(vp.wait_exit(), 0) << vp.stderr_text();
}

TEST(GdbSession, WriteWatchpointStopsWithTheNewValue) {
    VP_REQUIRE_GDB();
    VpProcess vp({"-S", "-gdb", "tcp:127.0.0.1:0", "-kernel", kWatchElf});
    int port = vp.gdb_port();
    ASSERT_NE(port, 0) << vp.stderr_text();
    std::string out = gdb_batch(kWatchElf, gdb_prologue(port) +
                                               "watch vp_watched\n"
                                               "continue\n"
                                               "continue\n"
                                               "delete\n"
                                               "continue\n");
    // watch_target.c stores 0x11, 0x22, 0x33.
    EXPECT_NE(out.find("Hardware watchpoint 1: vp_watched"), std::string::npos) << out;
    EXPECT_NE(out.find("New value = 17"), std::string::npos) << out;
    EXPECT_NE(out.find("Old value = 17\nNew value = 34"), std::string::npos) << out;
    // With the watchpoint deleted the program runs to its end, which gdb hears about.
    EXPECT_NE(out.find("exited normally"), std::string::npos) << out;
    EXPECT_EQ(vp.wait_exit(), 0) << vp.stderr_text();
    EXPECT_EQ(vp.uart(), "watch_target done\n");
}

TEST(GdbProtocol, MalformedPacketsNeverCrash) {
    VpProcess vp({"-smp", "2", "-S", "-gdb", "tcp:127.0.0.1:0", "-kernel", kHello});
    int port = vp.gdb_port();
    ASSERT_NE(port, 0) << vp.stderr_text();
    RawClient c(port);
    ASSERT_TRUE(c.connected());
    // Bad checksum: `-`.
    c.send_raw("$qC#00");
    EXPECT_EQ(c.byte(), '-');
    // Garbage outside packets is ignored; the stub still answers afterwards.
    c.send_raw(std::string("garbage\x01\xff}}##", 12));
    EXPECT_EQ(c.request("qC"), "QC1");
    // Unknown packet: empty reply.
    EXPECT_EQ(c.request("qNoSuchPacket"), "");
    EXPECT_EQ(c.request("jXYZ"), "");
    // Bad hex arguments: E01.
    EXPECT_EQ(c.request("mzz,4"), "E01");
    EXPECT_EQ(c.request("m40080000"), "E01");
    EXPECT_EQ(c.request("pxyz"), "E01");
    EXPECT_EQ(c.request("Z0,nothex,4"), "E01");
    EXPECT_EQ(c.request("Hg99"), "E02");
    EXPECT_EQ(c.request("T3"), "E02");  // only threads 1 and 2 exist
    EXPECT_EQ(c.request("T2"), "OK");
    // An empty packet and a truncated one followed by a good one.
    EXPECT_EQ(c.request(""), "");
    c.send_raw("$m4008");
    EXPECT_EQ(c.request("?"), "T05thread:1;");
    EXPECT_TRUE(vp.running());
    // The basics still work: thread list, registers of the held core 0 (pc = reset vector 0).
    EXPECT_EQ(c.request("qfThreadInfo"), "m1,2");
    EXPECT_EQ(c.request("qsThreadInfo"), "l");
    EXPECT_EQ(c.request("p20"), "0000000000000000");  // register 32 = pc
    EXPECT_EQ(c.request("vCont?"), "vCont;c;C;s;S");
    std::string sup = c.request("qSupported:multiprocess+;swbreak+");
    EXPECT_NE(sup.find("qXfer:features:read+"), std::string::npos);
    EXPECT_NE(sup.find("PacketSize="), std::string::npos);
    c.send_raw(RawClient::frame("k"));
    EXPECT_EQ(vp.wait_exit(), 0) << vp.stderr_text();
}

// Memory through the selected core's current MMU state: tests/baremetal/mmu.c maps RAM a
// second time at 0xffff000000000000 + PA (TTBR1); `monitor phys` reads physical addresses.
TEST(GdbSession, VirtualAddressesTranslateThroughTheMmu) {
    VP_REQUIRE_GDB();
    VpProcess vp({"-smp", "1", "-S", "-gdb", "tcp:127.0.0.1:0", "-kernel", kMmuElf});
    int port = vp.gdb_port();
    ASSERT_NE(port, 0) << vp.stderr_text();
    std::string out = gdb_batch(kMmuElf, gdb_prologue(port) +
                                             "break vp_puts\n"
                                             "continue\n"
                                             "echo ALIAS\\n\n"
                                             "x/gx 0xffff000000000000 + (unsigned long)&g_shared\n"
                                             "echo LOW\\n\n"
                                             "x/gx (unsigned long)&g_shared\n"
                                             "monitor phys\n"
                                             "echo PHYS\\n\n"
                                             // gdb -batch stops at the first error: catch them.
                                             "python\n"
                                             "def show(expr):\n"
                                             "    try:\n"
                                             "        gdb.execute('x/gx ' + expr)\n"
                                             "    except gdb.error as e:\n"
                                             "        print(e)\n"
                                             "show('0xffff000000000000 + (unsigned long)&g_shared')\n"
                                             "gdb.execute('monitor virt')\n"
                                             "print('UNMAPPED')\n"
                                             "show('0xffff000100000000')\n"
                                             "end\n"
                                             "kill\n");
    size_t alias = out.find("ALIAS"), low = out.find("LOW"), phys = out.find("PHYS\n"),
           unmapped = out.find("UNMAPPED");
    ASSERT_NE(unmapped, std::string::npos) << out;
    EXPECT_NE(out.find("Breakpoint 1, "), std::string::npos) << out;
    // mmu.c's g_shared is 0x1234 until after the first vp_puts ("MMU on").
    size_t v1 = out.find("0x0000000000001234", alias);
    EXPECT_TRUE(v1 != std::string::npos && v1 < low) << out;
    size_t v2 = out.find("0x0000000000001234", low);
    EXPECT_TRUE(v2 != std::string::npos && v2 < phys) << out;
    size_t e1 = out.find("Cannot access memory at address 0xffff0000", phys);
    EXPECT_TRUE(e1 != std::string::npos && e1 < unmapped) << out;
    EXPECT_NE(out.find("Cannot access memory at address 0xffff000100000000", unmapped), std::string::npos)
        << out;
    EXPECT_EQ(vp.wait_exit(), 0) << vp.stderr_text();
}

// FP/SIMD registers of the target description (org.gnu.gdb.aarch64.fpu): written by gdb,
// read back after a step (gdb re-reads every register then).
TEST(GdbSession, SimdAndFpControlRegistersReadAndWrite) {
    VP_REQUIRE_GDB();
    VpProcess vp({"-smp", "1", "-S", "-gdb", "tcp:127.0.0.1:0", "-kernel", kHello});
    int port = vp.gdb_port();
    ASSERT_NE(port, 0) << vp.stderr_text();
    std::string out = gdb_batch(kHello, gdb_prologue(port) +
                                            "break main\n"
                                            "continue\n"
                                            "set $v1.ud[0] = 0x1122334455667788\n"
                                            "set $v1.ud[1] = 0x99aabbccddeeff00\n"
                                            "set $fpcr = 0x1000000\n"
                                            "stepi\n"
                                            "echo VREG\\n\n"
                                            "p/x $v1.ud\n"
                                            "p/x $v1.b[15]\n"
                                            "p/x $fpcr\n"
                                            "p/x $v31.ud\n"
                                            "kill\n");
    size_t at = out.find("VREG");
    ASSERT_NE(at, std::string::npos) << out;
    EXPECT_NE(out.find("{0x1122334455667788, 0x99aabbccddeeff00}", at), std::string::npos) << out;
    EXPECT_NE(out.find("= 0x99\n", at), std::string::npos) << out;
    EXPECT_NE(out.find("= 0x1000000\n", at), std::string::npos) << out;
    EXPECT_NE(out.find("{0x0, 0x0}", at), std::string::npos) << out;
    EXPECT_EQ(vp.wait_exit(), 0) << vp.stderr_text();
}

// Raw p/P/g packets for V registers (regnum 34 = v0, 128 bits little-endian), FPSR (66) with
// its writable mask, and more malformed packets.
TEST(GdbProtocol, VectorRegistersAndMalformedWrites) {
    VpProcess vp({"-S", "-gdb", "tcp:127.0.0.1:0", "-kernel", kHello});
    int port = vp.gdb_port();
    ASSERT_NE(port, 0) << vp.stderr_text();
    RawClient c(port);
    ASSERT_TRUE(c.connected());
    const std::string v0 = "00112233445566778899aabbccddeeff";
    EXPECT_EQ(c.request("P22=" + v0), "OK");
    EXPECT_EQ(c.request("p22"), v0);
    EXPECT_EQ(c.request("p41"), "00000000000000000000000000000000");  // v31
    EXPECT_EQ(c.request("P42=ffffffff"), "OK");                       // fpsr: QC + cumulative flags only
    EXPECT_EQ(c.request("p42"), "9f000008");
    std::string g = c.request("g");
    EXPECT_NE(g.find(v0), std::string::npos);
    // Wrong sizes and bad hex: E01.
    EXPECT_EQ(c.request("P22=0011"), "E01");
    EXPECT_EQ(c.request("P22=" + std::string(32, 'z')), "E01");
    EXPECT_EQ(c.request("P1000=00"), "E01");
    EXPECT_EQ(c.request("G0"), "E01");
    EXPECT_EQ(c.request("M40000000,4:zz"), "E01");
    EXPECT_EQ(c.request("M40000000,4:00"), "E01");
    EXPECT_EQ(c.request("qXfer:features:read:target.xml:zz,10"), "E01");
    EXPECT_EQ(c.request("vCont;q"), "E01");
    EXPECT_EQ(c.request("Z2,40000000,0"), "E01");
    EXPECT_EQ(c.request("qRcmd,zz"), "E01");
    EXPECT_TRUE(vp.running());
    c.send_raw(RawClient::frame("k"));
    EXPECT_EQ(vp.wait_exit(), 0) << vp.stderr_text();
}

TEST(GdbProtocol, WatchpointStopReplyNamesTheAddress) {
    VpProcess vp({"-S", "-gdb", "tcp:127.0.0.1:0", "-kernel", kWatchElf});
    int port = vp.gdb_port();
    ASSERT_NE(port, 0) << vp.stderr_text();
    std::string nm = run_command(AARCH64_OBJDUMP " -t '" + kWatchElf + "'");
    std::smatch m;
    ASSERT_TRUE(std::regex_search(nm, m, std::regex("([0-9a-f]{16}) .*vp_watched\\n")));
    uint64_t addr = std::stoull(m[1], nullptr, 16);
    RawClient c(port);
    ASSERT_TRUE(c.connected());
    char pkt[64];
    snprintf(pkt, sizeof pkt, "Z2,%llx,8", static_cast<unsigned long long>(addr));
    EXPECT_EQ(c.request(pkt), "OK");
    char expect[64];
    snprintf(expect, sizeof expect, "T05watch:%llx;thread:1;", static_cast<unsigned long long>(addr));
    // Every store to vp_watched stops with its address, after the store completed: the runtime
    // clearing .bss (zero), then main's first store (0x11).
    snprintf(pkt, sizeof pkt, "m%llx,8", static_cast<unsigned long long>(addr));
    std::string value;
    for (int hits = 0; hits < 4 && value != "1100000000000000"; ++hits) {
        ASSERT_EQ(c.request("vCont;c"), expect);
        value = c.request(pkt);
        EXPECT_TRUE(value == "0000000000000000" || value == "1100000000000000") << value;
    }
    EXPECT_EQ(value, "1100000000000000");
    snprintf(pkt, sizeof pkt, "z2,%llx,8", static_cast<unsigned long long>(addr));
    EXPECT_EQ(c.request(pkt), "OK");

    // A breakpoint, then a single step that moves exactly one instruction: vp_puts starts with
    // a load (checked in the disassembly), so the step lands 4 bytes further.
    std::string dis = run_command(AARCH64_OBJDUMP " -d '" + kWatchElf + "'");
    ASSERT_TRUE(std::regex_search(
        dis, m, std::regex("([0-9a-f]+) <vp_puts>:\\n\\s+[0-9a-f]+:\\s+[0-9a-f]{8}\\s+(\\S+)")))
        << dis;
    ASSERT_EQ(m[2].str().substr(0, 2), "ld") << dis;
    uint64_t puts_addr = std::stoull(m[1], nullptr, 16);
    auto le = [](const std::string& h) {
        uint64_t v = 0;
        for (int i = 7; i >= 0; --i) v = v << 8 | std::stoul(h.substr(2 * i, 2), nullptr, 16);
        return v;
    };
    snprintf(pkt, sizeof pkt, "Z0,%llx,4", static_cast<unsigned long long>(puts_addr));
    EXPECT_EQ(c.request(pkt), "OK");
    EXPECT_EQ(c.request("vCont;c"), "T05thread:1;");
    std::string pc0 = c.request("p20");
    ASSERT_EQ(pc0.size(), 16u) << pc0;
    EXPECT_EQ(le(pc0), puts_addr);
    snprintf(pkt, sizeof pkt, "z0,%llx,4", static_cast<unsigned long long>(puts_addr));
    EXPECT_EQ(c.request(pkt), "OK");
    EXPECT_EQ(c.request("vCont;s:1"), "T05thread:1;");
    std::string pc1 = c.request("p20");
    ASSERT_EQ(pc1.size(), 16u) << pc1;
    EXPECT_EQ(le(pc1), puts_addr + 4);
    // Detach: the machine runs on to the end of the program.
    EXPECT_EQ(c.request("D"), "OK");
    c.close();
    EXPECT_EQ(vp.wait_exit(), 0) << vp.stderr_text();
    EXPECT_EQ(vp.uart(), "watch_target done\n");
}

TEST(GdbProtocol, DisconnectResumesTheCores) {
    VpProcess vp({"-S", "-gdb", "tcp:127.0.0.1:0", "-kernel", kHello});
    int port = vp.gdb_port();
    ASSERT_NE(port, 0) << vp.stderr_text();
    {
        RawClient c(port);
        ASSERT_TRUE(c.connected());
        EXPECT_EQ(c.request("?"), "T05thread:1;");
        EXPECT_EQ(c.request("Z0,40080000,4"), "OK");  // left behind by the vanished debugger
    }
    EXPECT_EQ(vp.wait_exit(), 0) << vp.stderr_text();
    EXPECT_EQ(vp.uart(), "hello from the guest\n");
}

TEST(Stats, InstructionCountOfAKnownProgram) {
    // Count from the disassembly: count_loop.S runs the instructions of _start once, except the
    // subs/b.ne loop body (50000 times) and the final `b` (never: WFI ends the run).
    std::string dis = run_command(AARCH64_OBJDUMP " -d '" + kCountElf + "'");
    std::regex insn("\\n\\s+[0-9a-f]+:\\s+[0-9a-f]{8}\\s+(\\S+)");
    std::vector<std::string> ops;
    for (auto it = std::sregex_iterator(dis.begin(), dis.end(), insn); it != std::sregex_iterator(); ++it)
        ops.push_back((*it)[1]);
    ASSERT_EQ(ops.size(), 9u) << dis;
    ASSERT_EQ(ops[1], "subs");
    ASSERT_EQ(ops[2], "b.ne");
    ASSERT_EQ(ops[7], "wfi");
    ASSERT_NE(dis.find("#50000"), std::string::npos) << dis;
    const uint64_t program = 1 + 2 * 50000 + 5;  // mov; loop; movz movk mov hvc wfi
    const uint64_t boot_stub =
        9;  // ldr, mov, str (console UART on), ldr, mov, mov, mov, ldr, br (platform/boot)

    std::string json = testing::TempDir() + "/count_stats.json";
    auto r = vp::test::run_vp({"-smp", "1", "-kernel", kCountElf, "--stats", json});
    ASSERT_EQ(r.exit_status, 0) << r.stderr_text;
    std::string text = slurp(json);
    std::smatch m;
    ASSERT_TRUE(std::regex_search(text, m, std::regex("\"instructions\": ([0-9]+)"))) << text;
    EXPECT_EQ(std::stoull(m[1]), program + boot_stub) << text;
    // One core at 1 GHz: instructions x 1 ns of simulated time.
    ASSERT_TRUE(std::regex_search(text, m, std::regex("\"simulated_seconds\": ([0-9.]+)"))) << text;
    // Including the run-ahead of the core inside its quantum (it ends the run before it
    // synchronises): exactly the instructions' time, one 1 ns clock period each.
    EXPECT_NEAR(std::stod(m[1]), (program + boot_stub) * 1e-9, 1e-9) << text;
    EXPECT_NE(text.find("\"devices\": ["), std::string::npos) << text;
    EXPECT_NE(text.find("\"name\": \"ram.mem\""), std::string::npos) << text;
    EXPECT_NE(text.find("\"sleep_share\""), std::string::npos) << text;
    EXPECT_NE(text.find("\"tb_count\""), std::string::npos) << text;
    std::remove(json.c_str());
}

TEST(Stats, DashPrintsTheSummaryWithDeviceCounts) {
    auto r = vp::test::run_vp({"-kernel", kHello, "--stats", "-"});
    ASSERT_EQ(r.exit_status, 0) << r.stderr_text;
    EXPECT_NE(r.stderr_text.find("vp statistics:"), std::string::npos) << r.stderr_text;
    EXPECT_NE(r.stderr_text.find("  cpu0: "), std::string::npos) << r.stderr_text;
    // hello.c writes "hello from the guest\n" (21 characters) to the PL011: at least one data
    // register write per character goes through the router.
    std::smatch m;
    ASSERT_TRUE(std::regex_search(r.stderr_text, m, std::regex("uart0\\.regs: ([0-9]+) transactions")))
        << r.stderr_text;
    EXPECT_GE(std::stoull(m[1]), 21u);
}

TEST(RunControl, WallClockTimeoutExitsWithStatus3) {
    auto start = std::chrono::steady_clock::now();
    auto r = vp::test::run_vp({"-kernel", kSpinElf, "--timeout", "wall:1s"}, 30);
    double took = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    EXPECT_EQ(r.exit_status, 3) << r.stderr_text;
    EXPECT_NE(r.stderr_text.find("wall-clock"), std::string::npos) << r.stderr_text;
    EXPECT_GE(took, 1.0);
    EXPECT_LT(took, 10.0);
}

// --progress on a terminal (script(1) gives vp one): one line rewritten in place every 0.5 s.
TEST(RunControl, ProgressRewritesOneLineOnATerminal) {
    VP_REQUIRE_ORACLE(vp::test::have_program("script"), "script(1)", "bsdutils");
    std::string out = run_command("script -qfc \"" VP_BINARY " -kernel " + kSpinElf +
                                  " --progress --timeout wall:1.3s -serial null\" /dev/null </dev/null");
    std::regex line(
        "\\rvp: [0-9]+\\.[0-9]{6} s simulated, [0-9.]+ s wall, [0-9]+ instructions, [0-9.]+ MIPS\\x1b\\[K");
    auto n = std::distance(std::sregex_iterator(out.begin(), out.end(), line), std::sregex_iterator());
    EXPECT_GE(n, 2) << out;
    EXPECT_NE(out.find("timeout: 1.3s of wall-clock time reached"), std::string::npos) << out;
}

TEST(RunControl, Sigusr1PrintsASummaryAndTheRunGoesOn) {
    VpProcess vp({"-kernel", kSpinElf, "--timeout", "wall:4s"});
    std::this_thread::sleep_for(1s);
    vp.signal(SIGUSR1);
    std::string text;
    for (int i = 0; i < 100 && text.find("vp statistics:") == std::string::npos; ++i) {
        std::this_thread::sleep_for(20ms);
        text = vp.stderr_text();
    }
    EXPECT_NE(text.find("vp statistics:"), std::string::npos) << text;
    EXPECT_TRUE(vp.running());
    EXPECT_EQ(vp.wait_exit(), 3) << vp.stderr_text();
}

TEST(RunControl, RealtimeKeepsSimulatedTimeBehindWallTime) {
    // Without a kernel the cores stay off and nothing is scheduled: as fast as possible, 300 ms
    // of simulated time pass at once; with --realtime they take 300 ms of wall time.
    auto timed = [](std::vector<std::string> args) {
        auto start = std::chrono::steady_clock::now();
        auto r = vp::test::run_vp(args, 30);
        EXPECT_EQ(r.exit_status, 3) << r.stderr_text;
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    };
    EXPECT_GE(timed({"--timeout", "300ms", "--realtime"}), 0.29);
    EXPECT_LT(timed({"--timeout", "300ms"}), 0.29);
    // A guest that powers off ends a realtime run as usual.
    auto r = vp::test::run_vp({"-kernel", kHello, "--realtime"}, 30);
    EXPECT_EQ(r.exit_status, 0) << r.stderr_text;
    EXPECT_EQ(r.uart, "hello from the guest\n");
}

TEST(GdbProtocol, CtrlCInterruptsARunningMachine) {
    // Without -S the machine runs; a connecting debugger stops it (it expects a stopped target).
    VpProcess vp({"-gdb", "tcp:127.0.0.1:0", "-kernel", kSpinElf, "--timeout", "wall:60s"});
    int port = vp.gdb_port();
    ASSERT_NE(port, 0) << vp.stderr_text();
    RawClient c(port);
    ASSERT_TRUE(c.connected());
    EXPECT_EQ(c.request("?"), "T05thread:1;");
    c.send_raw(RawClient::frame("vCont;c"));
    EXPECT_EQ(c.byte(), '+');
    std::this_thread::sleep_for(200ms);
    c.send_raw("\x03");
    EXPECT_EQ(c.reply(), "T02thread:1;");
    // Halted: the guest's PC is inside spin's loop in RAM.
    std::string pc = c.request("p20");
    ASSERT_EQ(pc.size(), 16u);
    EXPECT_EQ(pc.substr(8), "00000000");
    EXPECT_EQ(pc.substr(6, 2), "40");
    c.send_raw(RawClient::frame("k"));
    EXPECT_EQ(vp.wait_exit(), 0) << vp.stderr_text();
}

namespace {

std::string to_hex(const std::string& s) {
    std::string out;
    static const char digits[] = "0123456789abcdef";
    for (unsigned char c : s) {
        out += digits[c >> 4];
        out += digits[c & 15];
    }
    return out;
}

}  // namespace

// `monitor checkpoint FILE` on a machine held by gdb (-S): the machine runs on to the next
// quantum boundary, saves there and is halted again before gdb gets OK; the file, restored
// without gdb, ends like the gdb session's run and like the run without gdb.
TEST(GdbSession, MonitorCheckpointSavesAndTheFileRestores) {
    VP_REQUIRE_GDB();
    const std::string file = testing::TempDir() + "/gdb_ckpt.vpck";
    const std::string whole = testing::TempDir() + "/gdb_ckpt_whole.json";
    const std::string session = testing::TempDir() + "/gdb_ckpt_session.json";
    const std::string rest = testing::TempDir() + "/gdb_ckpt_rest.json";
    std::remove(file.c_str());
    ASSERT_EQ(vp::test::run_vp({"-smp", "1", "-kernel", kCountElf, "--stats", whole}).exit_status, 0);

    VpProcess vp({"-smp", "1", "-S", "-gdb", "tcp:127.0.0.1:0", "-kernel", kCountElf, "--stats", session});
    int port = vp.gdb_port();
    ASSERT_NE(port, 0) << vp.stderr_text();
    std::string out = gdb_batch(kCountElf, gdb_prologue(port) + "monitor checkpoint " + file +
                                               "\n"
                                               "echo HALTED\\n\n"
                                               "info registers pc\n"
                                               "continue\n");
    EXPECT_NE(out.find("checkpoint saved to " + file + " at 10 us"), std::string::npos) << out;
    size_t halted = out.find("HALTED");
    ASSERT_NE(halted, std::string::npos) << out;
    EXPECT_NE(out.find("pc             0x", halted), std::string::npos) << out;
    EXPECT_EQ(vp.wait_exit(), 0) << vp.stderr_text();

    auto r = vp::test::run_vp({"-smp", "1", "-kernel", kCountElf, "--restore", file, "--stats", rest});
    ASSERT_EQ(r.exit_status, 0) << r.stderr_text;
    using vp::test::end_state;
    EXPECT_FALSE(end_state(whole).empty());
    EXPECT_EQ(end_state(rest), end_state(session));
    EXPECT_EQ(end_state(rest), end_state(whole));
}

// A breakpoint inserted while gdb waits for `monitor checkpoint` (always-inserted, on the loop the
// core runs through the whole quantum) does not stop the run to the boundary: gdb gets the reply,
// not a stop, and the file restores like the run without gdb.
TEST(GdbSession, MonitorCheckpointRunsPastInsertedBreakpoints) {
    VP_REQUIRE_GDB();
    const std::string file = testing::TempDir() + "/gdb_ckpt_bp.vpck";
    const std::string whole = testing::TempDir() + "/gdb_ckpt_bp_whole.json";
    const std::string rest = testing::TempDir() + "/gdb_ckpt_bp_rest.json";
    std::remove(file.c_str());
    ASSERT_EQ(vp::test::run_vp({"-smp", "1", "-kernel", kCountElf, "--stats", whole}).exit_status, 0);
    VpProcess vp({"-smp", "1", "-S", "-gdb", "tcp:127.0.0.1:0", "-kernel", kCountElf});
    int port = vp.gdb_port();
    ASSERT_NE(port, 0) << vp.stderr_text();
    std::string out = gdb_batch(kCountElf, gdb_prologue(port) +
                                               "set breakpoint always-inserted on\n"
                                               "break *(_start+4)\n"
                                               "monitor checkpoint " +
                                               file +
                                               "\n"
                                               "echo AFTER\\n\n"
                                               "kill\n");
    EXPECT_NE(out.find("checkpoint saved to " + file + " at 10 us"), std::string::npos) << out;
    EXPECT_NE(out.find("AFTER"), std::string::npos) << out;
    EXPECT_EQ(vp.wait_exit(), 0) << vp.stderr_text();
    auto r = vp::test::run_vp({"-smp", "1", "-kernel", kCountElf, "--restore", file, "--stats", rest});
    ASSERT_EQ(r.exit_status, 0) << r.stderr_text;
    EXPECT_EQ(vp::test::end_state(rest), vp::test::end_state(whole));
}

TEST(GdbProtocol, MonitorCheckpointFailureAnswersTheErrorAndStaysHalted) {
    VpProcess vp({"-smp", "1", "-S", "-gdb", "tcp:127.0.0.1:0", "-kernel", kCountElf});
    int port = vp.gdb_port();
    ASSERT_NE(port, 0) << vp.stderr_text();
    RawClient c(port);
    ASSERT_TRUE(c.connected());
    EXPECT_EQ(c.request("?"), "T05thread:1;");
    // No file: the usage, then an error reply.
    EXPECT_EQ(c.request("qRcmd," + to_hex("checkpoint")), "O" + to_hex("usage: monitor checkpoint FILE\n"));
    EXPECT_EQ(c.reply(), "E01");
    // A file that cannot be written: its path in the text, an error reply, the machine halted.
    const std::string bad = "/nonexistent-dir/x.vpck";
    std::string text = c.request("qRcmd," + to_hex("checkpoint " + bad));
    ASSERT_EQ(text.substr(0, 1), "O") << text;
    EXPECT_NE(text.find(to_hex(bad)), std::string::npos) << text;
    EXPECT_EQ(c.reply(), "E01");
    EXPECT_EQ(c.request("?"), "T05thread:1;");
    EXPECT_EQ(c.request("p20").size(), 16u);
    c.send_raw(RawClient::frame("k"));
    EXPECT_EQ(vp.wait_exit(), 0) << vp.stderr_text();
}
