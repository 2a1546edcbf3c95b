// How a TLM-2.0 generic payload becomes AXI4 bursts (AMBA AXI and ACE Protocol Specification,
// ARM IHI 0022E, A3.4.1 "Address structure"), for vp::Axi4Bridge:
//   - INCR (the default): an access that fits one naturally aligned container no wider than the
//     bus is one narrow beat (AxSIZE = that container); anything longer is INCR bursts of
//     bus-width beats from the start address (the first beat may be unaligned), a new burst at
//     every 4 KiB boundary and after 256 beats. Bytes outside the payload, and bytes its byte
//     enables disable, have their WSTRB bit clear.
//   - FIXED: a streaming width shorter than the length, a power of two no wider than the bus,
//     with the address and the length multiples of it: length / width beats at the one address,
//     in FIXED bursts of at most 16 beats.
//   - WRAP: asked for with an Axi4WrapExtension on the payload. The payload's data are the burst's
//     bytes in beat order (its address is the start address, which must be aligned to the bus
//     width); the length, in bus-width beats, must be 2, 4, 8 or 16.
// A payload none of these fit gets TLM_BURST_ERROR_RESPONSE and puts nothing on the pins.
#pragma once
#include <array>
#include <cstdint>
#include <vector>

#include <tlm>

#include "tlm_bridges/axi4_signals.h"

namespace vp {

// Marks a payload as one AXI4 WRAP burst (see above). Not copied by the bridge; owned by the
// initiator (set_extension / clear_extension).
class Axi4WrapExtension : public tlm::tlm_extension<Axi4WrapExtension> {
public:
    tlm::tlm_extension_base* clone() const override { return new Axi4WrapExtension(*this); }
    void copy_from(const tlm::tlm_extension_base&) override {}
};

struct Axi4Beat {
    uint32_t addr;                 // the beat's address (A3.4.1 Address_N; the start address first)
    uint32_t strb;                 // WSTRB: lanes carrying enabled payload bytes
    std::array<int32_t, 8> index;  // per byte lane: the payload byte it carries, -1 for none
};

struct Axi4BurstPlan {
    uint32_t addr;  // AxADDR
    unsigned size;  // AxSIZE: log2 of the bytes per beat
    Axi4Burst burst;
    std::vector<Axi4Beat> beats;  // AxLEN + 1 of them
};

// The bursts of `gp` on a bus of `bus_bytes` (4 or 8) byte lanes, in address order, into `out`;
// TLM_OK_RESPONSE, or the error the payload gets instead.
tlm::tlm_response_status plan_axi4_bursts(const tlm::tlm_generic_payload& gp, unsigned bus_bytes,
                                          std::vector<Axi4BurstPlan>& out);

}  // namespace vp
