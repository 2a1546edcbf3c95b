#include "iss/systemc/cpu_module.h"

#include <fmt/format.h>

#include "core/trace.h"
#include "iss/systemc/cpu_state_io.h"

namespace vp {

CpuModule::CpuModule(const sc_core::sc_module_name& name, const Params& params)
    : sc_core::sc_module(name),
      params_(params),
      period_(sc_core::sc_time(1.0 / params.clock_hz, sc_core::SC_SEC)) {
    iss::CpuConfig cfg;
    cfg.core_id = params.core_id;
    cfg.model = params.model;
    cfg.timer = params.timer;
    cfg.monitor = params.monitor;
    cfg.code_tracker = params.code_tracker;
    cfg.exception_cycles = params.exception_cycles;
    cfg.engine = params.engine;
    cfg.code_buffer = params.code_buffer;
    cpu_ = std::make_unique<iss::Cpu>(*this, cfg, params.hooks);
    cpu_id_.cpu = params.core_id;
    socket.register_invalidate_direct_mem_ptr(this, &CpuModule::invalidate_dmi);
    SC_HAS_PROCESS(CpuModule);
    SC_THREAD(run_thread);
    set_stack_size(kThreadStackBytes);
}

CpuModule::~CpuModule() = default;

sc_core::sc_time CpuModule::local_time_now() const {
    uint64_t in_run = cpu_->cycles() - run_start_cycles_;
    return sc_core::sc_time_stamp() + qk_.get_local_time() + extra_delay_ + cycles_time(in_run);
}

void CpuModule::power_on(uint64_t entry, uint64_t context_id) {
    power_on_entry_ = entry;
    power_on_context_ = context_id;
    pending_power_on_ = true;
    wake_.notify(sc_core::SC_ZERO_TIME);
}

void CpuModule::save_state(StateWriter& out) const {
    save_cpu_state(out, *cpu_);
    out.boolean(powered_);
    out.boolean(pending_power_on_);
    out.u64(power_on_entry_);
    out.u64(power_on_context_);
    out.u8(static_cast<uint8_t>(wait_point_));
    out.time(resume_at_);
    out.boolean(sleep_wfe_);
    out.time(sleep_from_);
    out.time(slept_);
    out.boolean(cpu_->stop_pending());
}

void CpuModule::load_state(StateReader& in) {
    load_cpu_state(in, *cpu_);
    powered_ = in.boolean();
    pending_power_on_ = in.boolean();
    power_on_entry_ = in.u64();
    power_on_context_ = in.u64();
    uint8_t point = in.u8();
    // `running`: saved outside a simulation (before sc_start); a restored core then starts afresh
    // from its loaded state.
    if (point > static_cast<uint8_t>(WaitPoint::off))
        throw CheckpointError(fmt::format("cpu {}: no thread wait numbered {}", params_.core_id, point));
    wait_point_ = static_cast<WaitPoint>(point);
    resume_at_ = in.time();
    sleep_wfe_ = in.boolean();
    sleep_from_ = in.time();
    slept_ = in.time();
    stop_pending_at_restore_ = in.boolean();
    in.expect_end();
}

void CpuModule::release_restored() {
    // The interrupt controller's load re-drove its lines, and a raised line requests a stop.
    cpu_->set_stop_pending(stop_pending_at_restore_);
    restore_release_.notify(sc_core::SC_ZERO_TIME);
}

void CpuModule::send_event() {
    cpu_->send_event();
    wake_.notify(sc_core::SC_ZERO_TIME);
}

void CpuModule::power_off() {
    powered_ = false;
    cpu_->request_stop();
}

void CpuModule::set_irq(unsigned line, bool level) {
    (line == fiq_line ? fiq_ : irq_) = level;
    cpu_->interrupt_pending(irq_, fiq_);
    if (level) {
        cpu_->request_stop();  // let a running block end so the interrupt is taken promptly
        wake_.notify(sc_core::SC_ZERO_TIME);
    }
}

void CpuModule::sync_at(WaitPoint point) {
    resume_at_ = sc_core::sc_time_stamp() + qk_.get_local_time();
    wait_point_ = point;
    qk_.sync();
    take_turn();
    wait_point_ = WaitPoint::running;
}

void CpuModule::wait_powered_on() {
    wait_point_ = WaitPoint::off;
    wait(wake_);
    take_turn();
    wait_point_ = WaitPoint::running;
}

void CpuModule::sleep_until_woken(bool wfe) {
    sleep_wfe_ = wfe;
    sync_at(WaitPoint::sleep_sync);
    sleep_from_ = sc_core::sc_time_stamp();
    sleep_loop();
}

void CpuModule::sleep_loop(bool waited) {
    const bool wfe = sleep_wfe_;
    wait_point_ = WaitPoint::sleeping;
    // WFI wakes on a pending interrupt whatever PSTATE.DAIF says (ARM ARM D1.6.2); WFE also
    // on an event: SEV, a lost exclusive reservation (both through send_event), power_on or the
    // generic timer's event stream (CNTKCTL_EL1.EVNTEN), whose next edge is a timed wait.
    bool resumed = waited;
    while (resumed || (!irq_ && !fiq_ && !pending_power_on_ && !(wfe && cpu_->event_register))) {
        sc_core::sc_time stream = wfe && next_event_stream_ ? next_event_stream_() : sc_core::sc_max_time();
        const sc_core::sc_time now = sc_core::sc_time_stamp();
        // A restored core resumes in the evaluation phase its saved wait would have ended in when
        // that wait's timeout is now: it does not wait again.
        if (stream == sc_core::sc_max_time())
            wait(wake_);
        else if (!resumed || stream > now)
            wait(stream > now ? stream - now : sc_core::SC_ZERO_TIME, wake_);
        resumed = false;
        waited = true;
        if (stream != sc_core::sc_max_time() && sc_core::sc_time_stamp() >= stream) cpu_->send_event();
    }
    if (waited) take_turn();
    wait_point_ = WaitPoint::running;
    slept_ += sc_core::sc_time_stamp() - sleep_from_;
    qk_.reset();
}

// A restored core: SystemC time is the checkpoint's; the thread continues as it would have from
// the wait it was saved in.
void CpuModule::resume_saved_wait() {
    wait(restore_release_);
    const WaitPoint point = wait_point_;
    const bool timed =
        point == WaitPoint::quantum_sync || point == WaitPoint::sleep_sync || point == WaitPoint::off_sync;
    // The release is in the evaluation phase a sync ending now would end in (the first at this
    // time); then each wait as sync_at(), sleep_loop() and wait_powered_on() have it.
    if (timed) {
        if (resume_at_ > sc_core::sc_time_stamp()) wait(resume_at_ - sc_core::sc_time_stamp());
        take_turn();
    }
    wait_point_ = WaitPoint::running;
    switch (point) {
        case WaitPoint::sleep_sync:
            sleep_from_ = sc_core::sc_time_stamp();
            sleep_loop();
            break;
        case WaitPoint::sleeping: sleep_loop(true); break;
        case WaitPoint::off_sync:
        case WaitPoint::off: wait_powered_on(); break;
        default: break;
    }
    qk_.reset();  // the next sync point counts from now, as after the saved wait's own sync
}

void CpuModule::run_thread() {
    qk_.reset();
    if (restoring_)
        resume_saved_wait();
    else
        cpu_->reset(reset_pc_);
    for (;;) {
        if (debugger_ && debugger_->hold(params_.core_id)) [[unlikely]] {
            wait_point_ = WaitPoint::held;
            qk_.sync();  // may wait; the debugger can resume the core meanwhile
            if (debugger_->hold(params_.core_id)) wait(debugger_->resume_event());
            wait_point_ = WaitPoint::running;
            continue;
        }
        if (pending_power_on_) {
            pending_power_on_ = false;
            powered_ = true;
            cpu_->reset(power_on_entry_);
            cpu_->set_xreg(0, power_on_context_);
        }
        if (!powered_) {
            sync_at(WaitPoint::off_sync);
            wait_powered_on();
            continue;
        }
        if (debugger_ && debugger_->exact_mode(params_.core_id)) [[unlikely]] {
            run_exact();
            continue;
        }
        sc_core::sc_time left = qk_.get_global_quantum() - qk_.get_local_time();
        uint64_t budget = left > period_ ? static_cast<uint64_t>(left / period_) : 1;
        run_start_cycles_ = cpu_->cycles();
        extra_delay_ = sc_core::SC_ZERO_TIME;
        iss::StopReason why = cpu_->run(budget);
        // Cycles, not instructions: an exception entry costs time even when it retires nothing, so
        // a guest stuck in an exception loop still advances simulated time (and reaches --timeout).
        uint64_t ran = cpu_->cycles() - run_start_cycles_;
        run_start_cycles_ = cpu_->cycles();
        qk_.inc(cycles_time(ran) + extra_delay_);
        extra_delay_ = sc_core::SC_ZERO_TIME;
        if (why == iss::StopReason::wfi || why == iss::StopReason::wfe) {
            sleep_until_woken(why == iss::StopReason::wfe);
            continue;
        }
        if (qk_.need_sync() || why == iss::StopReason::stop_request) sync_at(WaitPoint::quantum_sync);
    }
}

// Debugger mode: one instruction at a time with Cpu::step_one, checking the breakpoints before
// each instruction and the watchpoints (through read()/write()) after it. Slow but exact; used
// only while the debugger has breakpoints or watchpoints set, or is stepping this core.
void CpuModule::run_exact() {
    const unsigned id = params_.core_id;
    sc_core::sc_time left = qk_.get_global_quantum() - qk_.get_local_time();
    uint64_t budget = left > period_ ? static_cast<uint64_t>(left / period_) : 1;
    run_start_cycles_ = cpu_->cycles();
    extra_delay_ = sc_core::SC_ZERO_TIME;
    iss::StopReason why = iss::StopReason::budget;
    for (uint64_t n = 0; n < budget && powered_;) {
        // Zero-instruction run: stop requests, WFI/WFE wake-up and interrupt entry.
        why = cpu_->run(0);
        if (why == iss::StopReason::wfi || why == iss::StopReason::wfe) break;
        if (why == iss::StopReason::stop_request) {
            why = iss::StopReason::budget;
            if (!powered_ || pending_power_on_) break;
            continue;
        }
        if (!bp_skip_ && debugger_->breakpoint_at(id, cpu_->pc)) {
            debugger_->stopped(id, CpuDebugger::Stop::breakpoint, cpu_->pc);
            break;
        }
        bp_skip_ = false;
        watch_hit_.reset();
        cpu_->step_one();
        ++n;
        if (watch_hit_) {
            debugger_->stopped(id, watch_hit_->kind, watch_hit_->addr);
            watch_hit_.reset();
            break;
        }
        if (debugger_->step_requested(id)) {
            debugger_->stopped(id, CpuDebugger::Stop::step, cpu_->pc);
            break;
        }
        if (debugger_->hold(id) || !debugger_->exact_mode(id)) break;
        if (cpu_->halted_wfi || cpu_->halted_wfe) {  // step_one executed a WFI/WFE
            why = cpu_->run(0);
            if (why == iss::StopReason::wfi || why == iss::StopReason::wfe) break;
        }
    }
    uint64_t ran = cpu_->cycles() - run_start_cycles_;
    run_start_cycles_ = cpu_->cycles();
    qk_.inc(cycles_time(ran) + extra_delay_);
    extra_delay_ = sc_core::SC_ZERO_TIME;
    bool sleeping = why == iss::StopReason::wfi || why == iss::StopReason::wfe;
    if (sleeping && debugger_->step_requested(id) && !debugger_->hold(id))
        debugger_->stopped(id, CpuDebugger::Stop::step, cpu_->pc);  // a step into WFI ends there
    if (sleeping && !debugger_->hold(id)) {
        sleep_until_woken(why == iss::StopReason::wfe);
        return;
    }
    if (qk_.need_sync()) sync_at(WaitPoint::quantum_sync);
}

unsigned CpuModule::debug_transport(bool write, uint64_t paddr, void* data, unsigned size) {
    tlm::tlm_generic_payload gp;
    gp.set_command(write ? tlm::TLM_WRITE_COMMAND : tlm::TLM_READ_COMMAND);
    gp.set_address(paddr);
    gp.set_data_ptr(static_cast<unsigned char*>(data));
    gp.set_data_length(size);
    gp.set_streaming_width(size);
    gp.set_byte_enable_ptr(nullptr);
    gp.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
    gp.set_extension(&cpu_id_);
    unsigned n = socket->transport_dbg(gp);
    gp.clear_extension(&cpu_id_);
    return n > size ? size : n;
}

uint8_t* CpuModule::host_page(uint64_t paddr, bool write) {
    uint8_t* p = find_host_page(paddr, write);
    ++(p ? mem_stats_.host_pages : mem_stats_.host_pages_denied);
    return p;
}

uint8_t* CpuModule::find_host_page(uint64_t paddr, bool write) {
    uint64_t page = paddr & ~uint64_t(0xfff);
    // Device pages never enter the core's host caches, so each access to one asks again.
    if (page == no_host_page_[write]) return nullptr;  // cheap for a guest polling a device
    if (debugger_ && debugger_->page_watched(page >> 12)) return nullptr;  // accesses take read()/write()
    auto host = [&](const DmiRange& r) -> uint8_t* {
        if (r.ptr && (write ? r.write : r.read) && page + 0xfff <= r.end) return r.ptr + (page - r.start);
        no_host_page_[write] = page;  // a denial is kept until a DMI invalidation, like dmi_
        return nullptr;
    };
    for (const DmiRange& r : dmi_)
        if (page >= r.start && page <= r.end) return host(r);
    tlm::tlm_generic_payload gp;
    gp.set_command(write ? tlm::TLM_WRITE_COMMAND : tlm::TLM_READ_COMMAND);
    gp.set_address(page);
    gp.set_data_length(1);
    tlm::tlm_dmi dmi;
    bool granted = socket->get_direct_mem_ptr(gp, dmi);
    DmiRange r{dmi.get_start_address(), dmi.get_end_address(), nullptr, false, false};
    if (granted) {
        r.ptr = dmi.get_dmi_ptr();
        r.read = dmi.is_read_allowed();
        r.write = dmi.is_write_allowed();
    }
    if (r.start > page || r.end < page) r = {page, page + 0xfff, nullptr, false, false};
    dmi_.push_back(r);
    return host(r);
}

void CpuModule::invalidate_dmi(sc_dt::uint64 start, sc_dt::uint64 end) {
    std::erase_if(dmi_, [&](const DmiRange& r) { return r.start <= end && r.end >= start; });
    no_host_page_[0] = no_host_page_[1] = kNoPage;
    cpu_->invalidate_host_pages(start, end);
}

bool CpuModule::transport(tlm::tlm_command cmd, uint64_t addr, void* data, unsigned size) {
    if (gp_busy_) [[unlikely]] {
        tlm::tlm_generic_payload nested;
        return transport(nested, cmd, addr, data, size);
    }
    gp_busy_ = true;
    const bool ok = transport(gp_, cmd, addr, data, size);
    gp_busy_ = false;
    return ok;
}

bool CpuModule::transport(tlm::tlm_generic_payload& gp, tlm::tlm_command cmd, uint64_t addr, void* data,
                          unsigned size) {
    gp.set_command(cmd);
    gp.set_address(addr);
    gp.set_data_ptr(static_cast<unsigned char*>(data));
    gp.set_data_length(size);
    gp.set_streaming_width(size);
    gp.set_byte_enable_ptr(nullptr);
    gp.set_byte_enable_length(0);
    gp.set_dmi_allowed(false);
    gp.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
    uint64_t in_run = cpu_->cycles() - run_start_cycles_;
    sc_core::sc_time before = qk_.get_local_time() + extra_delay_ + cycles_time(in_run);
    sc_core::sc_time delay = before;
    ++mem_stats_.transports;
    gp.set_extension(&cpu_id_);  // banked registers (GIC CPU interface) see which core asks
    socket->b_transport(gp, delay);
    gp.clear_extension(&cpu_id_);
    if (delay > before) extra_delay_ += delay - before;
    return gp.is_response_ok();
}

bool CpuModule::read(uint64_t paddr, void* data, unsigned size) {
    if (debugger_ && !watch_hit_) [[unlikely]]
        watch_hit_ = debugger_->watch_access(paddr, size, false);
    return transport(tlm::TLM_READ_COMMAND, paddr, data, size);
}

bool CpuModule::write(uint64_t paddr, const void* data, unsigned size) {
    if (debugger_ && !watch_hit_) [[unlikely]]
        watch_hit_ = debugger_->watch_access(paddr, size, true);
    return transport(tlm::TLM_WRITE_COMMAND, paddr, const_cast<void*>(data), size);
}

}  // namespace vp
