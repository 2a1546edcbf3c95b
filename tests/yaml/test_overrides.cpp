// -s overrides and the QEMU short forms: applied before validation, errors at <command line>.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "test_models.h"

namespace vp::test {
namespace {

bool contains(const std::string& s, const std::string& part) {
    return s.find(part) != std::string::npos;
}

Topology good(const std::vector<Override>& ov) {
    return load_topology(data_path("good.yaml"), ov);
}

ConfigError good_error(const std::vector<Override>& ov) {
    try {
        good(ov);
    } catch (const ConfigError& e) {
        return e;
    }
    ADD_FAILURE() << "loaded without a ConfigError";
    return ConfigError(SourceLoc{}, "", "");
}

TEST(YamlOverrides, ParseOverride) {
    Override o = parse_override("devices.uart0.backend=file:out=1.txt");
    EXPECT_EQ(o.path, "devices.uart0.backend");
    EXPECT_EQ(o.value, "file:out=1.txt");  // split at the first '='
    EXPECT_EQ(o.origin, "-s devices.uart0.backend=file:out=1.txt");
}

TEST(YamlOverrides, ParseOverrideWithoutEquals) {
    try {
        parse_override("cpus.count");
        FAIL() << "parsed";
    } catch (const ConfigError& e) {
        EXPECT_EQ(e.loc().file, "<command line>");
        EXPECT_TRUE(contains(e.what(), "cpus.count")) << e.what();
    }
}

TEST(YamlOverrides, ValueReplaced) {
    Topology t = good({parse_override("devices.uart0.backend=tcp:1234"), parse_override("cpus.count=8")});
    const auto& v = t.find_device("uart0")->props.at("backend");
    EXPECT_EQ(v.raw, "tcp:1234");
    EXPECT_EQ(v.loc.file, "<command line>");
    EXPECT_EQ(t.cpus.count, 8u);
}

TEST(YamlOverrides, NewDeviceAdded) {
    Topology t = good({parse_override("devices.uart2.model=test_uart"),
                       parse_override("devices.uart2.base=0x09002000"),
                       parse_override("devices.uart2.interrupts=[35]")});
    ASSERT_EQ(t.devices.size(), 5u);
    const DeviceConfig& d = t.devices.back();
    EXPECT_EQ(d.name, "uart2");
    EXPECT_EQ(d.model, "test_uart");
    EXPECT_EQ(d.regions[0].base, 0x09002000u);
    EXPECT_EQ(d.regions[0].size, 0x1000u);
    EXPECT_EQ(d.interrupts, std::vector<unsigned>{35});
    EXPECT_EQ(d.loc.file, "<command line>");
}

TEST(YamlOverrides, NewDeviceAsFlowMap) {
    Topology t = good({parse_override("devices.uart3={model: test_uart, base: 0x09003000, interrupts: 36}")});
    const DeviceConfig* d = t.find_device("uart3");
    ASSERT_NE(d, nullptr);
    EXPECT_EQ(d->regions[0].base, 0x09003000u);
    EXPECT_EQ(d->interrupts, std::vector<unsigned>{36});
}

TEST(YamlOverrides, BadValueReportedAtCommandLine) {
    ConfigError e = good_error({parse_override("memory.dram.size=abc")});
    std::string m = e.what();
    EXPECT_EQ(e.loc().file, "<command line>");
    EXPECT_EQ(e.key(), "memory.dram.size");
    EXPECT_TRUE(contains(m, "<command line>")) << m;
    EXPECT_TRUE(contains(m, "'memory.dram.size'")) << m;
    EXPECT_TRUE(contains(m, "-s memory.dram.size=abc")) << m;
}

TEST(YamlOverrides, UnknownKeyReportedAtCommandLine) {
    ConfigError e = good_error({parse_override("cpus.clok=2GHz")});
    EXPECT_EQ(e.loc().file, "<command line>");
    EXPECT_EQ(e.key(), "cpus.clok");
    EXPECT_TRUE(contains(e.what(), "did you mean 'clock'?")) << e.what();
    EXPECT_TRUE(contains(e.what(), "-s cpus.clok=2GHz")) << e.what();
}

TEST(YamlOverrides, OverrideCausingOverlap) {
    ConfigError e = good_error({parse_override("devices.uart1.base=0x09000800")});
    EXPECT_EQ(e.loc().file, "<command line>");
    EXPECT_EQ(e.key(), "devices.uart1.base");
    EXPECT_TRUE(contains(e.what(), "devices.uart0")) << e.what();
}

TEST(YamlOverrides, OverlapFromOverriddenSizeReportedAtCommandLine) {
    // uart0 [0x09000000, +0x2000) now reaches uart1 at 0x09001000; uart1 comes later in the
    // file, but the fault is the override, so that is where the error points.
    ConfigError e = good_error({parse_override("devices.uart0.size=0x2000")});
    EXPECT_EQ(e.loc().file, "<command line>");
    EXPECT_EQ(e.key(), "devices.uart0.size");
    EXPECT_TRUE(contains(e.what(), "devices.uart1")) << e.what();
    EXPECT_TRUE(contains(e.what(), "[0x9000000, 0x9002000)")) << e.what();
}

TEST(YamlOverrides, UnparsableFlowValue) {
    ConfigError e = good_error({parse_override("devices.uart0.interrupts=[33,")});
    EXPECT_EQ(e.loc().file, "<command line>");
    EXPECT_TRUE(contains(e.what(), "[33,")) << e.what();
}

TEST(YamlOverrides, PathThroughScalar) {
    ConfigError e = good_error({parse_override("quantum.value=1")});
    EXPECT_EQ(e.loc().file, "<command line>");
    EXPECT_TRUE(contains(e.what(), "quantum")) << e.what();
}

TEST(YamlOverrides, ModelMarkerPicksFirstEntryWithThatModel) {
    Topology t = good({parse_override("devices.@model=test_uart.backend=null")});
    EXPECT_EQ(t.find_device("uart0")->props.get_string("backend"), "null");
    EXPECT_EQ(t.find_device("uart1")->props.get_string("backend"), "null");  // its default
    Topology u = good({parse_override("devices.@model=test_uart.backend=file:x")});
    EXPECT_EQ(u.find_device("uart0")->props.get_string("backend"), "file:x");
    EXPECT_EQ(u.find_device("uart1")->props.get_string("backend"), "null");
}

TEST(YamlOverrides, ShortFormsMapToPaths) {
    auto one = [](const char* opt, const char* value) {
        auto v = short_form_override(opt, value);
        EXPECT_EQ(v.size(), 1u);
        return v.at(0);
    };
    Override m = one("-m", "2G");
    EXPECT_EQ(m.path, "memory.@first.size");
    EXPECT_EQ(m.value, "2G");
    EXPECT_EQ(m.origin, "-m 2G");
    EXPECT_EQ(one("-m", "512").value, "512M");  // QEMU: a bare -m number is MiB
    EXPECT_EQ(one("-m", "size=1G,slots=2").value, "1G");
    EXPECT_EQ(one("-smp", "4").path, "cpus.count");
    EXPECT_EQ(one("-smp", "4").value, "4");
    EXPECT_EQ(one("-smp", "2,sockets=1").value, "2");
    EXPECT_EQ(one("-smp", "sockets=1,cpus=3").value, "3");
    EXPECT_EQ(one("-kernel", "Image").path, "boot.kernel");
    EXPECT_EQ(one("kernel", "Image").path, "boot.kernel");
    EXPECT_EQ(one("-initrd", "r").path, "boot.initrd");
    EXPECT_EQ(one("-append", "console=ttyAMA0").path, "boot.append");
    EXPECT_EQ(one("-append", "console=ttyAMA0").value, "console=ttyAMA0");
    EXPECT_EQ(one("-dtb", "x.dtb").path, "boot.dtb");
    EXPECT_EQ(one("-serial", "stdio").path, "devices.@model=pl011.backend");
    EXPECT_EQ(one("-serial", "stdio").value, "stdio");
    EXPECT_THROW(short_form_override("-hda", "disk.img"), ConfigError);
}

TEST(YamlOverrides, ShortFormsApplied) {
    std::vector<Override> ov;
    for (auto [o, v] : std::vector<std::pair<const char*, const char*>>{
             {"-m", "1G"}, {"-smp", "2"}, {"-append", "root=/dev/vda rw"}}) {
        auto s = short_form_override(o, v);
        ov.insert(ov.end(), s.begin(), s.end());
    }
    Topology t = good(ov);
    EXPECT_EQ(t.find_device("dram")->regions[0].size, 0x40000000u);
    EXPECT_EQ(t.cpus.count, 2u);
    EXPECT_EQ(t.boot.append, "root=/dev/vda rw");
}

TEST(YamlOverrides, SmpOutOfRangeAtCommandLine) {
    ConfigError e = good_error(short_form_override("-smp", "0"));
    EXPECT_EQ(e.loc().file, "<command line>");
    EXPECT_EQ(e.key(), "cpus.count");
    EXPECT_TRUE(contains(e.what(), "-smp 0")) << e.what();
}

TEST(YamlOverrides, SerialWithoutPl011) {
    ConfigError e = good_error(short_form_override("-serial", "stdio"));
    EXPECT_EQ(e.loc().file, "<command line>");
    EXPECT_TRUE(contains(e.what(), "pl011")) << e.what();
    EXPECT_TRUE(contains(e.what(), "-serial stdio")) << e.what();
}

TEST(YamlOverrides, MemoryShortFormWithoutMemory) {
    try {
        load_topology_text("cpus: {count: 1}\n", "inline.yaml", short_form_override("-m", "1G"));
        FAIL() << "loaded";
    } catch (const ConfigError& e) {
        EXPECT_EQ(e.loc().file, "<command line>");
        EXPECT_TRUE(contains(e.what(), "-m 1G")) << e.what();
    }
}

TEST(YamlOverrides, CommandLinePathsAreRelativeToWorkingDirectory) {
    const std::string name = "yaml_test_kernel_in_cwd.bin";
    { std::ofstream(name) << "k"; }
    Topology t = good(short_form_override("-kernel", name));
    EXPECT_EQ(t.boot.kernel, name);  // not the YAML file's directory
    std::filesystem::remove(name);
    // The same relative name in the file is taken relative to the file (good.yaml: images/Image).
    ConfigError e = good_error(short_form_override("-kernel", "images/Image"));  // cwd has no images/
    EXPECT_EQ(e.loc().file, "<command line>");
    EXPECT_EQ(e.key(), "boot.kernel");
}

}  // namespace
}  // namespace vp::test
