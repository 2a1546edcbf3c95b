#include "tlm_bridges/apb_rules.h"

#include <fmt/format.h>

namespace vp {

void ApbRules::check(const ApbSample& s, ViolationLog& log, const std::string& checker,
                     const sc_core::sc_time& at) {
    const auto violation = [&](const char* signal, const char* rule, const std::string& text) {
        log.report(checker, signal, rule, text, at);
    };
    const ApbSample p = have_prev_ ? prev_ : ApbSample{};

    const bool setup = s.psel && !s.penable;
    const bool access = s.psel && s.penable;
    const bool p_setup = p.psel && !p.penable;
    const bool p_waiting = p.psel && p.penable && !p.pready;  // access phase not yet complete
    const bool p_completed = p.psel && p.penable && p.pready;

    if (s.penable && !s.psel)
        violation("PENABLE", "apb.penable_without_psel", "PENABLE is asserted only while PSEL is asserted");
    if (access && !p_setup && !p_waiting)
        violation("PENABLE", "apb.penable_without_setup",
                  "PENABLE is asserted only in the cycle after a setup phase (PSEL high, PENABLE low), or "
                  "held while PREADY is low");
    if (p_setup && !access)
        violation(
            s.psel ? "PENABLE" : "PSEL", "apb.setup_without_access",
            "the setup phase lasts one cycle and is followed by the access phase (PSEL and PENABLE high)");
    if (p_completed && s.penable)
        violation("PENABLE", "apb.penable_after_transfer",
                  "PENABLE is deasserted after the transfer completes");
    if (s.psel && (p_setup || p_waiting)) {
        auto stable = [&](bool same, const char* sig, uint32_t before, uint32_t now) {
            if (!same)
                violation(sig, "apb.unstable",
                          fmt::format("{} must stay stable from the setup phase until the transfer completes "
                                      "(was {:#x}, now {:#x})",
                                      sig, before, now));
        };
        stable(s.paddr == p.paddr, "PADDR", p.paddr, s.paddr);
        stable(s.pwrite == p.pwrite, "PWRITE", p.pwrite, s.pwrite);
        stable(s.pprot == p.pprot, "PPROT", p.pprot, s.pprot);
        if (p.pwrite && s.pwrite) {
            stable(s.pwdata == p.pwdata, "PWDATA", p.pwdata, s.pwdata);
            stable(s.pstrb == p.pstrb, "PSTRB", p.pstrb, s.pstrb);
        }
    }
    if (s.psel && !s.pwrite && s.pstrb != 0 && (setup || access))
        if (!(p.psel && !p.pwrite && p.pstrb != 0 && (p_setup || p_waiting)))  // once per transfer
            violation("PSTRB", "apb.pstrb_on_read", "PSTRB is driven low during a read transfer");
    prev_ = s;
    have_prev_ = true;
}

}  // namespace vp
