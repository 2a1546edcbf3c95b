// The vp APB timer as a loosely-timed C++ model (registered as `apb_timer`): the register map
// and behaviour of models/rtl/apb_timer_regs.h without pins, so that a platform swaps it for the
// Verilated RTL (`rtl.apb_timer`) by changing `model:` only.
//
// Timing: clock edges are at the multiples of the clock period from time 0 (as the RTL
// model's sc_clock). An access at time t = sc_time_stamp() + delay takes effect at the first
// edge at or after t: a read returns the registers as they were just before that edge (what
// APB samples at the edge ending the access), a write applies at that edge. Counting is
// evaluated lazily from the edge count; an event updates the irq output at the edges where it
// changes. The annotated delay is not increased (zero-latency registers).
// Accesses are 1 to 4 bytes within one 32-bit word (else TLM_BURST_ERROR_RESPONSE), within the
// 4 KiB region (else TLM_ADDRESS_ERROR_RESPONSE); byte enables are honoured. transport_dbg reads
// the registers as of now without advancing the timer, and writes not at all; DMI is refused.
#pragma once
#include <cstdint>
#include <vector>

#include <tlm_utils/simple_target_socket.h>

#include "core/device.h"
#include "core/properties.h"
#include "core/register_bank.h"
#include "core/state_stream.h"
#include "models/rtl/apb_timer_regs.h"

namespace vp {

class ApbTimerModel : public Device {
public:
    tlm_utils::simple_target_socket<ApbTimerModel> socket{"socket"};
    IrqOut irq;

    ApbTimerModel(const sc_core::sc_module_name& name, const DeviceConfig& config);
    static const std::vector<PropertySpec>& properties();  // shared with rtl.apb_timer

    TargetSocket& target_socket(unsigned index) override;
    IrqOut* irq_output(unsigned index) override { return index == 0 ? &irq : nullptr; }
    void write_dtb(DtbWriter& dtb) const override;

    sc_core::sc_time clock_period() const { return period_; }

    // LOAD, VALUE, CTRL, RIS, the last edge counted, the irq level and the pending irq
    // re-evaluation (an absolute time), which load_state re-arms.
    void save_state(StateWriter& out) const override;
    void load_state(StateReader& in) override;

private:
    struct State {
        uint32_t load = 0, value = 0, ctrl = 0;
        bool ris = false;
        uint64_t edge = 0;  // the last clock edge whose counter step is included
        void advance_to(uint64_t edge);
        bool irq() const { return ris && (ctrl & apb_timer::CTRL_INTEN); }
    };
    std::vector<Register> registers();
    void catch_up(const tlm::tlm_generic_payload& gp, sc_core::sc_time now);  // before each access

    void b_transport(tlm::tlm_generic_payload& gp, sc_core::sc_time& delay);
    unsigned transport_dbg(tlm::tlm_generic_payload& gp);
    uint64_t edge_at_or_after(const sc_core::sc_time& t) const;
    void update_irq();  // SC_METHOD: drives irq for the current time, schedules the next change
    void notify_irq_in(sc_core::sc_time delay);  // irq_event_.notify, keeping irq_at_

    sc_core::sc_time period_;
    State state_;
    sc_core::sc_event irq_event_;
    sc_core::sc_time irq_at_ = sc_core::sc_max_time();  // irq_event_'s pending time; max: none
    RegisterBank regs_;
};

}  // namespace vp
