#include "tlm_bridges/axi4_bridge.h"

#include <algorithm>
#include <bit>

#include "core/trace.h"
#include "tlm_bridges/beat_split.h"

namespace vp {

namespace {
constexpr const char* kBurstName[] = {"FIXED", "INCR", "WRAP", "reserved"};
}

template <unsigned DataBits>
Axi4Bridge<DataBits>::Axi4Bridge(const sc_core::sc_module_name& name) : sc_core::sc_module(name) {
    socket.register_b_transport(this, &Axi4Bridge::b_transport);
    socket.register_transport_dbg(this, &Axi4Bridge::transport_dbg);
    socket.register_get_direct_mem_ptr(this, &Axi4Bridge::get_direct_mem_ptr);
    SC_HAS_PROCESS(Axi4Bridge);
    SC_METHOD(on_edge);
    sensitive << aclk.pos();
    dont_initialize();
}

template <unsigned DataBits>
void Axi4Bridge<DataBits>::bind(Axi4Signals<DataBits>& s) {
    bind_axi4_ports(*this, s);
}

template <unsigned DataBits>
void Axi4Bridge<DataBits>::end_of_elaboration() {
    // A manager drives every VALID low during and after reset (A3.1.2); the rest is tied off.
    for (auto* p : {&awvalid, &awlock, &wvalid, &wlast, &bready, &arvalid, &arlock, &rready})
        p->initialize(false);
    awid.initialize(0);
    awaddr.initialize(0);
    awlen.initialize(0);
    awsize.initialize(0);
    awburst.initialize(AXI4_INCR);
    awcache.initialize(0);
    awprot.initialize(0);
    awqos.initialize(0);
    awregion.initialize(0);
    arid.initialize(0);
    araddr.initialize(0);
    arlen.initialize(0);
    arsize.initialize(0);
    arburst.initialize(AXI4_INCR);
    arcache.initialize(0);
    arprot.initialize(0);
    arqos.initialize(0);
    arregion.initialize(0);
    wdata.initialize(0);
    wstrb.initialize(0);
}

template <unsigned DataBits>
tlm::tlm_response_status Axi4Bridge<DataBits>::response_for(unsigned resp) {
    switch (resp & 3u) {
        case AXI_SLVERR: return tlm::TLM_GENERIC_ERROR_RESPONSE;
        case AXI_DECERR: return tlm::TLM_ADDRESS_ERROR_RESPONSE;
        default: return tlm::TLM_OK_RESPONSE;  // OKAY; EXOKAY (never asked for: AxLOCK is 0)
    }
}

template <unsigned DataBits>
void Axi4Bridge<DataBits>::b_transport(tlm::tlm_generic_payload& gp, sc_core::sc_time& delay) {
    if (!bridge_detail::begin_pin_access(gp, delay)) return;
    std::vector<Axi4BurstPlan> plans;
    if (auto st = plan_axi4_bursts(gp, kBusBytes, plans); st != tlm::TLM_OK_RESPONSE) {
        gp.set_response_status(st);
        return;
    }
    while (!aresetn.read()) wait(aresetn.posedge_event());
    constexpr unsigned kAllIds = (1u << kAxi4IdBits) - 1;
    while (ids_in_use_ == kAllIds) wait(id_freed_);
    Txn t;
    t.gp = &gp;
    t.id = static_cast<unsigned>(std::countr_one(ids_in_use_));
    t.pending = static_cast<unsigned>(plans.size());
    ids_in_use_ |= 1u << t.id;
    for (Axi4BurstPlan& p : plans) t.bursts.push_back(Burst{std::move(p), &t});
    txns_.push_back(&t);
    max_in_flight_ = std::max(max_in_flight_, in_flight());
    for (Burst& b : t.bursts) {
        if (gp.is_write()) {
            aw_queue_.push_back(&b);
            w_queue_.push_back(&b);
            writes_.push_back(&b);
        } else {
            ar_queue_.push_back(&b);
            reads_.push_back(&b);
        }
    }
    wait(t.done);
    txns_.remove(&t);
    ids_in_use_ &= ~(1u << t.id);
    id_freed_.notify();
    gp.set_response_status(t.status);
}

template <unsigned DataBits>
void Axi4Bridge<DataBits>::drive_addr(bool write, const Burst& b) {
    auto drive = [&](auto& valid, auto& id, auto& addr, auto& len, auto& size, auto& burst, auto& cache,
                     auto& prot) {
        valid.write(true);
        id.write(b.txn->id);
        addr.write(b.plan.addr);
        len.write(static_cast<unsigned>(b.plan.beats.size() - 1));
        size.write(b.plan.size);
        burst.write(b.plan.burst);
        cache.write(cache_);
        prot.write(prot_);
    };
    if (write)
        drive(awvalid, awid, awaddr, awlen, awsize, awburst, awcache, awprot);
    else
        drive(arvalid, arid, araddr, arlen, arsize, arburst, arcache, arprot);
}

template <unsigned DataBits>
void Axi4Bridge<DataBits>::drive_w() {
    const Burst& b = *w_queue_.front();
    const Axi4Beat& beat = b.plan.beats[b.beats_seen];
    const unsigned char* data = b.txn->gp->get_data_ptr();
    uint64_t word = 0;
    for (unsigned lane = 0; lane < kBusBytes; ++lane)
        if (beat.strb & (1u << lane)) word |= uint64_t{data[beat.index[lane]]} << (8 * lane);
    wvalid.write(true);
    wdata.write(word);
    wstrb.write(beat.strb);
    wlast.write(b.beats_seen + 1 == b.plan.beats.size());
}

// A B (write) or R (read) beat for `id`: it belongs to the oldest burst of that ID whose address
// (and, for a write, every data beat) has been sent; responses of one ID come in order (A5.1).
template <unsigned DataBits>
void Axi4Bridge<DataBits>::respond(std::list<Burst*>& outstanding, unsigned id, unsigned resp, bool last,
                                   uint64_t rdata, const char* channel) {
    const bool write = &outstanding == &writes_;
    auto it = std::find_if(outstanding.begin(), outstanding.end(), [&](const Burst* b) {
        return b->txn->id == id && b->addr_done && (!write || b->beats_seen == b->plan.beats.size());
    });
    if (it == outstanding.end()) {
        VP_TRACE(trace::tlm, "axi4 '{}': {} id {} resp {} for no outstanding burst: ignored", name(), channel,
                 id, resp);
        return;
    }
    Burst& b = **it;
    Txn& t = *b.txn;
    const bool ok = response_for(resp) == tlm::TLM_OK_RESPONSE;
    if (!ok && t.status == tlm::TLM_OK_RESPONSE) t.status = response_for(resp);
    if (!write) {
        if (ok && b.beats_seen < b.plan.beats.size()) {
            const Axi4Beat& beat = b.plan.beats[b.beats_seen];
            for (unsigned lane = 0; lane < kBusBytes; ++lane)
                if (beat.strb & (1u << lane))
                    t.gp->get_data_ptr()[beat.index[lane]] = static_cast<unsigned char>(rdata >> (8 * lane));
        }
        ++b.beats_seen;
        if (!last) return;
    }
    VP_TRACE(trace::tlm, "axi4 '{}': {} id {} {:#x} {} beats resp {}", name(), channel, id, b.plan.addr,
             b.plan.beats.size(), resp);
    outstanding.erase(it);
    if (--t.pending == 0) t.done.notify();
}

template <unsigned DataBits>
void Axi4Bridge<DataBits>::on_edge() {
    if (!aresetn.read()) {
        for (auto* p : {&awvalid, &wvalid, &bready, &arvalid, &rready}) p->write(false);
        aw_busy_ = w_busy_ = ar_busy_ = false;
        return;
    }
    auto addr_channel = [&](bool write, std::deque<Burst*>& q, bool& busy, bool ready, auto& valid) {
        if (busy && ready) {
            Burst* b = q.front();
            q.pop_front();
            b->addr_done = true;
            VP_TRACE(trace::tlm, "axi4 '{}': {} id {} {:#x} len {} size {} {}", name(), write ? "AW" : "AR",
                     b->txn->id, b->plan.addr, b->plan.beats.size() - 1, b->plan.size,
                     kBurstName[b->plan.burst]);
            busy = false;
        }
        if (!q.empty()) {
            drive_addr(write, *q.front());
            busy = true;
        } else {
            valid.write(false);
        }
    };
    addr_channel(true, aw_queue_, aw_busy_, awready.read(), awvalid);
    addr_channel(false, ar_queue_, ar_busy_, arready.read(), arvalid);

    if (w_busy_ && wready.read()) {
        Burst* b = w_queue_.front();
        if (++b->beats_seen == b->plan.beats.size()) w_queue_.pop_front();
        w_busy_ = false;
    }
    if (!w_queue_.empty()) {
        drive_w();
        w_busy_ = true;
    } else {
        wvalid.write(false);
    }

    if (bvalid.read() && bready.read())
        respond(writes_, static_cast<unsigned>(bid.read()), static_cast<unsigned>(bresp.read()), true, 0,
                "B");
    if (rvalid.read() && rready.read())
        respond(reads_, static_cast<unsigned>(rid.read()), static_cast<unsigned>(rresp.read()), rlast.read(),
                static_cast<uint64_t>(rdata.read()), "R");
    bready.write(true);
    rready.write(true);
}

template <unsigned DataBits>
unsigned Axi4Bridge<DataBits>::transport_dbg(tlm::tlm_generic_payload&) {
    return 0;
}

template <unsigned DataBits>
bool Axi4Bridge<DataBits>::get_direct_mem_ptr(tlm::tlm_generic_payload&, tlm::tlm_dmi& dmi) {
    return bridge_detail::refuse_dmi(dmi);
}

template class Axi4Bridge<32>;
template class Axi4Bridge<64>;

}  // namespace vp
