#include "test_models.h"

#include "core/model_registry.h"

namespace vp::test {

void register_test_models() {
    static bool done = false;
    if (done) return;
    done = true;
    auto& reg = ModelRegistry::instance();
    ModelInfo uart;
    uart.name = "test_uart";
    uart.doc = "test serial port";
    uart.regions = {{"regs", 0, 0x1000}};
    uart.irqs = {"intr"};
    uart.roles = {Role::console};
    uart.props = {{"backend", PropType::string, "null", "character backend"},
                  {"fifo_depth", PropType::integer, "16", "FIFO depth"},
                  {"clock", PropType::frequency, "24MHz", "reference clock"},
                  {"log", PropType::path, "", "log file"}};
    reg.add(uart);

    ModelInfo mem;
    mem.name = "test_mem";
    mem.doc = "test memory";
    mem.regions = {{"mem", 0, 0}};
    mem.props = {{"latency", PropType::time, "0ns", "access latency"},
                 {"image", PropType::path, "", "initial contents"}};
    reg.add(mem);

    ModelInfo ic;
    ic.name = "test_ic";
    ic.doc = "test interrupt controller";
    ic.regions = {{"dist", 0, 0x1000}, {"cpu", 0x10000, 0x2000}};
    ic.irqs = {"maint"};
    ic.props = {{"revision", PropType::integer, "", "revision", true}};
    ic.roles = {Role::interrupt_controller};
    reg.add(ic);

    ModelInfo shared;
    shared.name = "test_shared";
    shared.doc = "test device whose interrupt line may be shared";
    shared.regions = {{"regs", 0, 0x100}};
    shared.irqs = {"irq"};
    shared.shared_irq = true;
    reg.add(shared);
}

namespace {
// Before main(): the registry is complete when the first test runs.
const bool registered = (register_test_models(), true);
}  // namespace

std::string expect_error(const std::string& file, int line, int col, const std::string& key,
                         const std::vector<Override>& overrides) {
    try {
        load_topology(data_path(file), overrides);
    } catch (const ConfigError& e) {
        std::string m = e.what();
        std::string where = file + ":" + std::to_string(line) + ":" + std::to_string(col) + ": ";
        EXPECT_NE(m.find(where), std::string::npos) << "expected '" << where << "' in: " << m;
        EXPECT_NE(m.find("'" + key + "'"), std::string::npos) << "expected key '" << key << "' in: " << m;
        EXPECT_EQ(e.key(), key);
        EXPECT_EQ(e.loc().line, line);
        EXPECT_EQ(e.loc().column, col);
        return m;
    }
    ADD_FAILURE() << file << ": loaded without a ConfigError";
    return {};
}

}  // namespace vp::test
