// vp: build the machine a topology describes, load the guest, run.
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <memory>
#include <systemc>

#include "core/host_events.h"
#include "core/model_registry.h"
#include "core/trace.h"
#include "core/units.h"
#include "models/chardev/char_backend.h"
#include "platform/checkpoint_request.h"
#include "platform/checkpoint_run.h"
#include "platform/cli.h"
#include "platform/debug/gdb_stub.h"
#include "platform/debug/run_control.h"
#include "platform/platform.h"
#include "platform/shutdown_signal.h"
#include "platform/simulation.h"
#include "platform/stats.h"
#include "yaml/topology.h"

namespace {

int fail(const std::string& message) {
    std::cerr << "vp: error: " << message << "\n";
    return vp::sim::exit_error;
}

// Writes `bytes` to `path` (created or truncated); "" or the error, naming the file.
std::string write_file(const std::string& path, const void* bytes, size_t size) {
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) return "cannot open '" + path + "' for writing: " + std::strerror(errno);
    auto p = static_cast<const char*>(bytes);
    int err = 0;
    while (size > 0 && !err) {
        ssize_t n = ::write(fd, p, size);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            err = n < 0 ? errno : EIO;
            break;
        }
        p += n;
        size -= static_cast<size_t>(n);
    }
    if (::close(fd) != 0 && !err) err = errno;
    return err ? "cannot write '" + path + "': " + std::strerror(err) : "";
}

