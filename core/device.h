// Base class of every device model: a SystemC module with one TLM-2.0 target socket per
// memory region it declares, interrupt outputs, and its own device-tree node.
#pragma once
#include <cstdint>
#include <functional>
#include <vector>

#include <systemc>
#include <tlm>

#include "core/device_config.h"
#include "core/dtb_writer.h"
#include "core/error.h"
#include "core/gpio.h"
#include "core/irq.h"
#include "core/power_button.h"
#include "core/state_stream.h"
#include "core/trace.h"

namespace vp {

class CharBackend;

using TargetSocket = tlm::tlm_target_socket<>;

// The system counter role (Arm ARM I2.1): the count every core's generic timer reads, as a
// function of SystemC time.
class CountSource {
public:
    virtual ~CountSource() = default;
    virtual uint64_t frequency() const = 0;  // Hz
    virtual uint64_t count_at(sc_core::sc_time t) const = 0;
    // The earliest time at which the count is >= `count`; sc_core::sc_max_time() means never.
    virtual sc_core::sc_time time_of_count(uint64_t count) const = 0;
    // `fn` is called with the time of every change of rate or value (enable, halt, write), so that
    // comparators reschedule. Returns an id for remove_listener.
    using Listener = std::function<void(sc_core::sc_time now)>;
    virtual unsigned add_listener(Listener fn) = 0;
    virtual void remove_listener(unsigned id) = 0;
};

// A 32-bit register write at an offset into a device's first region.
struct RegisterWrite {
    uint32_t offset;
    uint32_t value;
};

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
    // Bus masters (DMA): the initiator socket the platform binds to the router, or nullptr.
    virtual tlm::tlm_initiator_socket<>* initiator_socket() { return nullptr; }
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
    // Console (Role::console): what firmware writes before it hands over to the kernel, so that an
    // early console can print (e.g. a UART's enable bits); the boot stub performs these stores.
    virtual std::vector<RegisterWrite> console_setup() const { return {}; }
    // System counter (Role::system_counter): the count it provides.
    virtual CountSource* system_counter() { return nullptr; }
    // GPIO blocks: their pins (core/gpio.h), or nullptr.
    virtual GpioPins* gpio_pins() { return nullptr; }
    // Power buttons (Role::power_button): what the platform presses, or nullptr.
    virtual PowerButton* power_button() { return nullptr; }
    // A device that names another one (a GPIO key its GPIO block) finds it here, once every
    // device of the topology exists; `find` returns nullptr for an unknown name.
    using DeviceFinder = std::function<Device*(const std::string& name)>;
    virtual void connect(const DeviceFinder& find) { (void)find; }
    // Checkpoints (a model whose ModelInfo::checkpoint is `saved`): its state, read back in the
    // order it was written, pending events as absolute simulated times. load_state runs at the
    // checkpoint's simulated time on a device built from the same topology (docs/ARCHITECTURE.md,
    // Checkpoints) and re-arms those events.
    virtual void save_state(StateWriter& out) const { (void)out; }
    virtual void load_state(StateReader& in) { (void)in; }
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
