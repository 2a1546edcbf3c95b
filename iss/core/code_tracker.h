#pragma once
#include <algorithm>
#include <cstdint>
#include <vector>

namespace vp::iss {

class Cpu;

// Keeps translated code coherent between the cores of a platform (the platform passes one
// tracker to every core, like the ExclusiveMonitor): a store by any core into a page that any
// core has translated invalidates those translations, and instruction-cache maintenance
// (IC IALLUIS / IVAU are broadcast in the Inner Shareable domain, ARM ARM D7.4.7) reaches
// every core.
class CodeTracker {
public:
    void attach(Cpu* c) { cpus_.push_back(c); }
    void detach(Cpu* c) { std::erase(cpus_, c); }
    const std::vector<Cpu*>& cpus() const { return cpus_; }

private:
    std::vector<Cpu*> cpus_;
};

}  // namespace vp::iss
