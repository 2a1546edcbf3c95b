#include "models/rtl/verilated_apb_timer.h"

#include "Vapb_timer.h"

namespace vp::rtl {

std::unique_ptr<sc_core::sc_module> make_verilated_apb_timer(const char* name,
                                                             sc_core::sc_signal_in_if<bool>& pclk,
                                                             sc_core::sc_signal<bool>& presetn,
                                                             ApbSignals& apb, sc_core::sc_signal<bool>& irq) {
    auto m = std::make_unique<Vapb_timer>(name);
    m->pclk(pclk);
    m->presetn(presetn);
    m->psel(apb.psel);
    m->penable(apb.penable);
    m->pwrite(apb.pwrite);
    m->paddr(apb.paddr);
    m->pwdata(apb.pwdata);
    m->pstrb(apb.pstrb);
    m->pprot(apb.pprot);
    m->pready(apb.pready);
    m->prdata(apb.prdata);
    m->pslverr(apb.pslverr);
    m->irq(irq);
    return m;
}

}  // namespace vp::rtl