int run(const vp::CommandLine& cl) {
    auto& registry = vp::ModelRegistry::instance();
    if (cl.trace_help) {
        std::cout << vp::trace::help_text();
        return 0;
    }
    if (cl.help_topology) {
        std::cout << vp::schema_help();
        return 0;
    }
    if (cl.list_models) {
        std::cout << registry.list_text();
        return 0;
    }
    if (!cl.describe_model.empty()) {
        std::string text = registry.describe(cl.describe_model);
        if (text.empty()) return fail("unknown model '" + cl.describe_model + "' (see --list-models)");
        std::cout << text;
        return 0;
    }
    if (std::string err = vp::trace::enable(cl.trace_flags); !err.empty()) return fail(err);
    if (std::string err = vp::trace::set_dfilter(cl.dfilter); !err.empty()) return fail(err);

    vp::Topology topo = vp::load_topology(cl.topology, cl.overrides);
    if (cl.dump_config) {
        std::cout << vp::dump_topology(topo);
        return 0;
    }
    uint64_t timeout_ps = 0, wall_timeout_ps = 0;
    if (!cl.timeout.empty()) {
        bool wall = cl.timeout.rfind("wall:", 0) == 0;
        auto t = vp::units::parse_time_ps(wall ? cl.timeout.substr(5) : cl.timeout);
        if (!t || *t == 0)
            return fail("--timeout: expected a time such as 30s or wall:30s, got '" + cl.timeout + "'");
        (wall ? wall_timeout_ps : timeout_ps) = *t;
    }
    uint64_t checkpoint_ps = 0;
    if (!cl.checkpoint_at_file.empty()) {
        auto t = vp::units::parse_time_ps(cl.checkpoint_at);
        if (!t)
            return fail("--checkpoint-at: expected a simulated time such as 12.5s, got '" + cl.checkpoint_at +
                        "'");
        checkpoint_ps = *t;
    }

    const auto grace_ps = vp::units::parse_time_ps(cl.shutdown_grace);
    if (!grace_ps || *grace_ps == 0)
        return fail("--shutdown-grace: expected a time such as 30s, got '" + cl.shutdown_grace + "'");

    // The host-thread bridge is a primitive channel: made now, at the top of the hierarchy.
    vp::HostEvents& host = vp::HostEvents::get();
    vp::CharBackend::set_idle_waits_for_input(true);  // an idle guest waits for the user's input
    if (!cl.log_file.empty()) vp::trace::open_log_file(cl.log_file);
    auto platform = std::make_unique<vp::Platform>("vp", topo);
    // A restored machine's memory and cores come from the checkpoint: no boot loader.
    vp::BootPlan plan = cl.restore.empty() ? platform->load_guest() : vp::BootPlan{};
    if (!cl.dump_dtb.empty()) {
        auto blob = plan.has_kernel ? plan.dtb : platform->dtb(topo.boot.append);
        if (std::string err = write_file(cl.dump_dtb, blob.data(), blob.size()); !err.empty())
            return fail(err);
        return 0;
    }

    std::unique_ptr<vp::GdbStub> gdb;
    if (!cl.gdb.empty() || cl.gdb_wait) {
        vp::GdbStubConfig cfg = cl.gdb.empty() ? vp::GdbStubConfig{} : vp::parse_gdb_spec(cl.gdb);
        cfg.wait_for_gdb = cl.gdb_wait;
        gdb = std::make_unique<vp::GdbStub>("gdb", *platform, cfg);
    }
    std::unique_ptr<vp::RealtimeThrottle> realtime;
    if (cl.realtime) realtime = std::make_unique<vp::RealtimeThrottle>("realtime");
    std::unique_ptr<vp::SimTimeLimit> sim_limit;
    if (timeout_ps)
        sim_limit = std::make_unique<vp::SimTimeLimit>(
            "timeout", sc_core::sc_time(static_cast<double>(timeout_ps), sc_core::SC_PS), cl.timeout);

    if (!plan.has_kernel && cl.restore.empty())
        std::cerr << "vp: no kernel given (boot.kernel or -kernel): the cores stay powered off\n";
    auto wall_start = std::chrono::steady_clock::now();
    auto wall_now = [&] {
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
    };
    // SIGUSR1 (with --checkpoint-file) and Ctrl-A s save at the next quantum boundary; the run
    // goes on (--checkpoint-stop: ends) whether or not the save worked.
    const auto then = cl.checkpoint_stop ? vp::AfterCheckpoint::stop : vp::AfterCheckpoint::resume;
    auto request_checkpoint = [&] {
        vp::request_checkpoint(cl.checkpoint_file, then,
                               [](const std::string& path, const std::string& error) {
                                   if (error.empty())
                                       std::cerr << "vp: checkpoint saved to " << path << " at "
                                                 << sc_core::sc_time_stamp() << "\n";
                                   else
                                       std::cerr << "vp: error: " << error << "\n";
                               });
    };
    auto on_sigusr1 = std::make_unique<vp::SignalWatcher>([&] {
        std::cerr << vp::stats_text(*platform, wall_now());
        if (!cl.checkpoint_file.empty()) request_checkpoint();
    });
    vp::HostSource checkpoint_key(request_checkpoint, vp::HostSource::Kind::run_control);
    host.set_checkpoint_source(&checkpoint_key);
    // SIGTERM presses the power button (the first Role::power_button device), if there is one.
    vp::PowerButton* button = nullptr;
    for (vp::Device* d : platform->devices_with(vp::Role::power_button))
        if ((button = d->power_button())) break;
    auto on_sigterm = std::make_unique<vp::ShutdownSignal>(button, std::chrono::nanoseconds(*grace_ps / 1000),
                                                           cl.shutdown_grace);
    std::unique_ptr<vp::ProgressDisplay> progress;
    if (cl.progress)
        progress =
            std::make_unique<vp::ProgressDisplay>([&] { return vp::progress_line(*platform, wall_now()); });
    std::unique_ptr<vp::WallTimeout> wall_timeout;
    if (wall_timeout_ps)
        wall_timeout = std::make_unique<vp::WallTimeout>(std::chrono::nanoseconds(wall_timeout_ps / 1000),
                                                         cl.timeout.substr(5));
    // Host seconds of a save or a restore, for the user and tools/bench/checkpoint.sh.
    auto seconds_since = [](std::chrono::steady_clock::time_point from) {
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - from).count();
    };
    if (!cl.restore.empty()) {
        const auto from = std::chrono::steady_clock::now();
        vp::restore_checkpoint(*platform, cl.restore);
        std::cerr << "vp: restored " << cl.restore << " at " << sc_core::sc_time_stamp() << " in "
                  << seconds_since(from) << " s\n";
    }
    if (!cl.checkpoint_at_file.empty() && !vp::sim::exit_requested()) {
        const sc_core::sc_time at =
            vp::checkpoint_boundary(sc_core::sc_time(static_cast<double>(checkpoint_ps), sc_core::SC_PS));
        if (at < sc_core::sc_time_stamp())
            return fail("--checkpoint-at " + cl.checkpoint_at + ": the restored machine is already at " +
                        sc_core::sc_time_stamp().to_string());
        vp::run_machine(*platform, at);
        if (!vp::sim::exit_requested()) {
            const auto from = std::chrono::steady_clock::now();
            vp::save_checkpoint(*platform, cl.checkpoint_at_file);
            const std::string saved = "checkpoint saved to " + cl.checkpoint_at_file + " at " + at.to_string() +
                                      " in " + std::to_string(seconds_since(from)) + " s";
            if (cl.checkpoint_stop)
                vp::sim::request_exit(vp::sim::exit_ok, saved);
            else
                std::cerr << "vp: " << saved << "\n";
        }
    }
    // The simulated-time limit is SimTimeLimit's event; the run returns when it is ended or
    // nothing is left to do.
    vp::run_machine(*platform);
    double wall = wall_now();
    progress.reset();
    host.set_checkpoint_source(nullptr);
    on_sigusr1.reset();
    on_sigterm.reset();
    std::string stats_error;
    if (cl.stats_file == "-") {
        std::cerr << vp::stats_text(*platform, wall);
    } else if (!cl.stats_file.empty()) {
        std::string json = vp::stats_json(*platform, wall);
        stats_error = write_file(cl.stats_file, json.data(), json.size());
    }

    int status = vp::sim::exit_status();
    std::string reason = vp::sim::exit_reason();
    if (!vp::sim::exit_requested()) {
        status = vp::sim::exit_ok;
        reason = "the simulation has nothing left to do (no CPU or event)";
    }
    // The console's last output reaches its reader and the terminal is restored before the
    // verdict is printed; the wall-clock limit still bounds that flush.
    gdb.reset();
    realtime.reset();
    sim_limit.reset();
    platform.reset();
    wall_timeout.reset();
    vp::trace::close_log_file();
    if (!reason.empty()) std::cerr << "vp: " << reason << "\n";
    if (!stats_error.empty()) return fail(stats_error);
    // A failed output (console, log file) was reported when it failed.
    if (host.any_output_failed()) return vp::sim::exit_error;
    return status;
}

}  // namespace

