// The generated device tree, parsed back with libfdt node by node. Expected values follow
// the Linux bindings (arm/cpus, arm/psci, chosen) and what QEMU 7.2 generates for -M virt (its tree,
// dumped with -machine dumpdtb, is the team reference outside this repository).
#include <gtest/gtest.h>
#include <libfdt.h>

#include <tlm_utils/simple_target_socket.h>
#include <cstring>

#include "core/model_registry.h"
#include "platform/dtb/dtb_generator.h"

namespace {

// A minimal device whose node the generator must include verbatim.
class FakeUart : public vp::Device {
public:
    tlm_utils::simple_target_socket<FakeUart> socket{"socket"};
    FakeUart(const sc_core::sc_module_name& n, const vp::DeviceConfig& c) : Device(n, c) {}
    vp::TargetSocket& target_socket(unsigned) override { return socket; }
    void write_dtb(vp::DtbWriter& w) const override {
        w.begin_node(vp::dtb_node_name("fakeuart", config().regions));
        w.prop_reg(config().regions);
        w.prop_gic_interrupts(config().interrupts);
        w.end_node();
    }
};

vp::DeviceConfig uart_config() {
    vp::DeviceConfig c;
    c.name = "uart0";
    c.model = "fake_uart";
    c.regions = {{"regs", 0x09000000, 0x1000}};
    c.interrupts = {33};
    return c;
}

vp::Topology topology(unsigned cores) {
    vp::Topology t;
    t.cpus.count = cores;
    t.devices = {uart_config()};
    return t;
}

const void* prop(const std::vector<uint8_t>& blob, const char* path, const char* name, int* len) {
    int node = fdt_path_offset(blob.data(), path);
    EXPECT_GE(node, 0) << path;
    if (node < 0) return nullptr;
    return fdt_getprop(blob.data(), node, name, len);
}

uint32_t cell(const std::vector<uint8_t>& blob, const char* path, const char* name, int index = 0) {
    int len = 0;
    auto* p = static_cast<const fdt32_t*>(prop(blob, path, name, &len));
    EXPECT_NE(p, nullptr) << path << " " << name;
    if (!p || len < 4 * (index + 1)) return 0xdeadbeef;
    return fdt32_to_cpu(p[index]);
}

std::string str(const std::vector<uint8_t>& blob, const char* path, const char* name) {
    int len = 0;
    auto* p = static_cast<const char*>(prop(blob, path, name, &len));
    return p ? std::string(p, strnlen(p, len)) : std::string("<missing>");
}

std::vector<uint8_t> build(unsigned cores) {
    FakeUart uart("uart0", uart_config());
    return vp::generate_dtb(topology(cores), {&uart});
}

}  // namespace

TEST(DtbGenerator, RootHasTwoCellAddressingAndMachineIdentity) {
    auto blob = build(2);
    ASSERT_EQ(fdt_check_header(blob.data()), 0);
    EXPECT_EQ(cell(blob, "/", "#address-cells"), 2u);
    EXPECT_EQ(cell(blob, "/", "#size-cells"), 2u);
    EXPECT_EQ(str(blob, "/", "compatible"), "linux,dummy-virt");
    EXPECT_EQ(str(blob, "/", "model"), "linux,dummy-virt");
}

TEST(DtbGenerator, OneCpuNodePerCoreWithPsciEnableMethod) {
    auto blob = build(4);
    EXPECT_EQ(cell(blob, "/cpus", "#address-cells"), 1u);
    EXPECT_EQ(cell(blob, "/cpus", "#size-cells"), 0u);
    for (unsigned i = 0; i < 4; ++i) {
        std::string path = "/cpus/cpu@" + std::to_string(i);
        EXPECT_EQ(cell(blob, path.c_str(), "reg"), i);
        EXPECT_EQ(str(blob, path.c_str(), "enable-method"), "psci");
        EXPECT_EQ(str(blob, path.c_str(), "device_type"), "cpu");
        EXPECT_EQ(str(blob, path.c_str(), "compatible"), "arm,cortex-a57");
    }
    EXPECT_LT(fdt_path_offset(blob.data(), "/cpus/cpu@4"), 0);
}

