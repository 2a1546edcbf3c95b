// A passive monitor of one AMBA APB4 interface. At every rising PCLK edge with PRESETn high it
// samples the pins and checks the requester's rules of the AMBA APB Protocol Specification, ARM
// IHI 0024C (chapter 3 "Transfers", chapter 4 "Operating States"), by ApbRules. Rule ids:
//   apb.penable_without_psel    PENABLE high while PSEL is low.
//   apb.penable_without_setup   an access-phase cycle (PSEL, PENABLE) that follows neither a
//                               setup cycle (PSEL, !PENABLE) nor a wait-state access cycle.
//   apb.setup_without_access    a setup cycle not followed by the access phase (PSEL, PENABLE).
//   apb.unstable                PADDR, PWRITE, PPROT, PWDATA or PSTRB (writes) changed between
//                               the setup phase and the end of the access phase (the signal is
//                               named in the report).
//   apb.penable_after_transfer  PENABLE still high in the cycle after the transfer completed.
//   apb.pstrb_on_read           PSTRB not all low during a read transfer (3.2.1).
// Values cannot be X in these two-valued pin types, so there is no X check.
#pragma once
#include <cstdint>

#include <systemc>

#include "tlm_bridges/apb_rules.h"
#include "tlm_bridges/apb_signals.h"
#include "tlm_bridges/protocol_violation.h"

namespace vp {

class ApbChecker : public sc_core::sc_module {
public:
    sc_core::sc_in<bool> pclk{"pclk"};
    sc_core::sc_in<bool> presetn{"presetn"};
    sc_core::sc_in<bool> psel{"psel"};
    sc_core::sc_in<bool> penable{"penable"};
    sc_core::sc_in<bool> pwrite{"pwrite"};
    sc_core::sc_in<sc_dt::sc_uint<32>> paddr{"paddr"};
    sc_core::sc_in<sc_dt::sc_uint<32>> pwdata{"pwdata"};
    sc_core::sc_in<sc_dt::sc_uint<4>> pstrb{"pstrb"};
    sc_core::sc_in<sc_dt::sc_uint<3>> pprot{"pprot"};
    sc_core::sc_in<bool> pready{"pready"};
    sc_core::sc_in<sc_dt::sc_uint<32>> prdata{"prdata"};
    sc_core::sc_in<bool> pslverr{"pslverr"};

    explicit ApbChecker(const sc_core::sc_module_name& name);
    void bind(ApbSignals& s);  // every pin except PCLK and PRESETn

    ViolationLog& log() { return log_; }
    const std::vector<ProtocolViolation>& violations() const { return log_.violations(); }

private:
    void on_edge();

    ApbRules rules_;
    ViolationLog log_;
};

}  // namespace vp
