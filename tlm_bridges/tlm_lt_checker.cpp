#include "tlm_bridges/tlm_lt_checker.h"

#include <fmt/format.h>

namespace vp {

TlmLtChecker::TlmLtChecker(const sc_core::sc_module_name& name) : sc_core::sc_module(name) {
    target.register_b_transport(this, &TlmLtChecker::b_transport);
    target.register_transport_dbg(this, &TlmLtChecker::transport_dbg);
    target.register_get_direct_mem_ptr(this, &TlmLtChecker::get_direct_mem_ptr);
    initiator.register_invalidate_direct_mem_ptr(this, &TlmLtChecker::invalidate_direct_mem_ptr);
}

void TlmLtChecker::violation(const char* field, const char* rule, const std::string& text) {
    log_.report(name(), field, rule, text);
}

void TlmLtChecker::b_transport(tlm::tlm_generic_payload& gp, sc_core::sc_time& delay) {
    ++transactions_;
    const tlm::tlm_command cmd = gp.get_command();
    if (gp.get_response_status() != tlm::TLM_INCOMPLETE_RESPONSE)
        violation(
            "response_status", "tlm.status_not_incomplete_on_call",
            fmt::format("the initiator sets the response status to TLM_INCOMPLETE_RESPONSE before the call "
                        "(was {})",
                        gp.get_response_string()));
    if (!gp.get_data_ptr() && cmd != tlm::TLM_IGNORE_COMMAND)
        violation("data_ptr", "tlm.data_ptr_null", "the data pointer points to the data array (not null)");
    if (gp.get_data_length() == 0)
        violation("data_length", "tlm.data_length_zero", "the data length is greater than 0");
    if (gp.get_byte_enable_ptr()) {
        if (gp.get_byte_enable_length() == 0) {
            violation("byte_enable_length", "tlm.byte_enable_length_zero",
                      "with a byte-enable pointer set, the byte-enable length is greater than 0");
        } else {
            for (unsigned i = 0; i < gp.get_byte_enable_length(); ++i) {
                const unsigned char b = gp.get_byte_enable_ptr()[i];
                if (b != TLM_BYTE_ENABLED && b != TLM_BYTE_DISABLED) {
                    violation(
                        "byte_enable_ptr", "tlm.byte_enable_value",
                        fmt::format("byte-enable elements are TLM_BYTE_ENABLED (0xff) or TLM_BYTE_DISABLED "
                                    "(0x00); element {} is {:#04x}",
                                    i, b));
                    break;
                }
            }
        }
    }
    if (gp.get_streaming_width() == 0)
        violation("streaming_width", "tlm.streaming_width_zero", "the streaming width is greater than 0");

    const sc_dt::uint64 addr = gp.get_address();
    unsigned char* data = gp.get_data_ptr();
    const unsigned len = gp.get_data_length();
    unsigned char* be = gp.get_byte_enable_ptr();
    const unsigned be_len = gp.get_byte_enable_length();
    const unsigned sw = gp.get_streaming_width();

    initiator->b_transport(gp, delay);

    if (gp.get_response_status() == tlm::TLM_INCOMPLETE_RESPONSE)
        violation("response_status", "tlm.status_incomplete_on_return",
                  fmt::format(
                      "the target sets the response status (left TLM_INCOMPLETE_RESPONSE for a {} at {:#x})",
                      cmd == tlm::TLM_READ_COMMAND    ? "read"
                      : cmd == tlm::TLM_WRITE_COMMAND ? "write"
                                                      : "ignore",
                      addr));
    auto unchanged = [&](bool same, const char* field) {
        if (!same)
            violation(field, "tlm.attribute_modified",
                      fmt::format("the target does not modify the {} attribute", field));
    };
    unchanged(gp.get_command() == cmd, "command");
    unchanged(gp.get_address() == addr, "address");
    unchanged(gp.get_data_ptr() == data, "data_ptr");
    unchanged(gp.get_data_length() == len, "data_length");
    unchanged(gp.get_byte_enable_ptr() == be, "byte_enable_ptr");
    unchanged(gp.get_byte_enable_length() == be_len, "byte_enable_length");
    unchanged(gp.get_streaming_width() == sw, "streaming_width");
}

unsigned TlmLtChecker::transport_dbg(tlm::tlm_generic_payload& gp) {
    const unsigned len = gp.get_data_length();
    const unsigned n = initiator->transport_dbg(gp);
    if (n > len)
        violation("return", "tlm.debug_count_exceeds_length",
                  fmt::format("transport_dbg returns at most the data length ({} bytes returned, length {})",
                              n, len));
    return n;
}

bool TlmLtChecker::get_direct_mem_ptr(tlm::tlm_generic_payload& gp, tlm::tlm_dmi& dmi) {
    const sc_dt::uint64 addr = gp.get_address();
    const bool granted = initiator->get_direct_mem_ptr(gp, dmi);
    const sc_dt::uint64 start = dmi.get_start_address(), end = dmi.get_end_address();
    if (start > end)
        violation("dmi.start_address", "tlm.dmi_range_inverted",
                  fmt::format("the DMI start address is <= the end address ({:#x} > {:#x})", start, end));
    if (granted) {
        if ((dmi.is_read_allowed() || dmi.is_write_allowed()) && !dmi.get_dmi_ptr())
            violation("dmi.dmi_ptr", "tlm.dmi_null_pointer",
                      "a DMI grant with read or write access has a pointer");
        if (!dmi.is_read_allowed() && !dmi.is_write_allowed())
            violation("dmi.granted_access", "tlm.dmi_no_access",
                      "a DMI grant gives read and/or write access");
        if (start <= end && (addr < start || addr > end))
            violation("dmi.start_address", "tlm.dmi_range_excludes_address",
                      fmt::format("the granted DMI range [{:#x}, {:#x}] covers the requested address {:#x}",
                                  start, end, addr));
    }
    return granted;
}

void TlmLtChecker::invalidate_direct_mem_ptr(sc_dt::uint64 start, sc_dt::uint64 end) {
    if (start > end)
        violation("start_range", "tlm.invalidate_range_inverted",
                  fmt::format("invalidate_direct_mem_ptr start <= end ({:#x} > {:#x})", start, end));
    target->invalidate_direct_mem_ptr(start, end);
}

}  // namespace vp
