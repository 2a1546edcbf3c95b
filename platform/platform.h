// A machine built from a topology: the router, every device and memory region the topology
// names (instantiated through the model registry), their interrupt wiring, and the device
// tree generated from the same topology. CPUs attach to the router's target socket.
// A user's own sc_main can build one, add initiators or models of its own, and run it.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include <systemc>

#include "core/device.h"
#include "core/model_registry.h"
#include "platform/boot/boot_loader.h"
#include "platform/console_watch.h"
#include "platform/router/router.h"
#include "yaml/topology.h"

namespace vp {

namespace iss {
class CodeTracker;
class ExclusiveMonitor;
}  // namespace iss
class CoreTurns;
class CpuModule;
class Psci;
class GenericCounter;
class ArchTimer;
class TlmLtChecker;

// What the run does once a requested checkpoint is saved.
enum class AfterCheckpoint { resume, stop };

class Platform : public sc_core::sc_module {
public:
    Platform(const sc_core::sc_module_name& name, Topology topology);
    ~Platform() override;

    const Topology& topology() const { return topology_; }
    Router& router() { return router_; }
    const Router& router() const { return router_; }
    Device* device(const std::string& name) const;
    const std::vector<std::unique_ptr<Device>>& devices() const { return devices_; }
    // The devices whose model declares `role` (ModelInfo::roles), in topology order.
    std::vector<Device*> devices_with(Role role) const;
    // The interrupt controller (the first Role::interrupt_controller), if the topology has one.
    Device* interrupt_controller() const { return interrupt_controller_; }
    // The device /chosen/stdout-path names: topology `stdout:`, else the first Role::console.
    Device* stdout_device() const;

    const std::vector<std::unique_ptr<CpuModule>>& cpus() const { return cpus_; }
    // The system counter every core's CNTPCT/CNTVCT reads (the first Role::system_counter, else
    // the platform's own), and each core's generic timers.
    CountSource& counter() { return *counter_; }
    ArchTimer& timer(unsigned core) { return *timers_.at(core); }
    const ArchTimer& timer(unsigned core) const { return *timers_.at(core); }
    // The platform's own system counter when no device is one (else nullptr), and the exclusive
    // monitor all cores share: for checkpoints.
    GenericCounter* own_counter() { return own_counter_.get(); }
    const GenericCounter* own_counter() const { return own_counter_.get(); }
    iss::ExclusiveMonitor& monitor() { return *monitor_; }
    const iss::ExclusiveMonitor& monitor() const { return *monitor_; }

    // Loads the topology's kernel/initrd/DTB and points core 0 at the boot stub.
    // Without a kernel every core stays powered off.
    BootPlan load_guest();

    // The device tree: the topology's `boot.dtb` file when given, else generated.
    std::vector<uint8_t> dtb(const std::string& bootargs = {}, uint64_t initrd_start = 0,
                             uint64_t initrd_end = 0) const;

    const ConsoleWatcher& console_watch() const { return console_watch_; }

    // Checkpoints from a user's own sc_main or SystemC thread (docs/ARCHITECTURE.md, Checkpoints):
    // saves the machine to `path` at the next quantum boundary, then resumes or ends the run
    // (status 0). Call from the simulation thread: a SystemC process, or between runs. Served by
    // run(); a save that fails throws out of run().
    void request_checkpoint(const std::string& path, AfterCheckpoint then = AfterCheckpoint::resume);
    // sc_start for `duration` (SC_ZERO_TIME: until the run ends or nothing is left to do),
    // serving checkpoint requests on the way.
    void run(const sc_core::sc_time& duration = sc_core::SC_ZERO_TIME);

private:
    void wire_interrupts();
    tlm::tlm_target_socket<>& checked_socket(tlm::tlm_target_socket<>& target, const std::string& device,
                                             const std::string& region);
    void create_cpus();

    Topology topology_;
    Router router_;
    std::vector<std::unique_ptr<TlmLtChecker>> checkers_;  // before devices_: destroyed after them
    std::vector<std::unique_ptr<Device>> devices_;
    std::vector<const ModelInfo*> models_;  // of each device
    ConsoleWatcher console_watch_;
    Device* interrupt_controller_ = nullptr;
    std::unique_ptr<iss::ExclusiveMonitor> monitor_;  // shared by all cores
    std::unique_ptr<iss::CodeTracker> code_tracker_;
    std::unique_ptr<CoreTurns> core_turns_;  // with more than one core
    std::vector<std::unique_ptr<CpuModule>> cpus_;
    std::unique_ptr<Psci> psci_;
    CountSource* counter_ = nullptr;
    std::unique_ptr<GenericCounter> own_counter_;
    std::vector<std::unique_ptr<ArchTimer>> timers_;
};

}  // namespace vp
