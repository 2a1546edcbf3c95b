// A platform's devices in a checkpoint: refused naming every device whose model cannot be saved;
// otherwise saved and loaded back so that the machine's memory is what it was. (A machine with
// devices that have registers needs an interrupt controller, which is not saved yet; the
// registers' own save and load are tested in test_model_state.cpp.)
#include <gtest/gtest.h>

#include <cstdio>
#include <cstring>
#include <string>

#include "iss/systemc/cpu_module.h"
#include "models/ram/ram.h"
#include "models/timer/arch_timer.h"
#include "models/virtio/virtio_mmio.h"
#include "models/virtio/virtio_rng.h"
#include "platform/checkpoint.h"
#include "platform/platform.h"
#include "yaml/machine_digest.h"

namespace {

const char* const kSavable =
    "cpus: {count: 1}\n"
    "memory:\n"
    "  dram: {base: 0x40000000, size: 16M}\n"
    "devices:\n"
    "  flash: {model: rom, base: 0x0, size: 0x10000}\n";

}  // namespace

// A model that declares its state refused (every model vp ships saves its own): a virtio-mmio
// transport whose device refuses, registered here only.
const vp::ModelRegistrar refusing{vp::VirtioMmio::model(
    "test_refusing_virtio", "a virtio entropy device that refuses checkpoints (tests only)",
    vp::virtio::VirtioRng::properties(),
    [](const vp::DeviceConfig& c) { return std::make_unique<vp::virtio::VirtioRng>(c); },
    "a test model whose state is not saved")};

TEST(CheckpointPlatform, RefusalNamesEveryDeviceThatCannotBeSaved) {
    // The second transport gets the refusing device; virt.yaml's other devices are all saved.
    vp::Platform p("vp",
                   vp::load_topology(std::string(VP_PLATFORMS_DIR) + "/virt.yaml",
                                     {vp::parse_override("devices.virtio1.model=test_refusing_virtio")}));
    try {
        vp::save_devices(p);
        FAIL() << "a refusing model was saved";
    } catch (const vp::CheckpointError& e) {
        std::string msg = e.what();
        EXPECT_NE(msg.find("device 'virtio1' (test_refusing_virtio): a test model whose state is not saved"),
                  std::string::npos)
            << msg;
        for (const char* saved : {"'virtio0'", "'virtio2'", "'intc'", "'uart0'", "'rtc'", "'gpio0'",
                                  "'power_button'", "'rom'", "'ram'"})
            EXPECT_EQ(msg.find(saved), std::string::npos) << saved << " is saved: " << msg;
    }
}

// Nothing refused; saved, loaded and saved again after the load: the same bytes (armv8_timer is
// stateless and has no section).
namespace {
void expect_saved_and_loaded_back(const std::vector<vp::Override>& overrides = {}) {
    vp::Platform p("vp", vp::load_topology(std::string(VP_PLATFORMS_DIR) + "/virt.yaml", overrides));
    EXPECT_TRUE(vp::checkpoint_refusals(p).empty());
    vp::Checkpoint ckpt;
    ckpt.sections = vp::save_devices(p);
    vp::load_devices(p, ckpt);
    auto again = vp::save_devices(p);
    ASSERT_EQ(again.size(), ckpt.sections.size());
    for (size_t i = 0; i < again.size(); ++i)
        EXPECT_EQ(again[i].data, ckpt.sections[i].data) << again[i].name;
}
}  // namespace

TEST(CheckpointPlatform, VirtYamlDevicesAreAllSaved) {
    expect_saved_and_loaded_back();
}

// A virtio NIC is saved with its backend's state (none: nothing; virtio_net.h).
TEST(CheckpointPlatform, VirtioNetOnNoneIsSaved) {
    expect_saved_and_loaded_back({vp::parse_override("devices.virtio1.model=virtio_net"),
                                  vp::parse_override("devices.virtio1.netdev=none")});
}

