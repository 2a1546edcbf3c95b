#include "tlm_bridges/axi4_target_bridge.h"

#include <array>

#include "core/trace.h"

namespace vp {

Axi4BeatLanes axi4_beat(uint32_t start, unsigned size, unsigned burst, unsigned beats, unsigned n,
                        unsigned bus_bytes) {
    const uint64_t bytes = uint64_t{1} << size, aligned = start / bytes * bytes;
    uint64_t addr = (burst == AXI4_FIXED || n == 1) ? start : aligned + (n - 1) * bytes;
    if (burst == AXI4_WRAP) {
        const uint64_t window = bytes * beats, boundary = start / window * window;
        if (addr >= boundary + window) addr -= window;
    }
    const uint64_t word = addr / bus_bytes * bus_bytes;
    const unsigned lower = static_cast<unsigned>(addr - word);
    // The first beat (and every FIXED one) ends at its aligned container's end.
    const unsigned upper = static_cast<unsigned>(addr / bytes * bytes + bytes - 1 - word);
    return {static_cast<uint32_t>(addr), lower, upper};
}

// The burst an address handshake carries (AWID.. or ARID..).
template <unsigned DataBits>
typename Axi4TargetBridge<DataBits>::Burst Axi4TargetBridge<DataBits>::latch(const auto& id, const auto& size,
                                                                             const auto& burst,
                                                                             const auto& len,
                                                                             const auto& addr) {
    return Burst{unsigned(id.read()),
                 unsigned(size.read()),
                 unsigned(burst.read()),
                 unsigned(len.read()) + 1,
                 0,
                 uint32_t(addr.read()),
                 AXI_OKAY};
}

template <unsigned DataBits>
Axi4TargetBridge<DataBits>::Axi4TargetBridge(const sc_core::sc_module_name& name) : sc_core::sc_module(name) {
    SC_HAS_PROCESS(Axi4TargetBridge);
    SC_THREAD(run_write);
    SC_THREAD(run_read);
}

template <unsigned DataBits>
void Axi4TargetBridge<DataBits>::bind(Axi4Signals<DataBits>& s) {
    bind_axi4_ports(*this, s);
}

template <unsigned DataBits>
void Axi4TargetBridge<DataBits>::end_of_elaboration() {
    // A subordinate drives BVALID and RVALID low during reset (A3.1.2).
    for (auto* p : {&awready, &wready, &bvalid, &arready, &rvalid, &rlast}) p->initialize(false);
    bid.initialize(0);
    bresp.initialize(0);
    rid.initialize(0);
    rdata.initialize(0);
    rresp.initialize(0);
}

template <unsigned DataBits>
unsigned Axi4TargetBridge<DataBits>::transport(tlm::tlm_command cmd, const Burst& b, uint8_t* lanes,
                                               unsigned strb) {
    const Axi4BeatLanes beat = axi4_beat(b.addr, b.size, b.burst, b.beats, b.n + 1, kBusBytes);
    const unsigned len = beat.upper - beat.lower + 1;
    std::array<uint8_t, 8> be{};
    for (unsigned i = 0; i < len; ++i)
        be[i] = (strb >> (beat.lower + i)) & 1 ? TLM_BYTE_ENABLED : TLM_BYTE_DISABLED;
    tlm::tlm_generic_payload gp;
    gp.set_command(cmd);
    gp.set_address(beat.addr / kBusBytes * kBusBytes + beat.lower);
    gp.set_data_ptr(lanes + beat.lower);
    gp.set_data_length(len);
    gp.set_streaming_width(len);
    if (cmd == tlm::TLM_WRITE_COMMAND) {
        gp.set_byte_enable_ptr(be.data());
        gp.set_byte_enable_length(len);
    }
    gp.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
    sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
    socket->b_transport(gp, delay);
    if (delay != sc_core::SC_ZERO_TIME) wait(delay);
    VP_TRACE(trace::tlm, "axi4 target '{}': {} id {} beat {} {:#x} size {} -> {}", name(),
             cmd == tlm::TLM_WRITE_COMMAND ? "W" : "R", b.id, b.n + 1, gp.get_address(), len,
             gp.get_response_string());
    switch (gp.get_response_status()) {
        case tlm::TLM_OK_RESPONSE: return AXI_OKAY;
        case tlm::TLM_ADDRESS_ERROR_RESPONSE: return AXI_DECERR;
        default: return AXI_SLVERR;
    }
}

template <unsigned DataBits>
void Axi4TargetBridge<DataBits>::read_beat() {
    rvalid.write(false);  // the previous beat is taken; this one is not ready until the TLM call ends
    std::array<uint8_t, 8> lanes{};
    const unsigned resp = transport(tlm::TLM_READ_COMMAND, rb_, lanes.data(), (1u << kBusBytes) - 1);
    uint64_t word = 0;
    for (unsigned i = 0; i < kBusBytes; ++i) word |= uint64_t{lanes[i]} << (8 * i);
    rvalid.write(true);
    rid.write(rb_.id);
    rdata.write(word);
    rresp.write(resp);
    rlast.write(rb_.n + 1 == rb_.beats);
}

// Write: AW, then W beats until WLAST, then B. Each input is taken as the edge sampled it, before
// a TLM call that may wait past later edges (WREADY is low meanwhile).
template <unsigned DataBits>
void Axi4TargetBridge<DataBits>::run_write() {
    for (;;) {
        wait(aclk.posedge_event());
        if (!aresetn.read()) {
            for (auto* p : {&awready, &wready, &bvalid}) p->write(false);
            w_ = Phase::idle;
            continue;
        }
        if (w_ == Phase::idle) {
            if (awvalid.read() && awready.read()) {
                wb_ = latch(awid, awsize, awburst, awlen, awaddr);
                awready.write(false);
                wready.write(true);
                w_ = Phase::data;
            } else {
                awready.write(true);
            }
        } else if (w_ == Phase::data && wvalid.read() && wready.read()) {
            const bool last = wlast.read();
            const uint64_t word = uint64_t(wdata.read());
            const unsigned strb = unsigned(wstrb.read());
            wready.write(false);
            std::array<uint8_t, 8> lanes{};
            for (unsigned i = 0; i < kBusBytes; ++i) lanes[i] = static_cast<uint8_t>(word >> (8 * i));
            const unsigned resp = transport(tlm::TLM_WRITE_COMMAND, wb_, lanes.data(), strb);
            if (wb_.resp == AXI_OKAY) wb_.resp = resp;
            ++wb_.n;
            if (last) {
                bvalid.write(true);
                bid.write(wb_.id);
                bresp.write(wb_.resp);
                w_ = Phase::resp;
            } else {
                wready.write(true);
            }
        } else if (w_ == Phase::resp && bvalid.read() && bready.read()) {
            bvalid.write(false);
            awready.write(true);
            w_ = Phase::idle;
        }
    }
}

// Read: AR, then R beats until the last (RVALID low while a beat's TLM call takes its time).
template <unsigned DataBits>
void Axi4TargetBridge<DataBits>::run_read() {
    for (;;) {
        wait(aclk.posedge_event());
        if (!aresetn.read()) {
            for (auto* p : {&arready, &rvalid}) p->write(false);
            r_ = Phase::idle;
            continue;
        }
        if (r_ == Phase::idle) {
            if (arvalid.read() && arready.read()) {
                rb_ = latch(arid, arsize, arburst, arlen, araddr);
                arready.write(false);
                read_beat();
                r_ = Phase::data;
            } else {
                arready.write(true);
            }
        } else if (rvalid.read() && rready.read()) {
            if (++rb_.n == rb_.beats) {
                rvalid.write(false);
                rlast.write(false);
                arready.write(true);
                r_ = Phase::idle;
            } else {
                read_beat();
            }
        }
    }
}

template class Axi4TargetBridge<32>;
template class Axi4TargetBridge<64>;

}  // namespace vp
