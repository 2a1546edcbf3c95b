#include "rtl/rtl_gpio.h"

namespace vp {

RtlGpio::RtlGpio(const sc_core::sc_module_name& name, unsigned pins, bool has_out, bool has_oe)
    : sc_core::sc_module(name), pins_(pins), has_out_(has_out), has_oe_(has_oe) {}

void RtlGpio::set_input(unsigned line, bool level) {
    if (line >= pins_) return;
    const uint32_t bit = 1u << line;
    const uint32_t now = level ? inputs_ | bit : inputs_ & ~bit;
    if (now == inputs_) return;
    inputs_ = now;
    drive(inputs_);
}

uint32_t RtlGpio::output_enables() const {
    if (!has_out_) return 0;
    if (has_oe_) return read_oe();
    return pins_ == 32 ? ~0u : (1u << pins_) - 1;
}

void RtlGpio::tell_listeners() {
    for (auto& l : listeners_) l(outputs(), output_enables());
}

}  // namespace vp
