// QEMU's -drive, -device and -snapshot, as QEMU users type them, mapped onto platforms/virt.yaml's
// virtio-mmio transports (what --dump-config shows).
#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <string>

#include "core/error.h"
#include "platform/qemu_devices.h"
#include "yaml/topology.h"

namespace {

const std::string kVirt = std::string(VP_SOURCE_DIR) + "/platforms/virt.yaml";

// Per test process (ctest runs the tests of this file in parallel, each its own process).
struct Images {
    std::string a = testing::TempDir() + "/vp-cli-a." + std::to_string(getpid()) + ".img",
                b = testing::TempDir() + "/vp-cli-b." + std::to_string(getpid()) + ".img";
    Images() {
        for (auto* p : {&a, &b}) close(creat(p->c_str(), 0644));
    }
    ~Images() {
        unlink(a.c_str());
        unlink(b.c_str());
    }
};

const vp::DeviceConfig& device(const vp::Topology& t, const std::string& name) {
    for (const auto& d : t.devices)
        if (d.name == name) return d;
    throw std::runtime_error("no device " + name);
}

std::string error_of(const std::vector<std::string>& drives, const std::vector<std::string>& devices) {
    try {
        vp::load_topology(kVirt, vp::qemu_device_overrides(drives, devices, false));
    } catch (const vp::Error& e) {
        return e.what();
    }
    return "";
}

}  // namespace

// QEMU's virt machine gives the first -drive/-device the free transport with the highest address
// (0x0a003e00 of its 32), the next the one below; vp does the same with its four, so Linux, which
// probes them in address order, names two disks as QEMU does (the last one is vda).
TEST(VirtioCli, DriveWithDeviceAndShorthandTakeTheFreeTransports) {
    Images img;
    auto t = vp::load_topology(
        kVirt, vp::qemu_device_overrides(
                   {"file=" + img.a + ",format=raw,if=none,id=hd0", "file=" + img.b + ",if=virtio"},
                   {"virtio-blk-device,drive=hd0,serial=disk-a", "virtio-rng-device"}, false));
    const auto& v0 = device(t, "virtio3");  // the if=virtio drive
    EXPECT_EQ(v0.model, "virtio_blk");
    EXPECT_EQ(v0.props.get_string("image"), img.b);
    EXPECT_FALSE(v0.props.get_bool("snapshot"));
    const auto& v1 = device(t, "virtio2");
    EXPECT_EQ(v1.model, "virtio_blk");
    EXPECT_EQ(v1.props.get_string("image"), img.a);
    EXPECT_EQ(v1.props.get_string("serial"), "disk-a");
    EXPECT_EQ(device(t, "virtio1").model, "virtio_rng");
    EXPECT_EQ(device(t, "virtio0").model, "virtio_mmio");
}

TEST(VirtioCli, SnapshotAndReadonly) {
    Images img;
    auto t = vp::load_topology(
        kVirt, vp::qemu_device_overrides(
                   {"file=" + img.a + ",if=virtio,readonly=on", "file=" + img.b + ",if=virtio"}, {}, true));
    EXPECT_TRUE(device(t, "virtio3").props.get_bool("readonly"));
    EXPECT_TRUE(device(t, "virtio3").props.get_bool("snapshot"));
    EXPECT_FALSE(device(t, "virtio2").props.get_bool("readonly"));
    EXPECT_TRUE(device(t, "virtio2").props.get_bool("snapshot"));
}

// format=raw and format=qcow2 as given; without format= the image is probed, as QEMU does.
TEST(VirtioCli, DriveFormatReachesTheDisk) {
    Images img;
    auto t = vp::load_topology(kVirt, vp::qemu_device_overrides({"file=" + img.a + ",if=virtio,format=qcow2",
                                                                 "file=" + img.b + ",if=virtio,format=raw",
                                                                 "file=" + img.a + ",if=virtio"},
                                                                {}, false));
    EXPECT_EQ(device(t, "virtio3").props.get_string("format"), "qcow2");
    EXPECT_EQ(device(t, "virtio2").props.get_string("format"), "raw");
    EXPECT_EQ(device(t, "virtio1").props.get_string("format"), "auto");
}

TEST(VirtioCli, WhatVpHasNoEquivalentForIsRefused) {
    Images img;
    EXPECT_NE(error_of({"file=" + img.a + ",format=vmdk,if=virtio"}, {}).find("format=vmdk"),
              std::string::npos);
    EXPECT_NE(error_of({"file=" + img.a + ",if=ide"}, {}).find("if=ide"), std::string::npos);
    EXPECT_NE(error_of({"file=" + img.a + ",if=none,id=x"}, {}).find("id=x is not attached"),
              std::string::npos);
    EXPECT_NE(error_of({}, {"virtio-blk-device,drive=nope"}).find("drive=nope"), std::string::npos);
    EXPECT_NE(error_of({}, {"e1000"}).find("'e1000'"), std::string::npos);
    EXPECT_NE(error_of({"if=virtio"}, {}).find("no file="), std::string::npos);
    const std::string five = "file=" + img.a + ",if=virtio";
    EXPECT_NE(error_of({five, five, five, five, five}, {}).find("virtio_mmio"),
              std::string::npos);  // 4 transports
    EXPECT_NE(error_of({"file=/tmp/vp-no-such.img,if=virtio"}, {}).find("/tmp/vp-no-such.img"),
              std::string::npos);
}
