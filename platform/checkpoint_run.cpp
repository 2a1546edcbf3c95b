#include "platform/checkpoint_run.h"

#include <fmt/format.h>

#include <tlm_utils/tlm_quantumkeeper.h>

#include "iss/systemc/cpu_module.h"
#include "platform/checkpoint.h"
#include "yaml/machine_digest.h"

namespace vp {

sc_core::sc_time checkpoint_boundary(const sc_core::sc_time& at) {
    const sc_core::sc_time quantum = tlm::tlm_global_quantum::instance().get();
    if (quantum == sc_core::SC_ZERO_TIME) return at;
    const sc_dt::uint64 q = quantum.value();
    return sc_core::sc_time::from_value((at.value() + q - 1) / q * q);
}

void save_checkpoint(const Platform& platform, const std::string& path) {
    for (const auto& cpu : platform.cpus())
        if (!cpu->at_checkpoint_wait())
            throw CheckpointError(
                fmt::format("checkpoint '{}': core {} is not at a quantum boundary or a wait "
                            "(held by the debugger?)",
                            path, cpu->core_id()));
    write_checkpoint_file(path, capture_machine(platform));
}

void restore_checkpoint(Platform& platform, const std::string& path) {
    const Checkpoint ckpt = read_checkpoint_file(path, machine_digest(platform.topology()));
    const auto resolution_ps =
        static_cast<uint64_t>(sc_core::sc_get_time_resolution().to_seconds() * 1e12 + 0.5);
    if (ckpt.resolution_ps != resolution_ps)
        throw CheckpointError(fmt::format("checkpoint '{}': its times count in {} ps, this vp's in {} ps",
                                          path, ckpt.resolution_ps, resolution_ps));
    for (const auto& cpu : platform.cpus()) cpu->hold_for_restore();
    // Something at the checkpoint's time: with no timed event pending, a kernel kept alive by a
    // console that can still deliver input waits for it instead of moving time on
    // (core/host_events.h).
    const sc_core::sc_time at = sc_core::sc_time::from_value(ckpt.sim_time);
    sc_core::sc_event reached;
    reached.notify(at - sc_core::sc_time_stamp() + sc_core::sc_time::from_value(1));
    sc_core::sc_start(at);
    load_machine(platform, ckpt);
    for (const auto& cpu : platform.cpus()) cpu->release_restored();
}

}  // namespace vp
