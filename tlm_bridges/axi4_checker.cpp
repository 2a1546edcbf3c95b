#include "tlm_bridges/axi4_checker.h"

#include <fmt/format.h>

namespace vp {

namespace {
uint64_t u(const auto& v) {
    return static_cast<uint64_t>(v);
}
}  // namespace

template <unsigned DataBits>
Axi4Checker<DataBits>::Axi4Checker(const sc_core::sc_module_name& name) : sc_core::sc_module(name) {
    SC_HAS_PROCESS(Axi4Checker);
    SC_METHOD(on_edge);
    sensitive << aclk.pos();
    dont_initialize();
}

template <unsigned DataBits>
void Axi4Checker<DataBits>::bind(Axi4Signals<DataBits>& s) {
    bind_axi4_ports(*this, s);
}

template <unsigned DataBits>
void Axi4Checker<DataBits>::violation(const std::string& signal, const char* rule, const std::string& text) {
    log_.report(name(), signal, rule, text);
}

template <unsigned DataBits>
void Axi4Checker<DataBits>::reset_state() {
    for (Channel* c : {&aw_, &w_, &b_, &ar_, &r_}) *c = Channel{c->name, c->payload_sig};
    aw_beats_.clear();
    w_unmatched_.clear();
    w_count_ = 0;
    w_bursts_done_ = b_done_ = 0;
    writes_.clear();
    reads_.clear();
    r_count_.clear();
}

// `c` holds the previous edge's sample.
template <unsigned DataBits>
bool Axi4Checker<DataBits>::check_channel(Channel& c, bool valid, bool ready, const Payload& payload) {
    const bool waiting = c.valid && !c.ready;
    if (waiting && !valid)
        violation(
            fmt::format("{}VALID", c.name), "axi4.valid_dropped",
            fmt::format("{0}VALID, once asserted, must remain asserted until {0}READY is high at a rising "
                        "clock edge",
                        c.name));
    if (waiting && valid && payload != c.payload)
        violation(
            c.payload_sig, "axi4.payload_unstable",
            fmt::format("the {0} channel payload must remain stable while {0}VALID is high and {0}READY "
                        "is low (was {1:#x}:{2:#x}, now {3:#x}:{4:#x})",
                        c.name, c.payload[1], c.payload[0], payload[1], payload[0]));
    c.valid = valid;
    c.ready = ready;
    c.payload = payload;
    return valid && ready;
}

template <unsigned DataBits>
void Axi4Checker<DataBits>::check_addr(const char* ch, const Addr& a) {
    const std::string burst = fmt::format("{}BURST", ch), len = fmt::format("{}LEN", ch);
    const unsigned beats = a.len + 1, bytes = 1u << a.size;
    if (bytes > DataBits / 8)
        violation(fmt::format("{}SIZE", ch), "axi4.size_too_wide",
                  fmt::format("{} bytes per beat on a {}-bit data bus", bytes, DataBits));
    switch (a.burst) {
        case AXI4_FIXED:
            if (beats > 16)
                violation(len, "axi4.fixed_length",
                          fmt::format("a FIXED burst of {} beats: at most 16", beats));
            break;
        case AXI4_INCR: {
            const uint64_t first = a.addr / bytes * bytes, last = first + uint64_t{beats} * bytes - 1;
            if (a.addr / 4096 != last / 4096)
                violation(fmt::format("{}ADDR", ch), "axi4.cross_4k",
                          fmt::format("an INCR burst at {:#x} of {} x {} bytes crosses a 4 KiB boundary",
                                      a.addr, beats, bytes));
            break;
        }
        case AXI4_WRAP:
            if (beats != 2 && beats != 4 && beats != 8 && beats != 16)
                violation(len, "axi4.wrap_length",
                          fmt::format("a WRAP burst of {} beats: the length must be 2, 4, 8 or 16", beats));
            if (a.addr % bytes)
                violation(fmt::format("{}ADDR", ch), "axi4.wrap_unaligned",
                          fmt::format("a WRAP burst's start address {:#x} must be aligned to {} bytes",
                                      a.addr, bytes));
            break;
        default: violation(burst, "axi4.burst_reserved", "AxBURST 0b11 is reserved");
    }
}

template <unsigned DataBits>
void Axi4Checker<DataBits>::check_w_burst(unsigned beats, unsigned expected) {
    if (beats != expected)
        violation("WLAST", "axi4.wlast",
                  fmt::format("WLAST on beat {} of a {}-beat write burst: it goes with the last beat", beats,
                              expected));
}

template <unsigned DataBits>
void Axi4Checker<DataBits>::on_edge() {
    if (!aresetn.read()) {
        // A3.1.2: during reset the manager drives AWVALID, WVALID, ARVALID low, the subordinate BVALID,
        // RVALID.
        for (auto [valid, sig] : {std::pair{awvalid.read(), "AWVALID"},
                                  {wvalid.read(), "WVALID"},
                                  {bvalid.read(), "BVALID"},
                                  {arvalid.read(), "ARVALID"},
                                  {rvalid.read(), "RVALID"}})
            if (valid)
                violation(sig, "axi4.valid_in_reset",
                          fmt::format("{} must be low while ARESETn is low", sig));
        reset_state();
        return;
    }
    const Addr aw{static_cast<unsigned>(awid.read()), static_cast<unsigned>(awlen.read()),
                  static_cast<unsigned>(awsize.read()), static_cast<unsigned>(awburst.read()),
                  static_cast<uint32_t>(awaddr.read())};
    const Addr ar{static_cast<unsigned>(arid.read()), static_cast<unsigned>(arlen.read()),
                  static_cast<unsigned>(arsize.read()), static_cast<unsigned>(arburst.read()),
                  static_cast<uint32_t>(araddr.read())};
    auto addr_payload = [](const Addr& a, bool lock, auto cache, auto prot, auto qos, auto region) {
        return Payload{u(a.addr) | u(a.len) << 32 | u(a.size) << 40 | u(a.burst) << 43 | u(lock) << 45,
                       u(a.id) | u(cache) << 8 | u(prot) << 12 | u(qos) << 16 | u(region) << 20};
    };
    const bool aw_hs = check_channel(
        aw_, awvalid.read(), awready.read(),
        addr_payload(aw, awlock.read(), awcache.read(), awprot.read(), awqos.read(), awregion.read()));
    const bool w_hs = check_channel(w_, wvalid.read(), wready.read(),
                                    Payload{u(wdata.read()), u(wstrb.read()) | u(wlast.read()) << 32});
    const bool b_hs =
        check_channel(b_, bvalid.read(), bready.read(), Payload{u(bid.read()) | u(bresp.read()) << 8, 0});
    const bool ar_hs = check_channel(
        ar_, arvalid.read(), arready.read(),
        addr_payload(ar, arlock.read(), arcache.read(), arprot.read(), arqos.read(), arregion.read()));
    const bool r_hs =
        check_channel(r_, rvalid.read(), rready.read(),
                      Payload{u(rdata.read()), u(rid.read()) | u(rresp.read()) << 8 | u(rlast.read()) << 16});

    // Responses first: a response at the edge of its own request's handshake is early.
    if (b_hs) {
        const unsigned id = static_cast<unsigned>(bid.read());
        if (!writes_[id])
            violation("BID", "axi4.unexpected_id",
                      fmt::format("a write response for ID {}, which has no write outstanding", id));
        else
            --writes_[id];
        if (b_done_ >= w_bursts_done_)
            violation("BVALID", "axi4.bvalid_early",
                      "a write response before the last data beat of its write (A3.3.1)");
        ++b_done_;
    }
    if (r_hs) {
        const unsigned id = static_cast<unsigned>(rid.read());
        auto& q = reads_[id];
        if (q.empty()) {
            violation("RID", "axi4.unexpected_id",
                      fmt::format("read data for ID {}, which has no read outstanding", id));
        } else {
            const unsigned n = ++r_count_[id];
            const bool last = rlast.read();
            if (last != (n == q.front()))
                violation(
                    "RLAST", "axi4.rlast",
                    fmt::format(
                        "RLAST {} on beat {} of a {}-beat read burst (ID {}): it goes with the last beat",
                        last ? "high" : "low", n, q.front(), id));
            if (last || n == q.front()) {
                q.pop_front();
                r_count_[id] = 0;
            }
        }
    }
    if (aw_hs) {
        check_addr("AW", aw);
        ++writes_[aw.id];
        if (!w_unmatched_.empty()) {  // its data came first
            check_w_burst(w_unmatched_.front(), aw.len + 1);
            w_unmatched_.pop_front();
        } else {
            aw_beats_.push_back(aw.len + 1);
            if (aw_beats_.size() == 1 && w_count_ >= aw.len + 1) {  // its data came first, with no WLAST
                violation("WLAST", "axi4.wlast",
                          fmt::format("no WLAST on beat {}, the last of the write burst", aw.len + 1));
                aw_beats_.pop_front();
                w_count_ = 0;
                ++w_bursts_done_;
            }
        }
    }
    if (w_hs) {
        ++w_count_;
        const bool last = wlast.read();
        if (!aw_beats_.empty() && (last || w_count_ == aw_beats_.front())) {
            if (!last)
                violation("WLAST", "axi4.wlast",
                          fmt::format("no WLAST on beat {}, the last of the write burst", w_count_));
            else
                check_w_burst(w_count_, aw_beats_.front());
            aw_beats_.pop_front();
            w_count_ = 0;
            ++w_bursts_done_;
        } else if (last) {
            w_unmatched_.push_back(w_count_);
            w_count_ = 0;
            ++w_bursts_done_;
        }
    }
    if (ar_hs) {
        check_addr("AR", ar);
        reads_[ar.id].push_back(ar.len + 1);
    }
}

template class Axi4Checker<32>;
template class Axi4Checker<64>;

}  // namespace vp
