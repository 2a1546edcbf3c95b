// QEMU's -readconfig (its config-file format): the seed's virt.cfg ([machine] type/kernel/append/
// initrd, [smp-opts] cpus, [memory] size) and [drive]/[device] sections mapped onto the topology;
// anything vp has no equivalent for refused naming the file and line.
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <string>

#include "core/error.h"
#include "platform/qemu_config.h"
#include "platform/qemu_devices.h"
#include "yaml/topology.h"

namespace {

const std::string kVirt = std::string(VP_SOURCE_DIR) + "/platforms/virt.yaml";

struct TempFile {
    std::string path;
    TempFile(const std::string& tag, const std::string& text)
        : path(testing::TempDir() + "/vp_qemu_config_" + tag + "_" + std::to_string(getpid())) {
        std::ofstream(path) << text;
    }
    ~TempFile() { unlink(path.c_str()); }
};

vp::Topology load(const vp::QemuConfig& qc) {
    std::vector<vp::Override> o = qc.overrides;
    vp::QemuDeviceOptions q;
    q.drives = qc.drives;
    q.devices = qc.devices;
    q.netdevs = qc.netdevs;
    for (const auto& d : vp::qemu_device_overrides(q)) o.push_back(d);
    return vp::load_topology(kVirt, o);
}

// The error of reading `text` as a config file: its location and key.
vp::ConfigError error_of(const std::string& text) {
    TempFile f("bad", text);
    try {
        vp::read_qemu_config(f.path);
    } catch (const vp::ConfigError& e) {
        return e;
    }
    ADD_FAILURE() << "accepted:\n" << text;
    return vp::ConfigError(vp::SourceLoc{}, "", "");
}

}  // namespace

// The seed's virt.cfg, as it is written there (indented keys, quoted values).
TEST(QemuConfig, TheSeedsVirtCfgSetsKernelInitrdAppendCoresAndMemory) {
    TempFile image("Image", "x"), initrd("initrd", "y");
    TempFile cfg("virt.cfg",
                 "# virt.cfg\n"
                 "[machine]\n"
                 "    type = \"virt\"\n"
                 "    kernel = \"" +
                     image.path +
                     "\"\n"
                     "    append = \"nokaslr root=/dev/ram init=/linuxrc console=ttyAMA0 console=ttyS0\"\n"
                     "    initrd = \"" +
                     initrd.path +
                     "\"\n"
                     "\n"
                     "[smp-opts]\n"
                     "    cpus = \"2\"\n"
                     "\n"
                     "[memory]\n"
                     "    size = \"4G\"\n");
    vp::Topology t = load(vp::read_qemu_config(cfg.path));
    EXPECT_EQ(t.boot.kernel, image.path);
    EXPECT_EQ(t.boot.initrd, initrd.path);
    EXPECT_EQ(t.boot.append, "nokaslr root=/dev/ram init=/linuxrc console=ttyAMA0 console=ttyS0");
    EXPECT_EQ(t.cpus.count, 2u);
    EXPECT_EQ(t.devices.front().regions[0].size, 4ull << 30);  // the first memory region
}

TEST(QemuConfig, DriveAndDeviceSectionsAreTheirCommandLineOptions) {
    TempFile disk("disk.img", "");
    TempFile cfg(
        "disk.cfg",
        "[drive \"hd0\"]\n  file = \"" + disk.path +
            "\"\n  format = \"raw\"\n  if = \"none\"\n"
            "[device]\n  driver = \"virtio-blk-device\"\n  drive = \"hd0\"\n  serial = \"cfg-disk\"\n");
    vp::QemuConfig qc = vp::read_qemu_config(cfg.path);
    ASSERT_EQ(qc.drives.size(), 1u);
    EXPECT_EQ(qc.drives[0], "file=" + disk.path + ",format=raw,if=none,id=hd0");
    ASSERT_EQ(qc.devices.size(), 1u);
    EXPECT_EQ(qc.devices[0], "virtio-blk-device,drive=hd0,serial=cfg-disk");
    vp::Topology t = load(qc);
    bool found = false;
    for (const auto& d : t.devices)
        if (d.name == "virtio3") {
            found = true;
            EXPECT_EQ(d.model, "virtio_blk");
            EXPECT_EQ(d.props.get_string("image"), disk.path);
            EXPECT_EQ(d.props.get_string("serial"), "cfg-disk");
        }
    EXPECT_TRUE(found);
}

