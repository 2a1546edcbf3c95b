#include "tlm_bridges/apb_checker.h"

#include <fmt/format.h>

namespace vp {

ApbChecker::ApbChecker(const sc_core::sc_module_name& name) : sc_core::sc_module(name) {
    SC_HAS_PROCESS(ApbChecker);
    SC_METHOD(on_edge);
    sensitive << pclk.pos();
    dont_initialize();
}

void ApbChecker::bind(ApbSignals& s) {
    bind_apb_ports(*this, s);
}

void ApbChecker::violation(const char* signal, const char* rule, const std::string& text) {
    log_.report(name(), signal, rule, text);
}

void ApbChecker::on_edge() {
    if (!presetn.read()) {
        have_prev_ = false;
        return;
    }
    Sample s;
    s.psel = psel.read();
    s.penable = penable.read();
    s.pwrite = pwrite.read();
    s.pready = pready.read();
    s.paddr = static_cast<uint32_t>(paddr.read());
    s.pwdata = static_cast<uint32_t>(pwdata.read());
    s.pstrb = static_cast<unsigned>(pstrb.read());
    s.pprot = static_cast<unsigned>(pprot.read());
    const Sample p = have_prev_ ? prev_ : Sample{};

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
