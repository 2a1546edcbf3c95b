#pragma once
#include <cstdint>
#include <functional>
#include <vector>

namespace vp::iss {

// Global exclusive monitor shared by every core of a platform (ARM ARM B2.9). One reservation
// per core; a store by any core to a reserved granule clears the other cores' reservations.
class ExclusiveMonitor {
public:
    static constexpr uint64_t kGranule = 64;  // Exclusives Reservation Granule (CTR_EL0.ERG = 4)

    // Number of live reservations.
    unsigned active = 0;
    // Bit (page & 63) is set while a reservation lies on a page with that number: the store fast
    // path tests this bit instead of the reservations (false positives just take the slow path).
    uint64_t page_bits = 0;
    bool may_hold(uint64_t pa_page) const { return (page_bits >> (pa_page & 63)) & 1; }

    void mark(unsigned core, uint64_t pa) {
        ensure(core);
        auto& r = res_[core];
        if (!r.valid) ++active;
        r.valid = true;
        r.granule = pa & ~(kGranule - 1);
        update_bits();
    }
    void clear(unsigned core) {
        ensure(core);
        auto& r = res_[core];
        if (r.valid) --active;
        r.valid = false;
        update_bits();
    }
    bool reserved(unsigned core) const { return core < res_.size() && res_[core].valid; }
    // The granule `core` holds a reservation on (when reserved(core)).
    uint64_t granule(unsigned core) const { return core < res_.size() ? res_[core].granule : 0; }
    bool holds(unsigned core, uint64_t pa, unsigned size) const {
        if (core >= res_.size() || !res_[core].valid) return false;
        uint64_t g = pa & ~(kGranule - 1);
        return res_[core].granule == g && ((pa + size - 1) & ~(kGranule - 1)) == g;
    }
    // Any store to [pa, pa+size) clears every reservation on the touched granules.
    // Losing a reservation this way is a WFE wake-up event for that core (ARM ARM D1.16.2).
    void store(uint64_t pa, unsigned size) {
        uint64_t lo = pa & ~(kGranule - 1), hi = (pa + size - 1) & ~(kGranule - 1);
        for (unsigned core = 0; core < res_.size(); ++core) {
            auto& r = res_[core];
            if (r.valid && r.granule >= lo && r.granule <= hi) {
                r.valid = false;
                --active;
                if (on_cleared) on_cleared(core);
            }
        }
        update_bits();
    }
    // Set by the platform: delivers the wake-up event to `core`.
    std::function<void(unsigned core)> on_cleared;

private:
    struct Reservation {
        bool valid = false;
        uint64_t granule = 0;
    };
    void update_bits() {
        page_bits = 0;
        for (auto& r : res_)
            if (r.valid) page_bits |= 1ull << ((r.granule >> 12) & 63);
    }
    void ensure(unsigned core) {
        if (core >= res_.size()) res_.resize(core + 1);
    }
    std::vector<Reservation> res_;
};

}  // namespace vp::iss
