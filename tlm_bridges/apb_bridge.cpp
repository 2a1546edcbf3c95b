#include "tlm_bridges/apb_bridge.h"

#include "tlm_bridges/beat_split.h"

namespace vp {

using bridge_detail::Beat;

ApbBridge::ApbBridge(const sc_core::sc_module_name& name) : sc_core::sc_module(name) {
    socket.register_b_transport(this, &ApbBridge::b_transport);
    socket.register_transport_dbg(this, &ApbBridge::transport_dbg);
    socket.register_get_direct_mem_ptr(this, &ApbBridge::get_direct_mem_ptr);
}

void ApbBridge::bind(ApbSignals& s) {
    bind_apb_ports(*this, s);
}

void ApbBridge::end_of_elaboration() {
    // IDLE state (APB spec 4.1): nothing selected.
    psel.initialize(false);
    penable.initialize(false);
    pwrite.initialize(false);
    paddr.initialize(0);
    pwdata.initialize(0);
    pstrb.initialize(0);
    pprot.initialize(0);
}

void ApbBridge::b_transport(tlm::tlm_generic_payload& gp, sc_core::sc_time& delay) {
    if (!bridge_detail::begin_pin_access(gp, delay)) return;
    if (auto st = bridge_detail::check_payload(gp); st != tlm::TLM_OK_RESPONSE) {
        gp.set_response_status(st);
        return;
    }
    const std::vector<Beat> beats = bridge_detail::split_beats(gp);
    mutex_.lock();
    while (!presetn.read()) wait(presetn.posedge_event());
    bool ok = true;
    if (!beats.empty()) wait(pclk.posedge_event());
    for (size_t i = 0; i < beats.size() && ok; ++i) {
        uint32_t rdata = 0;
        const bool next = i + 1 < beats.size();
        ok = transfer(gp.is_write(), beats[i].addr, beats[i].wdata, gp.is_write() ? beats[i].strb : 0, next,
                      rdata);
        if (ok && gp.is_read()) bridge_detail::merge_read(gp, beats[i], rdata);
        if (!ok && next) {  // abandon the remaining beats: back to IDLE
            psel.write(false);
            penable.write(false);
        }
    }
    mutex_.unlock();
    gp.set_response_status(ok ? tlm::TLM_OK_RESPONSE : tlm::TLM_GENERIC_ERROR_RESPONSE);
}

// Entered at a rising edge; returns at the rising edge that completed the transfer.
bool ApbBridge::transfer(bool write, uint32_t addr, uint32_t wdata, unsigned strb, bool next,
                         uint32_t& rdata) {
    ++transfers_;
    // SETUP.
    psel.write(true);
    penable.write(false);
    pwrite.write(write);
    paddr.write(addr);
    pwdata.write(write ? wdata : 0);
    pstrb.write(strb);
    pprot.write(prot_);
    wait(pclk.posedge_event());
    // ACCESS: held until an edge samples PREADY high.
    penable.write(true);
    do {
        wait(pclk.posedge_event());
    } while (!pready.read());
    rdata = static_cast<uint32_t>(prdata.read());
    const bool err = pslverr.read();
    penable.write(false);
    if (!next) psel.write(false);
    return !err;
}

unsigned ApbBridge::transport_dbg(tlm::tlm_generic_payload&) {
    return 0;  // a debug access would need pin activity (and simulated time): not supported
}

bool ApbBridge::get_direct_mem_ptr(tlm::tlm_generic_payload&, tlm::tlm_dmi& dmi) {
    return bridge_detail::refuse_dmi(dmi);
}

}  // namespace vp
