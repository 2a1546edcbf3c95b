#include "platform/cli.h"

#include "platform/qemu_config.h"
#include "platform/qemu_devices.h"
#include "platform/qemu_rtc.h"

#include <dlfcn.h>

#include <CLI/CLI.hpp>
#include <filesystem>
#include <iostream>

#include "iss/core/cpu_models.h"

#ifndef VP_SOURCE_DIR
#define VP_SOURCE_DIR "."
#endif
#ifndef VP_PLATFORMS_FROM_LIBDIR
#define VP_PLATFORMS_FROM_LIBDIR "../share/vp/platforms"
#endif

namespace vp {

namespace {

// QEMU spells long options with one dash (-kernel, -smp); CLI11 wants two.
const char* const kQemuStyle[] = {"-kernel", "-initrd",    "-append",  "-dtb",      "-serial",
                                  "-smp",    "-nographic", "-dfilter", "-gdb",      "-machine",
                                  "-cpu",    "-drive",     "-device",  "-snapshot", "-readconfig",
                                  "-rtc",    "-netdev",    "-nic",     "-net",      "-chardev"};

std::vector<std::string> normalise(int argc, char** argv) {
    std::vector<std::string> out;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        bool mapped = false;
        for (const char* q : kQemuStyle)
            if (a == q) {
                out.push_back("-" + a);
                mapped = true;
            }
        if (mapped) continue;
        // `-s KEY=VALUE` overrides a topology key.
        if (a == "-s" && i + 1 < argc && std::string(argv[i + 1]).find('=') != std::string::npos) {
            out.push_back("--set");
            continue;
        }
        // Bare `-s`: QEMU's shorthand for -gdb tcp::1234.
        if (a == "-s") {
            out.push_back("--gdb");
            out.push_back("tcp::1234");
            continue;
        }
        out.push_back(a);
    }
    return out;
}

// An installed vp's platforms/ (share/vp/platforms), found from the directory libvp was loaded
// from, so that an install under any prefix finds its own; nullopt in a build tree.
std::optional<std::filesystem::path> installed_platform_dir() {
    Dl_info info{};
    if (!dladdr(reinterpret_cast<void*>(&default_topology), &info) || !info.dli_fname) return std::nullopt;
    std::filesystem::path dir =
        std::filesystem::path(info.dli_fname).parent_path() / VP_PLATFORMS_FROM_LIBDIR;
    std::error_code ec;
    if (!std::filesystem::is_directory(dir, ec)) return std::nullopt;
    return dir.lexically_normal();
}

}  // namespace

std::string default_topology() {
    if (const char* dir = std::getenv("VP_PLATFORM_DIR")) return std::string(dir) + "/virt.yaml";
    std::filesystem::path local = "platforms/virt.yaml";
    if (std::filesystem::exists(local)) return local.string();
    if (auto installed = installed_platform_dir()) return (*installed / "virt.yaml").string();
    return std::string(VP_SOURCE_DIR) + "/platforms/virt.yaml";
}

