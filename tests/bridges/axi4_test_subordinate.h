// A pin-level AXI4 subordinate for the bridge tests: a byte memory addressed by its own
// implementation of the burst address formulas of ARM IHI 0022E A3.4.1 (Start_Address,
// Aligned_Address, Address_N, Wrap_Boundary, Lower_Byte_Lane, Upper_Byte_Lane), not the bridge's.
// AWREADY, WREADY, ARREADY are high out of reset. A burst's response becomes due `b_delay` /
// `r_delay` cycles after its last W beat / its AR handshake, and once `batch` bursts of its kind
// wait for a response (or 50 cycles later); among the due ones the most recent goes first
// (LIFO), so with batch 2 two overlapping bursts are answered out of order. Responses
// from `resp` by burst start address (default OKAY). It records every burst and flags WSTRB bits
// outside a beat's valid lanes and any WLAST out of place (`strobe_errors`, `wlast_errors`).
#pragma once
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <vector>

#include <systemc>
#include <tlm>

#include "tlm_bridges/axi4_burst.h"
#include "tlm_bridges/axi4_signals.h"

namespace vp::test {

// A3.4.1, the address and the byte lanes [lower, upper] of beat n (1-based) of a burst.
struct Axi4BeatAddr {
    uint64_t addr;
    unsigned lower, upper;
};
inline Axi4BeatAddr axi4_beat_address(uint64_t start, unsigned size, unsigned burst, unsigned beats,
                                      unsigned n, unsigned data_bus_bytes) {
    const uint64_t number_bytes = uint64_t{1} << size;
    const uint64_t aligned = start / number_bytes * number_bytes;
    const uint64_t dbw = data_bus_bytes;
    uint64_t addr;
    if (burst == AXI4_FIXED)
        addr = start;
    else if (n == 1)
        addr = start;
    else
        addr = aligned + (n - 1) * number_bytes;
    if (burst == AXI4_WRAP) {
        const uint64_t wrap_boundary = start / (number_bytes * beats) * (number_bytes * beats);
        if (addr >= wrap_boundary + number_bytes * beats) addr -= number_bytes * beats;
    }
    unsigned lower, upper;
    if (n == 1 || burst == AXI4_FIXED) {
        lower = static_cast<unsigned>(start - start / dbw * dbw);
        upper = static_cast<unsigned>(aligned + (number_bytes - 1) - start / dbw * dbw);
    } else {
        lower = static_cast<unsigned>(addr - addr / dbw * dbw);
        upper = static_cast<unsigned>(lower + number_bytes - 1);
    }
    return {addr, lower, upper};
}

// One b_transport through `socket` with a streaming width and, if `wrap`, an Axi4WrapExtension;
// returns the response status.
template <class Socket>
tlm::tlm_response_status axi4_transport(Socket& socket, tlm::tlm_command cmd, uint64_t addr, uint8_t* data,
                                        unsigned len, unsigned streaming, bool wrap = false) {
    tlm::tlm_generic_payload gp;
    Axi4WrapExtension ext;
    if (wrap) gp.set_extension(&ext);
    gp.set_command(cmd);
    gp.set_address(addr);
    gp.set_data_ptr(data);
    gp.set_data_length(len);
    gp.set_streaming_width(streaming);
    sc_core::sc_time d = sc_core::SC_ZERO_TIME;
    socket->b_transport(gp, d);
    if (wrap) gp.clear_extension(&ext);
    return gp.get_response_status();
}

template <unsigned DataBits>
class Axi4TestSubordinate : public sc_core::sc_module {
public:
    static constexpr unsigned kBytes = DataBits / 8;
    sc_core::sc_in<bool> aclk{"aclk"}, aresetn{"aresetn"};
    VP_AXI4_PORTS(DataBits, sc_core::sc_in, sc_core::sc_out);

    struct BurstRecord {
        bool write;
        unsigned id;
        uint32_t addr;
        unsigned len, size, burst;
        sc_core::sc_time time;  // of the address handshake
    };
    std::vector<BurstRecord> bursts;
    std::vector<unsigned> b_order, r_order;  // IDs in the order responses were given
    std::map<uint64_t, uint8_t> mem;
    std::map<uint32_t, unsigned> resp;
    unsigned b_delay = 0, r_delay = 0, batch = 1;
    unsigned strobe_errors = 0, wlast_errors = 0;
    unsigned max_reads_outstanding = 0, max_writes_outstanding = 0;