int sc_main(int argc, char** argv) {
    // SIGUSR1 is taken by one watcher thread (vp::SignalWatcher); block it before any thread starts.
    vp::SignalWatcher::block_sigusr1();
    vp::ShutdownSignal::block_sigterm();  // likewise SIGTERM (vp::ShutdownSignal)
    // A reader that goes away is a write error (EPIPE) that the output reports and that ends the
    // run with status 1, not a silent death by SIGPIPE.
    std::signal(SIGPIPE, SIG_IGN);
    // sc_stop() is how a run ends; SystemC's note about it is noise to a user.
    sc_core::sc_report_handler::set_actions("/OSCI/SystemC", sc_core::SC_INFO, sc_core::SC_DO_NOTHING);
    int exit_code = 0;
    auto cl = vp::parse_command_line(argc, argv, exit_code);
    if (!cl) return exit_code;
    try {
        int status = run(*cl);
        std::cout.flush();
        if (!std::cout) return fail("cannot write standard output");
        return status;
    } catch (const vp::Error& e) {
        return fail(e.what());
    } catch (const sc_core::sc_report& e) {
        return fail(std::string("SystemC: ") + e.what());
    } catch (const std::exception& e) {
        return fail(std::string("internal error: ") + e.what());
    }
}

int main(int argc, char** argv) {
    setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 0);
    return sc_core::sc_elab_and_sim(argc, argv);
}
