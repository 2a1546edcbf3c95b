#include "platform/debug/gdb_stub.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <iostream>

#include "core/error.h"
#include "platform/platform.h"
#include "platform/simulation.h"

namespace vp {

namespace {

using iss::SysReg;

// Register numbers of the target description below; `g` sends them all in this order.
constexpr unsigned kRegSp = 31, kRegPc = 32, kRegCpsr = 33, kRegV0 = 34, kRegFpsr = 66, kRegFpcr = 67,
                   kRegSys0 = 68;

struct SysRegEntry {
    const char* gdb_name;
    SysReg reg;
};
// The system-register feature: the registers one looks at first when a guest misbehaves.
constexpr SysRegEntry kSysRegs[] = {
    {"sctlr_el1", SysReg::SCTLR_EL1}, {"vbar_el1", SysReg::VBAR_EL1},   {"esr_el1", SysReg::ESR_EL1},
    {"far_el1", SysReg::FAR_EL1},     {"elr_el1", SysReg::ELR_EL1},     {"spsr_el1", SysReg::SPSR_EL1},
    {"ttbr0_el1", SysReg::TTBR0_EL1}, {"ttbr1_el1", SysReg::TTBR1_EL1}, {"tcr_el1", SysReg::TCR_EL1},
    {"mair_el1", SysReg::MAIR_EL1},   {"sp_el0", SysReg::SP_EL0},       {"tpidr_el1", SysReg::TPIDR_EL1},
    {"mpidr_el1", SysReg::MPIDR_EL1},
};
constexpr unsigned kNumRegs = kRegSys0 + std::size(kSysRegs);

unsigned reg_bytes(unsigned r) {
    if (r == kRegCpsr || r == kRegFpsr || r == kRegFpcr) return 4;
    if (r >= kRegV0 && r < kRegV0 + 32) return 16;
    return 8;
}

std::string target_xml() {
    std::string x =
        "<?xml version=\"1.0\"?>\n<!DOCTYPE target SYSTEM \"gdb-target.dtd\">\n<target>\n"
        "<architecture>aarch64</architecture>\n<feature name=\"org.gnu.gdb.aarch64.core\">\n";
    for (unsigned i = 0; i < 31; ++i)
        x += fmt::format("<reg name=\"x{}\" bitsize=\"64\" type=\"int\" regnum=\"{}\"/>\n", i, i);
    x += fmt::format("<reg name=\"sp\" bitsize=\"64\" type=\"data_ptr\" regnum=\"{}\"/>\n", kRegSp);
    x += fmt::format("<reg name=\"pc\" bitsize=\"64\" type=\"code_ptr\" regnum=\"{}\"/>\n", kRegPc);
    x += fmt::format("<reg name=\"cpsr\" bitsize=\"32\" type=\"uint32\" regnum=\"{}\"/>\n", kRegCpsr);
    x += "</feature>\n<feature name=\"org.gnu.gdb.aarch64.fpu\">\n"
         "<vector id=\"vp_v2d\" type=\"ieee_double\" count=\"2\"/>\n"
         "<vector id=\"vp_v2u\" type=\"uint64\" count=\"2\"/>\n"
         "<vector id=\"vp_v4f\" type=\"ieee_single\" count=\"4\"/>\n"
         "<vector id=\"vp_v4u\" type=\"uint32\" count=\"4\"/>\n"
         "<vector id=\"vp_v16u\" type=\"uint8\" count=\"16\"/>\n"
         "<union id=\"vp_vreg\">\n<field name=\"d\" type=\"vp_v2d\"/>\n<field name=\"ud\" type=\"vp_v2u\"/>\n"
         "<field name=\"s\" type=\"vp_v4f\"/>\n<field name=\"us\" type=\"vp_v4u\"/>\n"
         "<field name=\"b\" type=\"vp_v16u\"/>\n<field name=\"q\" type=\"uint128\"/>\n</union>\n";
    for (unsigned i = 0; i < 32; ++i)
        x += fmt::format("<reg name=\"v{}\" bitsize=\"128\" type=\"vp_vreg\" regnum=\"{}\"/>\n", i,
                         kRegV0 + i);
    x += fmt::format("<reg name=\"fpsr\" bitsize=\"32\" type=\"uint32\" regnum=\"{}\"/>\n", kRegFpsr);
    x += fmt::format("<reg name=\"fpcr\" bitsize=\"32\" type=\"uint32\" regnum=\"{}\"/>\n", kRegFpcr);
    x += "</feature>\n<feature name=\"org.vp.aarch64.sysregs\">\n";
    for (unsigned i = 0; i < std::size(kSysRegs); ++i)
        x += fmt::format("<reg name=\"{}\" bitsize=\"64\" type=\"uint64\" group=\"system\" regnum=\"{}\"/>\n",
                         kSysRegs[i].gdb_name, kRegSys0 + i);
    x += "</feature>\n</target>\n";
    return x;
}

// Splits "a,b" / "a:b" at the first `sep`.
bool split(std::string_view s, char sep, std::string_view& a, std::string_view& b) {
    size_t i = s.find(sep);
    if (i == std::string_view::npos) return false;
    a = s.substr(0, i);
    b = s.substr(i + 1);
    return true;
}

const std::string kErrBadArgs = "E01";    // malformed packet arguments
const std::string kErrMemory = "E14";     // memory not accessible (EFAULT)
const std::string kErrBadThread = "E02";  // no such thread

}  // namespace

GdbStubConfig parse_gdb_spec(const std::string& spec) {
    GdbStubConfig cfg;
    std::string s = spec;
    if (s.rfind("tcp:", 0) == 0) s = s.substr(4);
    std::string host, port = s;
    if (size_t colon = s.rfind(':'); colon != std::string::npos) {
        host = s.substr(0, colon);
        port = s.substr(colon + 1);
    }
    if (!host.empty()) cfg.host = host;
    char* end = nullptr;
    unsigned long p = std::strtoul(port.c_str(), &end, 10);
    if (port.empty() || *end || p > 65535)
        throw Error("-gdb: expected tcp:HOST:PORT or tcp::PORT, got '" + spec + "'");
    cfg.port = static_cast<uint16_t>(p);
    return cfg;
}

GdbStub::GdbStub(const sc_core::sc_module_name& name, Platform& platform, GdbStubConfig cfg)
    : sc_core::sc_module(name),
      platform_(platform),
      cfg_(std::move(cfg)),
      host_([this] { wake_ev_.notify(sc_core::SC_ZERO_TIME); }) {
    for (const auto& c : platform_.cpus()) cpus_.push_back(c.get());
    if (cpus_.empty()) throw Error("gdb: the machine has no CPU to debug");
    action_.assign(cpus_.size(), Action::cont);
    halted_ = cfg_.wait_for_gdb;
    if (halted_) {
        action_.assign(cpus_.size(), Action::none);
        last_stop_ = StopInfo{};
    }

    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
    addrinfo* res = nullptr;
    std::string port_str = std::to_string(cfg_.port);
    if (int rc = getaddrinfo(cfg_.host.c_str(), port_str.c_str(), &hints, &res); rc != 0)
        throw Error(fmt::format("gdb: cannot resolve '{}': {}", cfg_.host, gai_strerror(rc)));
    std::string last_error = "no address";
    for (addrinfo* ai = res; ai && listen_fd_ < 0; ai = ai->ai_next) {
        int fd = ::socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol);
        if (fd < 0) continue;
        int one = 1;
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        if (::bind(fd, ai->ai_addr, ai->ai_addrlen) == 0 && ::listen(fd, 1) == 0) {
            listen_fd_ = fd;
            sockaddr_storage ss{};
            socklen_t len = sizeof ss;
            getsockname(fd, reinterpret_cast<sockaddr*>(&ss), &len);
            port_ = ntohs(ss.ss_family == AF_INET6 ? reinterpret_cast<sockaddr_in6*>(&ss)->sin6_port
                                                   : reinterpret_cast<sockaddr_in*>(&ss)->sin_port);
        } else {
            last_error = std::strerror(errno);
            ::close(fd);
        }
    }
    freeaddrinfo(res);
    if (listen_fd_ < 0)
        throw Error(fmt::format("gdb: cannot listen on {}:{}: {}", cfg_.host, cfg_.port, last_error));
    if (::pipe2(wake_pipe_, O_CLOEXEC) != 0) throw Error("gdb: pipe: " + std::string(std::strerror(errno)));

