// The order in which cores run when several become runnable at the same simulated time and delta.
// SystemC leaves the order of processes runnable in one evaluation phase to the kernel: Accellera's
// follows its timed-event heap and the order events were notified, which depend on the history of
// the run, so a machine restored from a checkpoint (another history) could run its cores in
// another order and diverge (docs/ARCHITECTURE.md, Checkpoints). A core's thread calls take_turn()
// after each wait it resumes from; the cores that call it in one evaluation phase then run in the
// next delta, in core order.
#pragma once
#include <memory>
#include <vector>

#include <systemc>

namespace vp {

class CoreTurns {
public:
    explicit CoreTurns(unsigned cores);
    // From core `core`'s thread: returns in the next delta, after every lower core that called it in
    // the same evaluation phase has run up to its next wait.
    void take_turn(unsigned core);

private:
    void release();

    std::vector<std::unique_ptr<sc_core::sc_event>> go_;  // per core
    std::vector<unsigned> waiting_;                       // cores that called take_turn this phase
    sc_core::sc_event release_;
};

}  // namespace vp