std::optional<CommandLine> parse_command_line(int argc, char** argv, int& exit_code) {
    CommandLine cl;
    CLI::App app{
        "vp: an AArch64 virtual platform in SystemC/TLM-2.0.\n"
        "Boots the machine a YAML topology describes (default: platforms/virt.yaml).",
        "vp"};
    app.get_formatter()->column_width(34);
    std::vector<std::string> sets;
    std::string mem, smp, kernel, initrd, append, dtb, serial;
    bool nographic = false, snapshot = false;
    std::vector<std::string> drives, qemu_devices, netdevs, nics, nets, chardevs;
    std::string readconfig, rtc;
    std::string machine, cpu;
    app.add_option("topology", cl.topology, "topology YAML file")->option_text("TOPOLOGY.yaml");
    app.add_option("--set", sets, "-s KEY=VALUE: override any topology key (dotted path, repeatable)")
        ->option_text("KEY=VALUE");
    app.add_option("-m", mem, "size of the first memory region (e.g. 2G)")->option_text("SIZE");
    app.add_option("--smp", smp, "-smp N: number of cores")->option_text("N");
    app.add_option("--kernel", kernel, "-kernel FILE: Linux Image (raw, gzip) or ELF")->option_text("FILE");
    app.add_option("--initrd", initrd, "-initrd FILE: initial ramdisk")->option_text("FILE");
    app.add_option("--append", append, "-append TEXT: kernel command line")->option_text("TEXT");
    app.add_option("--dtb", dtb, "-dtb FILE: use this device tree instead of generating one")
        ->option_text("FILE");
    app.add_option(
           "--serial", serial,
           "-serial SPEC: first UART's backend: stdio, null, file:PATH, tcp:HOST:PORT[,server][,nowait]")
        ->option_text("SPEC");
    app.add_option("-M,--machine", machine,
                   "-M NAME: QEMU-style machine = platforms/NAME.yaml (virt is the default)")
        ->option_text("NAME");
    app.add_option("--cpu", cpu, "-cpu MODEL: the cores' model (cpus.model): " + iss::cpu_model_names())
        ->option_text("MODEL");
    app.add_option("--drive", drives,
                   "-drive file=F,format=raw,if=none|virtio[,id=ID][,readonly=on][,snapshot=on]: a disk on "
                   "the next free virtio-mmio transport (if=virtio) or for -device")
        ->option_text("OPTS");
    app.add_option("--device", qemu_devices,
                   "-device virtio-blk-device,drive=ID[,serial=S] | virtio-rng-device | virtio-net-device | "
                   "virtio-serial-device | virtconsole: a device on the next free virtio-mmio transport")
        ->option_text("DRIVER,OPTS");
    app.add_option("--netdev", netdevs,
                   "-netdev user,id=ID[,hostfwd=[tcp|udp]:[HOSTADDR]:HOSTPORT-[GUESTADDR]:GUESTPORT]...: "
                   "user-mode networking for -device virtio-net-device,netdev=ID[,mac=MAC]")
        ->option_text("OPTS");
    app.add_option("--nic", nics,
                   "-nic user[,hostfwd=...][,mac=MAC] | none: a virtio-net NIC on user networking")
        ->option_text("OPTS");
    app.add_option("--net", nets, "-net none: no network (accepted for QEMU compatibility)")
        ->option_text("none");
    app.add_option("--chardev", chardevs,
                   "-chardev stdio|null|file|socket,id=ID[,path=P][,host=H,port=P,server=on,wait=off]: a "
                   "backend for -device virtconsole,chardev=ID")
        ->option_text("OPTS");
    app.add_flag("--snapshot", snapshot, "-snapshot: every disk writes to a temporary overlay");
    app.add_option(
           "--readconfig", readconfig,
           "-readconfig FILE: QEMU's config file ([machine] kernel/initrd/append/dtb, [smp-opts] cpus, "
           "[memory] size, [drive], [device]); the command line's options come after it")
        ->option_text("FILE");
    app.add_option("--rtc", rtc,
                   "-rtc base=utc|localtime|YYYY-MM-DD[THH:MM:SS][,clock=vm][,driftfix=none]: the RTC's "
                   "start (devices.<pl031>.start)")
        ->option_text("OPTS");
    app.add_option("--shutdown-grace", cl.shutdown_grace,
                   "after SIGTERM (or Ctrl-A p) has pressed the power button, how long (wall time) the guest "
                   "has to power off before vp stops; a second SIGTERM stops it at once")
        ->option_text("TIME");
    app.add_flag("--nographic", nographic, "-nographic: accepted for QEMU compatibility (vp has no display)");
    app.add_option("-d", cl.trace_flags, "trace flags, comma-separated; -d help lists them")
        ->option_text("FLAGS");
    app.add_option(
           "--dfilter", cl.dfilter,
           "-dfilter RANGES: limit in_asm/out_asm/exec/cpu/mmu to addresses in START..END, START+SIZE, "
           "START-END (comma-separated)")
        ->option_text("RANGES");
    app.add_flag(
        "--progress", cl.progress,
        "one-line progress display on stderr (simulated time, instructions, MIPS); a line every 10 s "
        "when stderr is not a terminal");
    app.add_option("-D", cl.log_file, "write the trace log to FILE instead of stderr")->option_text("FILE");
    app.add_option("--dump-dtb", cl.dump_dtb, "write the generated device tree blob to FILE and exit")
        ->option_text("FILE");
    app.add_flag("--help-topology", cl.help_topology, "list every topology key with its type and meaning");
    app.add_flag("--dump-config", cl.dump_config, "print the effective topology (after overrides) and exit");
    app.add_flag("--list-models", cl.list_models, "list the device models a topology can name");
    app.add_option("--describe-model", cl.describe_model,
                   "describe a model's regions, interrupts and properties")
        ->option_text("NAME");
    app.add_option("--stats", cl.stats_file,
                   "write run statistics as JSON to FILE at exit; - prints a summary on stderr")
        ->option_text("FILE");
    app.add_option("--timeout", cl.timeout,
                   "end the run (exit status 3) after this much simulated time (e.g. 30s), "
                   "or wall-clock time with wall:TIME (e.g. wall:30s)")
        ->option_text("TIME");
    app.add_option("--gdb", cl.gdb,
                   "-gdb tcp:HOST:PORT: GDB remote stub (127.0.0.1 unless a host is given); "
                   "-s alone = -gdb tcp::1234")
        ->option_text("SPEC");
    app.add_flag("-S", cl.gdb_wait, "hold the cores at reset until gdb continues (implies -s without -gdb)");
    app.add_flag("--realtime", cl.realtime,
                 "throttle simulated time to wall-clock time (default: as fast as possible)");
    std::vector<std::string> checkpoint_at;
    app.add_option("--checkpoint-at", checkpoint_at,
                   "save the machine to FILE at the first quantum boundary at or after simulated TIME; "
                   "the run continues")
        ->expected(2)
        ->option_text("TIME FILE");
    app.add_option("--checkpoint-file", cl.checkpoint_file,
                   "SIGUSR1 and the console's Ctrl-A s save the machine to FILE at the next quantum "
                   "boundary (Ctrl-A s without it: vp-checkpoint-<simulated ps>ps.vpck)")
        ->option_text("FILE");
    app.add_flag("--checkpoint-stop", cl.checkpoint_stop,
                 "end the run (status 0) once --checkpoint-at or a SIGUSR1 / Ctrl-A s checkpoint has saved");
    app.add_option("--restore", cl.restore,
                   "resume the machine saved in FILE (the same topology and machine overrides)")
        ->option_text("FILE");

    std::vector<std::string> args = normalise(argc, argv);
    std::reverse(args.begin(), args.end());  // CLI11 takes the vector in reverse order
    try {
        app.parse(args);
    } catch (const CLI::ParseError& e) {
        exit_code = app.exit(e);
        return std::nullopt;
    }
    if (checkpoint_at.size() == 2) {
        cl.checkpoint_at = checkpoint_at[0];
        cl.checkpoint_at_file = checkpoint_at[1];
    }
    if (cl.checkpoint_stop && cl.checkpoint_at_file.empty() && cl.checkpoint_file.empty()) {
        std::cerr
            << "vp: error: --checkpoint-stop needs --checkpoint-at TIME FILE or --checkpoint-file FILE\n";
        exit_code = 1;
        return std::nullopt;
    }
    if (cl.trace_flags == "help") {
        cl.trace_help = true;
        cl.trace_flags.clear();
    }
    if (!machine.empty()) {
        if (!cl.topology.empty()) {
            std::cerr << "vp: error: -M " << machine << " and the topology " << cl.topology
                      << " both name the machine\n";
            exit_code = 1;
            return std::nullopt;
        }
        if (machine.find(',') != std::string::npos) {
            std::cerr << "vp: error: -M " << machine
                      << ": machine options are topology keys in vp (-s KEY=VALUE, see --help-topology)\n";
            exit_code = 1;
            return std::nullopt;
        }
        std::filesystem::path file =
            std::filesystem::path(default_topology()).parent_path() / (machine + ".yaml");
        if (!std::filesystem::exists(file)) {
            std::cerr << "vp: error: -M " << machine << ": no machine " << file.string() << "\n";
            exit_code = 1;
            return std::nullopt;
        }
        cl.topology = file.string();
    }
    if (cl.topology.empty()) cl.topology = default_topology();
    try {
        if (!readconfig.empty()) {  // QEMU's config file first: the command line overrides it
            QemuConfig qc = read_qemu_config(readconfig);
            cl.overrides.insert(cl.overrides.end(), qc.overrides.begin(), qc.overrides.end());
            drives.insert(drives.begin(), qc.drives.begin(), qc.drives.end());
            qemu_devices.insert(qemu_devices.begin(), qc.devices.begin(), qc.devices.end());
            netdevs.insert(netdevs.begin(), qc.netdevs.begin(), qc.netdevs.end());
        }
        for (const auto& s : sets) cl.overrides.push_back(parse_override(s));
        auto add = [&](const char* opt, const std::string& v) {
            if (v.empty()) return;
            for (auto& o : short_form_override(opt, v)) cl.overrides.push_back(o);
        };
        add("-m", mem);
        add("-smp", smp);
        add("-cpu", cpu);
        add("-kernel", kernel);
        add("-initrd", initrd);
        add("-append", append);
        add("-dtb", dtb);
        add("-serial", serial);
        const QemuDeviceOptions qemu{drives, qemu_devices, netdevs, nics, nets, chardevs, snapshot};
        for (auto& o : qemu_device_overrides(qemu)) cl.overrides.push_back(o);
        if (!rtc.empty())
            for (auto& o : qemu_rtc_overrides(rtc)) cl.overrides.push_back(o);
    } catch (const std::exception& e) {
        std::cerr << "vp: error: " << e.what() << "\n";
        exit_code = 1;
        return std::nullopt;
    }
    return cl;
}

}  // namespace vp
