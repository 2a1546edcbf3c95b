// A passive monitor of one AMBA AXI4 interface with DataBits (32 or 64) of data. At every rising
// ACLK edge it samples the five channels and checks the rules of the AMBA AXI and ACE Protocol
// Specification, ARM IHI 0022E ("AXI spec"), by Axi4Rules (axi4_rules.h). Rule ids (the report names the
// signal):
//   axi4.valid_in_reset       a VALID high while ARESETn is low (A3.1.2).
//   axi4.valid_dropped        xVALID deasserted before the handshake (A3.2.1).
//   axi4.payload_unstable     a channel's payload changed while VALID was high and READY low (A3.2.1).
//   axi4.wlast                WLAST not on exactly the last beat of the write burst, the bursts'
//                             lengths taken from AWLEN in AW order (A3.4.1, write data in order A5.3).
//   axi4.rlast                RLAST not on exactly the last beat of the read burst of that RID (A3.4.1).
//   axi4.unexpected_id        a B or an R beat whose ID has no outstanding write or read (A5.2).
//   axi4.bvalid_early         a write response before the write data's last beat (A3.3.1).
//   axi4.cross_4k             an INCR burst crossing a 4 KiB boundary (A3.4.1).
//   axi4.fixed_length         a FIXED burst longer than 16 beats (A3.4.1).
//   axi4.wrap_length          a WRAP burst whose length is not 2, 4, 8 or 16 (A3.4.1).
//   axi4.wrap_unaligned       a WRAP burst whose start address is not aligned to AxSIZE (A3.4.1).
//   axi4.burst_reserved       AxBURST = 0b11 (A3.4.1, Table A3-3).
//   axi4.size_too_wide        AxSIZE wider than the data bus (A3.4.1).
// The address rules are checked at each AW and AR handshake.
#pragma once
#include <systemc>

#include "tlm_bridges/axi4_rules.h"
#include "tlm_bridges/axi4_signals.h"
#include "tlm_bridges/protocol_violation.h"

namespace vp {

template <unsigned DataBits>
class Axi4Checker : public sc_core::sc_module {
public:
    sc_core::sc_in<bool> aclk{"aclk"};
    sc_core::sc_in<bool> aresetn{"aresetn"};
    VP_AXI4_PORTS(DataBits, sc_core::sc_in, sc_core::sc_in);

    explicit Axi4Checker(const sc_core::sc_module_name& name);
    void bind(Axi4Signals<DataBits>& s);  // every pin except ACLK and ARESETn

    ViolationLog& log() { return log_; }
    const std::vector<ProtocolViolation>& violations() const { return log_.violations(); }

private:
    void on_edge();

    Axi4Rules rules_{DataBits};
    ViolationLog log_;
};

extern template class Axi4Checker<32>;
extern template class Axi4Checker<64>;

}  // namespace vp