    for (CpuModule* c : cpus_) c->set_debugger(this);
    std::cerr << fmt::format("vp: gdb: listening on {}:{}{}\n", cfg_.host, port_,
                             cfg_.wait_for_gdb ? " (cores held until gdb continues)" : "");
    SC_HAS_PROCESS(GdbStub);
    SC_THREAD(server_thread);
    io_thread_ = std::thread([this] { io_loop(); });
}

GdbStub::~GdbStub() {
    if (wake_pipe_[1] >= 0) {
        char c = 0;
        [[maybe_unused]] ssize_t n = ::write(wake_pipe_[1], &c, 1);
    }
    if (io_thread_.joinable()) io_thread_.join();
    for (CpuModule* c : cpus_) c->set_debugger(nullptr);
    {
        std::lock_guard lock(send_mutex_);
        if (client_fd_ >= 0) ::close(client_fd_);
        client_fd_ = -1;
    }
    if (listen_fd_ >= 0) ::close(listen_fd_);
    for (int fd : wake_pipe_)
        if (fd >= 0) ::close(fd);
}

// ---------------------------------------------------------------- host thread

void GdbStub::push(Event e) {
    {
        std::lock_guard lock(mutex_);
        queue_.push_back(std::move(e));
    }
    host_.signal();  // also wakes serve_halted()'s wait
}

