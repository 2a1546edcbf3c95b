// A user's own device model, registered by name ("example.mailbox") so a topology can
// instantiate it: a word written at offset 0 is printed; offset 4 counts the writes.
#pragma once
#include <tlm_utils/simple_target_socket.h>

#include "core/device.h"

class Mailbox : public vp::Device {
public:
    tlm_utils::simple_target_socket<Mailbox> socket{"socket"};

    Mailbox(const sc_core::sc_module_name& name, const vp::DeviceConfig& config);
    vp::TargetSocket& target_socket(unsigned) override { return socket; }
    void write_dtb(vp::DtbWriter& dtb) const override;

private:
    void b_transport(tlm::tlm_generic_payload& gp, sc_core::sc_time& delay);
    uint32_t writes_ = 0;
    std::string prefix_;
};
