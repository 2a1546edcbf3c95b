#include "mailbox.h"

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
    .access_latency = "10ns",
}};

// The bus rules: 32-bit aligned accesses only; whatever the bank refuses gets a TLM error.
static vp::BankPolicy mailbox_policy() {
    return {.sizes = vp::BankPolicy::sizes_of({4}),
            .size = 0x1000,
            .bad_size = tlm::TLM_BURST_ERROR_RESPONSE,
            .misaligned = tlm::TLM_BURST_ERROR_RESPONSE,
            .gap = tlm::TLM_ADDRESS_ERROR_RESPONSE,
            .read_of_write_only = tlm::TLM_ADDRESS_ERROR_RESPONSE,
            .write_to_read_only = tlm::TLM_ADDRESS_ERROR_RESPONSE};
}

Mailbox::Mailbox(const sc_core::sc_module_name& name, const vp::DeviceConfig& config)
    : Device(name, config),
      prefix_(config.props.get_string("prefix")),
      regs_("example.mailbox '" + config.name + "'", log_level(), mailbox_policy(),
            {
                {.name = "DATA",
                 .offset = DATA,
                 .mode = vp::RegMode::wo,
                 .write = [this](const vp::RegAccess& a, uint64_t v) { write_data(a, v); }},
                {.name = "COUNT", .offset = COUNT, .mode = vp::RegMode::ro, .storage = count_},
            }) {
    regs_.serve(socket);
}

void Mailbox::write_data(const vp::RegAccess& access, uint64_t value) {
    ++count_;
    std::cout << prefix_ << ": 0x" << std::hex << value << std::dec << " at " << access.now << "\n";
}

void Mailbox::write_dtb(vp::DtbWriter& dtb) const {
    dtb.begin_node(vp::dtb_node_name("mailbox", config().regions));
    dtb.prop_string("compatible", "example,mailbox");
    dtb.prop_reg(config().regions);
    dtb.end_node();
}
