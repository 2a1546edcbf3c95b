// The waveform of a Verilated SystemC block (property `trace`; a --cc block's is written by
// rtl/rtl_cycle_device.h): every port and internal signal of the
// block through Verilator's VCD tracing, stamped with SystemC time (the file's timescale is the
// SystemC time resolution), recorded from the window's start until its stop (or the end of the
// run). Included by the wrapper vp_add_rtl_model() generates, where Verilator's headers are.
#pragma once
#include <verilated.h>
#include <verilated_vcd_sc.h>

#include <functional>

#include <systemc>

#include "rtl/rtl_device.h"

namespace vp {

class RtlWaveform : public sc_core::sc_module {
public:
    template <class Block>
    RtlWaveform(const sc_core::sc_module_name& name, Block& block, RtlWaveformWindow window)
        : sc_module(name),
          window_(std::move(window)),
          add_signals_([&block](VerilatedVcdC* file) { block.trace(file, 99); }) {
        Verilated::traceEverOn(true);
        SC_HAS_PROCESS(RtlWaveform);
        SC_THREAD(record_window);
    }
    ~RtlWaveform() override { vcd_->close(); }

private:
    // Verilator adds a SystemC block's signals only once elaboration is done.
    void start_of_simulation() override { add_signals_(vcd_); }
    void end_of_simulation() override { vcd_->close(); }

    void record_window() {
        const auto at = [this](uint64_t ps) {
            const sc_core::sc_time t(static_cast<double>(ps), sc_core::SC_PS);
            if (t > sc_core::sc_time_stamp()) wait(t - sc_core::sc_time_stamp());
        };
        at(window_.start_ps);
        vcd_->open(window_.path.c_str());
        if (!window_.stop_ps) return;
        at(*window_.stop_ps);
        vcd_->close();
    }

    RtlWaveformWindow window_;
    std::function<void(VerilatedVcdC*)> add_signals_;
    // Registered with the SystemC kernel, which keeps it for the process's life (it may call the
    // file after this module is gone); closed files ignore those calls.
    VerilatedVcdSc* vcd_ = new VerilatedVcdSc;
};

}  // namespace vp
