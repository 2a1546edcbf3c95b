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
#include "support/oracle.h"

using namespace pl031_test;

namespace {

const char* kNode = "/pl031@9010000";

std::map<std::string, std::string> properties(const std::vector<uint8_t>& blob, const char* path) {
    std::map<std::string, std::string> out;
    const void* fdt = blob.data();
    int node = fdt_path_offset(fdt, path);
    EXPECT_GE(node, 0) << path;
    if (node < 0) return out;
    int off;
    fdt_for_each_property_offset(off, fdt, node) {
        const char* name = nullptr;
        int len = 0;
        const void* v = fdt_getprop_by_offset(fdt, off, &name, &len);
        out[name] = std::string(static_cast<const char*>(v), static_cast<size_t>(len));
    }
    return out;
}

uint32_t cell(const std::string& prop, unsigned i) {
    return fdt32_to_cpu(reinterpret_cast<const fdt32_t*>(prop.data())[i]);
}

// The path of the node whose phandle is `phandle`.
std::string phandle_path(const std::vector<uint8_t>& blob, uint32_t phandle) {
    int node = fdt_node_offset_by_phandle(blob.data(), phandle);
    if (node < 0) return "<no node with phandle " + std::to_string(phandle) + ">";
    char path[256];
    if (fdt_get_path(blob.data(), node, path, sizeof path) != 0) return "<no path>";
    return path;
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
    auto p = properties(blob, kNode);
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
    const std::string qemu_dtb = testing::TempDir() + "qemu-virt-pl031.dtb";
    const std::string cmd = "qemu-system-aarch64 -M virt,dumpdtb=" + qemu_dtb +
                            " -cpu cortex-a57 -smp 2 -m 4G -nographic -nic none </dev/null >/dev/null 2>&1";
    ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
    std::ifstream f(qemu_dtb, std::ios::binary);
    std::vector<uint8_t> qemu((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
    std::remove(qemu_dtb.c_str());
    ASSERT_EQ(fdt_check_header(qemu.data()), 0);

    vp::Platform platform("vp", vp::load_topology(std::string(VP_SOURCE_DIR) + "/platforms/virt.yaml",
                                                  {vp::parse_override("devices.uart0.backend=null")}));
    auto ours = platform.dtb();
    auto want = properties(qemu, kNode);
    auto got = properties(ours, kNode);
    ASSERT_FALSE(want.empty()) << "QEMU's virt tree has no " << kNode;
    for (const auto& [name, value] : want) {
        ASSERT_TRUE(got.count(name)) << "vp's node lacks " << name;
        if (name == "clocks") {  // phandles differ; the clock they name must not
            ASSERT_EQ(got[name].size(), value.size());
            EXPECT_EQ(phandle_path(ours, cell(got[name], 0)), phandle_path(qemu, cell(value, 0)));
        } else {
            EXPECT_EQ(got[name], value) << name;
        }
    }
    for (const auto& [name, value] : got) EXPECT_TRUE(want.count(name)) << "QEMU's node has no " << name;
}
