// The PL061 and power-button device-tree nodes as Linux's bindings (gpio/pl061-gpio.yaml,
// input/gpio-keys.yaml) and QEMU's virt machine have them. The reference is QEMU itself:
// `qemu-system-aarch64 -M virt,dumpdtb=FILE` (the tree of ../shared/reference/
// qemu-virt-full-smp2.dts), compared property by property with vp's tree for platforms/virt.yaml,
// phandles compared by the nodes they name.
#include <gtest/gtest.h>

#include <set>

#include "core/model_registry.h"
#include "pl061_test_util.h"
#include "platform/platform.h"
#include "support/fdt_props.h"
#include "support/oracle.h"

using namespace pl061_test;
using vp::test::fdt_cell;
using vp::test::fdt_phandle_path;
using vp::test::fdt_properties;

// QEMU's values: reg <0 0x9030000 0 0x1000>, interrupts <0 7 4> (SPI 7, level high),
// compatible "arm,pl061\0arm,primecell", gpio-controller, #gpio-cells 2, clocks <&apb-pclk>,
// clock-names "apb_pclk", and a phandle (gpio-keys names it).
TEST(Pl061Dtb, NodeAsQemuVirtHasIt) {
    Gpio g;
    vp::DtbWriter w;
    g.dev.write_dtb(w);
    const uint32_t clk = w.phandle("apb_pclk");
    const uint32_t self = w.phandle("gpio0");
    auto blob = w.finish();
    auto p = fdt_properties(blob, "/pl061@9030000");
    EXPECT_EQ(p["compatible"], std::string("arm,pl061\0arm,primecell\0", 24));
    EXPECT_EQ(p.count("gpio-controller"), 1u);
    EXPECT_EQ(p["gpio-controller"], "");
    ASSERT_EQ(p["#gpio-cells"].size(), 4u);
    EXPECT_EQ(fdt_cell(p["#gpio-cells"], 0), 2u);
    EXPECT_EQ(p["clock-names"], std::string("apb_pclk\0", 9));
    ASSERT_EQ(p["clocks"].size(), 4u);
    EXPECT_EQ(fdt_cell(p["clocks"], 0), clk);
    ASSERT_EQ(p["phandle"].size(), 4u);
    EXPECT_EQ(fdt_cell(p["phandle"], 0), self);
    ASSERT_EQ(p["reg"].size(), 16u);
    EXPECT_EQ(fdt_cell(p["reg"], 1), 0x09030000u);
    EXPECT_EQ(fdt_cell(p["reg"], 3), 0x1000u);
    ASSERT_EQ(p["interrupts"].size(), 12u);
    EXPECT_EQ(fdt_cell(p["interrupts"], 0), 0u);  // SPI
    EXPECT_EQ(fdt_cell(p["interrupts"], 1), 7u);  // SPI 7 = INTID 39
    EXPECT_EQ(fdt_cell(p["interrupts"], 2), 4u);  // level high
    EXPECT_EQ(p.size(), 8u);
}

namespace {

// Compares one node of vp's tree with QEMU's: the same property names and values; a property
// holding phandles (`phandle_props`: name -> the cells that are phandles) must name the same
// nodes. A node's own `phandle` value is not compared (they are numbered differently). vp's node
// may have the properties in `extra` besides QEMU's.
void expect_same_node(const std::vector<uint8_t>& ours, const std::vector<uint8_t>& qemu, const char* path,
                      const std::map<std::string, std::set<unsigned>>& phandle_props,
                      const std::set<std::string>& extra = {}) {
    auto want = fdt_properties(qemu, path);
    auto got = fdt_properties(ours, path);
    ASSERT_FALSE(want.empty()) << "QEMU's virt tree has no " << path;
    for (const auto& [name, value] : want) {
        ASSERT_TRUE(got.count(name)) << "vp's " << path << " lacks " << name;
        ASSERT_EQ(got[name].size(), value.size()) << path << " " << name;
        if (name == "phandle") continue;
        auto ph = phandle_props.find(name);
        for (unsigned i = 0; i < value.size() / 4; ++i) {
            if (ph != phandle_props.end() && ph->second.count(i))
                EXPECT_EQ(fdt_phandle_path(ours, fdt_cell(got[name], i)),
                          fdt_phandle_path(qemu, fdt_cell(value, i)))
                    << path << " " << name << " cell " << i;
            else
                EXPECT_EQ(got[name].substr(4 * i, 4), value.substr(4 * i, 4))
                    << path << " " << name << " cell " << i;
        }
        if (value.size() % 4) {
            EXPECT_EQ(got[name], value) << path << " " << name;
        }
    }
    for (const auto& [name, value] : got)
        EXPECT_TRUE(want.count(name) || extra.count(name)) << "QEMU's " << path << " has no " << name;
}

}  // namespace

