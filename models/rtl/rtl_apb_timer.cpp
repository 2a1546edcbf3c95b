#include "models/rtl/rtl_apb_timer.h"

#include <cmath>

#include <fmt/format.h>

#include "models/rtl/apb_timer_model.h"
#include "models/rtl/apb_timer_regs.h"
#include "models/rtl/verilated_apb_timer.h"
#include "core/error.h"
#include "core/model_registry.h"

namespace vp {

namespace {
sc_core::sc_time clock_period(const DeviceConfig& c) {
    PropertyValues props = c.props;
    apply_defaults(ApbTimerModel::properties(), props);
    const double hz = props.get_frequency("clock");
    const double ps = hz > 0 ? std::round(1e12 / hz) : 0;
    if (!(ps >= 2))  // an sc_clock needs distinct edges
        throw ConfigError(props.at("clock").loc, c.name + ".clock",
                          "the timer clock must be > 0 and <= 500GHz");
    return sc_core::sc_time(ps, sc_core::SC_PS);
}
}  // namespace

RtlApbTimer::RtlApbTimer(const sc_core::sc_module_name& name, const DeviceConfig& config)
    : Device(name, config), clk_("clk", clock_period(config)) {
    apply_defaults(ApbTimerModel::properties(), config_.props);
    bridge_.pclk(clk_);
    bridge_.presetn(presetn_);
    bridge_.bind(apb_);
    checker_.pclk(clk_);
    checker_.presetn(presetn_);
    checker_.bind(apb_);
    irq_adapter_.pin(irq_pin_);
    rtl_ = rtl::make_verilated_apb_timer("rtl", clk_, presetn_, apb_, irq_pin_);
    SC_HAS_PROCESS(RtlApbTimer);
    SC_THREAD(reset_sequence);
}

void RtlApbTimer::reset_sequence() {
    presetn_.write(false);
    wait(clk_.negedge_event());
    wait(clk_.negedge_event());
    presetn_.write(true);
}

TargetSocket& RtlApbTimer::target_socket(unsigned index) {
    if (index != 0)
        throw Error(fmt::format("rtl.apb_timer '{}' has one region, not {}", config_.name, index + 1));
    return bridge_.socket;
}

void RtlApbTimer::write_dtb(DtbWriter& dtb) const {
    dtb.begin_node(dtb_node_name("timer", config_.regions));
    dtb.prop_string("compatible", apb_timer::kCompatible);
    dtb.prop_reg(config_.regions);
    if (!config_.interrupts.empty()) dtb.prop_gic_interrupts(config_.interrupts);
    dtb.prop_u32("clock-frequency", static_cast<uint32_t>(std::llround(1.0 / clk_.period().to_seconds())));
    dtb.end_node();
}

static ModelRegistrar rtl_apb_timer_registrar{ModelInfo{
    .name = "rtl.apb_timer",
    .doc = "vp APB timer as Verilated RTL behind a TLM-2.0 -> APB4 bridge (same map as apb_timer)",
    .regions = {{"regs", 0, apb_timer::kRegionSize}},
    .irqs = {"irq"},
    .props = ApbTimerModel::properties(),
    .roles = {},
    .create = make_factory<RtlApbTimer>(),
    .checkpoint = CheckpointSupport::refused,
    .checkpoint_refusal = "the Verilated model is not built with --savable yet",
}};

}  // namespace vp
