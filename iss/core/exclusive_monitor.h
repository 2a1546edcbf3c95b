#pragma once
#include <cstdint>
#include <vector>

namespace vp::iss {

// Global exclusive monitor shared by every core of a platform (ARM ARM B2.9). One reservation
// per core; a store by any core to a reserved granule clears the other cores' reservations.
class ExclusiveMonitor {
 public:
  static constexpr uint64_t kGranule = 64;  // Exclusives Reservation Granule (CTR_EL0.ERG = 4)

  // Number of live reservations; stores check this before the slower address compare.
  unsigned active = 0;

  void mark(unsigned core, uint64_t pa) {
    ensure(core);
    auto& r = res_[core];
    if (!r.valid) ++active;
    r.valid = true;
    r.granule = pa & ~(kGranule - 1);
  }
  void clear(unsigned core) {
    ensure(core);
    auto& r = res_[core];
    if (r.valid) --active;
    r.valid = false;
  }
  bool holds(unsigned core, uint64_t pa, unsigned size) const {
    if (core >= res_.size() || !res_[core].valid) return false;
    uint64_t g = pa & ~(kGranule - 1);
    return res_[core].granule == g && ((pa + size - 1) & ~(kGranule - 1)) == g;
  }
  // Any store to [pa, pa+size) clears every reservation on the touched granules.
  void store(uint64_t pa, unsigned size) {
    uint64_t lo = pa & ~(kGranule - 1), hi = (pa + size - 1) & ~(kGranule - 1);
    for (auto& r : res_)
      if (r.valid && r.granule >= lo && r.granule <= hi) {
        r.valid = false;
        --active;
      }
  }

 private:
  struct Reservation {
    bool valid = false;
    uint64_t granule = 0;
  };
  void ensure(unsigned core) {
    if (core >= res_.size()) res_.resize(core + 1);
  }
  std::vector<Reservation> res_;
};

}  // namespace vp::iss