void GdbStub::send_raw(const std::string& bytes, bool may_wait) {
    size_t done = 0;
    while (done < bytes.size()) {
        int fd;
        ssize_t n;
        {
            std::lock_guard lock(send_mutex_);
            fd = client_fd_;
            if (fd < 0) return;
            n = ::send(fd, bytes.data() + done, bytes.size() - done, MSG_NOSIGNAL | MSG_DONTWAIT);
        }
        if (n > 0) {
            done += static_cast<size_t>(n);
            continue;
        }
        if (n < 0 && errno == EINTR) continue;
        // A full socket: the simulation waits for room (or the end of the run); the I/O thread's
        // acknowledgements are dropped (gdb asks again).
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) && may_wait &&
            HostEvents::get().wait_fd(fd, POLLOUT))
            continue;
        return;  // the reader notices a broken connection
    }
}

void GdbStub::io_loop() {
    gdb::PacketDecoder decoder;
    int client = -1;  // this thread's copy; client_fd_ is the senders' copy
    for (;;) {
        pollfd fds[3] = {{wake_pipe_[0], POLLIN, 0}, {listen_fd_, POLLIN, 0}, {client, POLLIN, 0}};
        int n = ::poll(fds, client >= 0 ? 3 : 2, -1);
        if (n < 0) {
            if (errno == EINTR) continue;
            return;
        }
        if (fds[0].revents) return;  // shutting down
        if (fds[1].revents & POLLIN) {
            int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
            if (fd >= 0 && client >= 0) {
                ::close(fd);  // one debugger at a time
            } else if (fd >= 0) {
                int one = 1;
                setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
                client = fd;
                decoder = gdb::PacketDecoder{};
                {
                    std::lock_guard lock(send_mutex_);
                    client_fd_ = fd;
                    last_sent_.clear();
                }
                push({Event::connect, {}});
            }
        }
        if (client >= 0 && (fds[2].revents & (POLLIN | POLLHUP | POLLERR))) {
            char buf[4096];
            ssize_t got = ::recv(client, buf, sizeof buf, 0);
            if (got < 0 && errno == EINTR) continue;
            if (got <= 0) {
                {
                    std::lock_guard lock(send_mutex_);
                    client_fd_ = -1;
                }
                ::close(client);
                client = -1;
                push({Event::disconnect, {}});
                continue;
            }
            for (ssize_t i = 0; i < got; ++i) {
                auto r = decoder.feed(buf[i]);
                if (!r) continue;
                switch (r->kind) {
                    case gdb::Received::packet:
                        send_raw("+", false);
                        push({Event::packet, std::move(r->payload)});
                        break;
                    case gdb::Received::bad_checksum: send_raw("-", false); break;
                    case gdb::Received::interrupt: push({Event::interrupt, {}}); break;
                    case gdb::Received::nak: {
                        std::string again;
                        {
                            std::lock_guard lock(send_mutex_);
                            again = last_sent_;
                        }
                        if (!again.empty()) send_raw(again, false);
                        break;
                    }
                    case gdb::Received::ack: break;
                }
            }
        }
    }
}

// ---------------------------------------------------------------- simulation side

void GdbStub::send(std::string_view payload) {
    std::string pkt = gdb::encode_packet(payload);
    {
        std::lock_guard lock(send_mutex_);
        last_sent_ = pkt;
    }
    send_raw(pkt, true);
}

