// sc_spawn() (the comparator processes) needs the dynamic-process API.
#ifndef SC_INCLUDE_DYNAMIC_PROCESSES
#define SC_INCLUDE_DYNAMIC_PROCESSES
#endif

#include "models/timer/arch_timer.h"

namespace vp {

ArchTimer::ArchTimer(const std::string& name, CountSource& counter, std::function<sc_core::sc_time()> now)
    : counter_(counter), now_(std::move(now)), regs_(counter.frequency()) {
    for (Kind k : {Kind::phys, Kind::virt}) {
        sc_core::sc_spawn_options opts;
        opts.spawn_method();
        opts.set_sensitivity(&cmp(k).event);
        opts.dont_initialize();
        std::string proc = name + (k == Kind::phys ? "_phys_cmp" : "_virt_cmp");
        sc_core::sc_spawn([this, k] { recompute(k, sc_core::sc_time_stamp()); }, proc.c_str(), &opts);
    }
    listener_ = counter_.add_listener([this](sc_core::sc_time at) {
        recompute(Kind::phys, at);
        recompute(Kind::virt, at);
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

uint64_t ArchTimer::read(iss::TimerReg r) const {
    return regs_.read(r, counter_.count_at(now()));
}

void ArchTimer::write(iss::TimerReg r, uint64_t value) {
    const sc_core::sc_time at = now();
    regs_.write(r, value, counter_.count_at(at));
    if (auto k = iss::GenericTimer::affects(r)) recompute(*k, at);
}

sc_core::sc_time ArchTimer::next_event_stream() const {
    auto count = regs_.next_event(counter_.count_at(now()));
    return count ? counter_.time_of_count(*count) : sc_core::sc_max_time();
}

namespace {

// Written back in this order: the frequency and offset before the comparators that count with
// them, CVAL before CTL so that enabling sees the saved compare value. ISTATUS is read-only and
// TVAL a view of CVAL, so neither is saved.
constexpr iss::TimerReg kSavedRegs[] = {
    iss::TimerReg::CNTFRQ,   iss::TimerReg::CNTKCTL,   iss::TimerReg::CNTVOFF, iss::TimerReg::CNTP_CVAL,
    iss::TimerReg::CNTP_CTL, iss::TimerReg::CNTV_CVAL, iss::TimerReg::CNTV_CTL};

}  // namespace

void ArchTimer::save(StateWriter& out) const {
    for (iss::TimerReg r : kSavedRegs) out.u64(read(r));
}

void ArchTimer::load(StateReader& in) {
    for (iss::TimerReg r : kSavedRegs) write(r, in.u64());
    in.expect_end();
}

void ArchTimer::recompute(Kind k, sc_core::sc_time at) {
    Comparator& c = cmp(k);
    c.event.cancel();
    const uint64_t pct = counter_.count_at(at);
    c.out.set(regs_.output(k, pct));
    auto fire = regs_.next_fire(k, pct);
    if (!fire) return;
    const sc_core::sc_time when = counter_.time_of_count(*fire);
    if (when == sc_core::sc_max_time()) return;  // counter halted below the target
    const sc_core::sc_time stamp = sc_core::sc_time_stamp();
    c.event.notify(when > stamp ? when - stamp : sc_core::SC_ZERO_TIME);
}

}  // namespace vp
