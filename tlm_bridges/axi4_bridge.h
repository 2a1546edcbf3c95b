// TLM-2.0 target -> AMBA AXI4 manager bridge with bursts, IDs and several outstanding
// transactions, DataBits (32 or 64) of data, after the AMBA AXI and ACE Protocol Specification,
// ARM IHI 0022E ("AXI spec"): A3.2 handshakes, A3.3 channel relationships, A3.4 bursts, A5
// transaction identifiers, A3.4.4 responses.
//
// b_transport drives pins and WAITS: call it from SC_THREADs, as many as you like at once. It
// syncs the annotated delay (wait(delay), delay = 0), turns the payload into bursts
// (tlm_bridges/axi4_burst.h: INCR, FIXED from a streaming width, WRAP from Axi4WrapExtension),
// takes the lowest transaction ID no other payload in flight holds (waiting if all 2^kAxi4IdBits
// are taken), queues the bursts and returns when every one has its response. All of one
// payload's bursts carry its ID, so their responses come in order (A5.1); different payloads
// have different IDs, and their responses are matched by BID/RID in whatever order they come.
// The pins, driven at rising ACLK edges by one process: each channel's VALID stays high from
// the edge it is raised until the edge that samples READY high, the next queued item following
// on the same edge; write data go in address order (AXI4 has no write interleaving, A5.3);
// BREADY and RREADY are high out of reset. During reset (ARESETn low) every VALID is low
// (A3.1.2) and b_transport waits for its release.
// Responses: a payload gets the first non-OKAY response of its beats, SLVERR ->
// TLM_GENERIC_ERROR_RESPONSE, DECERR -> TLM_ADDRESS_ERROR_RESPONSE; EXOKAY counts as OKAY
// (AxLOCK is 0). A read copies only beats answered OKAY. A B or R for no outstanding ID is
// ignored (logged under -d tlm; the Axi4Checker reports it).
// -d tlm logs each burst's address handshake and its response. transport_dbg returns 0 (no
// pin-level debug access); DMI is refused.
#pragma once
#include <cstdint>
#include <deque>
#include <list>
#include <memory>
#include <vector>

#include <tlm_utils/simple_target_socket.h>
#include <systemc>
#include <tlm>

#include "tlm_bridges/axi4_burst.h"
#include "tlm_bridges/axi4_signals.h"

namespace vp {

template <unsigned DataBits>
class Axi4Bridge : public sc_core::sc_module {
public:
    static constexpr unsigned kBusBytes = DataBits / 8;

    tlm_utils::simple_target_socket<Axi4Bridge> socket{"socket"};
    sc_core::sc_in<bool> aclk{"aclk"};
    sc_core::sc_in<bool> aresetn{"aresetn"};
    VP_AXI4_PORTS(DataBits, sc_core::sc_out, sc_core::sc_in);

    explicit Axi4Bridge(const sc_core::sc_module_name& name);
    void bind(Axi4Signals<DataBits>& s);                      // every pin except ACLK and ARESETn
    void set_prot(unsigned prot) { prot_ = prot & 7u; }       // AxPROT (A4.7), default 0
    void set_cache(unsigned cache) { cache_ = cache & 15u; }  // AxCACHE (A4.4), default 0

    static tlm::tlm_response_status response_for(unsigned resp);
    // Payloads in flight now, and the most there have been at once (tests).
    unsigned in_flight() const { return static_cast<unsigned>(txns_.size()); }
    unsigned max_in_flight() const { return max_in_flight_; }

private:
    struct Txn;
    struct Burst {
        Axi4BurstPlan plan;
        Txn* txn;
        unsigned beats_seen = 0;  // W beats sent, or R beats received
        bool addr_done = false;   // the AW or AR handshake happened
    };
    struct Txn {
        tlm::tlm_generic_payload* gp = nullptr;
        unsigned id = 0;
        std::vector<Burst> bursts;
        unsigned pending = 0;  // bursts without their response
        tlm::tlm_response_status status = tlm::TLM_OK_RESPONSE;
        sc_core::sc_event done;
    };

    void b_transport(tlm::tlm_generic_payload& gp, sc_core::sc_time& delay);
    unsigned transport_dbg(tlm::tlm_generic_payload& gp);
    bool get_direct_mem_ptr(tlm::tlm_generic_payload& gp, tlm::tlm_dmi& dmi);
    void end_of_elaboration() override;
    void on_edge();
    void drive_addr(bool write, const Burst& b);
    void drive_w();
    void respond(std::list<Burst*>& outstanding, unsigned id, unsigned resp, bool last, uint64_t rdata,
                 const char* channel);

    std::list<Txn*> txns_;
    unsigned ids_in_use_ = 0;  // bit i: ID i is held by a payload in flight
    sc_core::sc_event id_freed_, queued_;
    std::deque<Burst*> aw_queue_, w_queue_, ar_queue_;
    std::list<Burst*> writes_, reads_;  // address issued or queued, response not yet complete
    bool aw_busy_ = false, w_busy_ = false, ar_busy_ = false;  // that VALID is high
    unsigned max_in_flight_ = 0;
    unsigned prot_ = 0, cache_ = 0;
};

extern template class Axi4Bridge<32>;
extern template class Axi4Bridge<64>;

}  // namespace vp
