// The wires of one AMBA AXI4 interface (AMBA AXI and ACE Protocol Specification, ARM IHI 0022E,
// part A "AXI4"; signal list in A2.2-A2.6) as SystemC signals, DataBits (32 or 64) of data,
// kAxi4IdBits of transaction ID, 32-bit addresses: 1-bit pins bool, wider pins sc_uint<N>.
// Bind a manager (vp::Axi4Bridge), a subordinate and a checker (vp::Axi4Checker) to one set.
// AxQOS and AxREGION (A8.1, A8.2) are carried; the bridge ties them to 0.
#pragma once
#include <string>

#include <systemc>

#include "tlm_bridges/axi_lite_signals.h"

namespace vp {

constexpr unsigned kAxi4IdBits = 4;

// AxBURST encodings (A3.4.1, Table A3-3).
enum Axi4Burst : unsigned { AXI4_FIXED = 0, AXI4_INCR = 1, AXI4_WRAP = 2 };

// The address-channel signals, the same for AW and AR (A2.2, A2.5).
struct Axi4AddrSignals {
    explicit Axi4AddrSignals(const std::string& p)
        : valid((p + "valid").c_str()),
          ready((p + "ready").c_str()),
          id((p + "id").c_str()),
          addr((p + "addr").c_str()),
          len((p + "len").c_str()),
          size((p + "size").c_str()),
          burst((p + "burst").c_str()),
          lock((p + "lock").c_str()),
          cache((p + "cache").c_str()),
          prot((p + "prot").c_str()),
          qos((p + "qos").c_str()),
          region((p + "region").c_str()) {}
    sc_core::sc_signal<bool> valid, ready;
    sc_core::sc_signal<sc_dt::sc_uint<kAxi4IdBits>> id;
    sc_core::sc_signal<sc_dt::sc_uint<32>> addr;
    sc_core::sc_signal<sc_dt::sc_uint<8>> len;   // beats - 1 (A3.4.1)
    sc_core::sc_signal<sc_dt::sc_uint<3>> size;  // log2(bytes per beat)
    sc_core::sc_signal<sc_dt::sc_uint<2>> burst;
    sc_core::sc_signal<bool> lock;
    sc_core::sc_signal<sc_dt::sc_uint<4>> cache;
    sc_core::sc_signal<sc_dt::sc_uint<3>> prot;
    sc_core::sc_signal<sc_dt::sc_uint<4>> qos, region;
};

template <unsigned DataBits>
struct Axi4Signals {
    static_assert(DataBits == 32 || DataBits == 64, "AXI4 data width: 32 or 64 bits");
    using Data = sc_dt::sc_uint<DataBits>;
    using Strb = sc_dt::sc_uint<DataBits / 8>;

    explicit Axi4Signals(const std::string& p = "axi4")
        : aw(p + "_aw"),
          ar(p + "_ar"),
          wvalid((p + "_wvalid").c_str()),
          wready((p + "_wready").c_str()),
          wdata((p + "_wdata").c_str()),
          wstrb((p + "_wstrb").c_str()),
          wlast((p + "_wlast").c_str()),
          bvalid((p + "_bvalid").c_str()),
          bready((p + "_bready").c_str()),
          bid((p + "_bid").c_str()),
          bresp((p + "_bresp").c_str()),
          rvalid((p + "_rvalid").c_str()),
          rready((p + "_rready").c_str()),
          rid((p + "_rid").c_str()),
          rdata((p + "_rdata").c_str()),
          rresp((p + "_rresp").c_str()),
          rlast((p + "_rlast").c_str()) {}

