// A block Verilated with --cc (plain C++, no SystemC) as RtlCycleDevice (rtl/rtl_cycle_device.h)
// drives it: RtlPin views of the Verilated top's port fields (CData, SData, IData, QData: 1 to 64
// bits), and RtlBlock, what the source vp_add_rtl_model() generates (cmake/vp-rtl-model.cpp.in)
// implements around the Verilated model: evaluation, the state for quiescence tests, --savable
// snapshots, and VCD tracing.
#pragma once
#include <cstdint>
#include <cstring>
#include <memory>
#include <span>
#include <string>
#include <type_traits>
#include <vector>

namespace vp {

// One port field of the Verilated top; an unbound pin (a port the block does not have) reads 0
// and ignores writes.
class RtlPin {
public:
    RtlPin() = default;
    template <class T>
    requires std::is_unsigned_v<T> &&(sizeof(T) <= 8) explicit RtlPin(T& field)
        : field_(&field), bytes_(sizeof(T)) {}

    bool bound() const { return field_ != nullptr; }
    uint64_t read() const { return get(); }  // as an sc_in's, for the samplers of tlm_bridges/*_rules.h
    uint64_t get() const {
        switch (bytes_) {
            case 1: return *static_cast<const uint8_t*>(field_);
            case 2: return *static_cast<const uint16_t*>(field_);
            case 4: return *static_cast<const uint32_t*>(field_);
            case 8: return *static_cast<const uint64_t*>(field_);
            default: return 0;
        }
    }
    void set(uint64_t v) const {
        switch (bytes_) {
            case 1: *static_cast<uint8_t*>(field_) = static_cast<uint8_t>(v); break;
            case 2: *static_cast<uint16_t*>(field_) = static_cast<uint16_t>(v); break;
            case 4: *static_cast<uint32_t*>(field_) = static_cast<uint32_t>(v); break;
            case 8: *static_cast<uint64_t*>(field_) = v; break;
            default: break;
        }
    }

private:
    void* field_ = nullptr;
    unsigned bytes_ = 0;
};

struct RtlApbPins {
    RtlPin psel, penable, pwrite, paddr, pwdata, pstrb, pprot, prdata, pready, pslverr;
};

struct RtlAxiLitePins {
    RtlPin awvalid, awready, awaddr, awprot, wvalid, wready, wdata, wstrb, bvalid, bready, bresp;
    RtlPin arvalid, arready, araddr, arprot, rvalid, rready, rdata, rresp;
};

// ARM IHI 0022E A2.2-A2.6, named as the ports of Axi4Checker (tlm_bridges/axi4_rules.h samples both).
struct RtlAxi4Pins {
    RtlPin awvalid, awready, awid, awaddr, awlen, awsize, awburst, awlock, awcache, awprot, awqos, awregion;
    RtlPin wvalid, wready, wdata, wstrb, wlast, bvalid, bready, bid, bresp;
    RtlPin arvalid, arready, arid, araddr, arlen, arsize, arburst, arlock, arcache, arprot, arqos, arregion;
    RtlPin rvalid, rready, rid, rdata, rresp, rlast;
};

struct RtlBlockPins {
    RtlPin clock, reset;
    RtlApbPins apb;            // BUS apb
    RtlAxiLitePins axi;        // BUS axi4lite
    RtlAxi4Pins axi4;          // BUS axi4
    std::vector<RtlPin> irqs;  // in the order of vp_add_rtl_model's IRQS
    RtlPin gpio_in, gpio_out, gpio_oe, gpio_ie;
};

class RtlBlock {
public:
    virtual ~RtlBlock() = default;
    virtual void eval() = 0;
    // The Verilated root object: every register and a copy of every input.
    virtual std::span<const std::byte> state() const = 0;
    // By Verilator's --savable (rtl/rtl_savable.h); load is false when the bytes were not exactly
    // one saved state.
    virtual std::vector<uint8_t> save() = 0;
    virtual bool load(std::span<const uint8_t> bytes) = 0;
    // VCD tracing of every signal (false: Verilated without --trace); times in `unit` steps.
    virtual bool traceable() const = 0;
    virtual void trace_open(const std::string& path, const std::string& unit) = 0;
    virtual void trace_dump(uint64_t time) = 0;
    virtual void trace_close() = 0;

    RtlBlockPins pins;
};

}  // namespace vp
