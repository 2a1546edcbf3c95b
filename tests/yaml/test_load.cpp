// Valid topologies: the loaded Topology, number parsing, defaults, path resolution, dump.
#include <gtest/gtest.h>

#include <filesystem>

#include "core/model_registry.h"
#include "test_models.h"

namespace vp::test {
namespace {

namespace fs = std::filesystem;

std::string in_data(const std::string& rel) {
    return (fs::path(VP_YAML_TEST_DATA) / rel).lexically_normal().string();
}

TEST(YamlLoad, FullFile) {
    Topology t = load_topology(data_path("good.yaml"));
    EXPECT_EQ(t.file, data_path("good.yaml"));
    EXPECT_EQ(t.machine_name, "testbox");
    EXPECT_EQ(t.machine_model, "vendor,test-board");
    EXPECT_EQ(t.compatible, (std::vector<std::string>{"vendor,test-board", "vendor,generic"}));
    EXPECT_EQ(t.cpus.count, 4u);
    EXPECT_EQ(t.cpus.model, "cortex-a53");
    EXPECT_DOUBLE_EQ(t.cpus.clock_hz, 1.5e9);
    EXPECT_EQ(t.quantum_ps, 1'000'000'000u);  // 1 ms
    EXPECT_EQ(t.stdout_device, "uart1");

    ASSERT_EQ(t.devices.size(), 4u);
    EXPECT_EQ(t.memory_count, 1u);
    // memory: entries first, then devices: in file order.
    EXPECT_EQ(t.devices[0].name, "dram");
    EXPECT_EQ(t.devices[1].name, "uart0");
    EXPECT_EQ(t.devices[2].name, "uart1");
    EXPECT_EQ(t.devices[3].name, "intc");

    const DeviceConfig& dram = t.devices[0];
    EXPECT_EQ(dram.model, "test_mem");
    ASSERT_EQ(dram.regions.size(), 1u);
    EXPECT_EQ(dram.regions[0].name, "mem");
    EXPECT_EQ(dram.regions[0].base, 0x40000000u);
    EXPECT_EQ(dram.regions[0].size, 0x80000000u);  // 2G
    EXPECT_TRUE(dram.interrupts.empty());
    EXPECT_EQ(dram.loc.line, 13);

    const DeviceConfig& uart0 = t.devices[1];
    ASSERT_EQ(uart0.regions.size(), 1u);
    EXPECT_EQ(uart0.regions[0].base, 0x09000000u);
    EXPECT_EQ(uart0.regions[0].size, 0x1000u);  // the model's default size
    EXPECT_EQ(uart0.interrupts, std::vector<unsigned>{33});
    EXPECT_EQ(uart0.props.get_string("backend"), "stdio");
    EXPECT_EQ(uart0.props.at("backend").loc.line, 23);
    EXPECT_EQ(uart0.props.at("backend").loc.column, 14);

    const DeviceConfig& uart1 = t.devices[2];
    EXPECT_EQ(uart1.regions[0].base, 0x09001000u);
    EXPECT_EQ(uart1.regions[0].size, 0x1000u);               // 4K
    EXPECT_EQ(uart1.interrupts, std::vector<unsigned>{34});  // a single integer
    EXPECT_EQ(uart1.props.at("fifo_depth").raw, "0x20");     // raw text kept
    EXPECT_EQ(uart1.props.get_u64("fifo_depth"), 32u);

    const DeviceConfig& intc = t.devices[3];
    ASSERT_EQ(intc.regions.size(), 2u);
    EXPECT_EQ(intc.regions[0].name, "dist");
    EXPECT_EQ(intc.regions[0].base, 0x08000000u);
    EXPECT_EQ(intc.regions[0].size, 0x1000u);
    EXPECT_EQ(intc.regions[1].name, "cpu");
    EXPECT_EQ(intc.regions[1].base, 0x08010000u);
    EXPECT_EQ(intc.regions[1].size, 0x2000u);
    EXPECT_EQ(intc.props.get_u64("revision"), 2u);

    EXPECT_EQ(t.boot.append, "console=ttyAMA0 earlycon");  // given as the alias bootargs
    EXPECT_TRUE(t.boot.dtb.empty());
}

TEST(YamlLoad, DefaultsApplied) {
    Topology t = load_topology(data_path("good.yaml"));
    const DeviceConfig* uart0 = t.find_device("uart0");
    ASSERT_NE(uart0, nullptr);
    EXPECT_EQ(uart0->props.get_u64("fifo_depth"), 16u);
    EXPECT_DOUBLE_EQ(uart0->props.get_frequency("clock"), 24e6);
    EXPECT_EQ(uart0->props.at("clock").loc.file, "<default>");
    EXPECT_FALSE(uart0->props.has("log"));  // no default, not given
    EXPECT_EQ(t.find_device("dram")->props.get_time_ps("latency"), 0u);
}

TEST(YamlLoad, TopLevelDefaults) {
    Topology t = load_topology_text("", "empty.yaml");
    EXPECT_EQ(t.cpus.count, 1u);
    EXPECT_EQ(t.cpus.model, "cortex-a57");
    EXPECT_DOUBLE_EQ(t.cpus.clock_hz, 1e9);
    EXPECT_EQ(t.quantum_ps, 10'000'000u);  // 10 us
    EXPECT_EQ(t.machine_name, "virt");
    EXPECT_TRUE(t.devices.empty());
}

TEST(YamlLoad, FindDevice) {
    Topology t = load_topology(data_path("good.yaml"));
    ASSERT_NE(t.find_device("uart1"), nullptr);
    EXPECT_EQ(t.find_device("uart1")->regions[0].base, 0x09001000u);
    EXPECT_EQ(t.find_device("nope"), nullptr);
}

TEST(YamlLoad, SizeAndHexForms) {
    Topology t = load_topology_text(
        "memory:\n"
        "  a: {model: test_mem, base: 0x1000_0000, size: 4096}\n"
        "  b: {model: test_mem, base: 0x2000_0000, size: 0x1000}\n"
        "  c: {model: test_mem, base: 0x3000_0000, size: 64K}\n"
        "  d: {model: test_mem, base: 1G, size: 1_024}\n"
        "  e: {model: test_mem, base: 0x1_0000_0000, size: 2M}\n"
        "  f: {model: test_mem, base: 0x2_0000_0000, size: 1T}\n",
        "inline.yaml");
    ASSERT_EQ(t.devices.size(), 6u);
    EXPECT_EQ(t.devices[0].regions[0].base, 0x10000000u);
    EXPECT_EQ(t.devices[0].regions[0].size, 4096u);
    EXPECT_EQ(t.devices[1].regions[0].size, 4096u);
    EXPECT_EQ(t.devices[2].regions[0].size, 65536u);
    EXPECT_EQ(t.devices[3].regions[0].base, 0x40000000u);
    EXPECT_EQ(t.devices[3].regions[0].size, 1024u);
    EXPECT_EQ(t.devices[4].regions[0].base, 0x100000000u);
    EXPECT_EQ(t.devices[4].regions[0].size, 2u << 20);
    EXPECT_EQ(t.devices[5].regions[0].size, uint64_t{1} << 40);
}

TEST(YamlLoad, MemoryModelDefaultsToRam) {
    if (!ModelRegistry::instance().find("ram")) {
        ModelInfo ram;
        ram.name = "ram";
        ram.doc = "test stand-in";
        ram.regions = {{"mem", 0, 0}};
        ModelRegistry::instance().add(ram);
    }
    Topology t = load_topology_text("memory:\n  ram:\n    base: 0x40000000\n    size: 4G\n", "inline.yaml");
    ASSERT_EQ(t.devices.size(), 1u);
    EXPECT_EQ(t.devices[0].model, "ram");
    EXPECT_EQ(t.devices[0].regions[0].size, uint64_t{4} << 30);
}

TEST(YamlLoad, PathsInFileAreRelativeToTheFile) {
    Topology t = load_topology(data_path("good.yaml"));
    EXPECT_EQ(t.find_device("dram")->props.get_string("image"), in_data("images/blob.bin"));
    EXPECT_EQ(t.boot.kernel, in_data("images/Image"));
    EXPECT_EQ(t.boot.initrd, in_data("images/initrd.cpio"));
    EXPECT_TRUE(fs::exists(t.boot.kernel));
}

TEST(YamlLoad, SchemaHelpListsKeys) {
    std::string h = schema_help();
    for (const char* key : {"machine.compatible", "cpus.count", "quantum", "stdout", "memory.*.base",
                            "devices.*.interrupts", "boot.append", "boot.dtb"})
        EXPECT_NE(h.find(key), std::string::npos) << key;
}

// cpus.exception_cycles: unset means the model's pipeline depth (8 on the Cortex-A53, 15 on the
// A57), which the dump shows; a given value is kept.
TEST(YamlLoad, ExceptionCyclesDefaultToTheModelsAndDumpShowsThem) {
    Topology a53 = load_topology_text("cpus:\n  model: cortex-a53\n", "a53.yaml");
    EXPECT_EQ(a53.cpus.exception_cycles, 0u);
    EXPECT_NE(dump_topology(a53).find("exception_cycles: 8\n"), std::string::npos) << dump_topology(a53);
    Topology a57 = load_topology_text("cpus:\n  model: cortex-a57\n", "a57.yaml");
    EXPECT_NE(dump_topology(a57).find("exception_cycles: 15\n"), std::string::npos) << dump_topology(a57);
    Topology set = load_topology_text("cpus:\n  exception_cycles: 100\n", "set.yaml");
    EXPECT_EQ(set.cpus.exception_cycles, 100u);
    EXPECT_EQ(load_topology_text(dump_topology(set), "dump.yaml").cpus.exception_cycles, 100u);
}

TEST(YamlLoad, DumpLoadsBackToTheSameTopology) {
    Topology a = load_topology(data_path("good.yaml"));
    std::string text = dump_topology(a);
    Topology b = load_topology_text(text, "dump.yaml");
    EXPECT_EQ(b.machine_name, a.machine_name);
    EXPECT_EQ(b.compatible, a.compatible);
    EXPECT_EQ(b.cpus.count, a.cpus.count);
    EXPECT_DOUBLE_EQ(b.cpus.clock_hz, a.cpus.clock_hz);
    EXPECT_EQ(b.quantum_ps, a.quantum_ps);
    EXPECT_EQ(b.stdout_device, a.stdout_device);
    EXPECT_EQ(b.memory_count, a.memory_count);
    ASSERT_EQ(b.devices.size(), a.devices.size()) << text;
    for (size_t i = 0; i < a.devices.size(); ++i) {
        EXPECT_EQ(b.devices[i].name, a.devices[i].name);
        EXPECT_EQ(b.devices[i].model, a.devices[i].model);
        EXPECT_EQ(b.devices[i].interrupts, a.devices[i].interrupts);
        ASSERT_EQ(b.devices[i].regions.size(), a.devices[i].regions.size());
        for (size_t r = 0; r < a.devices[i].regions.size(); ++r) {
            EXPECT_EQ(b.devices[i].regions[r].base, a.devices[i].regions[r].base);
            EXPECT_EQ(b.devices[i].regions[r].size, a.devices[i].regions[r].size);
        }
        for (const auto& [name, v] : a.devices[i].props.all())
            EXPECT_EQ(b.devices[i].props.get_string(name), v.raw) << name;
    }
    EXPECT_EQ(b.boot.kernel, a.boot.kernel);
    EXPECT_EQ(b.boot.append, a.boot.append);
}

TEST(YamlLoad, VirtPlatformLoads) {
    for (const char* m : {"pl011", "rom", "ram"}) ASSERT_NE(ModelRegistry::instance().find(m), nullptr) << m;
    Topology t = load_topology(std::string(VP_PLATFORMS_DIR) + "/virt.yaml");
    EXPECT_EQ(t.cpus.count, 2u);
    EXPECT_EQ(t.cpus.model, "cortex-a57");
    const DeviceConfig* ram = t.find_device("ram");
    ASSERT_NE(ram, nullptr);
    EXPECT_EQ(ram->regions[0].base, 0x40000000u);
    EXPECT_EQ(ram->regions[0].size, uint64_t{4} << 30);
    const DeviceConfig* uart = t.find_device("uart0");
    ASSERT_NE(uart, nullptr);
    EXPECT_EQ(uart->regions[0].base, 0x09000000u);
    EXPECT_EQ(uart->interrupts, std::vector<unsigned>{33});  // SPI 1 on QEMU virt
    EXPECT_EQ(t.stdout_device, "uart0");

    // -serial sets the backend of the first PL011.
    Topology s =
        load_topology(std::string(VP_PLATFORMS_DIR) + "/virt.yaml", short_form_override("-serial", "null"));
    EXPECT_EQ(s.find_device("uart0")->props.get_string("backend"), "null");
    EXPECT_EQ(s.find_device("uart0")->props.at("backend").loc.file, "<command line>");
}

}  // namespace
}  // namespace vp::test
