#include "platform/platform.h"

#include "models/chardev/char_backend.h"

#include <fmt/format.h>

#include "iss/systemc/cpu_module.h"
#include "models/timer/arch_timer.h"
#include "models/timer/system_counter.h"
#include "platform/boot/dtb_file.h"
#include "platform/boot/input_file.h"
#include "core/model_registry.h"
#include "core/trace.h"
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
    : sc_core::sc_module(name), topology_(std::move(topology)), router_("router") {
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
        if (info->interrupt_controller && !interrupt_controller_) interrupt_controller_ = dev.get();
        devices_.push_back(std::move(dev));
    }
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

uint64_t Platform::counter_value(unsigned core) const {
    return counter_->count_at(cpus_[core]->local_time_now());
}

// The CPU's generic-timer system registers (ARM ARM D11.2) on this core's ArchTimer, at the
// core's own point in time (SystemC time plus its offset inside the quantum).
uint64_t Platform::timer_read(unsigned core, iss::TimerReg r) const {
    ArchTimer& t = *timers_[core];
    sc_core::sc_time now = cpus_[core]->local_time_now();
    using K = ArchTimer::Kind;
    switch (r) {
        case iss::TimerReg::CNTFRQ: return t.cntfrq();
        case iss::TimerReg::CNTPCT: return t.cntpct(now);
        case iss::TimerReg::CNTVCT: return t.cntvct(now);
        case iss::TimerReg::CNTP_CTL: return t.read_ctl(K::phys, now);
        case iss::TimerReg::CNTP_CVAL: return t.read_cval(K::phys);
        case iss::TimerReg::CNTP_TVAL: return t.read_tval(K::phys, now);
        case iss::TimerReg::CNTV_CTL: return t.read_ctl(K::virt, now);
        case iss::TimerReg::CNTV_CVAL: return t.read_cval(K::virt);
        case iss::TimerReg::CNTV_TVAL: return t.read_tval(K::virt, now);
        case iss::TimerReg::CNTKCTL: return t.read_cntkctl();
    }
    return 0;
}

void Platform::timer_write(unsigned core, iss::TimerReg r, uint64_t v) {
    ArchTimer& t = *timers_[core];
    sc_core::sc_time now = cpus_[core]->local_time_now();
    using K = ArchTimer::Kind;
    switch (r) {
        case iss::TimerReg::CNTP_CTL: t.write_ctl(K::phys, v, now); break;
        case iss::TimerReg::CNTP_CVAL: t.write_cval(K::phys, v, now); break;
        case iss::TimerReg::CNTP_TVAL: t.write_tval(K::phys, v, now); break;
        case iss::TimerReg::CNTV_CTL: t.write_ctl(K::virt, v, now); break;
        case iss::TimerReg::CNTV_CVAL: t.write_cval(K::virt, v, now); break;
        case iss::TimerReg::CNTV_TVAL: t.write_tval(K::virt, v, now); break;
        case iss::TimerReg::CNTKCTL: t.write_cntkctl(v); break;
        default: break;  // CNTFRQ is written only by the highest EL; the counters are read-only
    }
}

// The event stream (ARM ARM D11.2.3): with CNTKCTL_EL1.EVNTEN, an event each time bit EVNTI
// of CNTVCT goes 0->1 (EVNTDIR = 0) or 1->0 (EVNTDIR = 1).
sc_core::sc_time Platform::next_event_stream(unsigned core) const {
    uint64_t kctl = timers_[core]->read_cntkctl();
    if (!(kctl & (1u << 2))) return sc_core::sc_max_time();
    unsigned bit = (kctl >> 4) & 0xf;
    bool falling = (kctl >> 3) & 1;
    uint64_t now = timers_[core]->cntvct(cpus_[core]->local_time_now());
    uint64_t period = uint64_t(2) << bit, half = uint64_t(1) << bit;
    uint64_t base = now & ~(period - 1);
    uint64_t next = falling ? base + period : base + half;
    if (next <= now) next += period;
    return counter_->time_of_count(next + timers_[core]->read_cntvoff());
}

void Platform::create_cpus() {
    tlm::tlm_global_quantum::instance().set(
        sc_core::sc_time(static_cast<double>(topology_.quantum_ps), sc_core::SC_PS));
    // The system counter: a memory-mapped one from the topology, else a private one at the
    // frequency QEMU's virt machine advertises in CNTFRQ_EL0 (62.5 MHz).
    for (auto& d : devices_)
        if (auto* sc = dynamic_cast<SystemCounter*>(d.get())) counter_ = &sc->counter();
    if (!counter_) {
        own_counter_ = std::make_unique<GenericCounter>();
        counter_ = own_counter_.get();
    }
    std::vector<CpuModule*> raw;
    for (unsigned i = 0; i < topology_.cpus.count; ++i) {
        CpuModule::Params p;
        p.core_id = i;
        p.clock_hz = topology_.cpus.clock_hz;
        p.monitor = &monitor_;
        p.code_tracker = &code_tracker_;
        p.hooks.sev = [this](iss::Cpu& from) {
            for (auto& c : cpus_)
                if (&c->core() != &from) c->send_event();
        };
        p.hooks.hypercall = [this](iss::Cpu& cpu, unsigned kind, uint16_t imm) {
            return psci_->handle(cpu, kind, imm);
        };
        p.hooks.counter = [this, i] { return counter_value(i); };
        p.hooks.timer_read = [this, i](iss::Cpu&, iss::TimerReg r) { return timer_read(i, r); };
        p.hooks.timer_write = [this, i](iss::Cpu&, iss::TimerReg r, uint64_t v) { timer_write(i, r, v); };
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
        auto timer = std::make_unique<ArchTimer>(fmt::format("cpu{}_timer", i), *counter_);
        if (interrupt_controller_ && interrupt_controller_->ppi_sink(i))
            timer->bind_ppis(*interrupt_controller_->ppi_sink(i));
        timers_.push_back(std::move(timer));
        raw.push_back(cpu.get());
        cpus_.push_back(std::move(cpu));
    }
    psci_ = std::make_unique<Psci>(raw);
    monitor_.on_cleared = [this](unsigned core) {
        if (core < cpus_.size()) cpus_[core]->send_event();
    };
    for (unsigned i = 0; i < cpus_.size(); ++i)
        cpus_[i]->set_event_stream([this, i] { return next_event_stream(i); });
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

Device* Platform::stdout_device() const {
    if (!topology_.stdout_device.empty()) return device(topology_.stdout_device);
    for (auto& d : devices_)
        if (d->config().model == "pl011") return d.get();
    return nullptr;
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

}  // namespace vp