void GdbStub::server_thread() {
    wait(sc_core::SC_ZERO_TIME);  // the cores load their reset state first
    for (;;) {
        if (killed_ || run_over_) return;
        if (stop_pending_) {
            stop_pending_ = false;
            send(stop_reply(last_stop_));
        }
        if (halted_) {
            serve_halted();
            continue;
        }
        bool queued;
        {
            std::lock_guard lock(mutex_);
            queued = !queue_.empty();
        }
        if (!queued) wait(wake_ev_);
        for (;;) {
            std::optional<Event> e;
            {
                std::lock_guard lock(mutex_);
                if (!queue_.empty()) {
                    e = std::move(queue_.front());
                    queue_.pop_front();
                }
            }
            if (!e) break;
            handle(std::move(*e));
            if (halted_ || killed_) break;
        }
    }
}

// Halted: take packets with a blocking wait. This suspends the whole SystemC kernel on purpose
// (simulated time stands still while gdb inspects the machine); see the header.
void GdbStub::serve_halted() {
    while (halted_ && !killed_) {
        if (stop_pending_) return;  // a stop to report (step of a core that cannot run)
        bool queued = HostEvents::get().wait_until([&] {
            std::lock_guard lock(mutex_);
            return !queue_.empty();
        });
        if (!queued) {  // the run was asked to end (wall-clock limit, Ctrl-A x): it has stopped
            run_over_ = true;
            return;
        }
        Event e;
        {
            std::lock_guard lock(mutex_);
            e = std::move(queue_.front());
            queue_.pop_front();
        }
        handle(std::move(e));
    }
}

void GdbStub::handle(Event e) {
    switch (e.kind) {
        case Event::connect:
            connected_ = true;
            host_.keep_alive(true);
            // gdb expects a stopped target when it attaches; it asks why with `?`.
            if (!halted_) halt(g_thread_, 5);
            stop_pending_ = false;
            break;
        case Event::disconnect:
            connected_ = false;
            host_.keep_alive(false);
            detach_all();
            break;
        case Event::interrupt:
            if (!halted_) {
                halt(g_thread_, 2);
                stop_pending_ = false;
                send(stop_reply(last_stop_));
            }
            break;
        case Event::packet: handle_packet(e.payload); break;
    }
}

void GdbStub::halt(unsigned core, int signal) {
    halted_ = true;
    last_stop_ = StopInfo{};
    last_stop_.core = core;
    last_stop_.signal = signal;
    stop_pending_ = true;
    std::fill(action_.begin(), action_.end(), Action::none);
}

// Called by a core from its own SC_THREAD (or by the stub for a core that cannot step).
void GdbStub::stopped(unsigned core, Stop why, uint64_t addr) {
    if (halted_) return;  // another core stopped first; this one simply holds
    halt(core, 5);
    last_stop_.breakpoint = why == Stop::breakpoint;
    if (why == Stop::watch_write || why == Stop::watch_read || why == Stop::watch_access)
        last_stop_.watch = WatchHit{why, addr};
    g_thread_ = c_thread_ = core;
    wake_ev_.notify();  // the server thread runs next, in this same evaluation phase
}

std::string GdbStub::stop_reply(const StopInfo& s) const {
    std::string r = fmt::format("T{:02x}", s.signal);
    if (s.watch) {
        const char* kind = s.watch->kind == Stop::watch_write  ? "watch"
                           : s.watch->kind == Stop::watch_read ? "rwatch"
                                                               : "awatch";
        r += fmt::format("{}:{:x};", kind, s.watch->addr);
    }
    r += fmt::format("thread:{:x};", s.core + 1);
    return r;
}

void GdbStub::resume(const std::vector<Action>& actions) {
    // The core that reported a breakpoint executes that instruction first (gdb normally steps
    // over its breakpoints itself; this covers a breakpoint left inserted).
    if (last_stop_.breakpoint) {
        cpus_[last_stop_.core]->skip_breakpoint_once();
        last_stop_.breakpoint = false;
    }
    action_ = actions;
    halted_ = false;
    stop_pending_ = false;
    resume_ev_.notify(sc_core::SC_ZERO_TIME);
    // A powered-off core cannot execute the requested step: report it stopped where it is.
    for (unsigned i = 0; i < cpus_.size(); ++i)
        if (action_[i] == Action::step && !cpus_[i]->powered() && !cpus_[i]->power_pending()) {
            stopped(i, Stop::step, cpus_[i]->core().pc);
            break;
        }
}

