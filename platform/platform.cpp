#include "platform/platform.h"

#include "models/chardev/char_backend.h"

#include <fmt/format.h>

#include "core/model_registry.h"
#include "core/trace.h"
#include "iss/systemc/cpu_module.h"
#include "models/timer/arch_timer.h"
#include "models/timer/system_counter.h"
#include "platform/boot/dtb_file.h"
#include "platform/boot/input_file.h"
#include "platform/checkpoint_request.h"
#include "platform/cpu_trace.h"
#include "platform/dtb/dtb_generator.h"
#include "platform/psci.h"
#include "tlm_bridges/tlm_lt_checker.h"

namespace vp {

namespace {

// Properties that follow the machine unless the topology sets them.
void inherit_machine_properties(const Topology& topo, const ModelInfo& info, DeviceConfig& cfg) {
    if (info.find_prop("num_cpus") && cfg.props.at("num_cpus").loc.file == "<default>")
        cfg.props.set("num_cpus", {std::to_string(topo.cpus.count), topo.cpus.loc, PropType::integer});
}

}  // namespace

Platform::Platform(const sc_core::sc_module_name& name, Topology topology)
    : sc_core::sc_module(name),
      topology_(std::move(topology)),
      router_("router"),
      monitor_(std::make_unique<iss::ExclusiveMonitor>()),
      code_tracker_(std::make_unique<iss::CodeTracker>()) {
    for (const DeviceConfig& original : topology_.devices) {
        const ModelInfo* info = ModelRegistry::instance().find(original.model);
        if (!info) throw ConfigError(original.loc, original.name, "unknown model '" + original.model + "'");
        DeviceConfig cfg = original;
        inherit_machine_properties(topology_, *info, cfg);
        std::unique_ptr<Device> dev = info->create(cfg.name.c_str(), cfg);
        for (unsigned i = 0; i < cfg.regions.size(); ++i) {
            const RegionConfig& r = cfg.regions[i];
            sc_core::sc_time rl, wl;
            if (info->router_latency) {
                rl = sc_core::sc_time(static_cast<double>(cfg.props.get_time_ps("read_latency")),
                                      sc_core::SC_PS);
                wl = sc_core::sc_time(static_cast<double>(cfg.props.get_time_ps("write_latency")),
                                      sc_core::SC_PS);
            }
            router_.map(r.base, r.size, checked_socket(dev->target_socket(i), cfg.name, r.name),
                        cfg.name + "." + r.name, rl, wl);
        }
        if (tlm::tlm_initiator_socket<>* master = dev->initiator_socket()) master->bind(router_.targ);
        if (info->has(Role::interrupt_controller) && !interrupt_controller_)
            interrupt_controller_ = dev.get();
        if (info->has(Role::system_counter) && !counter_) {
            counter_ = dev->system_counter();
            if (!counter_)
                throw Error(
                    "device '" + cfg.name + "': model '" + info->name +
                    "' declares the system_counter role but gives no counter (Device::system_counter)");
        }
        devices_.push_back(std::move(dev));
        models_.push_back(info);
    }
    for (auto& dev : devices_) dev->connect([this](const std::string& name) { return device(name); });
    wire_interrupts();
    create_cpus();
    if (Device* console = stdout_device())
        if (CharBackend* line = console->char_backend())
            line->add_output_observer(
                [this](const uint8_t* data, size_t len) { console_watch_.feed(data, len); });
}

Platform::~Platform() = default;

tlm::tlm_target_socket<>& Platform::checked_socket(tlm::tlm_target_socket<>& target,
                                                   const std::string& device, const std::string& region) {
#ifdef NDEBUG
    (void)device;
    (void)region;
    return target;
#else
    // Debug builds check the TLM-2.0 base protocol on every router port (IEEE 1666 clause 14).
    auto checker = std::make_unique<TlmLtChecker>(fmt::format("check_{}_{}", device, region).c_str());
    checker->initiator.bind(target);
    checkers_.push_back(std::move(checker));
    return checkers_.back()->target;
#endif
}

void Platform::create_cpus() {
    tlm::tlm_global_quantum::instance().set(
        sc_core::sc_time(static_cast<double>(topology_.quantum_ps), sc_core::SC_PS));
    // The system counter: the topology's (found with the devices), else a private one at the
    // frequency QEMU's virt machine advertises in CNTFRQ_EL0 (62.5 MHz).
    if (!counter_) {
        own_counter_ = std::make_unique<GenericCounter>();
        counter_ = own_counter_.get();
    }
    const iss::CpuModel& model = cpu_model(topology_.cpus);
    std::vector<CpuModule*> raw;
    if (topology_.cpus.count > 1) core_turns_ = std::make_unique<CoreTurns>(topology_.cpus.count);
    for (unsigned i = 0; i < topology_.cpus.count; ++i) {
        // The core's generic timer, at the core's own point in time (SystemC time plus its offset
        // inside the quantum); its PPIs go to the interrupt controller.
        auto timer = std::make_unique<ArchTimer>(fmt::format("cpu{}_timer", i), *counter_,
                                                 [this, i] { return cpus_[i]->local_time_now(); });
        if (interrupt_controller_ && interrupt_controller_->ppi_sink(i))
            timer->bind_ppis(*interrupt_controller_->ppi_sink(i));
        CpuModule::Params p;
        p.core_id = i;
        p.model = &model;
        p.timer = timer.get();
        p.clock_hz = topology_.cpus.clock_hz;
        p.exception_cycles = topology_.cpus.exception_cycles;
        p.engine =
            topology_.cpus.engine == "jit" ? iss::CpuConfig::Engine::jit : iss::CpuConfig::Engine::interp;
        p.monitor = monitor_.get();
        p.code_tracker = code_tracker_.get();
        p.turns = core_turns_.get();
        p.hooks.sev = [this](iss::Cpu& from) {
            for (auto& c : cpus_)
                if (&c->core() != &from) c->send_event();
        };
        p.hooks.hypercall = [this](iss::Cpu& cpu, unsigned kind, uint16_t imm) {
            return psci_->handle(cpu, kind, imm);
        };
        p.hooks.unimp = [](const std::string& msg) { VP_TRACE(trace::unimp, "{}", msg); };
        install_cpu_trace_hooks(p.hooks);
        auto cpu = std::make_unique<CpuModule>(fmt::format("cpu{}", i).c_str(), p);
        cpu->socket.bind(router_.targ);
        if (interrupt_controller_) {
            if (IrqOut* irq = interrupt_controller_->cpu_output(i, false))
                irq->bind(*cpu, CpuModule::irq_line);
            if (IrqOut* fiq = interrupt_controller_->cpu_output(i, true))
                fiq->bind(*cpu, CpuModule::fiq_line);
        }
        timers_.push_back(std::move(timer));
        raw.push_back(cpu.get());
        cpus_.push_back(std::move(cpu));
    }
    psci_ = std::make_unique<Psci>(raw);
    monitor_->on_cleared = [this](unsigned core) {
        if (core < cpus_.size()) cpus_[core]->send_event();
    };
    for (unsigned i = 0; i < cpus_.size(); ++i)
        cpus_[i]->set_event_stream([t = timers_[i].get()] { return t->next_event_stream(); });
}

BootPlan Platform::load_guest() {
    BootPlan plan = vp::load_guest(*this);
    if (cpus_.empty()) return plan;
    // Without a guest there is nothing for a core to run: all cores stay powered off.
    cpus_[0]->set_initially_powered(plan.has_kernel);
    cpus_[0]->set_reset_pc(plan.reset_pc);
    return plan;
}

void Platform::wire_interrupts() {
    for (auto& dev : devices_) {
        const DeviceConfig& cfg = dev->config();
        for (unsigned i = 0; i < cfg.interrupts.size(); ++i) {
            IrqOut* out = dev->irq_output(i);
            if (!out) continue;
            if (!interrupt_controller_ || !interrupt_controller_->irq_sink())
                throw ConfigError(cfg.loc, cfg.name + ".interrupts",
                                  "the topology has no interrupt controller to take this line");
            out->bind(*interrupt_controller_->irq_sink(), cfg.interrupts[i]);
        }
    }
}

Device* Platform::device(const std::string& name) const {
    for (auto& d : devices_)
        if (d->config().name == name) return d.get();
    return nullptr;
}

std::vector<Device*> Platform::devices_with(Role role) const {
    std::vector<Device*> out;
    for (size_t i = 0; i < devices_.size(); ++i)
        if (models_[i]->has(role)) out.push_back(devices_[i].get());
    return out;
}

Device* Platform::stdout_device() const {
    if (!topology_.stdout_device.empty()) return device(topology_.stdout_device);
    auto consoles = devices_with(Role::console);
    return consoles.empty() ? nullptr : consoles.front();
}

std::vector<uint8_t> Platform::dtb(const std::string& bootargs, uint64_t initrd_start,
                                   uint64_t initrd_end) const {
    std::vector<uint8_t> base;
    const BootConfig& boot = topology_.boot;
    if (!boot.dtb.empty()) {
        try {
            auto file = boot::InputFile::open(boot.dtb, boot::kMaxDtbBytes, "the 2 MiB booting.rst allows");
            base = boot::checked_dtb(file.bytes(), boot.dtb);
        } catch (const ConfigError&) {
            throw;
        } catch (const Error& e) {
            throw ConfigError(boot.dtb_loc.file.empty() ? boot.loc : boot.dtb_loc, "boot.dtb", e.what());
        }
    } else {
        std::vector<const Device*> devs;
        for (auto& d : devices_) devs.push_back(d.get());
        base = generate_dtb(topology_, devs);
    }
    return finalize_dtb(base, DtbChosen{bootargs, initrd_start, initrd_end}, stdout_device());
}

void Platform::request_checkpoint(const std::string& path, AfterCheckpoint then) {
    vp::request_checkpoint(path, then);
}

void Platform::run(const sc_core::sc_time& duration) {
    if (duration == sc_core::SC_ZERO_TIME)
        run_machine(*this);
    else
        run_machine(*this, sc_core::sc_time_stamp() + duration);
}

}  // namespace vp
