// Helpers for the pin-bridge tests: a thread running a test body, an interrupt sink that
// records times, and small pin-level test completers (APB, AXI4-Lite) with configurable wait
// states, READY delays and error injection.
#pragma once
#include <cstdint>
#include <functional>
#include <map>
#include <set>
#include <vector>

#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>
#include <systemc>

#include "core/irq.h"
#include "tlm_bridges/apb_signals.h"
#include "tlm_bridges/axi_lite_signals.h"

namespace vp::test {

// Runs `body` in an SC_THREAD (so it may wait()).
class ThreadRunner : public sc_core::sc_module {
public:
    ThreadRunner(const sc_core::sc_module_name& name, std::function<void()> body)
        : sc_core::sc_module(name), body_(std::move(body)) {
        SC_HAS_PROCESS(ThreadRunner);
        SC_THREAD(run);
    }
    bool done = false;

private:
    void run() {
        body_();
        done = true;
    }
    std::function<void()> body_;
};

// Two initiators into one target socket: b_transport on t1 or t2 goes on through `out`.
struct Fanin : sc_core::sc_module {
    tlm_utils::simple_target_socket<Fanin> t1{"t1"}, t2{"t2"};
    tlm_utils::simple_initiator_socket<Fanin> out{"out"};
    explicit Fanin(const sc_core::sc_module_name& n) : sc_core::sc_module(n) {
        t1.register_b_transport(this, &Fanin::fwd);
        t2.register_b_transport(this, &Fanin::fwd);
    }
    void fwd(tlm::tlm_generic_payload& gp, sc_core::sc_time& d) { out->b_transport(gp, d); }
};

class TimedIrqRecorder : public IrqSink {
public:
    struct Event {
        sc_core::sc_time time;
        bool level;
        bool operator==(const Event& o) const { return time == o.time && level == o.level; }
    };
    void set_irq(unsigned, bool level) override { events.push_back({sc_core::sc_time_stamp(), level}); }
    std::vector<Event> events;
};

// APB completer: memory of 32-bit words; `wait_states` cycles with PREADY low in every access
// phase; PSLVERR on the addresses in `error_addrs` (writes to them are not stored).
class ApbTestSlave : public sc_core::sc_module {
public:
    sc_core::sc_in<bool> pclk{"pclk"}, presetn{"presetn"};
    sc_core::sc_in<bool> psel{"psel"}, penable{"penable"}, pwrite{"pwrite"};
    sc_core::sc_in<sc_dt::sc_uint<32>> paddr{"paddr"}, pwdata{"pwdata"};
    sc_core::sc_in<sc_dt::sc_uint<4>> pstrb{"pstrb"};
    sc_core::sc_in<sc_dt::sc_uint<3>> pprot{"pprot"};
    sc_core::sc_out<bool> pready{"pready"};
    sc_core::sc_out<sc_dt::sc_uint<32>> prdata{"prdata"};
    sc_core::sc_out<bool> pslverr{"pslverr"};

    unsigned wait_states = 0;
    std::set<uint32_t> error_addrs;
    std::map<uint32_t, uint32_t> mem;
    struct Transfer {
        uint32_t addr;
        bool write;
        uint32_t wdata;
        unsigned strb, prot;
        sc_core::sc_time setup_time;  // edge at which the setup phase was sampled
        sc_core::sc_time end_time;    // edge at which the transfer completed
    };
    std::vector<Transfer> transfers;

    explicit ApbTestSlave(const sc_core::sc_module_name& name) : sc_core::sc_module(name) {
        SC_HAS_PROCESS(ApbTestSlave);
        SC_METHOD(on_edge);
        sensitive << pclk.pos();
        dont_initialize();
    }
    void bind(ApbSignals& s) { bind_apb_ports(*this, s); }

private:
    void on_edge() {
        if (!presetn.read()) return;
        const uint32_t a = static_cast<uint32_t>(paddr.read());
        if (psel.read() && !penable.read()) {  // setup sampled: the access phase follows
            left_ = wait_states;
            setup_time_ = sc_core::sc_time_stamp();
            if (left_ == 0) respond(a);
        } else if (psel.read() && penable.read()) {
            if (!pready.read()) {
                if (--left_ == 0) respond(a);
            } else {  // completed at this edge
                const bool err = error_addrs.count(a) != 0;
                const unsigned strb = static_cast<unsigned>(pstrb.read());
                const uint32_t wd = static_cast<uint32_t>(pwdata.read());
                if (pwrite.read() && !err) {
                    uint32_t& w = mem[a];
                    for (unsigned l = 0; l < 4; ++l)
                        if (strb & (1u << l)) w = (w & ~(0xFFu << (8 * l))) | (wd & (0xFFu << (8 * l)));
                }
                transfers.push_back({a, pwrite.read(), wd, strb, static_cast<unsigned>(pprot.read()),
                                     setup_time_, sc_core::sc_time_stamp()});
                pready.write(false);
                pslverr.write(false);
            }
        }
    }
    void respond(uint32_t a) {
        pready.write(true);
        pslverr.write(error_addrs.count(a) != 0);
        prdata.write(mem.count(a) ? mem[a] : 0);
    }
    unsigned left_ = 0;
    sc_core::sc_time setup_time_;
};

// AXI4-Lite subordinate: memory of words. READY for AW, W and AR rises `aw_delay`, `w_delay`,
// `ar_delay` cycles after the edge that first samples the VALID (a registered READY: the
// handshake is at least one cycle after VALID). BVALID rises `b_delay` cycles after the edge
// that completes both AW and W; RVALID `r_delay` cycles after the AR handshake. Responses from
// `resp` by word address (default OKAY).
class AxiTestSlave : public sc_core::sc_module {
public:
    sc_core::sc_in<bool> aclk{"aclk"}, aresetn{"aresetn"};
    sc_core::sc_in<bool> awvalid{"awvalid"};
    sc_core::sc_out<bool> awready{"awready"};
    sc_core::sc_in<sc_dt::sc_uint<32>> awaddr{"awaddr"};
    sc_core::sc_in<sc_dt::sc_uint<3>> awprot{"awprot"};
    sc_core::sc_in<bool> wvalid{"wvalid"};
    sc_core::sc_out<bool> wready{"wready"};
    sc_core::sc_in<sc_dt::sc_uint<32>> wdata{"wdata"};
    sc_core::sc_in<sc_dt::sc_uint<4>> wstrb{"wstrb"};
    sc_core::sc_out<bool> bvalid{"bvalid"};
    sc_core::sc_in<bool> bready{"bready"};
    sc_core::sc_out<sc_dt::sc_uint<2>> bresp{"bresp"};
    sc_core::sc_in<bool> arvalid{"arvalid"};
    sc_core::sc_out<bool> arready{"arready"};
    sc_core::sc_in<sc_dt::sc_uint<32>> araddr{"araddr"};
    sc_core::sc_in<sc_dt::sc_uint<3>> arprot{"arprot"};
    sc_core::sc_out<bool> rvalid{"rvalid"};
    sc_core::sc_in<bool> rready{"rready"};
    sc_core::sc_out<sc_dt::sc_uint<32>> rdata{"rdata"};
    sc_core::sc_out<sc_dt::sc_uint<2>> rresp{"rresp"};

