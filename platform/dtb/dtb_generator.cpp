#include "platform/dtb/dtb_generator.h"

#include <fmt/format.h>
#include <libfdt.h>

#include "core/device.h"
#include "core/model_registry.h"
#include "platform/dtb/psci_ids.h"

namespace vp {

namespace {

void write_cpus(DtbWriter& w, const CpuConfig& cpus) {
    w.begin_node("cpus");
    w.prop_u32("#address-cells", 1);
    w.prop_u32("#size-cells", 0);
    for (unsigned i = 0; i < cpus.count; ++i) {
        w.begin_node(fmt::format("cpu@{:x}", i));
        w.prop_string("device_type", "cpu");
        w.prop_string("compatible", cpu_model(cpus).compatible);
        // MPIDR affinity: Aff0 = core number (see the CPU model's MPIDR_EL1).
        w.prop_u32("reg", i);
        w.prop_string("enable-method", "psci");
        w.prop_u32("phandle", w.phandle(fmt::format("cpu{}", i)));
        w.end_node();
    }
    w.end_node();
}

void write_psci(DtbWriter& w) {
    // PSCI is reached with HVC: the virt machine's firmware view without EL2/EL3 (DEN0022).
    w.begin_node("psci");
    w.prop_strings("compatible", {"arm,psci-1.0", "arm,psci-0.2", "arm,psci"});
    w.prop_string("method", "hvc");
    w.prop_u32("cpu_suspend", psci::cpu_suspend_64);
    w.prop_u32("cpu_off", psci::cpu_off);
    w.prop_u32("cpu_on", psci::cpu_on_64);
    w.prop_u32("migrate", psci::migrate_64);
    w.end_node();
}

void write_apb_clock(DtbWriter& w) {
    // The PrimeCell bus clock that Linux's AMBA bus driver looks up as "apb_pclk".
    w.begin_node("apb-pclk");
    w.prop_string("compatible", "fixed-clock");
    w.prop_u32("#clock-cells", 0);
    w.prop_u32("clock-frequency", 24'000'000);
    w.prop_string("clock-output-names", "clk24mhz");
    w.prop_u32("phandle", w.phandle("apb_pclk"));
    w.end_node();
}

void check(int err, const char* what) {
    if (err < 0) throw Error(fmt::format("device tree: {}: {}", what, fdt_strerror(err)));
}

// Offset of the node whose first reg entry (2+2 cells) starts at `base`.
int find_node_by_base(const void* fdt, uint64_t base) {
    for (int node = fdt_next_node(fdt, 0, nullptr); node >= 0; node = fdt_next_node(fdt, node, nullptr)) {
        int len = 0;
        auto* reg = static_cast<const fdt32_t*>(fdt_getprop(fdt, node, "reg", &len));
        if (!reg || len < 16) continue;
        uint64_t b = (uint64_t(fdt32_to_cpu(reg[0])) << 32) | fdt32_to_cpu(reg[1]);
        if (b == base) return node;
    }
    return -1;
}

}  // namespace

std::vector<uint8_t> generate_dtb(const Topology& topo, const std::vector<const Device*>& devices) {
    DtbWriter w;
    w.set_cpu_count(topo.cpus.count);
    w.prop_u32("#address-cells", 2);
    w.prop_u32("#size-cells", 2);
    w.prop_strings("compatible", topo.compatible);
    w.prop_string("model", topo.machine_model);
    for (const Device* d : devices) {
        const ModelInfo* info = ModelRegistry::instance().find(d->config().model);
        if (info && info->has(Role::interrupt_controller)) {
            w.prop_u32("interrupt-parent", w.phandle("intc"));
            break;
        }
    }
    write_psci(w);
    write_cpus(w, topo.cpus);
    write_apb_clock(w);
    w.begin_node("chosen");
    w.end_node();
    for (const Device* d : devices) d->write_dtb(w);
    return w.finish();
}

std::vector<uint8_t> finalize_dtb(const std::vector<uint8_t>& blob, const DtbChosen& chosen,
                                  const Device* stdout_device) {
    std::vector<uint8_t> out(blob.size() + 4096 + chosen.bootargs.size());
    check(fdt_open_into(blob.data(), out.data(), static_cast<int>(out.size())), "open");
    void* fdt = out.data();
    int node = fdt_path_offset(fdt, "/chosen");
    if (node < 0) node = fdt_add_subnode(fdt, 0, "chosen");
    check(node, "/chosen");
    if (!chosen.bootargs.empty())
        check(fdt_setprop_string(fdt, node, "bootargs", chosen.bootargs.c_str()), "bootargs");
    if (stdout_device && !stdout_device->config().regions.empty()) {
        int dev = find_node_by_base(fdt, stdout_device->config().regions.front().base);
        if (dev >= 0) {
            char path[256];
            check(fdt_get_path(fdt, dev, path, sizeof path), "stdout path");
            node = fdt_path_offset(fdt, "/chosen");
            check(fdt_setprop_string(fdt, node, "stdout-path", path), "stdout-path");
        }
    }
    if (chosen.initrd_end > chosen.initrd_start) {
        node = fdt_path_offset(fdt, "/chosen");
        check(fdt_setprop_u64(fdt, node, "linux,initrd-start", chosen.initrd_start), "initrd-start");
        node = fdt_path_offset(fdt, "/chosen");
        check(fdt_setprop_u64(fdt, node, "linux,initrd-end", chosen.initrd_end), "initrd-end");
    }
    check(fdt_pack(fdt), "pack");
    out.resize(fdt_totalsize(fdt));
    return out;
}

}  // namespace vp