void GdbStub::detach_all() {
    bps_.clear();
    wps_.clear();
    refresh_watch_pages();
    phys_mode_ = false;
    if (halted_) resume(std::vector<Action>(cpus_.size(), Action::cont));
}

void GdbStub::end_of_simulation() {
    // Tell a connected debugger that the program ended (unless it asked for the end itself).
    if (!killed_) send(fmt::format("W{:02x}", static_cast<unsigned>(sim::exit_status()) & 0xff));
}

std::optional<unsigned> GdbStub::parse_thread(std::string_view s, bool& all) const {
    all = false;
    if (s == "-1") {
        all = true;
        return 0u;
    }
    if (s.starts_with("p")) {  // p<pid>.<tid> (multiprocess syntax): take the thread part
        size_t dot = s.find('.');
        if (dot == std::string_view::npos) return std::nullopt;
        s = s.substr(dot + 1);
        if (s == "-1") {
            all = true;
            return 0u;
        }
    }
    auto v = gdb::parse_hex(s);
    if (!v) return std::nullopt;
    if (*v == 0) {  // "any thread"
        all = true;
        return 0u;
    }
    if (*v > cpus_.size()) return std::nullopt;
    return static_cast<unsigned>(*v - 1);
}

void GdbStub::handle_packet(const std::string& packet) {
    std::string_view p = packet;
    if (p.empty()) {
        send("");
        return;
    }
    const char cmd = p[0];
    std::string_view args = p.substr(1);
    switch (cmd) {
        case '?': send(stop_reply(last_stop_)); return;
        case 'g': send(read_all_registers(g_thread_)); return;
        case 'G': send(write_all_registers(g_thread_, args)); return;
        case 'p': {
            auto r = gdb::parse_hex(args);
            if (!r) return send(kErrBadArgs);
            auto v = *r < kNumRegs ? read_register(g_thread_, static_cast<unsigned>(*r)) : std::nullopt;
            return send(v ? *v : kErrBadArgs);
        }
        case 'P': {
            std::string_view reg, val;
            auto r = split(args, '=', reg, val) ? gdb::parse_hex(reg) : std::nullopt;
            if (!r || *r >= kNumRegs) return send(kErrBadArgs);
            return send(write_register(g_thread_, static_cast<unsigned>(*r), val) ? "OK" : kErrBadArgs);
        }
        case 'm': send(cmd_read_memory(args)); return;
        case 'M': send(cmd_write_memory(args, false)); return;
        case 'X': send(cmd_write_memory(args, true)); return;
        case 'c':
        case 's': {
            unsigned core = c_thread_;
            if (!args.empty()) {
                auto addr = gdb::parse_hex(args);
                if (!addr) return send(kErrBadArgs);
                cpus_[core]->core().pc = *addr;
            }
            std::vector<Action> a(cpus_.size(), cmd == 'c' ? Action::cont : Action::none);
            if (cmd == 's') a[core] = Action::step;
            resume(a);
            return;  // the stop reply comes when the machine stops
        }
        case 'H': {
            if (args.size() < 2 || (args[0] != 'g' && args[0] != 'c')) return send(kErrBadArgs);
            bool all = false;
            auto t = parse_thread(args.substr(1), all);
            if (!t) return send(kErrBadThread);
            if (!all) (args[0] == 'g' ? g_thread_ : c_thread_) = *t;  // -1 / 0: keep the current one
            return send("OK");
        }
        case 'T': {
            bool all = false;
            auto t = parse_thread(args, all);
            return send(t && !all ? "OK" : kErrBadThread);
        }
        case 'D':
            send("OK");
            detach_all();
            return;
        case 'k':
            killed_ = true;
            halted_ = false;
            sim::request_exit(sim::exit_ok, "killed by the debugger");
            return;
        case 'Z':
        case 'z': send(cmd_breakpoint(args, cmd == 'Z')); return;
        case 'v':
            if (p.starts_with("vCont?")) return send("vCont;c;C;s;S");
            if (p.starts_with("vCont;")) {
                std::string err = cmd_vcont(p.substr(6));
                if (!err.empty()) send(err);
                return;
            }
            return send("");  // vMustReplyEmpty, vKill, vFile... : not supported
        case 'q':
        case 'Q': send(cmd_query(p)); return;
        default: send(""); return;  // unknown packet: empty reply
    }
}

