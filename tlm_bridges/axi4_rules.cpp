#include "tlm_bridges/axi4_rules.h"

#include <fmt/format.h>

#include "tlm_bridges/axi4_signals.h"

namespace vp {

namespace {
uint64_t u(const auto& v) {
    return static_cast<uint64_t>(v);
}

uint64_t addr_word0(const Axi4AddrSample& a) {
    return u(a.addr) | u(a.len) << 32 | u(a.size) << 40 | u(a.burst) << 43 | u(a.lock) << 45;
}
uint64_t addr_word1(const Axi4AddrSample& a) {
    return u(a.id) | u(a.cache) << 8 | u(a.prot) << 12 | u(a.qos) << 16 | u(a.region) << 20;
}
}  // namespace

void Axi4Rules::reset() {
    for (Channel* c : {&aw_, &w_, &b_, &ar_, &r_}) *c = Channel{c->name, c->payload_sig};
    aw_beats_.clear();
    w_unmatched_.clear();
    w_count_ = 0;
    w_bursts_done_ = b_done_ = 0;
    writes_.clear();
    reads_.clear();
    r_count_.clear();
}

void Axi4Rules::check_reset(const Axi4Sample& s, ViolationLog& log, const std::string& checker,
                            const sc_core::sc_time& at) {
    // A3.1.2: during reset the manager drives AWVALID, WVALID, ARVALID low, the subordinate BVALID,
    // RVALID.
    for (auto [valid, sig] : {std::pair{s.aw.valid, "AWVALID"},
                              {s.wvalid, "WVALID"},
                              {s.bvalid, "BVALID"},
                              {s.ar.valid, "ARVALID"},
                              {s.rvalid, "RVALID"}})
        if (valid)
            log.report(checker, sig, "axi4.valid_in_reset",
                       fmt::format("{} must be low while ARESETn is low", sig), at);
    reset();
}

// `c` holds the previous edge's sample.
bool Axi4Rules::check_channel(Channel& c, bool valid, bool ready, const Payload& payload,
                              const Report& violation) {
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

void Axi4Rules::check_addr(const char* ch, const Axi4AddrSample& a, const Report& violation) const {
    const std::string burst = fmt::format("{}BURST", ch), len = fmt::format("{}LEN", ch);
    const unsigned beats = a.len + 1, bytes = 1u << a.size;
    if (bytes > data_bits_ / 8)
        violation(fmt::format("{}SIZE", ch), "axi4.size_too_wide",
                  fmt::format("{} bytes per beat on a {}-bit data bus", bytes, data_bits_));
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

void Axi4Rules::check_w_burst(unsigned beats, unsigned expected, const Report& violation) const {
    if (beats != expected)
        violation("WLAST", "axi4.wlast",
                  fmt::format("WLAST on beat {} of a {}-beat write burst: it goes with the last beat", beats,
                              expected));
}

void Axi4Rules::check(const Axi4Sample& s, ViolationLog& log, const std::string& checker,
                      const sc_core::sc_time& at) {
    const Report violation{log, checker, at};
    const bool aw_hs =
        check_channel(aw_, s.aw.valid, s.aw.ready, {addr_word0(s.aw), addr_word1(s.aw)}, violation);
    const bool w_hs =
        check_channel(w_, s.wvalid, s.wready, {s.wdata, u(s.wstrb) | u(s.wlast) << 32}, violation);
    const bool b_hs = check_channel(b_, s.bvalid, s.bready, {u(s.bid) | u(s.bresp) << 8, 0}, violation);
    const bool ar_hs =
        check_channel(ar_, s.ar.valid, s.ar.ready, {addr_word0(s.ar), addr_word1(s.ar)}, violation);
    const bool r_hs = check_channel(r_, s.rvalid, s.rready,
                                    {s.rdata, u(s.rid) | u(s.rresp) << 8 | u(s.rlast) << 16}, violation);

    // Responses first: a response at the edge of its own request's handshake is early.
    if (b_hs) {
        if (!writes_[s.bid])
            violation("BID", "axi4.unexpected_id",
                      fmt::format("a write response for ID {}, which has no write outstanding", s.bid));
        else
            --writes_[s.bid];
        if (b_done_ >= w_bursts_done_)
            violation("BVALID", "axi4.bvalid_early",
                      "a write response before the last data beat of its write (A3.3.1)");
        ++b_done_;
    }
    if (r_hs) {
        auto& q = reads_[s.rid];
        if (q.empty()) {
            violation("RID", "axi4.unexpected_id",
                      fmt::format("read data for ID {}, which has no read outstanding", s.rid));
        } else {
            const unsigned n = ++r_count_[s.rid];
            if (s.rlast != (n == q.front()))
                violation(
                    "RLAST", "axi4.rlast",
                    fmt::format(
                        "RLAST {} on beat {} of a {}-beat read burst (ID {}): it goes with the last beat",
                        s.rlast ? "high" : "low", n, q.front(), s.rid));
            if (s.rlast || n == q.front()) {
                q.pop_front();
                r_count_[s.rid] = 0;
            }
        }
    }
    if (aw_hs) {
        check_addr("AW", s.aw, violation);
        ++writes_[s.aw.id];
        if (!w_unmatched_.empty()) {  // its data came first
            check_w_burst(w_unmatched_.front(), s.aw.len + 1, violation);
            w_unmatched_.pop_front();
        } else {
            aw_beats_.push_back(s.aw.len + 1);
            if (aw_beats_.size() == 1 && w_count_ >= s.aw.len + 1) {  // its data came first, with no WLAST
                violation("WLAST", "axi4.wlast",
                          fmt::format("no WLAST on beat {}, the last of the write burst", s.aw.len + 1));
                aw_beats_.pop_front();
                w_count_ = 0;
                ++w_bursts_done_;
            }
        }
    }
    if (w_hs) {
        ++w_count_;
        if (!aw_beats_.empty() && (s.wlast || w_count_ == aw_beats_.front())) {
            if (!s.wlast)
                violation("WLAST", "axi4.wlast",
                          fmt::format("no WLAST on beat {}, the last of the write burst", w_count_));
            else
                check_w_burst(w_count_, aw_beats_.front(), violation);
            aw_beats_.pop_front();
            w_count_ = 0;
            ++w_bursts_done_;
        } else if (s.wlast) {
            w_unmatched_.push_back(w_count_);
            w_count_ = 0;
            ++w_bursts_done_;
        }
    }
    if (ar_hs) {
        check_addr("AR", s.ar, violation);
        reads_[s.ar.id].push_back(s.ar.len + 1);
    }
}

}  // namespace vp
