#include "models/rom/rom.h"

#include <fmt/format.h>

#include "core/error.h"
#include "core/model_registry.h"
#include "core/page_image.h"
#include "core/trace.h"

namespace vp {

namespace {

uint64_t region_size(const DeviceConfig& c) {
    if (c.regions.empty() || c.regions.front().size == 0)
        throw Error(fmt::format("rom '{}': a size is required", c.name));
    return c.regions.front().size;
}

}  // namespace

const std::vector<PropertySpec>& Rom::properties() {
    static const std::vector<PropertySpec> props = {
        {"file", PropType::path, "", "file copied into the ROM before the simulation starts"},
        {"file_offset", PropType::size, "0", "offset in the ROM where `file` is placed"},
        {"read_latency", PropType::time, "0ns",
         "added to the annotated delay of each read; DMI read latency"},
    };
    return props;
}

Rom::Rom(const sc_core::sc_module_name& name, const DeviceConfig& config)
    : Device(name, config), mem_(fmt::format("rom '{}'", config.name), region_size(config)) {
    apply_defaults(properties(), config_.props);
    read_latency_ =
        sc_core::sc_time(static_cast<double>(config_.props.get_time_ps("read_latency")), sc_core::SC_PS);
    if (config_.props.has("file") && !config_.props.get_string("file").empty())
        mem_.load_file(config_.props.get_string("file"), config_.props.get_u64("file_offset"));

    socket.register_b_transport(this, &Rom::b_transport);
    socket.register_transport_dbg(this, &Rom::transport_dbg);
    socket.register_get_direct_mem_ptr(this, &Rom::get_direct_mem_ptr);
}

TargetSocket& Rom::target_socket(unsigned index) {
    if (index != 0) throw Error(fmt::format("rom '{}' has one region, not {}", config_.name, index + 1));
    return socket;
}

void Rom::b_transport(tlm::tlm_generic_payload& gp, sc_core::sc_time& delay) {
    if (gp.is_write()) {
        VP_DEV_LOG(warn, trace::guest_errors,
                   "rom '{}': write of {} bytes at offset {:#x} refused (read-only)", config_.name,
                   gp.get_data_length(), gp.get_address());
        gp.set_response_status(tlm::TLM_COMMAND_ERROR_RESPONSE);
        return;
    }
    if (mem_.transport(gp) != tlm::TLM_OK_RESPONSE) return;
    if (gp.is_read()) {
        delay += read_latency_;
        gp.set_dmi_allowed(true);
    }
}

unsigned Rom::transport_dbg(tlm::tlm_generic_payload& gp) {
    return mem_.debug(gp);
}

bool Rom::get_direct_mem_ptr(tlm::tlm_generic_payload&, tlm::tlm_dmi& dmi) {
    // Read access only, whatever was asked: an initiator wanting to write keeps using b_transport.
    mem_.grant_dmi(dmi, tlm::tlm_dmi::DMI_ACCESS_READ, read_latency_, sc_core::SC_ZERO_TIME);
    return true;
}

void Rom::save_state(StateWriter& out) const {
    save_page_image(out, {mem_.data(), mem_.size()});
}

void Rom::load_state(StateReader& in) {
    load_page_image(in, {mem_.data(), mem_.size()});
    in.expect_end();
}

static ModelRegistrar registrar{ModelInfo{
    .name = "rom",
    .doc = "read-only memory (boot flash): guest writes refused, read-only DMI",
    .regions = {{"mem", 0, 0}},
    .irqs = {},
    .props = Rom::properties(),
    .roles = {Role::boot_rom},
    .shared_irq = false,
    .create = make_factory<Rom>(),
    .checkpoint = CheckpointSupport::saved,
}};

}  // namespace vp
