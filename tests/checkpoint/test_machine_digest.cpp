// The machine digest: the overrides a restore may take (backends, log levels) leave it as it is;
// the ones that change the machine (cores, memory, quantum, a device property, another device)
// change it, so a checkpoint refuses them.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "yaml/machine_digest.h"
#include "yaml/topology.h"

namespace {

const std::string kVirt = std::string(VP_PLATFORMS_DIR) + "/virt.yaml";

std::string digest_with(const std::vector<vp::Override>& overrides) {
    return vp::machine_digest(vp::load_topology(kVirt, overrides));
}

vp::Override set(const std::string& text) {
    return vp::parse_override(text);
}

}  // namespace

TEST(MachineDigest, HostSideOverridesKeepIt) {
    const std::string base = digest_with({});
    EXPECT_EQ(digest_with({set("devices.uart0.backend=null")}), base);
    EXPECT_EQ(digest_with({set("devices.uart0.log=debug")}), base);
    EXPECT_EQ(digest_with({set("devices.intc.log=warn"), set("devices.uart0.backend=file:/tmp/x")}), base);
}

TEST(MachineDigest, MachineChangingOverridesChangeIt) {
    const std::string base = digest_with({});
    EXPECT_NE(digest_with(vp::short_form_override("-smp", "3")), base);
    EXPECT_NE(digest_with(vp::short_form_override("-m", "2G")), base);
    EXPECT_NE(digest_with({set("quantum=20us")}), base);
    EXPECT_NE(digest_with({set("devices.uart0.clock=48MHz")}), base);
    EXPECT_NE(digest_with({set("devices.rtc.start=2026-01-01T00:00:00Z")}), base);
}