TEST(CheckpointPlatform, DevicesComeBackAsSaved) {
    vp::Platform p("vp", vp::load_topology_text(kSavable, "savable.yaml"));
    auto* ram = dynamic_cast<vp::Ram*>(p.device("dram"));
    ASSERT_NE(ram, nullptr);
    std::memcpy(ram->host_ptr() + 0x1000, "saved page", 10);

    vp::Checkpoint ckpt;
    ckpt.sections = vp::save_devices(p);
    EXPECT_EQ(ckpt.sections.size(), 2u) << "dram, flash";

    std::memcpy(ram->host_ptr() + 0x1000, "scribbled!", 10);
    ram->host_ptr()[0x800000] = 0x77;  // a page touched after the checkpoint
    vp::load_devices(p, ckpt);
    EXPECT_EQ(std::memcmp(ram->host_ptr() + 0x1000, "saved page", 10), 0);
    EXPECT_EQ(ram->host_ptr()[0x800000], 0);
}

TEST(CheckpointPlatform, LoadRefusesAMissingOrForeignDeviceBeforeLoadingAny) {
    vp::Platform p("vp", vp::load_topology_text(kSavable, "savable.yaml"));
    auto* ram = dynamic_cast<vp::Ram*>(p.device("dram"));
    ASSERT_NE(ram, nullptr);
    vp::Checkpoint ckpt;
    ckpt.sections = vp::save_devices(p);
    ram->host_ptr()[0] = 0x42;

    vp::Checkpoint missing = ckpt;
    missing.sections.pop_back();  // flash's
    EXPECT_THROW(vp::load_devices(p, missing), vp::CheckpointError);
    vp::Checkpoint foreign = ckpt;
    foreign.sections.push_back({"device uart7", {}});
    try {
        vp::load_devices(p, foreign);
        FAIL() << "loaded a checkpoint with a device this machine does not have";
    } catch (const vp::CheckpointError& e) {
        EXPECT_NE(std::string(e.what()).find("uart7"), std::string::npos) << e.what();
    }
    EXPECT_EQ(ram->host_ptr()[0], 0x42) << "memory was loaded before the refusal";
}

// The whole machine (devices, counter, timers, cores, monitor) captured, written, read back and
// loaded, then captured again gives the same file; a machine of another topology refuses it.
TEST(CheckpointPlatform, CaptureLoadCaptureGivesTheSameFile) {
    vp::Platform p("vp", vp::load_topology(std::string(VP_PLATFORMS_DIR) + "/virt.yaml"));
    p.cpus()[1]->power_on(0x4008'0000, 0x77);  // something beyond reset state: a pending CPU_ON
    p.timer(0).write(vp::iss::TimerReg::CNTV_CVAL, 12345);
    const std::string path = testing::TempDir() + "vp_ckpt_machine.ckpt";
    vp::write_checkpoint_file(path, vp::capture_machine(p));
    auto first = vp::encode_checkpoint(vp::capture_machine(p));

    vp::Checkpoint ckpt = vp::read_checkpoint_file(path, vp::machine_digest(p.topology()));
    EXPECT_NE(ckpt.find("cpu 1"), nullptr);
    EXPECT_NE(ckpt.find("timer 0"), nullptr);
    EXPECT_NE(ckpt.find("monitor"), nullptr);
    vp::load_machine(p, ckpt);
    EXPECT_EQ(vp::encode_checkpoint(vp::capture_machine(p)), first);
    EXPECT_TRUE(p.cpus()[1]->power_pending());

    const auto other = vp::machine_digest(vp::load_topology(std::string(VP_PLATFORMS_DIR) + "/virt.yaml",
                                                            vp::short_form_override("-smp", "3")));
    try {
        vp::read_checkpoint_file(path, other);
        FAIL() << "a 2-core checkpoint was read for a 3-core machine";
    } catch (const vp::CheckpointError& e) {
        EXPECT_NE(std::string(e.what()).find("another machine"), std::string::npos) << e.what();
    }
    std::remove(path.c_str());
}
