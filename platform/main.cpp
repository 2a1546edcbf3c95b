// vp: build the machine a topology describes, load the guest, run.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <memory>
#include <systemc>

#include "models/chardev/char_backend.h"
#include "platform/cli.h"
#include "platform/core/model_registry.h"
#include "platform/core/trace.h"
#include "platform/core/units.h"
#include "platform/debug/gdb_stub.h"
#include "platform/debug/run_control.h"
#include "platform/platform.h"
#include "platform/simulation.h"
#include "platform/stats.h"
#include "yaml/topology.h"

namespace {

int fail(const std::string& message) {
    std::cerr << "vp: error: " << message << "\n";
    return vp::sim::exit_error;
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
    if (!cl.log_file.empty()) vp::trace::open_log_file(cl.log_file);
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

    vp::Platform platform("vp", topo);
    vp::BootPlan plan = platform.load_guest();
    if (!cl.dump_dtb.empty()) {
        auto blob = plan.has_kernel ? plan.dtb : platform.dtb(topo.boot.append);
        std::ofstream out(cl.dump_dtb, std::ios::binary);
        out.write(reinterpret_cast<const char*>(blob.data()), static_cast<std::streamsize>(blob.size()));
        if (!out) return fail("cannot write '" + cl.dump_dtb + "'");
        return 0;
    }

    std::unique_ptr<vp::GdbStub> gdb;
    if (!cl.gdb.empty() || cl.gdb_wait) {
        vp::GdbStubConfig cfg = cl.gdb.empty() ? vp::GdbStubConfig{} : vp::parse_gdb_spec(cl.gdb);
        cfg.wait_for_gdb = cl.gdb_wait;
        gdb = std::make_unique<vp::GdbStub>("gdb", platform, cfg);
    }
    std::unique_ptr<vp::RealtimeThrottle> realtime;
    if (cl.realtime) realtime = std::make_unique<vp::RealtimeThrottle>("realtime");

    if (!plan.has_kernel)
        std::cerr << "vp: no kernel given (boot.kernel or -kernel): the cores stay powered off\n";
    auto wall_start = std::chrono::steady_clock::now();
    auto wall_now = [&] {
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
    };
    vp::SignalWatcher on_sigusr1([&] { std::cerr << vp::stats_text(platform, wall_now()); });
    std::unique_ptr<vp::ProgressDisplay> progress;
    if (cl.progress)
        progress =
            std::make_unique<vp::ProgressDisplay>([&] { return vp::progress_line(platform, wall_now()); });
    std::unique_ptr<vp::WallTimeout> wall_timeout;
    if (wall_timeout_ps)
        wall_timeout = std::make_unique<vp::WallTimeout>(std::chrono::nanoseconds(wall_timeout_ps / 1000),
                                                         cl.timeout.substr(5));
    vp::CharBackend::set_idle_waits_for_input(true);  // an idle guest waits for the user's input
    if (timeout_ps)
        sc_core::sc_start(sc_core::sc_time(static_cast<double>(timeout_ps), sc_core::SC_PS));
    else
        sc_core::sc_start();
    double wall = wall_now();
    wall_timeout.reset();
    progress.reset();
    if (cl.stats_file == "-") {
        std::cerr << vp::stats_text(platform, wall);
    } else if (!cl.stats_file.empty()) {
        std::ofstream out(cl.stats_file);
        out << vp::stats_json(platform, wall);
        if (!out) return fail("cannot write '" + cl.stats_file + "'");
    }

    if (!vp::sim::exit_requested()) {
        if (timeout_ps) {
            std::cerr << "vp: timeout: " << cl.timeout << " of simulated time reached\n";
            return vp::sim::exit_timeout;
        }
        std::cerr << "vp: the simulation has nothing left to do (no CPU or event)\n";
        return vp::sim::exit_ok;
    }
    if (!vp::sim::exit_reason().empty()) std::cerr << "vp: " << vp::sim::exit_reason() << "\n";
    return vp::sim::exit_status();
}

}  // namespace

int sc_main(int argc, char** argv) {
    // SIGUSR1 is taken by one watcher thread (vp::SignalWatcher); block it before any thread starts.
    vp::SignalWatcher::block_sigusr1();
    // sc_stop() is how a run ends; SystemC's note about it is noise to a user.
    sc_core::sc_report_handler::set_actions("/OSCI/SystemC", sc_core::SC_INFO, sc_core::SC_DO_NOTHING);
    int exit_code = 0;
    auto cl = vp::parse_command_line(argc, argv, exit_code);
    if (!cl) return exit_code;
    try {
        return run(*cl);
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
