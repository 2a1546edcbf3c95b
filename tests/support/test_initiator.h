// A TLM-2.0 initiator for model tests: bind its socket to a device's target socket (or the
// router's) and issue reads, writes, debug accesses and DMI requests from the test body.
// Calls outside a SystemC thread are fine for LT targets that never wait().
#pragma once
#include <cstdint>
#include <cstring>
#include <vector>

#include <tlm_utils/simple_initiator_socket.h>
#include <systemc>
#include <tlm>

namespace vp::test {

class TestInitiator : public sc_core::sc_module {
public:
    tlm_utils::simple_initiator_socket<TestInitiator> socket{"socket"};

    explicit TestInitiator(const sc_core::sc_module_name& name) : sc_core::sc_module(name) {
        socket.register_invalidate_direct_mem_ptr(this, &TestInitiator::invalidate);
    }

    struct Result {
        tlm::tlm_response_status status;
        uint64_t data;
        sc_core::sc_time delay;
        bool ok() const { return status == tlm::TLM_OK_RESPONSE; }
    };

    Result access(tlm::tlm_command cmd, uint64_t addr, void* data, unsigned len,
                  const uint8_t* byte_enable = nullptr, unsigned be_len = 0) {
        tlm::tlm_generic_payload gp;
        gp.set_command(cmd);
        gp.set_address(addr);
        gp.set_data_ptr(static_cast<unsigned char*>(data));
        gp.set_data_length(len);
        gp.set_streaming_width(len);
        gp.set_byte_enable_ptr(const_cast<uint8_t*>(byte_enable));
        gp.set_byte_enable_length(be_len);
        gp.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
        sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
        socket->b_transport(gp, delay);
        last_dmi_allowed = gp.is_dmi_allowed();
        return {gp.get_response_status(), 0, delay};
    }

    Result write(uint64_t addr, uint64_t value, unsigned len = 4) {
        return access(tlm::TLM_WRITE_COMMAND, addr, &value, len);
    }
    Result read(uint64_t addr, unsigned len = 4) {
        uint64_t value = 0;
        Result r = access(tlm::TLM_READ_COMMAND, addr, &value, len);
        r.data = value;
        return r;
    }
    Result write_bytes(uint64_t addr, const std::vector<uint8_t>& bytes) {
        std::vector<uint8_t> copy = bytes;
        return access(tlm::TLM_WRITE_COMMAND, addr, copy.data(), static_cast<unsigned>(copy.size()));
    }
    std::vector<uint8_t> read_bytes(uint64_t addr, unsigned len, tlm::tlm_response_status* status = nullptr) {
        std::vector<uint8_t> out(len);
        Result r = access(tlm::TLM_READ_COMMAND, addr, out.data(), len);
        if (status) *status = r.status;
        return out;
    }

    // As access(), read() and write(), then the annotated delay waited out (in an SC_THREAD), so
    // sc_time_stamp() is the access's end: for targets that return with the delay advanced (a C++
    // cycle-driven RTL block, rtl/rtl_cycle_device.h) as for those that waited.
    Result access_timed(tlm::tlm_command cmd, uint64_t addr, void* data, unsigned len) {
        Result r = access(cmd, addr, data, len);
        sc_core::wait(r.delay);
        return r;
    }
    Result write_timed(uint64_t addr, uint64_t value, unsigned len = 4) {
        return access_timed(tlm::TLM_WRITE_COMMAND, addr, &value, len);
    }
    Result read_timed(uint64_t addr, unsigned len = 4) {
        uint64_t value = 0;
        Result r = access_timed(tlm::TLM_READ_COMMAND, addr, &value, len);
        r.data = value;
        return r;
    }

    // Debug transport; returns the byte count the target handled.
    unsigned debug(tlm::tlm_command cmd, uint64_t addr, void* data, unsigned len) {
        tlm::tlm_generic_payload gp;
        gp.set_command(cmd);
        gp.set_address(addr);
        gp.set_data_ptr(static_cast<unsigned char*>(data));
        gp.set_data_length(len);
        gp.set_streaming_width(len);
        return socket->transport_dbg(gp);
    }

    bool get_dmi(uint64_t addr, tlm::tlm_command cmd, tlm::tlm_dmi& dmi) {
        tlm::tlm_generic_payload gp;
        gp.set_command(cmd);
        gp.set_address(addr);
        gp.set_data_length(1);
        return socket->get_direct_mem_ptr(gp, dmi);
    }

    bool last_dmi_allowed = false;
    struct Invalidation {
        uint64_t start, end;
    };
    std::vector<Invalidation> invalidations;

private:
    void invalidate(sc_dt::uint64 start, sc_dt::uint64 end) { invalidations.push_back({start, end}); }
};

}  // namespace vp::test