TEST(QemuConfig, UnknownSectionsKeysAndMachinesAreRefusedNamingFileAndLine) {
    vp::ConfigError e = error_of("[machine]\n  kernel = \"k\"\n\n[audiodev \"a0\"]\n  driver = \"none\"\n");
    EXPECT_EQ(e.loc().line, 4);
    EXPECT_NE(std::string(e.what()).find("[audiodev]"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("vp_qemu_config_bad"), std::string::npos) << e.what();

    e = error_of("[machine]\n  kernel = \"k\"\n  accel = \"kvm\"\n");
    EXPECT_EQ(e.loc().line, 3);
    EXPECT_EQ(e.key(), "machine.accel");

    e = error_of("[machine]\n  type = \"sbsa-ref\"\n");
    EXPECT_EQ(e.loc().line, 2);
    EXPECT_NE(std::string(e.what()).find("sbsa-ref"), std::string::npos) << e.what();

    e = error_of("  cpus = \"2\"\n");  // before any section
    EXPECT_EQ(e.loc().line, 1);
    e = error_of("[smp-opts]\n  cpus 2\n");  // no '='
    EXPECT_EQ(e.loc().line, 2);
    e = error_of("[device]\n  drive = \"hd0\"\n");  // no driver
    EXPECT_EQ(e.key(), "device.driver");
}

// [netdev "ID"] is -netdev TYPE,id=ID,...; a [device] names it like -device ...,netdev=ID.
TEST(QemuConfig, NetdevSectionIsItsCommandLineOption) {
    TempFile cfg(
        "net.cfg",
        "[netdev \"n0\"]\n  type = \"user\"\n  hostfwd = \"tcp::2222-:22\"\n"
        "  hostfwd = \"udp::5555-:55\"\n"
        "[device]\n  driver = \"virtio-net-device\"\n  netdev = \"n0\"\n  mac = \"52:54:00:00:00:01\"\n");
    vp::QemuConfig qc = vp::read_qemu_config(cfg.path);
    ASSERT_EQ(qc.netdevs.size(), 1u);
    EXPECT_EQ(qc.netdevs[0], "user,hostfwd=tcp::2222-:22,hostfwd=udp::5555-:55,id=n0");
    vp::Topology t = load(qc);
    bool found = false;
    for (const auto& d : t.devices)
        if (d.name == "virtio3") {
            found = true;
            EXPECT_EQ(d.model, "virtio_net");
            EXPECT_EQ(d.props.get_string("netdev"), "user");
            EXPECT_EQ(d.props.get_string("hostfwd"), "tcp::2222-:22,udp::5555-:55");
            EXPECT_EQ(d.props.get_string("mac"), "52:54:00:00:00:01");
        }
    EXPECT_TRUE(found);
}

TEST(QemuConfig, NetdevKeysVpDoesNotKnowAreRefusedNamingTheLine) {
    vp::ConfigError e = error_of("[netdev \"n0\"]\n  type = \"user\"\n  smb = \"/srv\"\n");
    EXPECT_EQ(e.loc().line, 3);
    EXPECT_EQ(e.key(), "netdev.smb");
    e = error_of("[netdev \"n0\"]\n  hostfwd = \"tcp::1-:1\"\n");  // no type
    EXPECT_EQ(e.key(), "netdev.type");
    e = error_of("[netdev]\n  type = \"user\"\n");  // no id
    EXPECT_EQ(e.loc().line, 1);
}

TEST(QemuConfig, AMissingFileIsNamed) {
    try {
        vp::read_qemu_config("/nonexistent/virt.cfg");
        FAIL() << "read";
    } catch (const vp::ConfigError& e) {
        EXPECT_NE(std::string(e.what()).find("/nonexistent/virt.cfg"), std::string::npos) << e.what();
    }
}