    unsigned aw_delay = 0, w_delay = 0, b_delay = 0, ar_delay = 0, r_delay = 0;
    std::map<uint32_t, unsigned> resp;
    std::map<uint32_t, uint32_t> mem;
    std::vector<unsigned> wstrbs;
    bool saw_concurrent = false;  // an edge with both AWVALID and ARVALID high

    explicit AxiTestSlave(const sc_core::sc_module_name& name) : sc_core::sc_module(name) {
        SC_HAS_PROCESS(AxiTestSlave);
        SC_METHOD(on_edge);
        sensitive << aclk.pos();
        dont_initialize();
    }
    void bind(AxiLiteSignals& s) { bind_axi_lite_ports(*this, s); }

private:
    // READY handling of one address/data channel; returns true on a handshake at this edge.
    static bool channel(bool valid, sc_core::sc_out<bool>& ready, unsigned delay, unsigned& waited) {
        if (valid && ready.read()) {
            ready.write(false);
            waited = 0;
            return true;
        }
        if (valid) {
            if (waited == delay)
                ready.write(true);
            else
                ++waited;
        }
        return false;
    }
    unsigned resp_for(uint32_t a) const {
        auto it = resp.find(a);
        return it == resp.end() ? 0 : it->second;
    }
    void on_edge() {
        if (!aresetn.read()) return;
        if (awvalid.read() && arvalid.read()) saw_concurrent = true;
        // Write response handshake / countdown.
        if (bvalid.read() && bready.read()) bvalid.write(false);
        if (channel(awvalid.read(), awready, aw_delay, aw_wait_)) {
            have_aw_ = true;
            aw_ = static_cast<uint32_t>(awaddr.read());
        }
        if (channel(wvalid.read(), wready, w_delay, w_wait_)) {
            have_w_ = true;
            wd_ = static_cast<uint32_t>(wdata.read());
            ws_ = static_cast<unsigned>(wstrb.read());
        }
        if (have_aw_ && have_w_) {
            have_aw_ = have_w_ = false;
            const unsigned r = resp_for(aw_);
            if (r == 0) {
                uint32_t& m = mem[aw_];
                for (unsigned l = 0; l < 4; ++l)
                    if (ws_ & (1u << l)) m = (m & ~(0xFFu << (8 * l))) | (wd_ & (0xFFu << (8 * l)));
            }
            wstrbs.push_back(ws_);
            b_pending_ = true;
            b_left_ = b_delay;
            b_resp_ = r;
        } else if (b_pending_ && b_left_ > 0) {
            --b_left_;
        }
        if (b_pending_ && b_left_ == 0) {
            b_pending_ = false;
            bvalid.write(true);
            bresp.write(b_resp_);
        }
        // Read.
        if (rvalid.read() && rready.read()) rvalid.write(false);
        if (channel(arvalid.read(), arready, ar_delay, ar_wait_)) {
            ar_ = static_cast<uint32_t>(araddr.read());
            r_pending_ = true;
            r_left_ = r_delay;
        } else if (r_pending_ && r_left_ > 0) {
            --r_left_;
        }
        if (r_pending_ && r_left_ == 0) {
            r_pending_ = false;
            rvalid.write(true);
            rresp.write(resp_for(ar_));
            rdata.write(mem.count(ar_) ? mem[ar_] : 0);
        }
    }
    unsigned aw_wait_ = 0, w_wait_ = 0, ar_wait_ = 0;
    bool have_aw_ = false, have_w_ = false, b_pending_ = false, r_pending_ = false;
    uint32_t aw_ = 0, wd_ = 0, ar_ = 0;
    unsigned ws_ = 0, b_left_ = 0, b_resp_ = 0, r_left_ = 0;
};

}  // namespace vp::test
