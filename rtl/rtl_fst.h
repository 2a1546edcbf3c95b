// FST waveforms (property `trace: FILE.fst`). Verilator 5.006 Verilates a block's tracing for one
// format: --trace-fst replaces --trace's VCD (trace() then takes a VerilatedFstC only). vp keeps
// the VCD build and writes FILE.fst by recording FILE.fst.vcd and converting it with gtkwave's
// vcd2fst when the waveform closes.
#pragma once
#include <string>

namespace vp {

bool have_vcd2fst();  // on PATH
// Converts and removes the VCD; false with `error` set when vcd2fst failed.
bool vcd_to_fst(const std::string& vcd, const std::string& fst, std::string& error);

}  // namespace vp
