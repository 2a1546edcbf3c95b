// QEMU's -netdev, -nic, -net, -chardev and -device virtio-net-device / virtio-serial-device +
// virtconsole, as QEMU users type them, mapped onto platforms/virt.yaml's virtio-mmio transports
// (what --dump-config prints); what vp has no equivalent for is refused naming the option.
#include <gtest/gtest.h>

#include <string>

#include "core/error.h"
#include "platform/qemu_devices.h"
#include "yaml/topology.h"

namespace {

const std::string kVirt = std::string(VP_SOURCE_DIR) + "/platforms/virt.yaml";

const vp::DeviceConfig& device(const vp::Topology& t, const std::string& name) {
    for (const auto& d : t.devices)
        if (d.name == name) return d;
    throw std::runtime_error("no device " + name);
}

vp::Topology load(const vp::QemuDeviceOptions& o) {
    return vp::load_topology(kVirt, vp::qemu_device_overrides(o));
}

std::string error_of(const vp::QemuDeviceOptions& o) {
    try {
        load(o);
    } catch (const vp::Error& e) {
        return e.what();
    }
    return "";
}

}  // namespace

TEST(NetCli, NetdevWithDeviceAndNicTakeTheFreeTransports) {
    vp::QemuDeviceOptions o;
    o.netdevs = {"user,id=n0,hostfwd=tcp:127.0.0.1:2222-:22,hostfwd=udp::5555-:5555"};
    o.devices = {"virtio-net-device,netdev=n0,mac=52:54:00:00:00:02,host_mtu=1500"};
    o.nics = {"user,hostfwd=tcp::8080-:80"};
    const vp::Topology t = load(o);
    const auto& nic = device(t, "virtio3");  // -nic comes before the -device list
    EXPECT_EQ(nic.model, "virtio_net");
    EXPECT_EQ(nic.props.get_string("netdev"), "user");
    EXPECT_EQ(nic.props.get_string("hostfwd"), "tcp::8080-:80");
    EXPECT_EQ(nic.props.get_string("mac"), "52:54:00:12:34:56");  // QEMU's default
    const auto& dev = device(t, "virtio2");
    EXPECT_EQ(dev.model, "virtio_net");
    EXPECT_EQ(dev.props.get_string("hostfwd"), "tcp:127.0.0.1:2222-:22,udp::5555-:5555");
    EXPECT_EQ(dev.props.get_string("mac"), "52:54:00:00:00:02");
    EXPECT_EQ(dev.props.get_u64("mtu"), 1500u);
    EXPECT_EQ(nic.props.get_u64("mtu"), 65520u);  // vp's default (virtio_net.h)
    // --dump-config prints the mapping.
    const std::string dump = vp::dump_topology(t);
    EXPECT_NE(dump.find("hostfwd: tcp:127.0.0.1:2222-:22,udp::5555-:5555"), std::string::npos) << dump;
    EXPECT_NE(dump.find("model: virtio_net"), std::string::npos) << dump;
}

TEST(NetCli, NoneMeansNoNetwork) {
    vp::QemuDeviceOptions o;
    o.nics = {"none"};
    o.nets = {"none"};
    const vp::Topology t = load(o);
    for (const char* v : {"virtio3", "virtio2", "virtio1", "virtio0"})
        EXPECT_EQ(device(t, v).model, "virtio_mmio");
    // A NIC without a -netdev is QEMU's unconnected NIC: netdev none.
    o.devices = {"virtio-net-device"};
    EXPECT_EQ(device(load(o), "virtio3").props.get_string("netdev"), "none");
}

TEST(NetCli, VirtioSerialWithVirtconsoleOnAChardev) {
    vp::QemuDeviceOptions o;
    o.chardevs = {"file,id=c0,path=/tmp/hvc0.txt", "socket,id=c1,port=4444,server=on,wait=off"};
    o.devices = {"virtio-serial-device", "virtconsole,chardev=c0", "virtio-serial-device",
                 "virtconsole,chardev=c1", "virtio-serial-device"};
    const vp::Topology t = load(o);
    EXPECT_EQ(device(t, "virtio3").model, "virtio_console");
    EXPECT_EQ(device(t, "virtio3").props.get_string("backend"), "file:/tmp/hvc0.txt");
    EXPECT_EQ(device(t, "virtio2").props.get_string("backend"), "tcp:127.0.0.1:4444,server,nowait");
    EXPECT_EQ(device(t, "virtio1").model, "virtio_console");  // no port: its output goes nowhere
    EXPECT_EQ(device(t, "virtio1").props.get_string("backend"), "null");
}

TEST(NetCli, WhatVpHasNoEquivalentForIsRefusedNamingTheOption) {
    auto refused = [](vp::QemuDeviceOptions o, const std::string& option, const std::string& why) {
        const std::string e = error_of(o);
        EXPECT_NE(e.find(option), std::string::npos) << e;
        EXPECT_NE(e.find(why), std::string::npos) << e;
    };
    for (const char* type : {"tap", "bridge", "socket"}) {
        vp::QemuDeviceOptions o;
        o.netdevs = {std::string(type) + ",id=n0"};
        o.devices = {"virtio-net-device,netdev=n0"};
        refused(o, std::string("-netdev ") + type, std::string("netdev type '") + type + "'");
        vp::QemuDeviceOptions n;
        n.nics = {type};
        refused(n, std::string("-nic ") + type, std::string("netdev type '") + type + "'");
    }
    vp::QemuDeviceOptions o;
    o.netdevs = {"user,id=n0,smb=/srv"};
    refused(o, "-netdev user,id=n0,smb=/srv", "'smb'");
    o.netdevs = {"user,id=n0"};  // no device uses it
    refused(o, "-netdev user,id=n0", "not attached");
    o.devices = {"virtio-net-device,netdev=n1"};
    refused(o, "-device virtio-net-device,netdev=n1", "netdev=n1");
    o = {};
    o.devices = {"virtio-net-device,vectors=4"};
    refused(o, "-device virtio-net-device,vectors=4", "'vectors'");
    o = {};
    o.nics = {"user,model=e1000"};
    refused(o, "-nic user,model=e1000", "model=e1000");
    o = {};
    o.nets = {"nic,model=virtio"};
    refused(o, "-net nic,model=virtio", "-net none only");
    o = {};
    o.devices = {"virtconsole"};
    refused(o, "-device virtconsole", "virtio-serial-device");
    o = {};
    o.chardevs = {"socket,id=c0,path=/tmp/sock"};
    refused(o, "-chardev socket,id=c0,path=/tmp/sock", "'path'");
    o = {};
    o.chardevs = {"pty,id=c0"};
    refused(o, "-chardev pty,id=c0", "'pty'");
    o = {};
    o.devices = {"virtio-serial-device", "virtconsole,chardev=c9"};
    refused(o, "-device virtconsole,chardev=c9", "chardev=c9");
}
