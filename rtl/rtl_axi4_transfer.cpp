// RtlCycleDevice's AXI4 manager (rtl/rtl_cycle_device.h): one payload's bursts on the pins, as
// Axi4Bridge (tlm_bridges/axi4_bridge.h) drives them at rising edges.
#include <algorithm>

#include "core/trace.h"
#include "rtl/rtl_cycle_device.h"
#include "tlm_bridges/axi4_bridge.h"
#include "tlm_bridges/axi4_burst.h"

namespace vp {

namespace {
// One payload is in flight at a time: the lowest ID, as Axi4Bridge gives a payload alone.
constexpr unsigned kId = 0;
constexpr unsigned kMaxIdleCycles = 1u << 20;  // no handshake for this long: the payload fails
constexpr const char* kBurstName[] = {"FIXED", "INCR", "WRAP", "reserved"};

struct AddrPins {
    const RtlPin &valid, &ready, &id, &addr, &len, &size, &burst, &cache, &prot;
};
}  // namespace

// From between two edges to after the edge of the last burst's response (ARM IHI 0022E A3.2-A3.4,
// A5): each channel's VALID high from one edge until the edge that samples READY high, the next
// burst's address (and write data, in address order) following on the same edge; BREADY, RREADY
// high. A B or R for another ID, or before its burst's address (and data), is ignored.
tlm::tlm_response_status RtlCycleDevice::axi4_transfer(tlm::tlm_generic_payload& gp,
                                                       const std::vector<Axi4BurstPlan>& plans) {
    const RtlAxi4Pins& a = block_->pins.axi4;
    const bool write = gp.is_write();
    const AddrPins ap = write ? AddrPins{a.awvalid, a.awready, a.awid,    a.awaddr, a.awlen,
                                         a.awsize,  a.awburst, a.awcache, a.awprot}
                              : AddrPins{a.arvalid, a.arready, a.arid,    a.araddr, a.arlen,
                                         a.arsize,  a.arburst, a.arcache, a.arprot};
    unsigned char* data = gp.get_data_ptr();
    size_t addr_next = 0;              // bursts before it had their address handshake
    size_t w_burst = 0, w_beat = 0;    // the next write beat
    size_t responded = 0, r_beat = 0;  // bursts with their whole response; R beats of the next
    bool addr_busy = false, w_busy = false;
    tlm::tlm_response_status status = tlm::TLM_OK_RESPONSE;

    const auto drive = [&] {
        addr_busy = addr_next < plans.size();
        ap.valid.set(addr_busy);
        if (addr_busy) {
            const Axi4BurstPlan& p = plans[addr_next];
            ap.id.set(kId);
            ap.addr.set(p.addr);
            ap.len.set(p.beats.size() - 1);
            ap.size.set(p.size);
            ap.burst.set(p.burst);
            ap.cache.set(0);
            ap.prot.set(0);
        }
        w_busy = write && w_burst < plans.size();
        if (write) a.wvalid.set(w_busy);
        if (w_busy) {
            const Axi4Beat& beat = plans[w_burst].beats[w_beat];
            uint64_t word = 0;
            for (unsigned lane = 0; lane < kAxi4BusBytes; ++lane)
                if (beat.strb & (1u << lane)) word |= uint64_t{data[beat.index[lane]]} << (8 * lane);
            a.wdata.set(word);
            a.wstrb.set(beat.strb);
            a.wlast.set(w_beat + 1 == plans[w_burst].beats.size());
        }
        a.bready.set(1);
        a.rready.set(1);
        block_->eval();
    };
    const auto response = [&](unsigned resp) {
        const tlm::tlm_response_status st = Axi4Bridge<64>::response_for(resp);
        if (st != tlm::TLM_OK_RESPONSE && status == tlm::TLM_OK_RESPONSE) status = st;
        return st == tlm::TLM_OK_RESPONSE;
    };

    drive();
    for (unsigned idle = 0; responded < plans.size(); ++idle) {
        if (idle > kMaxIdleCycles) {
            ap.valid.set(0);
            a.wvalid.set(0);
            block_->eval();
            return tlm::TLM_GENERIC_ERROR_RESPONSE;
        }
        const bool addr_hs = addr_busy && ap.ready.get(), w_hs = w_busy && a.wready.get();
        const bool b_hs = write && a.bvalid.get(), r_hs = !write && a.rvalid.get();
        const auto bid = static_cast<unsigned>(a.bid.get()), bresp = static_cast<unsigned>(a.bresp.get());
        const auto rid = static_cast<unsigned>(a.rid.get()), rresp = static_cast<unsigned>(a.rresp.get());
        const bool rlast = a.rlast.get();
        const uint64_t rdata = a.rdata.get();
        cycle();
        if (addr_hs || w_hs || b_hs || r_hs) idle = 0;
        if (addr_hs) {
            const Axi4BurstPlan& p = plans[addr_next++];
            VP_TRACE(trace::tlm, "axi4 '{}': {} id {} {:#x} len {} size {} {}", name(), write ? "AW" : "AR",
                     kId, p.addr, p.beats.size() - 1, p.size, kBurstName[p.burst]);
        }
        if (w_hs && ++w_beat == plans[w_burst].beats.size()) {
            ++w_burst;
            w_beat = 0;
        }
        const auto done = [&](const char* channel, unsigned resp) {
            const Axi4BurstPlan& p = plans[responded++];
            VP_TRACE(trace::tlm, "axi4 '{}': {} id {} {:#x} {} beats resp {}", name(), channel, kId, p.addr,
                     p.beats.size(), resp);
        };
        if (b_hs && bid == kId && responded < std::min(addr_next, w_burst)) {
            response(bresp);
            done("B", bresp);
        }
        if (r_hs && rid == kId && responded < addr_next) {
            const std::vector<Axi4Beat>& beats = plans[responded].beats;
            if (response(rresp) && r_beat < beats.size())
                for (unsigned lane = 0; lane < kAxi4BusBytes; ++lane)
                    if (beats[r_beat].strb & (1u << lane))
                        data[beats[r_beat].index[lane]] = static_cast<unsigned char>(rdata >> (8 * lane));
            ++r_beat;
            if (rlast) {
                done("R", rresp);
                r_beat = 0;
            }
        }
        drive();
    }
    return status;
}

}  // namespace vp