std::string GdbStub::cmd_query(std::string_view p) {
    if (p.starts_with("qSupported")) return "PacketSize=4000;qXfer:features:read+;vContSupported+";
    if (p == "qAttached") return "1";
    if (p == "qC") return fmt::format("QC{:x}", g_thread_ + 1);
    if (p == "qfThreadInfo") {
        std::string r = "m";
        for (unsigned i = 0; i < cpus_.size(); ++i) r += fmt::format("{}{:x}", i ? "," : "", i + 1);
        return r;
    }
    if (p == "qsThreadInfo") return "l";
    if (p.starts_with("qThreadExtraInfo,")) {
        bool all = false;
        auto t = parse_thread(p.substr(17), all);
        if (!t || all) return kErrBadThread;
        const CpuModule& c = *cpus_[*t];
        return gdb::to_hex(fmt::format("cpu{}{}", *t, c.powered() ? "" : " (powered off)"));
    }
    if (p.starts_with("qXfer:features:read:")) {
        std::string_view rest = p.substr(20), annex, range, off, len;
        if (!split(rest, ':', annex, range) || !split(range, ',', off, len)) return kErrBadArgs;
        auto o = gdb::parse_hex(off), l = gdb::parse_hex(len);
        if (!o || !l) return kErrBadArgs;
        if (annex != "target.xml") return "E00";
        static const std::string xml = target_xml();
        if (*o >= xml.size()) return "l";
        std::string chunk = xml.substr(*o, *l);
        return (*o + chunk.size() >= xml.size() ? "l" : "m") + chunk;
    }
    if (p.starts_with("qRcmd,")) return cmd_monitor(p.substr(6));
    return "";  // qTStatus, qOffsets, qSymbol, QStartNoAckMode, ...: not supported
}

std::string GdbStub::cmd_vcont(std::string_view p) {
    std::vector<Action> a(cpus_.size(), Action::none);
    std::vector<bool> set(cpus_.size(), false);
    while (!p.empty()) {
        size_t semi = p.find(';');
        std::string_view item = p.substr(0, semi);
        p = semi == std::string_view::npos ? std::string_view{} : p.substr(semi + 1);
        std::string_view act = item, tid;
        bool has_tid = split(item, ':', act, tid);
        Action what;
        if (act == "c" || (act.size() == 3 && act[0] == 'C'))
            what = Action::cont;
        else if (act == "s" || (act.size() == 3 && act[0] == 'S'))
            what = Action::step;
        else
            return kErrBadArgs;
        bool all = !has_tid;
        unsigned core = 0;
        if (has_tid) {
            auto t = parse_thread(tid, all);
            if (!t) return kErrBadThread;
            core = *t;
        }
        // The leftmost action that names a thread wins for it (GDB manual, vCont).
        for (unsigned i = 0; i < cpus_.size(); ++i)
            if (!set[i] && (all || i == core)) {
                a[i] = what;
                set[i] = true;
            }
    }
    resume(a);
    return {};
}

// ---- registers

std::optional<std::string> GdbStub::read_register(unsigned core, unsigned r) const {
    const iss::Cpu& cpu = cpus_[core]->core();
    if (r < 31) return gdb::le_hex(cpu.xreg(r), 8);
    if (r == kRegSp) return gdb::le_hex(cpu.sp(), 8);
    if (r == kRegPc) return gdb::le_hex(cpu.pc, 8);
    if (r == kRegCpsr) return gdb::le_hex(cpu.pstate(), 4);
    if (r >= kRegV0 && r < kRegV0 + 32)  // 128 bits, little-endian: bits 63:0 first
        return gdb::le_hex(cpu.v[r - kRegV0][0], 8) + gdb::le_hex(cpu.v[r - kRegV0][1], 8);
    if (r == kRegFpsr) return gdb::le_hex(cpu.read_sysreg(SysReg::FPSR), 4);
    if (r == kRegFpcr) return gdb::le_hex(cpu.read_sysreg(SysReg::FPCR), 4);
    if (r >= kRegSys0 && r < kNumRegs) return gdb::le_hex(cpu.read_sysreg(kSysRegs[r - kRegSys0].reg), 8);
    return std::nullopt;
}

