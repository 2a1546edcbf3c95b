// The requester's rules of AMBA APB4 (ARM IHI 0024C, chapters 3 and 4) checked on the pins sampled
// at one rising PCLK edge after another: the rule ids and texts of ApbChecker (apb_checker.h),
// shared by that SystemC monitor and by the C++ cycle driver of a Verilated APB block
// (rtl/rtl_cycle_device.h).
#pragma once
#include <cstdint>
#include <string>

#include "tlm_bridges/protocol_violation.h"

namespace vp {

struct ApbSample {
    bool psel = false, penable = false, pwrite = false, pready = false;
    uint32_t paddr = 0, pwdata = 0;
    unsigned pstrb = 0, pprot = 0;
};

// The pins of `p` (an ApbChecker's ports or a C++ block's pins: members named as the signals,
// each with read()).
template <class Pins>
ApbSample sample_apb(const Pins& p) {
    ApbSample s;
    s.psel = p.psel.read();
    s.penable = p.penable.read();
    s.pwrite = p.pwrite.read();
    s.pready = p.pready.read();
    s.paddr = static_cast<uint32_t>(p.paddr.read());
    s.pwdata = static_cast<uint32_t>(p.pwdata.read());
    s.pstrb = static_cast<unsigned>(p.pstrb.read());
    s.pprot = static_cast<unsigned>(p.pprot.read());
    return s;
}

class ApbRules {
public:
    // One rising edge (at `at`) with PRESETn high; reports to `log` under the checker's name.
    void check(const ApbSample& s, ViolationLog& log, const std::string& checker,
               const sc_core::sc_time& at = sc_core::sc_time_stamp());
    void reset() { have_prev_ = false; }  // an edge with PRESETn low

private:
    ApbSample prev_;
    bool have_prev_ = false;
};

}  // namespace vp
