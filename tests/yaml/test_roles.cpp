// The platform asks for roles, not model names: a user's own UART is the console (stdout-path,
// console watch, the boot stub's console setup), a user's own ROM holds the boot stub, a user's
// own system counter drives the generic timers. The models are registered here, as a user's
// program would register them.
#include <gtest/gtest.h>
#include <libfdt.h>
#include <tlm_utils/simple_target_socket.h>

#include <cstring>
#include <fstream>
#include <vector>

#include "models/chardev/char_backend.h"
#include "models/rom/rom.h"
#include "models/timer/arch_timer.h"
#include "models/timer/system_counter.h"
#include "platform/boot/boot_loader.h"
#include "platform/platform.h"

namespace {

// A UART that is not a PL011: a data register at 0x0 (a write sends the byte), an enable
// register at 0x8 that firmware must set to the 32-bit key below before the kernel prints.
constexpr uint32_t kEnableOffset = 0x8, kEnableKey = 0xC0FFEE01;

class UserUart : public vp::Device {
public:
    struct Write {
        uint64_t offset;
        uint32_t value;
    };
    std::vector<Write> writes;

    UserUart(const sc_core::sc_module_name& name, const vp::DeviceConfig& config)
        : Device(name, config), line_(vp::make_char_backend("null", "line")) {
        socket_.register_b_transport(this, &UserUart::b_transport);
    }
    vp::TargetSocket& target_socket(unsigned) override { return socket_; }
    void write_dtb(vp::DtbWriter& dtb) const override {
        dtb.begin_node(vp::dtb_node_name("serial", config_.regions));
        dtb.prop_string("compatible", "user,uart");
        dtb.prop_reg(config_.regions);
        dtb.end_node();
    }
    vp::CharBackend* char_backend() override { return line_.get(); }
    std::vector<vp::RegisterWrite> console_setup() const override { return {{kEnableOffset, kEnableKey}}; }

private:
    void b_transport(tlm::tlm_generic_payload& gp, sc_core::sc_time&) {
        uint32_t v = 0;
        std::memcpy(&v, gp.get_data_ptr(), std::min<unsigned>(gp.get_data_length(), 4));
        if (gp.is_write()) {
            writes.push_back({gp.get_address(), v});
            if (gp.get_address() == 0) line_->send(uint8_t(v));
        }
        gp.set_response_status(tlm::TLM_OK_RESPONSE);
    }
    tlm_utils::simple_target_socket<UserUart> socket_{"socket"};
    std::unique_ptr<vp::CharBackend> line_;
};

// A memory-mapped counter of the user's: a GenericCounter at 1 MHz, no registers of its own.
class UserCounter : public vp::Device {
public:
    UserCounter(const sc_core::sc_module_name& name, const vp::DeviceConfig& config)
        : Device(name, config), counter_(1'000'000) {}
    vp::TargetSocket& target_socket(unsigned) override { throw vp::Error("no regions"); }
    void write_dtb(vp::DtbWriter&) const override {}
    vp::CountSource* system_counter() override { return &counter_; }

private:
    vp::GenericCounter counter_;
};

// Declares the role but provides no counter: the platform must refuse it.
class BrokenCounter : public UserCounter {
public:
    using UserCounter::UserCounter;
    vp::CountSource* system_counter() override { return nullptr; }
};

const bool registered = [] {
    using vp::ModelInfo;
    using vp::Role;
    vp::ModelRegistry& reg = vp::ModelRegistry::instance();
    reg.add(ModelInfo{.name = "user.uart",
                      .doc = "a user's UART",
                      .regions = {{"regs", 0, 0x1000}},
                      .irqs = {},
                      .props = {},
                      .roles = {Role::console},
                      .create = vp::make_factory<UserUart>()});
    reg.add(ModelInfo{.name = "user.flash",
                      .doc = "a user's boot flash",
                      .regions = {{"mem", 0, 0}},
                      .irqs = {},
                      .props = vp::Rom::properties(),
                      .roles = {Role::boot_rom},
                      .create = vp::make_factory<vp::Rom>()});
    reg.add(ModelInfo{.name = "user.counter",
                      .doc = "a user's system counter",
                      .regions = {},
                      .irqs = {},
                      .props = {},
                      .roles = {Role::system_counter},
                      .create = vp::make_factory<UserCounter>()});
    reg.add(ModelInfo{.name = "user.broken_counter",
                      .doc = "claims the system_counter role without a counter",
                      .regions = {},
                      .irqs = {},
                      .props = {},
                      .roles = {Role::system_counter},
                      .create = vp::make_factory<BrokenCounter>()});
    return true;
}();

// A raw arm64 Image (booting.rst header: code0 branches over the 64-byte header, text_offset 0,
// image_size, magic "ARM\x64" at 56) whose code stores 'K' to the UART's data register at
// 0x09000000 and waits: movz x1, #0x900, lsl #16; mov w2, #'K'; str w2, [x1]; wfi; b .-4.
std::string write_kernel() {
    std::vector<uint32_t> words(16, 0);
    words[0] = 0x14000010;  // b +64
    const uint64_t image_size = 0x1000;
    std::memcpy(&words[4], &image_size, 8);
    std::memcpy(&words[14], "ARM\x64", 4);
    for (uint32_t w : {0xD2A12001u, 0x52800962u, 0xB9000022u, 0xD503207Fu, 0x17FFFFFFu}) words.push_back(w);
    std::string path = testing::TempDir() + "/roles-" +
                       testing::UnitTest::GetInstance()->current_test_info()->name() + ".Image";
    std::ofstream(path, std::ios::binary)
        .write(reinterpret_cast<const char*>(words.data()), std::streamsize(words.size() * 4));
    return path;
}

const char* const kMachine =
    "memory:\n"
    "  dram: {base: 0x40000000, size: 16M}\n"
    "devices:\n"
    "  flash: {model: user.flash, base: 0x0, size: 0x10000}\n"
    "  serial: {model: user.uart, base: 0x09000000}\n";

}  // namespace