bool GdbStub::write_register(unsigned core, unsigned r, std::string_view hex) {
    if (r >= kNumRegs) return false;
    unsigned bytes = reg_bytes(r);
    if (hex.size() != 2 * size_t(bytes) || !gdb::parse_hex_bytes(hex)) return false;
    auto v = gdb::parse_le_hex(hex.substr(0, 2 * std::min(bytes, 8u)), std::min(bytes, 8u));
    if (!v) return false;
    iss::Cpu& cpu = cpus_[core]->core();
    if (r < 31)
        cpu.set_xreg(r, *v);
    else if (r == kRegSp)
        cpu.set_sp(*v);
    else if (r == kRegPc)
        cpu.pc = *v;
    else if (r == kRegCpsr)
        cpu.set_pstate(static_cast<uint32_t>(*v));
    else if (r >= kRegV0 && r < kRegV0 + 32) {
        auto hi = gdb::parse_le_hex(hex.substr(16, 16), 8);
        if (!hi) return false;
        cpu.v[r - kRegV0][0] = *v;
        cpu.v[r - kRegV0][1] = *hi;
    } else if (r == kRegFpsr)
        cpu.write_sysreg(SysReg::FPSR, *v);
    else if (r == kRegFpcr)
        cpu.write_sysreg(SysReg::FPCR, *v);
    else
        cpu.write_sysreg(kSysRegs[r - kRegSys0].reg, *v);
    return true;
}

std::string GdbStub::read_all_registers(unsigned core) const {
    std::string r;
    for (unsigned i = 0; i < kNumRegs; ++i) r += *read_register(core, i);
    return r;
}

std::string GdbStub::write_all_registers(unsigned core, std::string_view hex) {
    size_t total = 0;
    for (unsigned i = 0; i < kNumRegs; ++i) total += 2 * reg_bytes(i);
    if (hex.size() > total || hex.size() % 2 || !gdb::parse_hex_bytes(hex)) return kErrBadArgs;
    size_t pos = 0;
    for (unsigned i = 0; i < kNumRegs && pos + 2 * reg_bytes(i) <= hex.size(); ++i) {
        write_register(core, i, hex.substr(pos, 2 * reg_bytes(i)));
        pos += 2 * reg_bytes(i);
    }
    return "OK";
}

// ---- memory

std::optional<uint64_t> GdbStub::to_physical(unsigned core, uint64_t addr) const {
    if (phys_mode_) return addr;
    uint64_t pa;  // the core's current translation regime (identity with its MMU off)
    if (!cpus_[core]->core().debug_translate(addr, pa)) return std::nullopt;
    return pa;
}

size_t GdbStub::access_memory(unsigned core, uint64_t addr, uint8_t* data, size_t len, bool write) {
    size_t done = 0;
    while (done < len) {
        uint64_t va = addr + done;
        size_t chunk = std::min<size_t>(len - done, 0x1000 - (va & 0xfff));  // translate per page
        auto pa = to_physical(core, va);
        if (!pa) break;
        unsigned n = cpus_[core]->debug_transport(write, *pa, data + done, static_cast<unsigned>(chunk));
        if (write && n) {
            for (CpuModule* c : cpus_) c->core().invalidate_code(*pa, *pa + n - 1);  // stale translations
        }
        done += n;
        if (n < chunk) break;
    }
    return done;
}

std::string GdbStub::cmd_read_memory(std::string_view args) {
    std::string_view a, l;
    auto addr = split(args, ',', a, l) ? gdb::parse_hex(a) : std::nullopt;
    auto len = addr ? gdb::parse_hex(l) : std::nullopt;
    if (!addr || !len) return kErrBadArgs;
    size_t n = std::min<uint64_t>(*len, 0x1ff0);  // fits PacketSize; gdb asks again for the rest
    std::vector<uint8_t> buf(n);
    size_t got = access_memory(g_thread_, *addr, buf.data(), n, false);
    if (got == 0 && n) return kErrMemory;
    return gdb::to_hex(buf.data(), got);
}

std::string GdbStub::cmd_write_memory(std::string_view args, bool binary) {
    std::string_view head, data, a, l;
    if (!split(args, ':', head, data) || !split(head, ',', a, l)) return kErrBadArgs;
    auto addr = gdb::parse_hex(a), len = gdb::parse_hex(l);
    if (!addr || !len) return kErrBadArgs;
    std::vector<uint8_t> bytes;
    if (binary) {
        std::string raw = gdb::unescape_binary(data);
        bytes.assign(raw.begin(), raw.end());
    } else {
        auto b = gdb::parse_hex_bytes(data);
        if (!b) return kErrBadArgs;
        bytes = std::move(*b);
    }
    if (bytes.size() != *len) return kErrBadArgs;
    if (bytes.empty()) return "OK";
    return access_memory(g_thread_, *addr, bytes.data(), bytes.size(), true) == bytes.size() ? "OK"
                                                                                             : kErrMemory;
}

