// One test per class of topology error: each names file, line, column (1-based) and key path.
#include <gtest/gtest.h>

#include "test_models.h"

namespace vp::test {
namespace {

bool contains(const std::string& s, const std::string& part) {
    return s.find(part) != std::string::npos;
}

// Loads YAML text named "inline.yaml" and returns the ConfigError it raises.
ConfigError inline_error(const std::string& text, const std::vector<Override>& overrides = {}) {
    try {
        load_topology_text(text, "inline.yaml", overrides);
    } catch (const ConfigError& e) {
        return e;
    }
    ADD_FAILURE() << "loaded without a ConfigError:\n" << text;
    return ConfigError(SourceLoc{}, "", "");
}

TEST(YamlErrors, UnknownTopLevelKeySuggestsClosest) {
    std::string m = expect_error("bad_unknown_key.yaml", 3, 3, "cpus.clok");
    EXPECT_TRUE(contains(m, "did you mean 'clock'?")) << m;
}

TEST(YamlErrors, UnknownPropertySuggestsSize) {
    std::string m = expect_error("bad_unknown_property.yaml", 5, 5, "memory.ram.sise");
    EXPECT_TRUE(contains(m, "did you mean 'size'?")) << m;
    EXPECT_TRUE(contains(m, "test_mem")) << m;
}

TEST(YamlErrors, MapWhereScalarExpected) {
    // A block map's position is that of its first key: line 4, column 3.
    std::string m = expect_error("bad_map_for_scalar.yaml", 4, 3, "quantum");
    EXPECT_TRUE(contains(m, "a map")) << m;
}

TEST(YamlErrors, TextWhereSizeExpected) {
    std::string m = expect_error("bad_size_text.yaml", 5, 11, "memory.ram.size");
    EXPECT_TRUE(contains(m, "'abc'")) << m;
}

TEST(YamlErrors, SyntaxErrorIsLocated) {
    try {
        load_topology(data_path("bad_syntax.yaml"));
        FAIL() << "loaded";
    } catch (const ConfigError& e) {
        std::string m = e.what();
        EXPECT_TRUE(contains(m, "bad_syntax.yaml:")) << m;
        EXPECT_TRUE(contains(m, "YAML syntax error")) << m;
        // The flow map opened on line 4 is never closed: the parser notices on line 4 or at the end.
        EXPECT_GE(e.loc().line, 4) << m;
        EXPECT_GE(e.loc().column, 1) << m;
    }
}

TEST(YamlErrors, MissingRequiredKeyAtInstanceName) {
    std::string m = expect_error("bad_missing_required.yaml", 2, 3, "devices.uart0.model");
    EXPECT_TRUE(contains(m, "missing required key 'model'")) << m;
}

TEST(YamlErrors, OverlappingRegionsNameBothDevicesAndRanges) {
    std::string m = expect_error("bad_overlap.yaml", 9, 11, "devices.uart0.base");
    EXPECT_TRUE(contains(m, "memory.ram")) << m;
    EXPECT_TRUE(contains(m, "[0x40000000, 0x80000000)")) << m;
    EXPECT_TRUE(contains(m, "[0x7fff0000, 0x7fff1000)")) << m;
}

TEST(YamlErrors, ZeroSizeRegion) {
    std::string m = expect_error("bad_zero_size.yaml", 5, 11, "memory.ram.size");
    EXPECT_TRUE(contains(m, "zero")) << m;
}

TEST(YamlErrors, ModelWithoutDefaultSizeNeedsSize) {
    ConfigError e = inline_error("memory:\n  ram:\n    model: test_mem\n    base: 0x40000000\n");
    EXPECT_EQ(e.key(), "memory.ram.size");
    EXPECT_EQ(e.loc().line, 2);
    EXPECT_EQ(e.loc().column, 3);
    EXPECT_TRUE(contains(e.what(), "inline.yaml:2:3")) << e.what();
}

TEST(YamlErrors, RegionOverflowing64Bits) {
    std::string m = expect_error("bad_overflow.yaml", 5, 11, "memory.ram.size");
    EXPECT_TRUE(contains(m, "64-bit")) << m;
}

TEST(YamlErrors, TwoDevicesOnOneInterruptLine) {
    std::string m = expect_error("bad_irq_shared.yaml", 9, 18, "devices.uart1.interrupts");
    EXPECT_TRUE(contains(m, "devices.uart0")) << m;
    EXPECT_TRUE(contains(m, "33")) << m;
}

TEST(YamlErrors, SharedInterruptLineAllowedWhenBothModelsAllowIt) {
    Topology t = load_topology_text(
        "devices:\n"
        "  a: {model: test_shared, base: 0x1000, interrupts: 40}\n"
        "  b: {model: test_shared, base: 0x2000, interrupts: 40}\n",
        "inline.yaml");
    ASSERT_EQ(t.devices.size(), 2u);
    EXPECT_EQ(t.devices[0].interrupts, std::vector<unsigned>{40});
    EXPECT_EQ(t.devices[1].interrupts, std::vector<unsigned>{40});
}

TEST(YamlErrors, SharingNeedsBothModelsToAllowIt) {
    ConfigError e = inline_error(
        "devices:\n"
        "  a: {model: test_shared, base: 0x1000, interrupts: 40}\n"
        "  b: {model: test_uart, base: 0x2000, interrupts: 40}\n");
    EXPECT_EQ(e.key(), "devices.b.interrupts");
    EXPECT_EQ(e.loc().line, 3);
}

TEST(YamlErrors, InterruptCountMustMatchModelOutputs) {
    std::string m = expect_error("bad_irq_count.yaml", 5, 17, "devices.uart0.interrupts");
    EXPECT_TRUE(contains(m, "intr")) << m;
}

TEST(YamlErrors, MissingInterruptsForModelWithOutputs) {
    ConfigError e = inline_error("devices:\n  uart0:\n    model: test_uart\n    base: 0x9000000\n");
    EXPECT_EQ(e.key(), "devices.uart0.interrupts");
    EXPECT_EQ(e.loc().line, 2);
    EXPECT_EQ(e.loc().column, 3);
}

TEST(YamlErrors, SgiIsNotADeviceInterrupt) {
    // GIC: INTIDs 0..15 are SGIs (software generated), never a device output.
    ConfigError e = inline_error("devices:\n  u: {model: test_uart, base: 0x9000000, interrupts: [5]}\n");
    EXPECT_EQ(e.key(), "devices.u.interrupts");
    EXPECT_EQ(e.loc().line, 2);
}

TEST(YamlErrors, UnknownModelListsRegisteredOnes) {
    std::string m = expect_error("bad_unknown_model.yaml", 3, 12, "devices.uart0.model");
    EXPECT_TRUE(contains(m, "did you mean 'test_uart'?")) << m;
    EXPECT_TRUE(contains(m, "test_mem")) << m;
    EXPECT_TRUE(contains(m, "test_ic")) << m;
}

TEST(YamlErrors, MissingBootFile) {
    std::string m = expect_error("bad_missing_file.yaml", 2, 11, "boot.kernel");
    EXPECT_TRUE(contains(m, "no_such_Image")) << m;
    EXPECT_TRUE(contains(m, "does not exist")) << m;
}

TEST(YamlErrors, MissingTopologyFile) {
    try {
        load_topology(data_path("no_such_topology.yaml"));
        FAIL() << "loaded";
    } catch (const ConfigError& e) {
        EXPECT_TRUE(contains(e.what(), "no_such_topology.yaml")) << e.what();
        EXPECT_TRUE(contains(e.what(), "does not exist")) << e.what();
    }
}

TEST(YamlErrors, CpuCountOutOfRange) {
    std::string m = expect_error("bad_cpu_count.yaml", 2, 10, "cpus.count");
    EXPECT_TRUE(contains(m, "65")) << m;
    ConfigError e = inline_error("cpus:\n  count: 0\n");
    EXPECT_EQ(e.key(), "cpus.count");
    EXPECT_EQ(e.loc().line, 2);
    EXPECT_EQ(e.loc().column, 10);
}

TEST(YamlErrors, ExceptionCyclesOutOfRange) {
    for (const char* bad : {"0", "10001"}) {
        ConfigError e = inline_error(std::string("cpus:\n  exception_cycles: ") + bad + "\n");
        EXPECT_EQ(e.key(), "cpus.exception_cycles") << bad;
        EXPECT_EQ(e.loc().line, 2);
        EXPECT_TRUE(contains(e.what(), bad)) << e.what();
    }
}

TEST(YamlErrors, CodeBufferOutOfRange) {
    for (const char* bad : {"4K", "8G"}) {
        ConfigError e = inline_error(std::string("cpus:\n  code_buffer: ") + bad + "\n");
        EXPECT_EQ(e.key(), "cpus.code_buffer") << bad;
        EXPECT_TRUE(contains(e.what(), bad)) << e.what();
    }
}

TEST(YamlErrors, UnknownEngine) {
    ConfigError e = inline_error("cpus:\n  engine: turbo\n");
    EXPECT_EQ(e.key(), "cpus.engine");
    EXPECT_EQ(e.loc().line, 2);
    EXPECT_TRUE(contains(e.what(), "turbo")) << e.what();
}

TEST(YamlErrors, StdoutNamesMissingDevice) {
    std::string m = expect_error("bad_stdout.yaml", 1, 9, "stdout");
    EXPECT_TRUE(contains(m, "uart9")) << m;
    EXPECT_TRUE(contains(m, "uart0")) << m;
}

TEST(YamlErrors, BadPropertyValue) {
    std::string m = expect_error("bad_prop_value.yaml", 6, 17, "devices.uart0.fifo_depth");
    EXPECT_TRUE(contains(m, "'lots'")) << m;
}

TEST(YamlErrors, MissingRequiredProperty) {
    std::string m = expect_error("bad_required_prop.yaml", 2, 3, "devices.intc.revision");
    EXPECT_TRUE(contains(m, "requires property 'revision'")) << m;
}

TEST(YamlErrors, MissingPropertyPath) {
    ConfigError e =
        inline_error("devices:\n  u: {model: test_uart, base: 0x9000000, interrupts: 33, log: nope.txt}\n");
    EXPECT_EQ(e.key(), "devices.u.log");
    EXPECT_TRUE(contains(e.what(), "nope.txt")) << e.what();
}

TEST(YamlErrors, DuplicateKey) {
    ConfigError e = inline_error("cpus:\n  count: 1\n  count: 2\n");
    EXPECT_EQ(e.key(), "cpus.count");
    EXPECT_EQ(e.loc().line, 3);
    EXPECT_EQ(e.loc().column, 3);
}

TEST(YamlErrors, AliasAndKeyBothGiven) {
    ConfigError e = inline_error("boot:\n  append: a\n  bootargs: b\n");
    EXPECT_EQ(e.key(), "boot.bootargs");
    EXPECT_EQ(e.loc().line, 3);
}

TEST(YamlErrors, SizeOnMultiRegionModel) {
    ConfigError e = inline_error(
        "devices:\n  gic: {model: test_ic, base: 0x8000000, size: 64K, interrupts: 25, revision: 1}\n");
    EXPECT_EQ(e.key(), "devices.gic.size");
    EXPECT_TRUE(contains(e.what(), "dist")) << e.what();
}

TEST(YamlErrors, InstanceNameWithDot) {
    ConfigError e = inline_error("devices:\n  uart.0: {model: test_uart, base: 0x9000000, interrupts: 33}\n");
    EXPECT_EQ(e.loc().line, 2);
    EXPECT_EQ(e.loc().column, 3);
}

TEST(YamlErrors, TopLevelMustBeMap) {
    ConfigError e = inline_error("- a\n- b\n");
    EXPECT_EQ(e.loc().line, 1);
    EXPECT_TRUE(contains(e.what(), "inline.yaml:1:1")) << e.what();
}

TEST(YamlErrors, ScalarWhereMapExpected) {
    ConfigError e = inline_error("devices: 5\n");
    EXPECT_EQ(e.key(), "devices");
    EXPECT_EQ(e.loc().line, 1);
    EXPECT_EQ(e.loc().column, 10);
}

}  // namespace
}  // namespace vp::test