    Axi4AddrSignals aw, ar;  // write and read address channels
    // Write data channel (A2.3).
    sc_core::sc_signal<bool> wvalid, wready;
    sc_core::sc_signal<Data> wdata;
    sc_core::sc_signal<Strb> wstrb;
    sc_core::sc_signal<bool> wlast;
    // Write response channel (A2.4).
    sc_core::sc_signal<bool> bvalid, bready;
    sc_core::sc_signal<sc_dt::sc_uint<kAxi4IdBits>> bid;
    sc_core::sc_signal<sc_dt::sc_uint<2>> bresp;
    // Read data channel (A2.6).
    sc_core::sc_signal<bool> rvalid, rready;
    sc_core::sc_signal<sc_dt::sc_uint<kAxi4IdBits>> rid;
    sc_core::sc_signal<Data> rdata;
    sc_core::sc_signal<sc_dt::sc_uint<2>> rresp;
    sc_core::sc_signal<bool> rlast;
};

// Declares the pins of one AXI4 interface as ports of a module: M is the port template of the
// signals the manager drives (sc_out in a manager, sc_in in a subordinate or a monitor), S that
// of the signals the subordinate drives. The names are the spec's, in lower case.
#define VP_AXI4_ADDR_PORTS(x, M, S)                      \
    M<bool> x##valid{#x "valid"};                        \
    S<bool> x##ready{#x "ready"};                        \
    M<sc_dt::sc_uint<::vp::kAxi4IdBits>> x##id{#x "id"}; \
    M<sc_dt::sc_uint<32>> x##addr{#x "addr"};            \
    M<sc_dt::sc_uint<8>> x##len{#x "len"};               \
    M<sc_dt::sc_uint<3>> x##size{#x "size"};             \
    M<sc_dt::sc_uint<2>> x##burst{#x "burst"};           \
    M<bool> x##lock{#x "lock"};                          \
    M<sc_dt::sc_uint<4>> x##cache{#x "cache"};           \
    M<sc_dt::sc_uint<3>> x##prot{#x "prot"};             \
    M<sc_dt::sc_uint<4>> x##qos{#x "qos"};               \
    M<sc_dt::sc_uint<4>> x##region {                     \
#x "region"                                      \
    }
#define VP_AXI4_PORTS(DataBits, M, S)                \
    VP_AXI4_ADDR_PORTS(aw, M, S);                    \
    M<bool> wvalid{"wvalid"};                        \
    S<bool> wready{"wready"};                        \
    M<sc_dt::sc_uint<DataBits>> wdata{"wdata"};      \
    M<sc_dt::sc_uint<DataBits / 8>> wstrb{"wstrb"};  \
    M<bool> wlast{"wlast"};                          \
    S<bool> bvalid{"bvalid"};                        \
    M<bool> bready{"bready"};                        \
    S<sc_dt::sc_uint<::vp::kAxi4IdBits>> bid{"bid"}; \
    S<sc_dt::sc_uint<2>> bresp{"bresp"};             \
    VP_AXI4_ADDR_PORTS(ar, M, S);                    \
    S<bool> rvalid{"rvalid"};                        \
    M<bool> rready{"rready"};                        \
    S<sc_dt::sc_uint<::vp::kAxi4IdBits>> rid{"rid"}; \
    S<sc_dt::sc_uint<DataBits>> rdata{"rdata"};      \
    S<sc_dt::sc_uint<2>> rresp{"rresp"};             \
    S<bool> rlast {                                  \
        "rlast"                                      \
    }

// Binds every pin of a module whose ports carry the signal names (awvalid, ..., rlast: bridge,
// checker, test subordinate) to one signal bundle.
template <class Module, unsigned DataBits>
void bind_axi4_ports(Module& m, Axi4Signals<DataBits>& s) {
#define VP_AXI4_BIND_ADDR(x)                                                                               \
    m.x##valid(s.x.valid), m.x##ready(s.x.ready), m.x##id(s.x.id), m.x##addr(s.x.addr), m.x##len(s.x.len), \
        m.x##size(s.x.size), m.x##burst(s.x.burst), m.x##lock(s.x.lock), m.x##cache(s.x.cache),            \
        m.x##prot(s.x.prot), m.x##qos(s.x.qos), m.x##region(s.x.region)
    VP_AXI4_BIND_ADDR(aw);
    VP_AXI4_BIND_ADDR(ar);
#undef VP_AXI4_BIND_ADDR
    m.wvalid(s.wvalid);
    m.wready(s.wready);
    m.wdata(s.wdata);
    m.wstrb(s.wstrb);
    m.wlast(s.wlast);
    m.bvalid(s.bvalid);
    m.bready(s.bready);
    m.bid(s.bid);
    m.bresp(s.bresp);
    m.rvalid(s.rvalid);
    m.rready(s.rready);
    m.rid(s.rid);
    m.rdata(s.rdata);
    m.rresp(s.rresp);
    m.rlast(s.rlast);
}

}  // namespace vp