    explicit Axi4TestSubordinate(const sc_core::sc_module_name& name) : sc_core::sc_module(name) {
        SC_HAS_PROCESS(Axi4TestSubordinate);
        SC_METHOD(on_edge);
        sensitive << aclk.pos();
        dont_initialize();
    }
    void bind(Axi4Signals<DataBits>& s) { bind_axi4_ports(*this, s); }

private:
    struct Pending {
        BurstRecord a;
        unsigned beat = 0;  // beats done
        uint64_t due = 0;   // cycle the response may start
    };
    bool due(const Pending& p, size_t waiting) const {
        return p.due <= cycle_ && (waiting >= batch || cycle_ >= p.due + 50);
    }
    unsigned resp_for(uint32_t a) const {
        auto it = resp.find(a);
        return it == resp.end() ? 0 : it->second;
    }
    void on_edge() {
        ++cycle_;
        if (!aresetn.read()) {
            for (auto* p : {&awready, &wready, &arready, &bvalid, &rvalid}) p->write(false);
            return;
        }
        awready.write(true);
        wready.write(true);
        arready.write(true);
        const sc_core::sc_time now = sc_core::sc_time_stamp();
        if (awvalid.read() && awready.read()) {
            BurstRecord r{true,
                          unsigned(awid.read()),
                          uint32_t(awaddr.read()),
                          unsigned(awlen.read()),
                          unsigned(awsize.read()),
                          unsigned(awburst.read()),
                          now};
            bursts.push_back(r);
            w_wait_.push_back({r});
        }
        if (arvalid.read() && arready.read()) {
            BurstRecord r{false,
                          unsigned(arid.read()),
                          uint32_t(araddr.read()),
                          unsigned(arlen.read()),
                          unsigned(arsize.read()),
                          unsigned(arburst.read()),
                          now};
            bursts.push_back(r);
            reads_.push_back({r, 0, cycle_ + r_delay});
        }
        // W beats (in AW order, A5.3); this subordinate takes them only once their AW is in.
        if (wvalid.read() && wready.read() && !w_wait_.empty()) {
            Pending& p = w_wait_.front();
            ++p.beat;
            const auto ba = axi4_beat_address(p.a.addr, p.a.size, p.a.burst, p.a.len + 1, p.beat, kBytes);
            const unsigned strb = unsigned(wstrb.read());
            const uint64_t data = uint64_t(wdata.read());
            for (unsigned lane = 0; lane < kBytes; ++lane) {
                if (!(strb & (1u << lane))) continue;
                if (lane < ba.lower || lane > ba.upper) {
                    ++strobe_errors;
                    continue;
                }
                if (resp_for(p.a.addr) == 0)
                    mem[ba.addr / kBytes * kBytes + lane] = static_cast<uint8_t>(data >> (8 * lane));
            }
            const bool last = p.beat == p.a.len + 1;
            if (wlast.read() != last) ++wlast_errors;
            if (last) {
                p.due = cycle_ + b_delay;
                writes_.push_back(p);
                w_wait_.pop_front();
            }
        }
        max_writes_outstanding = std::max(max_writes_outstanding, unsigned(writes_.size() + w_wait_.size()));
        max_reads_outstanding = std::max(max_reads_outstanding, unsigned(reads_.size()));
        // B: the most recent due write first.
        if (bvalid.read() && bready.read()) bvalid.write(false);
        if (!bvalid.read() || bready.read()) {
            for (auto it = writes_.rbegin(); it != writes_.rend(); ++it)
                if (due(*it, writes_.size())) {
                    bvalid.write(true);
                    bid.write(it->a.id);
                    bresp.write(resp_for(it->a.addr));
                    b_order.push_back(it->a.id);
                    writes_.erase(std::next(it).base());
                    break;
                }
        }
        // R: a burst in progress goes on; else the most recent due read starts.
        if (rvalid.read() && rready.read()) {
            rvalid.write(false);
            if (r_current_ && ++r_current_->beat == r_current_->a.len + 1) {
                r_order.push_back(r_current_->a.id);
                r_current_.reset();
            }
        }
        if (!r_current_) {
            for (auto it = reads_.rbegin(); it != reads_.rend(); ++it)
                if (due(*it, reads_.size() + (r_current_ ? 1 : 0))) {
                    r_current_ = *it;
                    reads_.erase(std::next(it).base());
                    break;
                }
        }
        if (r_current_ && (!rvalid.read() || rready.read())) {
            const Pending& p = *r_current_;
            const auto ba = axi4_beat_address(p.a.addr, p.a.size, p.a.burst, p.a.len + 1, p.beat + 1, kBytes);
            uint64_t data = 0;
            for (unsigned lane = ba.lower; lane <= ba.upper; ++lane) {
                auto m = mem.find(ba.addr / kBytes * kBytes + lane);
                if (m != mem.end()) data |= uint64_t{m->second} << (8 * lane);
            }
            rvalid.write(true);
            rid.write(p.a.id);
            rdata.write(data);
            rresp.write(resp_for(p.a.addr));
            rlast.write(p.beat + 1 == p.a.len + 1);
        }
    }
    uint64_t cycle_ = 0;
    std::deque<Pending> w_wait_;
    std::vector<Pending> writes_, reads_;
    std::optional<Pending> r_current_;
};

}  // namespace vp::test
