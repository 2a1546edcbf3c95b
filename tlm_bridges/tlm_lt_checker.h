// A pass-through checker of the TLM-2.0 base protocol for loosely-timed (blocking) transport,
// after IEEE Std 1666-2011 clause 14 (the generic payload) and 11.2 (DMI), 11.3 (debug).
// Bind `target` where the target was bound and `initiator` to the target. Every call is
// forwarded unchanged; the checks (rule ids; the report names the payload field):
//   b_transport, on the call (initiator obligations)
//     tlm.status_not_incomplete_on_call  response status is TLM_INCOMPLETE_RESPONSE (14.17)
//     tlm.data_ptr_null                  data pointer is set (14.11) (not for TLM_IGNORE_COMMAND)
//     tlm.data_length_zero               data length > 0 (14.12)
//     tlm.byte_enable_length_zero        byte-enable length > 0 when a byte-enable pointer is set (14.14)
//     tlm.byte_enable_value              byte-enable elements are 0x00 or 0xff (14.14)
//     tlm.streaming_width_zero           streaming width > 0 (14.15)
//   b_transport, on return (target obligations)
//     tlm.status_incomplete_on_return    the target set a response status (14.17)
//     tlm.attribute_modified             command, address, data pointer, data length, byte-enable
//                                        pointer/length, streaming width unchanged by the target (14.5)
//   get_direct_mem_ptr (11.2)
//     tlm.dmi_range_inverted             start address <= end address
//     tlm.dmi_null_pointer               a DMI pointer when read or write access is granted
//     tlm.dmi_range_excludes_address     a granted range covers the requested address
//     tlm.dmi_no_access                  a grant (true) gives read and/or write access
//   transport_dbg (11.3)
//     tlm.debug_count_exceeds_length     the returned byte count <= data length
//   invalidate_direct_mem_ptr (11.2.8)
//     tlm.invalidate_range_inverted      start range <= end range
#pragma once
#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>
#include <systemc>
#include <tlm>

#include "tlm_bridges/protocol_violation.h"

namespace vp {

class TlmLtChecker : public sc_core::sc_module {
public:
    tlm_utils::simple_target_socket<TlmLtChecker> target{"target"};
    tlm_utils::simple_initiator_socket<TlmLtChecker> initiator{"initiator"};

    explicit TlmLtChecker(const sc_core::sc_module_name& name);

    ViolationLog& log() { return log_; }
    const std::vector<ProtocolViolation>& violations() const { return log_.violations(); }
    uint64_t transactions() const { return transactions_; }

private:
    void b_transport(tlm::tlm_generic_payload& gp, sc_core::sc_time& delay);
    unsigned transport_dbg(tlm::tlm_generic_payload& gp);
    bool get_direct_mem_ptr(tlm::tlm_generic_payload& gp, tlm::tlm_dmi& dmi);
    void invalidate_direct_mem_ptr(sc_dt::uint64 start, sc_dt::uint64 end);
    void violation(const char* field, const char* rule, const std::string& text);

    ViolationLog log_;
    uint64_t transactions_ = 0;
};

}  // namespace vp
