// The virtio-mmio node as QEMU's virt machine writes it (shared/reference/qemu-virt-full-smp2.dts):
//   virtio_mmio@a000000 { dma-coherent; interrupts = <0x00 0x10 0x01>;
//                         reg = <0x00 0xa000000 0x00 0x200>; compatible = "virtio,mmio"; };
#include <gtest/gtest.h>
#include <libfdt.h>

#include <map>
#include <string>

#include "virtio/virtio_test_util.h"

using namespace virtio_test;

namespace {

uint32_t cell(const std::string& prop, unsigned i) {
    return fdt32_to_cpu(reinterpret_cast<const fdt32_t*>(prop.data())[i]);
}

}  // namespace

TEST(VirtioDtb, NodeAsQemuVirtHasIt) {
    Rig r(transport_config("virtio0", "virtio_mmio"), nullptr);
    vp::DtbWriter w;
    r.dev->write_dtb(w);
    auto blob = w.finish();
    const int node = fdt_path_offset(blob.data(), "/virtio_mmio@a000000");
    ASSERT_GE(node, 0);
    std::map<std::string, std::string> p;
    int off;
    fdt_for_each_property_offset(off, blob.data(), node) {
        const char* name = nullptr;
        int len = 0;
        const void* v = fdt_getprop_by_offset(blob.data(), off, &name, &len);
        p[name] = std::string(static_cast<const char*>(v), static_cast<size_t>(len));
    }
    EXPECT_EQ(p.size(), 4u);
    EXPECT_EQ(p.count("dma-coherent"), 1u);
    EXPECT_EQ(p["dma-coherent"], "");
    EXPECT_EQ(p["compatible"], std::string("virtio,mmio\0", 12));
    ASSERT_EQ(p["reg"].size(), 16u);
    EXPECT_EQ(cell(p["reg"], 1), 0x0a000000u);
    EXPECT_EQ(cell(p["reg"], 3), 0x200u);
    ASSERT_EQ(p["interrupts"].size(), 12u);
    EXPECT_EQ(cell(p["interrupts"], 0), 0u);     // SPI
    EXPECT_EQ(cell(p["interrupts"], 1), 0x10u);  // SPI 16 = INTID 48
    EXPECT_EQ(cell(p["interrupts"], 2), 1u);     // edge, rising
}
