// Topology values that the machine cannot honour (issue #13 item 8). Interrupts: GIC
// architecture IHI 0048B 2.2.1 (SGIs 0-15, PPIs 16-31 private to each core, SPIs 32-1019,
// implemented up to 32 * (GICD_TYPER.ITLinesNumber + 1)); virt.yaml's GIC has num_irqs 288.
#include "crafted.h"

using namespace vp::test;

namespace {

vp::ConfigError topology_error(const std::vector<std::string>& sets) {
    std::vector<vp::Override> o;
    for (const auto& s : sets) o.push_back(vp::parse_override(s));
    try {
        vp::load_topology(VP_VIRT_YAML, o);
    } catch (const vp::ConfigError& e) {
        return e;
    }
    ADD_FAILURE() << "loaded without a ConfigError";
    return vp::ConfigError({}, "", "");
}

vp::Topology topology(const std::vector<std::string>& sets) {
    std::vector<vp::Override> o;
    for (const auto& s : sets) o.push_back(vp::parse_override(s));
    return vp::load_topology(VP_VIRT_YAML, o);
}

bool contains(const std::string& s, const std::string& part) {
    return s.find(part) != std::string::npos;
}

}  // namespace

TEST(TopologyChecks, InterruptBeyondTheGicLinesIsRefused) {
    auto e = topology_error({"devices.uart0.interrupts=[1000]"});
    EXPECT_EQ(e.key(), "devices.uart0.interrupts");
    EXPECT_TRUE(contains(e.what(), "1000")) << e.what();
    EXPECT_TRUE(contains(e.what(), "288")) << e.what();
    EXPECT_TRUE(contains(e.what(), "devices.intc")) << e.what();
    EXPECT_EQ(topology_error({"devices.uart0.interrupts=[288]"}).key(), "devices.uart0.interrupts");
    EXPECT_EQ(topology({"devices.uart0.interrupts=[287]"}).find_device("uart0")->interrupts,
              std::vector<unsigned>{287});
}

TEST(TopologyChecks, TheLimitFollowsTheGicsNumIrqs) {
    // num_irqs = 1024: INTIDs up to 1019 (1020-1023 are special).
    EXPECT_EQ(topology({"devices.intc.num_irqs=1024", "devices.uart0.interrupts=[1000]"})
                  .find_device("uart0")
                  ->interrupts,
              std::vector<unsigned>{1000});
    auto e = topology_error({"devices.intc.num_irqs=64", "devices.uart0.interrupts=[96]"});
    EXPECT_EQ(e.key(), "devices.uart0.interrupts");
    EXPECT_TRUE(contains(e.what(), " 64 ")) << e.what();
}

TEST(TopologyChecks, PpisAndSgisAreRefusedOnADevice) {
    for (const char* id : {"30", "27", "16", "5", "0"}) {
        auto e = topology_error({std::string("devices.uart0.interrupts=[") + id + "]"});
        EXPECT_EQ(e.key(), "devices.uart0.interrupts") << id;
        EXPECT_TRUE(contains(e.what(), "SPI, INTID 32")) << e.what();
    }
    EXPECT_EQ(topology({"devices.uart0.interrupts=[32]"}).find_device("uart0")->interrupts,
              std::vector<unsigned>{32});
}

TEST(TopologyChecks, StdoutMustNameASerialPort) {
    auto e = topology_error({"stdout=intc"});
    EXPECT_EQ(e.key(), "stdout");
    EXPECT_TRUE(contains(e.what(), "'intc'")) << e.what();
    EXPECT_TRUE(contains(e.what(), "not a serial port")) << e.what();
    EXPECT_EQ(topology({"stdout=uart0"}).stdout_device, "uart0");
}
