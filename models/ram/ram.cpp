#include "models/ram/ram.h"

#include <fmt/format.h>

#include "core/error.h"
#include "core/model_registry.h"
#include "core/page_image.h"

namespace vp {

namespace {

uint64_t region_size(const DeviceConfig& c, const char* model) {
    if (c.regions.empty() || c.regions.front().size == 0)
        throw Error(fmt::format("{} '{}': a size is required", model, c.name));
    return c.regions.front().size;
}

sc_core::sc_time prop_time(const PropertyValues& props, const std::string& name) {
    return sc_core::sc_time(static_cast<double>(props.get_time_ps(name)), sc_core::SC_PS);
}

}  // namespace

const std::vector<PropertySpec>& Ram::properties() {
    static const std::vector<PropertySpec> props = {
        {"file", PropType::path, "", "file copied into the memory before the simulation starts"},
        {"file_offset", PropType::size, "0", "offset in the memory where `file` is placed"},
        {"read_latency", PropType::time, "0ns",
         "added to the annotated delay of each read; DMI read latency"},
        {"write_latency", PropType::time, "0ns",
         "added to the annotated delay of each write; DMI write latency"},
        {"bandwidth", PropType::size, "0",
         "bytes per second (e.g. 8G); each access adds length/bandwidth to its delay and DMI is "
         "refused so that every access is timed; 0 = unlimited"},
    };
    return props;
}

Ram::Ram(const sc_core::sc_module_name& name, const DeviceConfig& config)
    : Device(name, config), mem_(fmt::format("ram '{}'", config.name), region_size(config, "ram")) {
    apply_defaults(properties(), config_.props);
    read_latency_ = prop_time(config_.props, "read_latency");
    write_latency_ = prop_time(config_.props, "write_latency");
    bandwidth_ = config_.props.get_u64("bandwidth");
    if (config_.props.has("file") && !config_.props.get_string("file").empty())
        mem_.load_file(config_.props.get_string("file"), config_.props.get_u64("file_offset"));

    socket.register_b_transport(this, &Ram::b_transport);
    socket.register_transport_dbg(this, &Ram::transport_dbg);
    socket.register_get_direct_mem_ptr(this, &Ram::get_direct_mem_ptr);
}

TargetSocket& Ram::target_socket(unsigned index) {
    if (index != 0) throw Error(fmt::format("ram '{}' has one region, not {}", config_.name, index + 1));
    return socket;
}

void Ram::b_transport(tlm::tlm_generic_payload& gp, sc_core::sc_time& delay) {
    if (mem_.transport(gp) != tlm::TLM_OK_RESPONSE) return;
    if (gp.is_read()) delay += read_latency_;
    if (gp.is_write()) delay += write_latency_;
    if (bandwidth_) {
        delay += sc_core::sc_time(static_cast<double>(gp.get_data_length()) / static_cast<double>(bandwidth_),
                                  sc_core::SC_SEC);
        return;  // no DMI: a pointer would bypass the bandwidth model
    }
    gp.set_dmi_allowed(true);
}

unsigned Ram::transport_dbg(tlm::tlm_generic_payload& gp) {
    return mem_.debug(gp);
}

bool Ram::get_direct_mem_ptr(tlm::tlm_generic_payload&, tlm::tlm_dmi& dmi) {
    if (bandwidth_) {
        dmi.init();  // refused for the whole region (IEEE 1666 11.2.6)
        dmi.set_start_address(0);
        dmi.set_end_address(mem_.size() - 1);
        return false;
    }
    mem_.grant_dmi(dmi, tlm::tlm_dmi::DMI_ACCESS_READ_WRITE, read_latency_, write_latency_);
    return true;
}

void Ram::write_dtb(DtbWriter& dtb) const {
    // Devicetree specification, "memory node": device_type = "memory", reg = base and size.
    dtb.begin_node(dtb_node_name("memory", config_.regions));
    dtb.prop_string("device_type", "memory");
    dtb.prop_reg(config_.regions);
    dtb.end_node();
}

void Ram::save_state(StateWriter& out) const {
    save_page_image(out, {mem_.data(), mem_.size()});
}

void Ram::load_state(StateReader& in) {
    load_page_image(in, {mem_.data(), mem_.size()});
    in.expect_end();
}

static ModelRegistrar registrar{ModelInfo{
    .name = "ram",
    .doc = "read/write memory, host pages allocated on first touch, DMI",
    .regions = {{"mem", 0, 0}},
    .irqs = {},
    .props = Ram::properties(),
    .roles = {Role::ram},
    .shared_irq = false,
    .create = make_factory<Ram>(),
    .checkpoint = CheckpointSupport::saved,
}};

}  // namespace vp
