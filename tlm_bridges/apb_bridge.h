// TLM-2.0 target -> AMBA APB4 requester (master) bridge, after the AMBA APB Protocol
// Specification, ARM IHI 0024C ("APB spec" below), chapter 3 "Transfers" and chapter 4
// "Operating States".
//
// b_transport drives pins and WAITS: it must be called from an SC_THREAD (an initiator thread
// or a router forwarding in its caller's thread). It is not for loosely-timed callers without
// a thread of their own (an SC_METHOD caller makes SystemC abort on wait()). On entry it
// synchronises the annotated delay with wait(delay) and sets delay to zero; it returns once
// the pin transfer is complete, so the bus time is simulated time that has passed.
//
// Each TLM access is split into aligned 32-bit beats (one APB transfer per word touched):
//   - Setup phase (APB spec 3.1, 4.1): at a rising PCLK edge PSEL=1, PENABLE=0, PADDR (the
//     word-aligned address), PWRITE, PWDATA, PSTRB, PPROT.
//   - Access phase: at the next edge PENABLE=1; the transfer completes at the first rising edge
//     that samples PREADY=1 (wait states, APB spec 3.1.2 / 3.2.2), where PRDATA and PSLVERR are
//     sampled. Then PENABLE=0, and PSEL=0 unless another beat follows (back-to-back: straight to
//     its setup phase, APB spec 4.1).
//   - PSTRB (APB spec 3.2.1 "Write strobes"): the bytes of the word that the access covers and the
//     byte-enable array enables; reads drive PSTRB=0. A write beat with no enabled byte is skipped.
//   - PSLVERR (APB spec 3.4) on any beat ends the access with TLM_GENERIC_ERROR_RESPONSE (later
//     beats are not issued).
// Streaming (streaming width < data length) answers TLM_BURST_ERROR_RESPONSE. While PRESETn is
// low a transaction waits for reset to be released. Concurrent callers are served one at a time.
// transport_dbg cannot be served over pins: it returns 0 (no bytes). DMI is refused.
#pragma once
#include <cstdint>

#include <tlm_utils/simple_target_socket.h>
#include <systemc>
#include <tlm>

#include "tlm_bridges/apb_signals.h"

namespace vp {

class ApbBridge : public sc_core::sc_module {
public:
    tlm_utils::simple_target_socket<ApbBridge> socket{"socket"};

    sc_core::sc_in<bool> pclk{"pclk"};
    sc_core::sc_in<bool> presetn{"presetn"};
    sc_core::sc_out<bool> psel{"psel"};
    sc_core::sc_out<bool> penable{"penable"};
    sc_core::sc_out<bool> pwrite{"pwrite"};
    sc_core::sc_out<sc_dt::sc_uint<32>> paddr{"paddr"};
    sc_core::sc_out<sc_dt::sc_uint<32>> pwdata{"pwdata"};
    sc_core::sc_out<sc_dt::sc_uint<4>> pstrb{"pstrb"};
    sc_core::sc_out<sc_dt::sc_uint<3>> pprot{"pprot"};
    sc_core::sc_in<bool> pready{"pready"};
    sc_core::sc_in<sc_dt::sc_uint<32>> prdata{"prdata"};
    sc_core::sc_in<bool> pslverr{"pslverr"};

    explicit ApbBridge(const sc_core::sc_module_name& name);

    // Binds every pin except PCLK and PRESETn to the wires of one APB interface.
    void bind(ApbSignals& s);
    // PPROT for every transfer (APB spec 3.5): bit 0 privileged, bit 1 non-secure, bit 2
    // instruction. Default 0b000 (normal, secure, data).
    void set_pprot(unsigned prot) { prot_ = prot & 7u; }

    uint64_t transfers() const { return transfers_; }  // APB transfers issued so far

private:
    void b_transport(tlm::tlm_generic_payload& gp, sc_core::sc_time& delay);
    unsigned transport_dbg(tlm::tlm_generic_payload& gp);
    bool get_direct_mem_ptr(tlm::tlm_generic_payload& gp, tlm::tlm_dmi& dmi);
    // One APB transfer; returns false on PSLVERR. `next` says whether another beat follows.
    bool transfer(bool write, uint32_t addr, uint32_t wdata, unsigned strb, bool next, uint32_t& rdata);
    void end_of_elaboration() override;

    sc_core::sc_mutex mutex_;
    unsigned prot_ = 0;
    uint64_t transfers_ = 0;
};

}  // namespace vp
