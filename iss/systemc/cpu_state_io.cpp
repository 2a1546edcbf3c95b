#include "iss/systemc/cpu_state_io.h"

#include <fmt/format.h>

namespace vp {

namespace {

constexpr uint32_t kSysRegs = static_cast<uint32_t>(iss::SysReg::count_);

}  // namespace

void save_cpu_state(StateWriter& out, const iss::CpuState& s) {
    for (uint64_t x : s.x) out.u64(x);
    out.u64(s.pc);
    out.u32(s.nzcv);
    out.u32(s.daif);
    out.u32(s.el);
    out.u32(s.spsel);
    out.boolean(s.il);
    for (uint64_t sp : s.sp_el) out.u64(sp);
    out.u32(kSysRegs);
    for (uint64_t r : s.sr) out.u64(r);
    for (const auto& v : s.v) {
        out.u64(v[0]);
        out.u64(v[1]);
    }
    out.u32(s.fpcr);
    out.u32(s.fpsr);
    out.boolean(s.halted_wfi);
    out.boolean(s.halted_wfe);
    out.boolean(s.event_register);
    out.u64(s.icount);
    out.u64(s.stall_cycles);
}

void load_cpu_state(StateReader& in, iss::Cpu& cpu) {
    iss::CpuState& s = cpu;
    for (uint64_t& x : s.x) x = in.u64();
    s.x[iss::CpuState::kZR] = 0;
    s.pc = in.u64();
    s.nzcv = in.u32();
    s.daif = in.u32();
    s.el = in.u32();
    if (s.el > 1) in.bad(fmt::format("EL{} on a core with EL0 and EL1", s.el));
    s.spsel = in.u32();
    if (s.spsel > 1) in.bad(fmt::format("PSTATE.SP = {}", s.spsel));
    s.il = in.boolean();
    for (uint64_t& sp : s.sp_el) sp = in.u64();
    const uint32_t sysregs = in.u32();
    if (sysregs != kSysRegs)
        in.bad(
            fmt::format("{} system registers saved, this vp has {} (another vp version)", sysregs, kSysRegs));
    for (uint64_t& r : s.sr) r = in.u64();
    for (auto& v : s.v) {
        v[0] = in.u64();
        v[1] = in.u64();
    }
    s.fpcr = in.u32();
    s.fpsr = in.u32();
    s.halted_wfi = in.boolean();
    s.halted_wfe = in.boolean();
    s.event_register = in.boolean();
    s.icount = in.u64();
    s.stall_cycles = in.u64();

    ++s.map_epoch;
    cpu.invalidate_host_pages(0, ~0ull);
    cpu.invalidate_all();
}

void save_monitor(StateWriter& out, const iss::ExclusiveMonitor& monitor, unsigned cores) {
    out.u32(cores);
    for (unsigned c = 0; c < cores; ++c) {
        out.boolean(monitor.reserved(c));
        out.u64(monitor.reserved(c) ? monitor.granule(c) : 0);
    }
}

void load_monitor(StateReader& in, iss::ExclusiveMonitor& monitor, unsigned cores) {
    const uint32_t saved = in.u32();
    if (saved != cores)
        in.bad(fmt::format("reservations of {} cores saved, this machine has {}", saved, cores));
    for (unsigned c = 0; c < cores; ++c) {
        const bool reserved = in.boolean();
        const uint64_t granule = in.u64();
        if (granule % iss::ExclusiveMonitor::kGranule != 0)
            in.bad(fmt::format("granule {:#x} is not aligned", granule));
        if (reserved)
            monitor.mark(c, granule);
        else
            monitor.clear(c);
    }
    in.expect_end();
}

}  // namespace vp
