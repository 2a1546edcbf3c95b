// Host memory behind a RAM or ROM region, and the TLM-2.0 generic-payload rules for
// accessing it (bounds, byte enables, streaming width, debug transport, DMI grants).
//
// The memory is an anonymous private mapping without swap reservation: the host commits a
// page only when it is first touched, so a large guest memory costs only what it uses.
// Untouched memory reads as zero.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>

#include <systemc>
#include <tlm>

namespace vp {

class MemoryBacking {
public:
    // `owner` names the device in error messages. Throws vp::Error if the host refuses.
    MemoryBacking(std::string owner, uint64_t size);
    ~MemoryBacking();
    MemoryBacking(const MemoryBacking&) = delete;
    MemoryBacking& operator=(const MemoryBacking&) = delete;

    uint8_t* data() const { return data_; }
    uint64_t size() const { return size_; }

    // Copies bytes in at `offset`; throws vp::Error when they do not fit.
    void load(uint64_t offset, const void* bytes, size_t len);
    // Copies the whole file in at `offset`; throws vp::Error naming the path when it cannot
    // be read or does not fit.
    void load_file(const std::string& path, uint64_t offset);

    // A read or write (an ignore command does nothing): checks the bounds, honours byte
    // enables and streaming width, sets and returns the payload's response status.
    tlm::tlm_response_status transport(tlm::tlm_generic_payload& gp);
    // Debug transport: byte enables and streaming width ignored, truncated at the end of the
    // memory; returns the number of bytes transferred.
    unsigned debug(tlm::tlm_generic_payload& gp);
    // Grants the whole memory with the given access and latencies.
    void grant_dmi(tlm::tlm_dmi& dmi, tlm::tlm_dmi::dmi_access_e access, const sc_core::sc_time& read_latency,
                   const sc_core::sc_time& write_latency) const;

private:
    std::string owner_;
    uint8_t* data_ = nullptr;
    uint64_t size_ = 0;
};

}  // namespace vp
