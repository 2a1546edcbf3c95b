// The wires of one AMBA APB4 interface (AMBA APB Protocol Specification, ARM IHI 0024C,
// chapter 2 "Signal Descriptions"), as SystemC signals with the pin types the vp bridges,
// checkers and Verilated (--pins-sc-uint) completers use: 1-bit pins are bool, wider pins
// sc_uint<N>. Bind a requester, a completer and a checker to one ApbSignals.
#pragma once
#include <string>

#include <systemc>

namespace vp {

struct ApbSignals {
    explicit ApbSignals(const std::string& prefix = "apb")
        : psel((prefix + "_psel").c_str()),
          penable((prefix + "_penable").c_str()),
          pwrite((prefix + "_pwrite").c_str()),
          paddr((prefix + "_paddr").c_str()),
          pwdata((prefix + "_pwdata").c_str()),
          pstrb((prefix + "_pstrb").c_str()),
          pprot((prefix + "_pprot").c_str()),
          pready((prefix + "_pready").c_str()),
          prdata((prefix + "_prdata").c_str()),
          pslverr((prefix + "_pslverr").c_str()) {}

    sc_core::sc_signal<bool> psel, penable, pwrite;
    sc_core::sc_signal<sc_dt::sc_uint<32>> paddr, pwdata;
    sc_core::sc_signal<sc_dt::sc_uint<4>> pstrb;
    sc_core::sc_signal<sc_dt::sc_uint<3>> pprot;
    sc_core::sc_signal<bool> pready;
    sc_core::sc_signal<sc_dt::sc_uint<32>> prdata;
    sc_core::sc_signal<bool> pslverr;
};

// Binds every pin of a module whose ports carry the signal names (bridge, checker, test
// slave) to one signal bundle.
template <class Module>
void bind_apb_ports(Module& m, ApbSignals& s) {
    m.psel(s.psel);
    m.penable(s.penable);
    m.pwrite(s.pwrite);
    m.paddr(s.paddr);
    m.pwdata(s.pwdata);
    m.pstrb(s.pstrb);
    m.pprot(s.pprot);
    m.pready(s.pready);
    m.prdata(s.prdata);
    m.pslverr(s.pslverr);
}

}  // namespace vp
