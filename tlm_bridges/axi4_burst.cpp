#include "tlm_bridges/axi4_burst.h"

#include <bit>

namespace vp {

namespace {

constexpr uint64_t k4KiB = 4096;
constexpr unsigned kMaxIncrBeats = 256, kMaxFixedBeats = 16;  // A3.4.1 "Burst length"

bool enabled(const tlm::tlm_generic_payload& gp, unsigned i) {
    const unsigned char* be = gp.get_byte_enable_ptr();
    const unsigned n = gp.get_byte_enable_length();
    return !be || !n || be[i % n] == TLM_BYTE_ENABLED;
}

// A beat carrying the payload bytes first.. on lanes lane0.. (count of them).
Axi4Beat beat(const tlm::tlm_generic_payload& gp, uint32_t addr, unsigned lane0, unsigned first,
              unsigned count) {
    Axi4Beat b{addr, 0, {}};
    b.index.fill(-1);
    for (unsigned j = 0; j < count; ++j) {
        b.index[lane0 + j] = static_cast<int32_t>(first + j);
        if (enabled(gp, first + j)) b.strb |= 1u << (lane0 + j);
    }
    return b;
}

tlm::tlm_response_status plan_incr(const tlm::tlm_generic_payload& gp, unsigned n,
                                   std::vector<Axi4BurstPlan>& out) {
    const uint64_t start = gp.get_address(), end = start + gp.get_data_length();
    // One narrow beat: the smallest aligned container of the access, if no wider than the bus.
    for (unsigned s = 1; s <= n; s *= 2)
        if (start / s == (end - 1) / s) {
            out.push_back({static_cast<uint32_t>(start),
                           static_cast<unsigned>(std::countr_zero(s)),
                           AXI4_INCR,
                           {beat(gp, static_cast<uint32_t>(start), static_cast<unsigned>(start % n), 0,
                                 gp.get_data_length())}});
            return tlm::TLM_OK_RESPONSE;
        }
    const unsigned size = static_cast<unsigned>(std::countr_zero(n));
    uint64_t a = start;
    while (a < end) {
        const uint64_t word = a / n * n;
        if (out.empty() || word % k4KiB == 0 || out.back().beats.size() == kMaxIncrBeats)
            out.push_back({static_cast<uint32_t>(a), size, AXI4_INCR, {}});
        const uint64_t next = std::min(word + n, end);
        out.back().beats.push_back(beat(gp, static_cast<uint32_t>(a), static_cast<unsigned>(a - word),
                                        static_cast<unsigned>(a - start), static_cast<unsigned>(next - a)));
        a = next;
    }
    return tlm::TLM_OK_RESPONSE;
}

tlm::tlm_response_status plan_fixed(const tlm::tlm_generic_payload& gp, unsigned n,
                                    std::vector<Axi4BurstPlan>& out) {
    const unsigned sw = gp.get_streaming_width(), len = gp.get_data_length();
    const uint64_t addr = gp.get_address();
    if (!std::has_single_bit(sw) || sw > n || addr % sw || len % sw) return tlm::TLM_BURST_ERROR_RESPONSE;
    for (unsigned first = 0; first < len; first += sw) {
        if (out.empty() || out.back().beats.size() == kMaxFixedBeats)
            out.push_back(
                {static_cast<uint32_t>(addr), static_cast<unsigned>(std::countr_zero(sw)), AXI4_FIXED, {}});
        out.back().beats.push_back(
            beat(gp, static_cast<uint32_t>(addr), static_cast<unsigned>(addr % n), first, sw));
    }
    return tlm::TLM_OK_RESPONSE;
}

// A3.4.1: Wrap_Boundary = INT(Start_Address / (Number_Bytes * Burst_Length)) * (Number_Bytes * Burst_Length);
// an address that reaches Wrap_Boundary + Number_Bytes * Burst_Length goes back to Wrap_Boundary.
tlm::tlm_response_status plan_wrap(const tlm::tlm_generic_payload& gp, unsigned n,
                                   std::vector<Axi4BurstPlan>& out) {
    const unsigned len = gp.get_data_length();
    const uint64_t start = gp.get_address();
    const unsigned beats = len / n;
    if (gp.get_streaming_width() < len || len % n || start % n ||
        !(beats == 2 || beats == 4 || beats == 8 || beats == 16))
        return tlm::TLM_BURST_ERROR_RESPONSE;
    const uint64_t boundary = start / len * len;
    Axi4BurstPlan p{static_cast<uint32_t>(start), static_cast<unsigned>(std::countr_zero(n)), AXI4_WRAP, {}};
    for (unsigned k = 0; k < beats; ++k) {
        uint64_t a = start + uint64_t{k} * n;
        if (a >= boundary + len) a -= len;
        p.beats.push_back(beat(gp, static_cast<uint32_t>(a), 0, k * n, n));
    }
    out.push_back(std::move(p));
    return tlm::TLM_OK_RESPONSE;
}

}  // namespace

tlm::tlm_response_status plan_axi4_bursts(const tlm::tlm_generic_payload& gp, unsigned bus_bytes,
                                          std::vector<Axi4BurstPlan>& out) {
    out.clear();
    const unsigned len = gp.get_data_length();
    if (len == 0 || !gp.get_data_ptr()) return tlm::TLM_GENERIC_ERROR_RESPONSE;
    const uint64_t span = gp.get_streaming_width() < len ? gp.get_streaming_width() : len;
    if (gp.get_address() + span > (uint64_t{1} << 32)) return tlm::TLM_ADDRESS_ERROR_RESPONSE;
    if (gp.get_extension<Axi4WrapExtension>()) return plan_wrap(gp, bus_bytes, out);
    if (gp.get_streaming_width() < len) return plan_fixed(gp, bus_bytes, out);
    return plan_incr(gp, bus_bytes, out);
}

}  // namespace vp