TEST(DtbGenerator, PsciNodeUsesHvcAndTheStandardFunctionIds) {
    auto blob = build(1);
    int len = 0;
    auto* compat = static_cast<const char*>(prop(blob, "/psci", "compatible", &len));
    ASSERT_NE(compat, nullptr);
    EXPECT_EQ(std::string(compat, len), std::string("arm,psci-1.0\0arm,psci-0.2\0arm,psci\0", 35));
    EXPECT_EQ(str(blob, "/psci", "method"), "hvc");
    // DEN0022 function IDs (SMC64 forms for cpu_on/cpu_suspend/migrate).
    EXPECT_EQ(cell(blob, "/psci", "cpu_on"), 0xc4000003u);
    EXPECT_EQ(cell(blob, "/psci", "cpu_off"), 0x84000002u);
    EXPECT_EQ(cell(blob, "/psci", "cpu_suspend"), 0xc4000001u);
}

TEST(DtbGenerator, ApbClockIsAFixedClockWithAPhandle) {
    auto blob = build(1);
    EXPECT_EQ(str(blob, "/apb-pclk", "compatible"), "fixed-clock");
    EXPECT_EQ(cell(blob, "/apb-pclk", "#clock-cells"), 0u);
    EXPECT_EQ(cell(blob, "/apb-pclk", "clock-frequency"), 24000000u);
    EXPECT_NE(cell(blob, "/apb-pclk", "phandle"), 0u);
}

TEST(DtbGenerator, DeviceNodeCarriesRegAndSpiInterrupt) {
    auto blob = build(2);
    EXPECT_EQ(cell(blob, "/fakeuart@9000000", "reg", 1), 0x09000000u);
    EXPECT_EQ(cell(blob, "/fakeuart@9000000", "reg", 3), 0x1000u);
    // INTID 33 = SPI 1, level-high (4): the virt machine's UART line.
    EXPECT_EQ(cell(blob, "/fakeuart@9000000", "interrupts", 0), 0u);
    EXPECT_EQ(cell(blob, "/fakeuart@9000000", "interrupts", 1), 1u);
    EXPECT_EQ(cell(blob, "/fakeuart@9000000", "interrupts", 2), 4u);
}

TEST(DtbGenerator, FinalizeFillsChosen) {
    FakeUart uart("uart0", uart_config());
    auto blob = vp::generate_dtb(topology(1), {&uart});
    auto fin = vp::finalize_dtb(blob, {"console=ttyAMA0 nokaslr", 0x48000000, 0x48100000}, &uart);
    ASSERT_EQ(fdt_check_header(fin.data()), 0);
    EXPECT_EQ(str(fin, "/chosen", "bootargs"), "console=ttyAMA0 nokaslr");
    EXPECT_EQ(str(fin, "/chosen", "stdout-path"), "/fakeuart@9000000");
    int len = 0;
    auto* start = static_cast<const fdt64_t*>(prop(fin, "/chosen", "linux,initrd-start", &len));
    ASSERT_EQ(len, 8);
    EXPECT_EQ(fdt64_to_cpu(*start), 0x48000000u);
    auto* end = static_cast<const fdt64_t*>(prop(fin, "/chosen", "linux,initrd-end", &len));
    ASSERT_EQ(len, 8);
    EXPECT_EQ(fdt64_to_cpu(*end), 0x48100000u);
}

TEST(DtbGenerator, NoInitrdMeansNoInitrdProperties) {
    FakeUart uart("uart0", uart_config());
    auto fin = vp::finalize_dtb(vp::generate_dtb(topology(1), {&uart}), {"", 0, 0}, nullptr);
    int node = fdt_path_offset(fin.data(), "/chosen");
    ASSERT_GE(node, 0);
    EXPECT_EQ(fdt_getprop(fin.data(), node, "linux,initrd-start", nullptr), nullptr);
    EXPECT_EQ(fdt_getprop(fin.data(), node, "bootargs", nullptr), nullptr);
}

TEST(DtbWriter, PpiInterruptsCarryTheCpuMask) {
    vp::DtbWriter w;
    w.set_cpu_count(2);
    w.begin_node("timer");
    w.prop_gic_interrupts({30}, 4);
    w.end_node();
    auto blob = w.finish();
    // PPI 14 (INTID 30), flags 0x304 = CPU mask 0b11 << 8 | level-high: as QEMU virt writes it.
    EXPECT_EQ(cell(blob, "/timer", "interrupts", 0), 1u);
    EXPECT_EQ(cell(blob, "/timer", "interrupts", 1), 14u);
    EXPECT_EQ(cell(blob, "/timer", "interrupts", 2), 0x304u);
}

TEST(DtbWriter, PhandlesAreStablePerName) {
    vp::DtbWriter w;
    uint32_t a = w.phandle("intc");
    uint32_t b = w.phandle("apb_pclk");
    EXPECT_NE(a, b);
    EXPECT_EQ(w.phandle("intc"), a);
    EXPECT_NE(a, 0u);
}
