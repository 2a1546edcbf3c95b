#include "platform/debug/gdb_stub.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <iostream>

#include "core/error.h"
#include "platform/checkpoint_request.h"
#include "platform/debug/gdb_protocol.h"
#include "platform/debug/packet_codec.h"
#include "platform/platform.h"
#include "platform/simulation.h"

namespace vp {

namespace {

std::vector<CpuModule*> cpus_of(Platform& platform) {
    std::vector<CpuModule*> cpus;
    for (const auto& c : platform.cpus()) cpus.push_back(c.get());
    return cpus;
}

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
      cpus_(cpus_of(platform)),
      cfg_(std::move(cfg)),
      memory_(cpus_),
      breakpoints_(cpus_) {
    if (cpus_.empty()) throw Error("gdb: the machine has no CPU to debug");
    action_.assign(cpus_.size(), Action::cont);
    halted_ = cfg_.wait_for_gdb;
    if (halted_) {
        action_.assign(cpus_.size(), Action::none);
        last_stop_ = StopInfo{};
    }
    connection_ = std::make_unique<gdb::Connection>(cfg_.host, cfg_.port,
                                                    [this] { wake_ev_.notify(sc_core::SC_ZERO_TIME); });

    for (CpuModule* c : cpus_) c->set_debugger(this);
    std::cerr << fmt::format("vp: gdb: listening on {}:{}{}\n", cfg_.host, connection_->port(),
                             cfg_.wait_for_gdb ? " (cores held until gdb continues)" : "");
    SC_HAS_PROCESS(GdbStub);
    SC_THREAD(server_thread);
    connection_->start();
}

GdbStub::~GdbStub() {
    connection_.reset();  // ends the I/O thread first
    for (CpuModule* c : cpus_) c->set_debugger(nullptr);
}

void GdbStub::server_thread() {
    wait(sc_core::SC_ZERO_TIME);  // the cores load their reset state first
    for (;;) {
        if (killed_ || run_over_) return;
        if (checkpoint_text_) {
            send("O" + gdb::to_hex("vp: " + *checkpoint_text_ + "\n"));
            send(checkpoint_ok_ ? "OK" : gdb::kErrBadArgs);
            checkpoint_text_.reset();
        }
        if (stop_pending_) {
            stop_pending_ = false;
            send(stop_reply(last_stop_));
        }
        if (halted_) {
            serve_halted();
            continue;
        }
        if (!connection_->has_event()) wait(wake_ev_);
        while (auto e = connection_->pop()) {
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
        if (!connection_->wait_for_event()) {
            // The run was asked to end (wall-clock limit, Ctrl-A x): it has stopped.
            run_over_ = true;
            return;
        }
        handle(std::move(*connection_->pop()));
    }
}

void GdbStub::handle(gdb::Event e) {
    switch (e.kind) {
        case gdb::Event::connect:
            connection_->keep_alive(true);
            // gdb expects a stopped target when it attaches; it asks why with `?`.
            if (!halted_) halt(g_thread_, 5);
            stop_pending_ = false;
            break;
        case gdb::Event::disconnect:
            connection_->keep_alive(false);
            detach_all();
            break;
        case gdb::Event::interrupt:
            if (!halted_) {
                halt(g_thread_, 2);
                stop_pending_ = false;
                send(stop_reply(last_stop_));
            }
            break;
        case gdb::Event::packet: handle_packet(e.payload); break;
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
    breakpoints_.clear();
    memory_.set_physical(false);
    if (halted_) resume(std::vector<Action>(cpus_.size(), Action::cont));
}

void GdbStub::start_checkpoint(const std::string& path) {
    checkpointing_ = true;
    request_checkpoint(
        path, AfterCheckpoint::resume,
        [this](const std::string& saved, const std::string& error) { checkpoint_saved(saved, error); });
    StopInfo stop = last_stop_;
    stop.breakpoint = false;  // resume() skips it now; the machine is elsewhere afterwards
    resume(std::vector<Action>(cpus_.size(), Action::cont));
    last_stop_ = stop;  // what `?` answers once halted again
}

// Outside sc_start, at the boundary: halted again before any core runs on.
void GdbStub::checkpoint_saved(const std::string& path, const std::string& error) {
    checkpointing_ = false;
    halted_ = true;
    std::fill(action_.begin(), action_.end(), Action::none);
    checkpoint_ok_ = error.empty();
    checkpoint_text_ = checkpoint_ok_
                           ? "checkpoint saved to " + path + " at " + sc_core::sc_time_stamp().to_string()
                           : error;
    std::cerr << "vp: gdb: " << *checkpoint_text_ << "\n";
    wake_ev_.notify(sc_core::SC_ZERO_TIME);
}

void GdbStub::end_of_simulation() {
    // Tell a connected debugger that the program ended (unless it asked for the end itself).
    if (!killed_) send(fmt::format("W{:02x}", static_cast<unsigned>(sim::exit_status()) & 0xff));
}

}  // namespace vp
