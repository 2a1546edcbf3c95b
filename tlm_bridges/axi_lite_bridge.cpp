#include "tlm_bridges/axi_lite_bridge.h"

#include "tlm_bridges/beat_split.h"

namespace vp {

using bridge_detail::Beat;

AxiLiteBridge::AxiLiteBridge(const sc_core::sc_module_name& name) : sc_core::sc_module(name) {
    socket.register_b_transport(this, &AxiLiteBridge::b_transport);
    socket.register_transport_dbg(this, &AxiLiteBridge::transport_dbg);
    socket.register_get_direct_mem_ptr(this, &AxiLiteBridge::get_direct_mem_ptr);
}

void AxiLiteBridge::bind(AxiLiteSignals& s) {
    bind_axi_lite_ports(*this, s);
}

void AxiLiteBridge::end_of_elaboration() {
    // A manager drives every VALID low during and after reset (AXI spec A3.1.2).
    awvalid.initialize(false);
    wvalid.initialize(false);
    bready.initialize(false);
    arvalid.initialize(false);
    rready.initialize(false);
    awaddr.initialize(0);
    awprot.initialize(0);
    wdata.initialize(0);
    wstrb.initialize(0);
    araddr.initialize(0);
    arprot.initialize(0);
}

tlm::tlm_response_status AxiLiteBridge::response_for(unsigned resp) {
    switch (resp & 3u) {
        case AXI_SLVERR: return tlm::TLM_GENERIC_ERROR_RESPONSE;
        case AXI_DECERR: return tlm::TLM_ADDRESS_ERROR_RESPONSE;
        default: return tlm::TLM_OK_RESPONSE;  // OKAY, and EXOKAY (reported by the checker)
    }
}

void AxiLiteBridge::b_transport(tlm::tlm_generic_payload& gp, sc_core::sc_time& delay) {
    if (!bridge_detail::begin_pin_access(gp, delay)) return;
    if (auto st = bridge_detail::check_payload(gp); st != tlm::TLM_OK_RESPONSE) {
        gp.set_response_status(st);
        return;
    }
    const std::vector<Beat> beats = bridge_detail::split_beats(gp);
    sc_core::sc_mutex& m = gp.is_write() ? write_mutex_ : read_mutex_;
    m.lock();
    while (!aresetn.read()) wait(aresetn.posedge_event());
    tlm::tlm_response_status status = tlm::TLM_OK_RESPONSE;
    for (const Beat& b : beats) {
        unsigned resp;
        if (gp.is_write()) {
            resp = write_beat(b.addr, b.wdata, b.strb);
        } else {
            uint32_t data = 0;
            resp = read_beat(b.addr, data);
            if (response_for(resp) == tlm::TLM_OK_RESPONSE) bridge_detail::merge_read(gp, b, data);
        }
        status = response_for(resp);
        if (status != tlm::TLM_OK_RESPONSE) break;
    }
    m.unlock();
    gp.set_response_status(status);
}

unsigned AxiLiteBridge::write_beat(uint32_t addr, uint32_t data, unsigned strb) {
    wait(aclk.posedge_event());
    awaddr.write(addr);
    awprot.write(prot_);
    awvalid.write(true);
    wdata.write(data);
    wstrb.write(strb);
    wvalid.write(true);
    bready.write(true);
    bool aw_done = false, w_done = false;
    for (;;) {
        wait(aclk.posedge_event());
        if (!aw_done && awready.read()) {
            aw_done = true;
            awvalid.write(false);
        }
        if (!w_done && wready.read()) {
            w_done = true;
            wvalid.write(false);
        }
        if (bvalid.read()) {  // BREADY is high: the response handshake happened at this edge
            bready.write(false);
            return static_cast<unsigned>(bresp.read());
        }
    }
}

unsigned AxiLiteBridge::read_beat(uint32_t addr, uint32_t& data) {
    wait(aclk.posedge_event());
    araddr.write(addr);
    arprot.write(prot_);
    arvalid.write(true);
    rready.write(true);
    bool ar_done = false;
    for (;;) {
        wait(aclk.posedge_event());
        if (!ar_done && arready.read()) {
            ar_done = true;
            arvalid.write(false);
        }
        if (rvalid.read()) {
            rready.write(false);
            data = static_cast<uint32_t>(rdata.read());
            return static_cast<unsigned>(rresp.read());
        }
    }
}

unsigned AxiLiteBridge::transport_dbg(tlm::tlm_generic_payload&) {
    return 0;
}

bool AxiLiteBridge::get_direct_mem_ptr(tlm::tlm_generic_payload&, tlm::tlm_dmi& dmi) {
    return bridge_detail::refuse_dmi(dmi);
}

}  // namespace vp
