// Base class of every device model: a SystemC module with one TLM-2.0 target socket per
// memory region it declares, interrupt outputs, and its own device-tree node.
#pragma once
#include <systemc>
#include <tlm>

#include "core/device_config.h"
#include "core/dtb_writer.h"
#include "core/error.h"
#include "core/irq.h"
#include "core/trace.h"

namespace vp {

class CharBackend;

using TargetSocket = tlm::tlm_target_socket<>;

class Device : public sc_core::sc_module {
public:
    Device(const sc_core::sc_module_name& name, const DeviceConfig& config)
        : sc_core::sc_module(name), config_(config) {
        if (config_.props.has("log") && !trace::parse_log_level(config_.props.get_string("log"), log_level_))
            throw Error("device '" + config_.name + "': log: unknown level '" +
                        config_.props.get_string("log") + "' (error, warn, info or debug)");
    }

    const DeviceConfig& config() const { return config_; }

    // The socket serving region `index` of config().regions; the router binds to it.
    virtual TargetSocket& target_socket(unsigned index) = 0;
    // Interrupt output `index` (as declared in the model's ModelInfo::irqs), or nullptr.
    virtual IrqOut* irq_output(unsigned index) {
        (void)index;
        return nullptr;
    }
    // Interrupt controllers accept device lines here (line = GIC INTID).
    virtual IrqSink* irq_sink() { return nullptr; }
    // Interrupt controllers: the IRQ (fiq = false) or FIQ output wired to core `cpu`.
    virtual IrqOut* cpu_output(unsigned cpu, bool fiq) {
        (void)cpu;
        (void)fiq;
        return nullptr;
    }
    // Interrupt controllers: where core `cpu`'s private peripherals (timers) raise PPIs.
    virtual IrqSink* ppi_sink(unsigned cpu) {
        (void)cpu;
        return nullptr;
    }
    // Serial devices: the character backend of their line (the platform watches the console's
    // output through it), or nullptr.
    virtual CharBackend* char_backend() { return nullptr; }
    // Emits this device's node(s) into the device tree.
    virtual void write_dtb(DtbWriter& dtb) const = 0;

    trace::LogLevel log_level() const { return log_level_; }

protected:
    // A message of `level` under trace flag `flag` is logged when the flag is on (-d) or the
    // device's own `log` property (-s NAME.log=LEVEL) reaches the level. See VP_DEV_LOG.
    bool log_on(const TraceFlag& flag, trace::LogLevel level) const {
        return flag.on() || level <= log_level_;
    }

    DeviceConfig config_;
    trace::LogLevel log_level_ = trace::LogLevel::error;
};

}  // namespace vp

// Inside a Device: logs under the global trace flag or the device's log level, e.g.
// VP_DEV_LOG(debug, trace::dev, "...") for register accesses, VP_DEV_LOG(warn, trace::guest_errors, ...).
#define VP_DEV_LOG(level, flag, ...)                             \
    do {                                                         \
        if (log_on((flag), ::vp::trace::LogLevel::level))        \
            ::vp::trace::write_line(::fmt::format(__VA_ARGS__)); \
    } while (0)