// ---- breakpoints and watchpoints

std::string GdbStub::cmd_breakpoint(std::string_view args, bool insert) {
    // type,addr,kind[;cond...]
    std::string_view t, rest, a, k;
    if (!split(args, ',', t, rest) || !split(rest, ',', a, k)) return kErrBadArgs;
    if (size_t semi = k.find(';'); semi != std::string_view::npos) k = k.substr(0, semi);
    auto type = gdb::parse_hex(t), addr = gdb::parse_hex(a), kind = gdb::parse_hex(k);
    if (!type || !addr || !kind) return kErrBadArgs;
    if (*type <= 1) {  // Z0 software, Z1 hardware: both are PC breakpoints of the CPU module
        auto it = std::find(bps_.begin(), bps_.end(), *addr);
        if (insert && it == bps_.end()) bps_.push_back(*addr);
        if (!insert && it != bps_.end()) bps_.erase(it);
        return "OK";
    }
    if (*type > 4) return "";  // unsupported type: empty reply
    if (*kind == 0 || *kind > 0x1000) return kErrBadArgs;
    auto pa = to_physical(g_thread_, *addr);
    if (!pa) return kErrMemory;
    auto same = [&](const Watchpoint& w) { return w.type == *type && w.addr == *addr && w.len == *kind; };
    if (insert) {
        if (std::none_of(wps_.begin(), wps_.end(), same))
            wps_.push_back(Watchpoint{static_cast<unsigned>(*type), *addr, *pa, *kind});
    } else {
        std::erase_if(wps_, same);
    }
    refresh_watch_pages();
    return "OK";
}

bool GdbStub::breakpoint_at(unsigned, uint64_t pc) const {
    return std::find(bps_.begin(), bps_.end(), pc) != bps_.end();
}

bool GdbStub::page_watched(uint64_t page) const {
    return std::find(watched_pages_.begin(), watched_pages_.end(), page) != watched_pages_.end();
}

std::optional<CpuDebugger::WatchHit> GdbStub::watch_access(uint64_t paddr, unsigned size, bool write) const {
    for (const Watchpoint& w : wps_) {
        if (paddr >= w.paddr + w.len || w.paddr >= paddr + size) continue;
        if (w.type == 2 && write) return WatchHit{Stop::watch_write, w.addr};
        if (w.type == 3 && !write) return WatchHit{Stop::watch_read, w.addr};
        if (w.type == 4) return WatchHit{Stop::watch_access, w.addr};
    }
    return std::nullopt;
}

void GdbStub::refresh_watch_pages() {
    std::vector<uint64_t> pages;
    for (const Watchpoint& w : wps_)
        for (uint64_t p = w.paddr >> 12; p <= (w.paddr + w.len - 1) >> 12; ++p) pages.push_back(p);
    if (pages == watched_pages_) return;
    // Newly watched pages must leave the cores' host-page caches so accesses take read()/write().
    watched_pages_ = std::move(pages);
    for (CpuModule* c : cpus_) c->core().invalidate_host_pages(0, ~uint64_t(0));
}

// ---- monitor commands (qRcmd)

std::string GdbStub::cmd_monitor(std::string_view hex) {
    auto raw = gdb::parse_hex_bytes(hex);
    if (!raw) return kErrBadArgs;
    std::string cmd(raw->begin(), raw->end());
    std::string out;
    if (cmd == "phys") {
        phys_mode_ = true;
        out = "memory accesses now use physical addresses\n";
    } else if (cmd == "virt") {
        phys_mode_ = false;
        out = "memory accesses now use virtual addresses (current MMU state)\n";
    } else if (cmd == "help" || cmd.empty()) {
        out =
            "vp monitor commands:\n  phys  memory accesses use physical addresses\n"
            "  virt  memory accesses use virtual addresses (default)\n";
    } else {
        out = "unknown monitor command '" + cmd + "' (try: monitor help)\n";
    }
    send("O" + gdb::to_hex(out));
    return "OK";
}

}  // namespace vp
