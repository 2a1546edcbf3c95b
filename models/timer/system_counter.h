// Arm Generic Timer system counter (Arm ARM DDI 0487, chapter I2 "System Level Implementation
// of the Generic Timer").
//
// vp::GenericCounter is the counting itself, a plain class every core's vp::ArchTimer reads:
// the count is derived from SystemC time, count(t) = origin_count + floor((t - origin) * f),
// and halting, enabling or writing the count only move the origin, so the counter is exact,
// deterministic and never polled. A machine without a memory-mapped counter still has one.
//
// vp::SystemCounter (model "generic_counter") exposes a GenericCounter through the
// memory-mapped CNTControlBase frame (region "control", I2.3) and CNTReadBase frame
// (region "read", I2.4).
#pragma once
#include <tlm_utils/simple_target_socket.h>

#include <cstdint>
#include <functional>
#include <vector>

#include "core/device.h"
#include "core/properties.h"
#include "core/register_bank.h"

namespace vp {

class GenericCounter : public CountSource {
public:
    static constexpr uint64_t kDefaultFrequency = 62'500'000;  // Hz, as QEMU's virt machine

    explicit GenericCounter(uint64_t frequency_hz = kDefaultFrequency, bool enabled = true);

    uint64_t frequency() const override { return freq_; }
    bool enabled() const { return enabled_; }
    // The count at SystemC time t (t >= the last change).
    uint64_t count_at(sc_core::sc_time t) const override;
    // The earliest SystemC time at which the count is >= `count`; sc_core::sc_max_time() means
    // never (halted below `count`). A count already reached gives the time of the last change.
    sc_core::sc_time time_of_count(uint64_t count) const override;

    void set_enabled(bool on, sc_core::sc_time now);   // CNTCR.EN
    void write(uint64_t count, sc_core::sc_time now);  // CNTCV

    // Called with the time of every enable, halt or write, so comparators reschedule.
    unsigned add_listener(Listener fn) override;
    void remove_listener(unsigned id) override;

    // Checkpoints: the enable and the count's origin. Loading tells the listeners, so that the
    // comparators counting on it reschedule.
    void save(StateWriter& out) const;
    void load(StateReader& in, sc_core::sc_time now);

private:
    void changed(sc_core::sc_time now);

    uint64_t freq_;
    bool enabled_;
    uint64_t origin_count_ = 0;
    uint64_t origin_ps_ = 0;  // enabled: counting from here; halted: time of the halt
    std::vector<Listener> listeners_;
};

// CNTControlBase (I2.3.2, Table I2-1) and CNTReadBase (I2.4) register offsets.
namespace cntctl {
constexpr uint32_t CNTCR = 0x000;         // Counter Control: EN [0], HDBG [1], FCREQ [17:8]
constexpr uint32_t CNTSR = 0x004;         // Counter Status: DBGH [1], FCACK [31:8]
constexpr uint32_t CNTCV = 0x008;         // Counter Count Value, 64 bits (two 32-bit halves)
constexpr uint32_t CNTFID0 = 0x020;       // Frequency modes table entry 0: the base frequency
constexpr uint32_t CNTFID1 = 0x024;       // entry 1: 0 marks the end of the table
constexpr uint32_t CNTCR_EN = 1u << 0;    // counter enabled
constexpr uint32_t CNTCR_HDBG = 1u << 1;  // halt on debug (no debug halt is modelled)
}  // namespace cntctl
namespace cntread {
constexpr uint32_t CNTCV = 0x000;
}  // namespace cntread

class SystemCounter : public Device {
public:
    SystemCounter(const sc_core::sc_module_name& name, const DeviceConfig& config);

    TargetSocket& target_socket(unsigned index) override;
    void write_dtb(DtbWriter& dtb) const override;
    void save_state(StateWriter& out) const override;
    void load_state(StateReader& in) override;
    static const std::vector<PropertySpec>& property_specs();

    GenericCounter& counter() { return counter_; }
    CountSource* system_counter() override { return &counter_; }
    uint64_t count_at(sc_core::sc_time t) const { return counter_.count_at(t); }
    sc_core::sc_time time_of_count(uint64_t count) const { return counter_.time_of_count(count); }

private:
    std::vector<Register> control_registers();
    std::vector<Register> read_registers();
    uint64_t read_count(const RegAccess& a) const { return counter_.count_at(a.now); }
    void write_count(const RegAccess& a, uint64_t value);

    tlm_utils::simple_target_socket<RegisterBank> control_socket_{"control_socket"};
    tlm_utils::simple_target_socket<RegisterBank> read_socket_{"read_socket"};
    GenericCounter counter_;
    uint32_t cntcr_ = 0;
    RegisterBank control_regs_;  // CNTControlBase
    RegisterBank read_regs_;     // CNTReadBase
};

}  // namespace vp
