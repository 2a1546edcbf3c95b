#include "mailbox.h"

#include <cstring>
#include <iostream>

#include "core/model_registry.h"

static vp::ModelRegistrar registrar{vp::ModelInfo{
    .name = "example.mailbox",
    .doc = "example of a user model: prints words written to it",
    .regions = {{"regs", 0, 0x1000}},
    .irqs = {},
    .props = {{"prefix", vp::PropType::string, "mailbox", "text printed before each word"}},
    .roles = {},
    .shared_irq = false,
    .create = vp::make_factory<Mailbox>(),
}};

Mailbox::Mailbox(const sc_core::sc_module_name& name, const vp::DeviceConfig& config)
    : Device(name, config), prefix_(config.props.get_string("prefix")) {
    socket.register_b_transport(this, &Mailbox::b_transport);
}

void Mailbox::b_transport(tlm::tlm_generic_payload& gp, sc_core::sc_time& delay) {
    delay += sc_core::sc_time(10, sc_core::SC_NS);
    uint32_t value = 0;
    if (gp.get_data_length() != 4) {
        gp.set_response_status(tlm::TLM_BURST_ERROR_RESPONSE);
        return;
    }
    if (gp.is_write() && gp.get_address() == 0) {
        std::memcpy(&value, gp.get_data_ptr(), 4);
        ++writes_;
        std::cout << prefix_ << ": " << std::hex << "0x" << value << std::dec << " at "
                  << (sc_core::sc_time_stamp() + delay) << "\n";
    } else if (gp.is_read() && gp.get_address() == 4) {
        std::memcpy(gp.get_data_ptr(), &writes_, 4);
    } else {
        gp.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
        return;
    }
    gp.set_response_status(tlm::TLM_OK_RESPONSE);
}

void Mailbox::write_dtb(vp::DtbWriter& dtb) const {
    dtb.begin_node(vp::dtb_node_name("mailbox", config().regions));
    dtb.prop_string("compatible", "example,mailbox");
    dtb.prop_reg(config().regions);
    dtb.end_node();
}
