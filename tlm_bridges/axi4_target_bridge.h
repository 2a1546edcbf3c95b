// AMBA AXI4 subordinate pins -> TLM-2.0 initiator: what an AXI4 manager block (an RTL DMA
// engine) drives its bursts into, to reach the platform's router. After ARM IHI 0022E ("AXI
// spec") part A. One write burst and one read burst at a time, independently (like a simple
// subordinate: AWREADY/ARREADY high when idle). Each beat becomes one TLM b_transport of the
// beat's bytes at its address (A3.4.1: the beat address and its byte lanes from AxADDR, AxSIZE,
// AxBURST, AxLEN), a write's WSTRB as byte enables; the burst's B carries the first non-OK
// response of its beats, each R beat its own: TLM_OK_RESPONSE -> OKAY, TLM_ADDRESS_ERROR_RESPONSE
// -> DECERR, any other error -> SLVERR (A3.4.4). BID/RID reflect AxID. The TLM calls are made
// from two SC_THREADs (write side, read side) at the rising ACLK edge that sampled the beat;
// their annotated delay is waited for before the beat's response is driven (an LT target's
// time is kept), WREADY / RVALID low meanwhile. transport_dbg and DMI are not forwarded.
#pragma once
#include <cstdint>

#include <tlm_utils/simple_initiator_socket.h>
#include <systemc>
#include <tlm>

#include "tlm_bridges/axi4_signals.h"

namespace vp {

// A3.4.1: the address of beat n (1-based) of a burst and its byte lanes [lower, upper] on a bus
// of bus_bytes lanes.
struct Axi4BeatLanes {
    uint32_t addr;
    unsigned lower, upper;
};
Axi4BeatLanes axi4_beat(uint32_t start, unsigned size, unsigned burst, unsigned beats, unsigned n,
                        unsigned bus_bytes);

template <unsigned DataBits>
class Axi4TargetBridge : public sc_core::sc_module {
public:
    static constexpr unsigned kBusBytes = DataBits / 8;
    tlm_utils::simple_initiator_socket<Axi4TargetBridge> socket{"socket"};
    sc_core::sc_in<bool> aclk{"aclk"};
    sc_core::sc_in<bool> aresetn{"aresetn"};
    VP_AXI4_PORTS(DataBits, sc_core::sc_in, sc_core::sc_out);

    explicit Axi4TargetBridge(const sc_core::sc_module_name& name);
    void bind(Axi4Signals<DataBits>& s);  // every pin except ACLK and ARESETn

private:
    struct Burst {
        unsigned id = 0, size = 0, burst = 0, beats = 0, n = 0;  // n: beats done
        uint32_t addr = 0;
        unsigned resp = 0;
    };
    static Burst latch(const auto& id, const auto& size, const auto& burst, const auto& len,
                       const auto& addr);
    void run_write();
    void run_read();
    void end_of_elaboration() override;
    // One beat through the socket; returns its xRESP. `data` holds bus_bytes lanes.
    unsigned transport(tlm::tlm_command cmd, const Burst& b, uint8_t* lanes, unsigned strb);
    void read_beat();

    enum class Phase { idle, data, resp };
    Phase w_ = Phase::idle, r_ = Phase::idle;
    Burst wb_, rb_;
};

extern template class Axi4TargetBridge<32>;
extern template class Axi4TargetBridge<64>;

}  // namespace vp