TEST(Pl061Dtb, VirtYamlNodesMatchQemusVirtMachine) {
    VP_REQUIRE_ORACLE(vp::test::have_program("qemu-system-aarch64"), "qemu-system-aarch64",
                      "qemu-system-arm");
    auto qemu =
        vp::test::qemu_virt_dtb(testing::TempDir() + "qemu-virt-pl061-" + std::to_string(getpid()) + ".dtb");
    ASSERT_EQ(fdt_check_header(qemu.data()), 0);
    vp::Platform platform("vp", vp::load_topology(std::string(VP_SOURCE_DIR) + "/platforms/virt.yaml",
                                                  {vp::parse_override("devices.uart0.backend=null")}));
    auto ours = platform.dtb();
    expect_same_node(ours, qemu, "/pl061@9030000", {{"clocks", {0}}});
    expect_same_node(ours, qemu, "/gpio-keys", {});
    // gpios = <&pl061 3 0>: the first cell names the PL061.
    expect_same_node(ours, qemu, "/gpio-keys/poweroff", {{"gpios", {0}}});
    auto key = fdt_properties(ours, "/gpio-keys/poweroff");
    ASSERT_EQ(key["gpios"].size(), 12u);
    EXPECT_EQ(fdt_phandle_path(ours, fdt_cell(key["gpios"], 0)), "/pl061@9030000");
    EXPECT_EQ(fdt_cell(key["gpios"], 1), 3u);
    EXPECT_EQ(fdt_cell(key["linux,code"], 0), 116u);  // KEY_POWER
}

// The RTL block (rtl.pl061) in gpio0's place: the node Linux's binding needs, as QEMU's (and the
// C++ model's) with the wrapper's clock-frequency besides, and the power button wired to it.
TEST(Pl061Dtb, RtlBlockNodeMatchesQemusVirtMachine) {
    VP_REQUIRE_ORACLE(vp::test::have_program("qemu-system-aarch64"), "qemu-system-aarch64",
                      "qemu-system-arm");
    VP_REQUIRE_ORACLE(vp::ModelRegistry::instance().find("rtl.pl061"), "rtl.pl061 (VP_WITH_VERILATOR)",
                      "verilator");
    auto qemu = vp::test::qemu_virt_dtb(testing::TempDir() + "qemu-virt-rtl-pl061-" +
                                        std::to_string(getpid()) + ".dtb");
    ASSERT_EQ(fdt_check_header(qemu.data()), 0);
    vp::Platform platform("vp", vp::load_topology(std::string(VP_SOURCE_DIR) + "/platforms/virt.yaml",
                                                  {vp::parse_override("devices.uart0.backend=null"),
                                                   vp::parse_override("devices.gpio0.model=rtl.pl061")}));
    auto ours = platform.dtb();
    expect_same_node(ours, qemu, "/pl061@9030000", {{"clocks", {0}}}, {"clock-frequency"});
    expect_same_node(ours, qemu, "/gpio-keys/poweroff", {{"gpios", {0}}});
    auto key = fdt_properties(ours, "/gpio-keys/poweroff");
    ASSERT_EQ(key["gpios"].size(), 12u);
    EXPECT_EQ(fdt_phandle_path(ours, fdt_cell(key["gpios"], 0)), "/pl061@9030000");
}

// The button wired elsewhere: the node follows the topology.
TEST(Pl061Dtb, PowerButtonLineFollowsTheTopology) {
    vp::Platform platform("vp", vp::load_topology(std::string(VP_SOURCE_DIR) + "/platforms/virt.yaml",
                                                  {vp::parse_override("devices.uart0.backend=null"),
                                                   vp::parse_override("devices.power_button.line=6")}));
    auto key = fdt_properties(platform.dtb(), "/gpio-keys/poweroff");
    ASSERT_EQ(key["gpios"].size(), 12u);
    EXPECT_EQ(fdt_cell(key["gpios"], 1), 6u);
}
