// sc_spawn() (the comparator processes) needs the dynamic-process API.
#ifndef SC_INCLUDE_DYNAMIC_PROCESSES
#define SC_INCLUDE_DYNAMIC_PROCESSES
#endif

#include "models/timer/arch_timer.h"

#include <algorithm>

namespace vp {

ArchTimer::ArchTimer(const std::string& name, GenericCounter& counter) : counter_(counter) {
    for (Kind k : {Kind::phys, Kind::virt}) {
        sc_core::sc_spawn_options opts;
        opts.spawn_method();
        opts.set_sensitivity(&t(k).event);
        opts.dont_initialize();
        std::string proc = name + (k == Kind::phys ? "_phys_cmp" : "_virt_cmp");
        sc_core::sc_spawn([this, k] { recompute(k, sc_core::sc_time_stamp()); }, proc.c_str(), &opts);
    }
    listener_ = counter_.add_listener([this](sc_core::sc_time now) {
        recompute(Kind::phys, now);
        recompute(Kind::virt, now);
    });
}

ArchTimer::~ArchTimer() {
    counter_.remove_listener(listener_);
}

void ArchTimer::bind_ppis(IrqSink& ppi_sink) {
    phys_.out.bind(ppi_sink, kPhysIntid);
    virt_.out.bind(ppi_sink, kVirtIntid);
    hyp_out_.bind(ppi_sink, kHypIntid);
    sec_phys_out_.bind(ppi_sink, kSecPhysIntid);
}

// TimerConditionMet: the (physical or virtual) count has reached CVAL, unsigned 64-bit.
bool ArchTimer::condition_met(Kind k, sc_core::sc_time now) const {
    return count(k, now) >= t(k).cval;
}

uint64_t ArchTimer::read_ctl(Kind k, sc_core::sc_time now) const {
    const Timer& tm = t(k);
    bool istatus = (tm.ctl & CTL_ENABLE) && condition_met(k, now);
    return tm.ctl | (istatus ? CTL_ISTATUS : 0);
}

void ArchTimer::write_ctl(Kind k, uint64_t value, sc_core::sc_time now) {
    t(k).ctl = value & (CTL_ENABLE | CTL_IMASK);
    recompute(k, now);
}

void ArchTimer::write_cval(Kind k, uint64_t value, sc_core::sc_time now) {
    t(k).cval = value;
    recompute(k, now);
}

uint64_t ArchTimer::read_tval(Kind k, sc_core::sc_time now) const {
    return static_cast<uint32_t>(t(k).cval - count(k, now));
}

void ArchTimer::write_tval(Kind k, uint64_t value, sc_core::sc_time now) {
    int64_t delta = static_cast<int32_t>(static_cast<uint32_t>(value));
    t(k).cval = count(k, now) + static_cast<uint64_t>(delta);
    recompute(k, now);
}

void ArchTimer::write_cntvoff(uint64_t value, sc_core::sc_time now) {
    cntvoff_ = value;
    recompute(Kind::virt, now);
}

void ArchTimer::recompute(Kind k, sc_core::sc_time now) {
    Timer& tm = t(k);
    tm.event.cancel();
    const bool enabled = tm.ctl & CTL_ENABLE;
    const bool met = enabled && condition_met(k, now);
    tm.out.set(met && !(tm.ctl & CTL_IMASK));
    if (!enabled || met) return;
    // The physical count at which the condition becomes true (virtual: CVAL + CNTVOFF).
    uint64_t target = tm.cval;
    if (k == Kind::virt) {
        target = tm.cval + cntvoff_;
        if (target < tm.cval) return;  // beyond the 64-bit count: never
    }
    sc_core::sc_time when = counter_.time_of_count(target);
    if (when == sc_core::sc_max_time()) return;  // counter halted below the target
    const sc_core::sc_time stamp = sc_core::sc_time_stamp();
    tm.event.notify(when > stamp ? when - stamp : sc_core::SC_ZERO_TIME);
}

}  // namespace vp
