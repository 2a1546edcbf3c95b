// Splitting a TLM-2.0 generic payload into aligned 32-bit bus beats, and the b_transport and DMI
// steps every pin bridge shares.
#pragma once
#include <cstdint>
#include <limits>
#include <vector>

#include <systemc>

#include <tlm>

namespace vp::bridge_detail {

struct Beat {
    uint32_t addr;   // word-aligned bus address
    unsigned strb;   // byte lanes of the word the access touches and enables (bit n = lane n)
    uint32_t wdata;  // write data on its lanes (disabled lanes 0)
};

// The beats of an access to [address, address + length) with the payload's byte enables.
// Words without any enabled byte are left out. Addresses wrap at 32 bits.
inline std::vector<Beat> split_beats(const tlm::tlm_generic_payload& gp) {
    std::vector<Beat> beats;
    const uint64_t addr = gp.get_address();
    const unsigned len = gp.get_data_length();
    const unsigned char* data = gp.get_data_ptr();
    const unsigned char* be = gp.get_byte_enable_ptr();
    const unsigned be_len = gp.get_byte_enable_length();
    for (uint64_t word = addr & ~uint64_t{3}; word < addr + len; word += 4) {
        Beat b{static_cast<uint32_t>(word), 0, 0};
        for (unsigned lane = 0; lane < 4; ++lane) {
            const uint64_t a = word + lane;
            if (a < addr || a >= addr + len) continue;
            const unsigned i = static_cast<unsigned>(a - addr);
            if (be && be_len && be[i % be_len] != TLM_BYTE_ENABLED) continue;
            b.strb |= 1u << lane;
            if (gp.is_write()) b.wdata |= uint32_t{data[i]} << (8 * lane);
        }
        if (b.strb) beats.push_back(b);
    }
    return beats;
}

// Copies the enabled lanes of a read word into the payload's data array.
inline void merge_read(tlm::tlm_generic_payload& gp, const Beat& b, uint32_t rdata) {
    const uint64_t addr = gp.get_address();
    for (unsigned lane = 0; lane < 4; ++lane)
        if (b.strb & (1u << lane))
            gp.get_data_ptr()[b.addr + lane - addr] = static_cast<unsigned char>(rdata >> (8 * lane));
}

// Checks the parts of a payload a pin bridge cannot carry; returns TLM_OK_RESPONSE if it can.
inline tlm::tlm_response_status check_payload(const tlm::tlm_generic_payload& gp) {
    if (gp.get_data_length() == 0 || !gp.get_data_ptr()) return tlm::TLM_GENERIC_ERROR_RESPONSE;
    if (gp.get_streaming_width() < gp.get_data_length()) return tlm::TLM_BURST_ERROR_RESPONSE;
    if (gp.get_address() + gp.get_data_length() > (uint64_t{1} << 32)) return tlm::TLM_ADDRESS_ERROR_RESPONSE;
    return tlm::TLM_OK_RESPONSE;
}

// The first step of a pin bridge's b_transport (called from an SC_THREAD): syncs the annotated
// delay (wait(delay), delay = 0), clears DMI-allowed, and answers TLM_IGNORE_COMMAND with
// TLM_OK_RESPONSE. False: nothing to put on the pins.
inline bool begin_pin_access(tlm::tlm_generic_payload& gp, sc_core::sc_time& delay) {
    if (delay != sc_core::SC_ZERO_TIME) sc_core::wait(delay);
    delay = sc_core::SC_ZERO_TIME;
    gp.set_dmi_allowed(false);
    if (gp.is_write() == gp.is_read()) {
        gp.set_response_status(tlm::TLM_OK_RESPONSE);
        return false;
    }
    return true;
}

// A pin bridge's get_direct_mem_ptr: no DMI, for the whole address range.
inline bool refuse_dmi(tlm::tlm_dmi& dmi) {
    dmi.set_start_address(0);
    dmi.set_end_address(std::numeric_limits<sc_dt::uint64>::max());
    dmi.set_granted_access(tlm::tlm_dmi::DMI_ACCESS_NONE);
    return false;
}

}  // namespace vp::bridge_detail
