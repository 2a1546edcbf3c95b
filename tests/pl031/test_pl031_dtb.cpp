// The PL031's device-tree node: as Linux's binding (rtc/arm,pl031.yaml) and QEMU's virt machine
// have it. The reference is QEMU itself: `qemu-system-aarch64 -M virt,dumpdtb=FILE` (QEMU's own
// tree), compared property by property with the node vp generates for platforms/virt.yaml.
#include <gtest/gtest.h>
#include <libfdt.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <map>
#include <string>
#include <vector>

#include "pl031_test_util.h"
#include "platform/platform.h"
#include "support/fdt_props.h"
#include "support/oracle.h"

using namespace pl031_test;

using vp::test::fdt_properties;

namespace {
const char* kNode = "/pl031@9010000";
uint32_t cell(const std::string& prop, unsigned i) {
    return vp::test::fdt_cell(prop, i);
}
}  // namespace

// The values of QEMU's virt tree (pl031@9010000): reg <0 0x9010000 0 0x1000>, interrupts
// <0 2 4> (SPI 2, level high), compatible "arm,pl031\0arm,primecell", clocks <&apb-pclk>,
// clock-names "apb_pclk".
TEST(Pl031Dtb, NodeAsQemuVirtHasIt) {
    Rtc r;
    vp::DtbWriter w;
    r.dev.write_dtb(w);
    const uint32_t clk = w.phandle("apb_pclk");
    auto blob = w.finish();
    auto p = fdt_properties(blob, kNode);
    EXPECT_EQ(p["compatible"], std::string("arm,pl031\0arm,primecell\0", 24));
    EXPECT_EQ(p["clock-names"], std::string("apb_pclk\0", 9));
    ASSERT_EQ(p["clocks"].size(), 4u);
    EXPECT_EQ(cell(p["clocks"], 0), clk);
    ASSERT_EQ(p["reg"].size(), 16u);
    EXPECT_EQ(cell(p["reg"], 0), 0u);
    EXPECT_EQ(cell(p["reg"], 1), 0x09010000u);
    EXPECT_EQ(cell(p["reg"], 2), 0u);
    EXPECT_EQ(cell(p["reg"], 3), 0x1000u);
    ASSERT_EQ(p["interrupts"].size(), 12u);
    EXPECT_EQ(cell(p["interrupts"], 0), 0u);  // SPI
    EXPECT_EQ(cell(p["interrupts"], 1), 2u);  // SPI 2 = INTID 34
    EXPECT_EQ(cell(p["interrupts"], 2), 4u);  // level high
    EXPECT_EQ(p.size(), 5u);
}

TEST(Pl031Dtb, VirtYamlNodeMatchesQemusVirtMachine) {
    VP_REQUIRE_ORACLE(vp::test::have_program("qemu-system-aarch64"), "qemu-system-aarch64",
                      "qemu-system-arm");
    auto qemu =
        vp::test::qemu_virt_dtb(testing::TempDir() + "qemu-virt-pl031-" + std::to_string(getpid()) + ".dtb");
    ASSERT_EQ(fdt_check_header(qemu.data()), 0);

    vp::Platform platform("vp", vp::load_topology(std::string(VP_SOURCE_DIR) + "/platforms/virt.yaml",
                                                  {vp::parse_override("devices.uart0.backend=null")}));
    auto ours = platform.dtb();
    auto want = fdt_properties(qemu, kNode);
    auto got = fdt_properties(ours, kNode);
    ASSERT_FALSE(want.empty()) << "QEMU's virt tree has no " << kNode;
    for (const auto& [name, value] : want) {
        ASSERT_TRUE(got.count(name)) << "vp's node lacks " << name;
        if (name == "clocks") {  // phandles differ; the clock they name must not
            ASSERT_EQ(got[name].size(), value.size());
            EXPECT_EQ(vp::test::fdt_phandle_path(ours, cell(got[name], 0)),
                      vp::test::fdt_phandle_path(qemu, cell(value, 0)));
        } else {
            EXPECT_EQ(got[name], value) << name;
        }
    }
    for (const auto& [name, value] : got) EXPECT_TRUE(want.count(name)) << "QEMU's node has no " << name;
}