TEST(PlatformRoles, AUsersUartIsTheConsoleAndAUsersRomHoldsTheBootStub) {
    const std::string kernel = write_kernel();
    vp::Platform p(
        "vp", vp::load_topology_text(kMachine, "roles.yaml", {vp::parse_override("boot.kernel=" + kernel)}));
    auto* uart = dynamic_cast<UserUart*>(p.device("serial"));
    ASSERT_NE(uart, nullptr);
    EXPECT_EQ(p.stdout_device(), uart);
    vp::BootPlan plan = p.load_guest();
    EXPECT_EQ(plan.reset_pc, 0u);  // core 0 starts in the user's flash
    int len = 0;
    const void* fdt = plan.dtb.data();
    const char* path =
        static_cast<const char*>(fdt_getprop(fdt, fdt_path_offset(fdt, "/chosen"), "stdout-path", &len));
    ASSERT_NE(path, nullptr);
    EXPECT_STREQ(path, "/serial@9000000");

    sc_core::sc_start(sc_core::sc_time(20, sc_core::SC_US));
    // The stub enabled the console (its console_setup, a value above 16 bits), then the kernel printed.
    ASSERT_EQ(uart->writes.size(), 2u);
    EXPECT_EQ(uart->writes[0].offset, kEnableOffset);
    EXPECT_EQ(uart->writes[0].value, kEnableKey);
    EXPECT_EQ(uart->writes[1].offset, 0u);
    EXPECT_EQ(uart->writes[1].value, uint32_t('K'));

    // The console watch reads the user's line.
    const std::string panic =
        "Kernel panic - not syncing: test\n---[ end Kernel panic - not syncing: test ]---\n";
    EXPECT_FALSE(p.console_watch().panic_seen());
    uart->char_backend()->send(reinterpret_cast<const uint8_t*>(panic.data()), panic.size());
    EXPECT_TRUE(p.console_watch().panic_seen());
}

TEST(PlatformRoles, AUsersSystemCounterDrivesTheGenericTimers) {
    vp::Platform p("vp", vp::load_topology_text(std::string(kMachine) + "  counter: {model: user.counter}\n",
                                                "roles.yaml"));
    EXPECT_EQ(p.counter().frequency(), 1'000'000u);
    EXPECT_EQ(p.timer(0).read(vp::iss::TimerReg::CNTFRQ), 1'000'000u);
    sc_core::sc_start(sc_core::sc_time(5, sc_core::SC_US));  // 5 counts at 1 MHz
    EXPECT_EQ(p.timer(0).read(vp::iss::TimerReg::CNTPCT), 5u);
}

TEST(PlatformRoles, ASystemCounterWithoutACounterIsRefused) {
    try {
        vp::Platform p(
            "vp", vp::load_topology_text(std::string(kMachine) + "  counter: {model: user.broken_counter}\n",
                                         "roles.yaml"));
        FAIL() << "built a platform whose system counter has no counter";
    } catch (const vp::Error& e) {
        EXPECT_NE(std::string(e.what()).find("counter"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("system_counter"), std::string::npos) << e.what();
    }
}

// Of several consoles the first is the default stdout; RAM and ROM are found by their roles too.
TEST(PlatformRoles, TheFirstConsoleIsTheDefaultStdout) {
    vp::Platform p(
        "vp", vp::load_topology_text(
                  std::string(kMachine) + "  serial2: {model: user.uart, base: 0x09001000}\n", "roles.yaml"));
    ASSERT_EQ(p.devices_with(vp::Role::console).size(), 2u);
    EXPECT_EQ(p.stdout_device(), p.device("serial"));
    EXPECT_EQ(p.devices_with(vp::Role::boot_rom).front(), p.device("flash"));
    EXPECT_EQ(p.devices_with(vp::Role::ram).front(), p.device("dram"));
}
