// The GDB stub's packet dispatch (GDB manual, "Packets" and "General Query Packets"): each
// packet is answered from the register map, the memory view, the breakpoint table or the monitor
// commands, or resumes the machine (c, s, vCont), whose stop reply then comes when it stops.
#include <fmt/format.h>

#include "platform/debug/gdb_monitor.h"
#include "platform/debug/gdb_protocol.h"
#include "platform/debug/gdb_registers.h"
#include "platform/debug/gdb_stub.h"
#include "platform/debug/packet_codec.h"
#include "platform/simulation.h"

namespace vp {

using gdb::kErrBadArgs;
using gdb::kErrBadThread;
using gdb::split;

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
        case 'g': send(gdb::read_all_registers(cpus_[g_thread_]->core())); return;
        case 'G': send(gdb::write_all_registers(cpus_[g_thread_]->core(), args)); return;
        case 'p': {
            auto r = gdb::parse_hex(args);
            if (!r) return send(kErrBadArgs);
            auto v = *r < gdb::kNumRegs
                         ? gdb::read_register(cpus_[g_thread_]->core(), static_cast<unsigned>(*r))
                         : std::nullopt;
            return send(v ? *v : kErrBadArgs);
        }
        case 'P': {
            std::string_view reg, val;
            auto r = split(args, '=', reg, val) ? gdb::parse_hex(reg) : std::nullopt;
            if (!r || *r >= gdb::kNumRegs) return send(kErrBadArgs);
            return send(gdb::write_register(cpus_[g_thread_]->core(), static_cast<unsigned>(*r), val)
                            ? "OK"
                            : kErrBadArgs);
        }
        case 'm': send(memory_.read_packet(g_thread_, args)); return;
        case 'M': send(memory_.write_packet(g_thread_, args, false)); return;
        case 'X': send(memory_.write_packet(g_thread_, args, true)); return;
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
        case 'z': send(breakpoints_.packet(args, cmd == 'Z', memory_, g_thread_)); return;
        case 'v':
            if (p.starts_with("vCont?")) return send("vCont;c;C;s;S");
            if (p.starts_with("vCont;")) {
                std::string err = cmd_vcont(p.substr(6));
                if (!err.empty()) send(err);
                return;
            }
            return send("");  // vMustReplyEmpty, vKill, vFile... : not supported
        case 'q':
            if (p.starts_with("qRcmd,")) return cmd_monitor(p.substr(6));
            send(cmd_query(p));
            return;
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
        const std::string& xml = gdb::target_xml();
        if (*o >= xml.size()) return "l";
        std::string chunk = xml.substr(*o, *l);
        return (*o + chunk.size() >= xml.size() ? "l" : "m") + chunk;
    }
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

void GdbStub::cmd_monitor(std::string_view hex) {
    auto raw = gdb::parse_hex_bytes(hex);
    if (!raw) return send(kErrBadArgs);
    const std::string command(raw->begin(), raw->end());
    if (auto path = gdb::checkpoint_path(command)) {
        if (path->empty()) {
            send("O" + gdb::to_hex("usage: monitor checkpoint FILE\n"));
            return send(kErrBadArgs);
        }
        return start_checkpoint(*path);  // the reply comes once it is saved
    }
    send("O" + gdb::to_hex(gdb::run_monitor_command(command, memory_)));
    send("OK");
}

}  // namespace vp
