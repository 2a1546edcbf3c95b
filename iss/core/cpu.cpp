#include "iss/core/cpu.h"

#include "iss/backend/x64/block_compiler.h"

#include <algorithm>
#include <stdexcept>

namespace vp::iss {

Cpu::Cpu(MemoryInterface& mem, CpuConfig cfg, CpuHooks hooks)
    : mem_(mem),
      cfg_(cfg),
      exception_cycles_(
          std::max(1u, cfg.exception_cycles ? cfg.exception_cycles : cfg.model->exception_cycles)),
      hooks_(std::move(hooks)),
      monitor_(cfg.monitor ? cfg.monitor : &own_monitor_),
      tracker_(cfg.code_tracker ? cfg.code_tracker : &own_tracker_),
      own_timer_([this] { return hooks_.counter ? hooks_.counter() : cycles(); }),
      timer_(cfg.timer ? cfg.timer : &own_timer_),
      chaining_(!hooks_.no_chain && !hooks_.tb_exec) {
    excl_page_bits = &monitor_->page_bits;
    tbs_.follow_indirect(indirect, kIndirectSize);
    tbs_.count_pages_in(tracker_->code_page_counts(), CodeTracker::kSlots);
    if (cfg.engine == CpuConfig::Engine::jit) {
        // Host code passes the one pointer as Cpu& to semantic functions and as CpuState*.
        if (static_cast<void*>(static_cast<CpuState*>(this)) != static_cast<void*>(this))
            throw std::logic_error("Cpu: CpuState is not at offset 0; the x86-64 tier needs it there");
        jit_ = std::make_unique<x64::BlockCompiler>(cfg.code_buffer);
    }
    tracker_->attach(this);
    reset(0);
}

Cpu::~Cpu() {
    tbs_.invalidate_all();  // its pages leave the tracker's counts (shared with the other cores)
    tracker_->detach(this);
}

void Cpu::reset(uint64_t start_pc) {
    std::memset(x, 0, sizeof(x));
    std::memset(sr, 0, sizeof(sr));
    asid_ = 0;  // TTBR0_EL1/TTBR1_EL1 are zero
    std::memset(v, 0, sizeof(v));
    fpcr = fpsr = 0;
    sp_el[0] = sp_el[1] = 0;
    pc = start_pc;
    nzcv = 0;
    daif = 0xF << 6;  // all masked out of reset (D1.9)
    el = 1;
    spsel = 1;
    il = false;
    halted_wfi = halted_wfe = event_register = false;
    sr[size_t(SysReg::SCTLR_EL1)] = 0x30D00800;  // RES1 bits, MMU and caches off
    init_id_registers();
    own_timer_.reset();                 // a timer given in CpuConfig belongs to (and is reset by) its owner
    sr[size_t(SysReg::OSLAR_EL1)] = 1;  // OS lock set by a cold reset (D2.5)
    excl_clear();
    flush_tlbs();
    for (auto& e : swtlb_) e = SwTlbEntry{};
    tbs_.invalidate_all();
}

// Identification registers of an ARMv8.0 core with EL0/EL1 only (ARM ARM D17.2; field layouts in
// the comments): the core's own (MIDR, REVIDR, CTR, CLIDR, CCSIDR, physical address size) from its
// CpuModel, the features as vp implements them. Only what the model implements is advertised.
void Cpu::init_id_registers() {
    auto set = [this](SysReg r, uint64_t v) { sr[size_t(r)] = v; };
    set(SysReg::REVIDR_EL1, cfg_.model->revidr);
    set(SysReg::CTR_EL0, cfg_.model->ctr);
    set(SysReg::DCZID_EL0, 4);  // BS = 4 (2^4 words = 64 bytes), DZP = 0
    // ID_AA64PFR0_EL1: EL0 3:0 = 1, EL1 7:4 = 1 (AArch64 only), EL2/EL3 = 0 (not implemented),
    // FP 19:16 = 0 and AdvSIMD 23:20 = 0 (implemented, no half precision), GIC 27:24 = 0.
    set(SysReg::ID_AA64PFR0_EL1, 0x11);
    set(SysReg::ID_AA64PFR1_EL1, 0);
    // ID_AA64ISAR0_EL1: CRC32 19:16 = 1; Atomic 23:20 = 2 only with FEAT_LSE; no AES/SHA.
    set(SysReg::ID_AA64ISAR0_EL1, (1u << 16) | (cfg_.features.lse ? 2u << 20 : 0));
    set(SysReg::ID_AA64ISAR1_EL1, 0);
    // ID_AA64MMFR0_EL1: PARange 3:0 (the model's), ASIDBits 7:4 = 0b0010 (16), TGran16 23:20 = 0
    // (not supported), TGran64 27:24 = 0xF (not supported), TGran4 31:28 = 0 (supported).
    set(SysReg::ID_AA64MMFR0_EL1, cfg_.model->parange() | (2u << 4) | (0xFu << 24));
    set(SysReg::ID_AA64MMFR1_EL1, 0);
    set(SysReg::ID_AA64MMFR2_EL1, 0);
    // ID_AA64DFR0_EL1: DebugVer 3:0 = 6 (v8), PMUVer 11:8 = 0 (no PMU), BRPs 15:12 = 1 (two),
    // WRPs 23:20 = 1 (two), CTX_CMPs 31:28 = 0 (one).
    set(SysReg::ID_AA64DFR0_EL1, 6 | (1u << 12) | (1u << 20));
    set(SysReg::ID_AA64DFR1_EL1, 0);
    set(SysReg::ID_AA64AFR0_EL1, 0);
    set(SysReg::ID_AA64AFR1_EL1, 0);
    set(SysReg::CLIDR_EL1, cfg_.model->clidr);
    set(SysReg::AIDR_EL1, 0);
    set(SysReg::DBGAUTHSTATUS_EL1, 0);
}

void Cpu::set_pstate(uint32_t spsr) {
    nzcv = spsr & 0xF0000000u;
    daif = spsr & 0x3C0u;
    il = (spsr >> 20) & 1;
    switch_sp((spsr >> 2) & 1, spsr & 1);
}

void Cpu::switch_sp(unsigned new_el, unsigned new_spsel) {
    sp_el[(el && spsel) ? 1 : 0] = x[kSP];
    if (new_el != el && mmu_on()) flush_tlbs();  // host caches hold one EL's permissions
    el = new_el;
    spsel = new_spsel;
    x[kSP] = sp_el[(el && spsel) ? 1 : 0];
}

// Exception entry, ARM ARM D1.10.2 (AArch64.TakeException) with EL1 as the only target.
void Cpu::take_exception(ExceptionKind kind, uint32_t esr, uint64_t far, uint64_t ret) {
    ++stats_.exceptions;
    stall_cycles += exception_cycles_;
    if (kind == ExceptionKind::sync)
        ++stats_.sync_by_ec[(esr >> 26) & 63];
    else if (kind == ExceptionKind::irq)
        ++stats_.irqs;
    else if (kind == ExceptionKind::fiq)
        ++stats_.fiqs;
    const unsigned from_el = el;
    uint64_t offset = el == 0 ? 0x400 : (spsel ? 0x200 : 0x000);
    sr[size_t(SysReg::SPSR_EL1)] = pstate();
    sr[size_t(SysReg::ELR_EL1)] = ret;
    if (kind == ExceptionKind::sync) {
        sr[size_t(SysReg::ESR_EL1)] = esr;
        // FAR_EL1 is written for instruction/data aborts and PC alignment faults only.
        constexpr uint64_t kFarEcs = (1ull << ec::iabort_lower) | (1ull << ec::iabort_same) |
                                     (1ull << ec::pc_align) | (1ull << ec::dabort_lower) |
                                     (1ull << ec::dabort_same);
        if ((kFarEcs >> (esr >> 26)) & 1) sr[size_t(SysReg::FAR_EL1)] = far;
    }
    if (el != 1 || spsel != 1) switch_sp(1, 1);
    daif = 0xF << 6;
    il = false;
    halted_wfi = halted_wfe = false;
    pc = (sr[size_t(SysReg::VBAR_EL1)] & ~0x7FFull) + offset + unsigned(kind) * 0x80;
    exit_slot = -1;
    if (hooks_.exception_taken) [[unlikely]]
        trace_exception(kind, esr, far, from_el);
}

// The trace hooks live out of line, so that the exception paths need no frame for them.
void Cpu::trace_exception(ExceptionKind kind, uint32_t esr, uint64_t far, unsigned from_el) const {
    hooks_.exception_taken(*this, kind, esr, far, from_el);
}
void Cpu::trace_return(unsigned from_el) const {
    hooks_.exception_return(*this, from_el);
}

// ERET (C6.2.79). An illegal return (to EL2/EL3, AArch32, EL0 with SP_EL1, or with SPSR.IL set)
// keeps EL and SP and sets PSTATE.IL, so the next instruction raises an Illegal Execution state
// exception (ARM ARM D1.4.4).
void Cpu::exception_return() {
    uint64_t spsr = sr[size_t(SysReg::SPSR_EL1)];
    const unsigned from_el = el;
    unsigned m = spsr & 0x1F;
    bool legal = (m == 0x0 || m == 0x4 || m == 0x5) && !((spsr >> 20) & 1);
    nzcv = uint32_t(spsr) & 0xF0000000u;
    daif = uint32_t(spsr) & 0x3C0u;
    il = !legal;
    if (!legal)
        exit_req = true;  // the run loop raises the Illegal Execution state exception
    else if (((m >> 2) & 1) != el || (m & 1) != spsel)
        switch_sp((m >> 2) & 1, m & 1);
    pc = sr[size_t(SysReg::ELR_EL1)];
    stall_cycles += exception_cycles_ - 1;  // ERET's own cycle is its retirement
    excl_clear();
    exit_slot = -1;
    if (hooks_.exception_return) [[unlikely]]
        trace_return(from_el);
}

const Op* Cpu::raise(const Op* op, uint32_t ec_value, uint32_t iss, uint64_t far, bool retired) {
    partial = op->idx + (retired ? 1 : 0);
    take_exception(ExceptionKind::sync, (ec_value << 26) | (1u << 25) | iss, far,
                   retired ? op->pc + 4 : op->pc);
    return nullptr;
}

const Op* Cpu::undefined(const Op* op) {
    return raise(op, ec::unknown, 0);
}

// Data abort ISS (D17.2.37): WnR in bit 6; DFSC from the failed access (0x10 = synchronous
// external abort, else the MMU fault with its level).
const Op* Cpu::data_abort(const Op* op, bool write) {
    fault_external = false;
    const uint32_t iss = (write ? 1u << 6 : 0) | fault_fsc;
    return raise(op, el == 0 ? ec::dabort_lower : ec::dabort_same, iss, fault_addr);
}

// SCTLR_EL1.A faults before the translation (AArch64.CheckAlignment in Mem[]); the Device-memory
// alignment fault of the MMU-off case comes after AArch64.TranslateAddressS1Off, whose Address
// size fault (DFSC 0b000000, level 0) therefore wins for an address outside the PA range.
bool Cpu::alignment_fault(uint64_t va, bool state_rule) {
    uint64_t pa;
    fault_addr = va;
    fault_fsc = 0x21;  // Alignment fault
    if (state_rule && !(sr[size_t(SysReg::SCTLR_EL1)] & 2) && !mmu_on() && translate_s1_off(va, pa))
        fault_fsc = 0x00;
    return false;
}

bool Cpu::zva_to_device(uint64_t va) {
    uint64_t pa;
    const SwTlbEntry* e = nullptr;
    if (translate(va, Access::write, pa, el, &e) != 0) return false;
    return !e || (e->attr & 0xF0) == 0;  // no entry: the MMU is off
}

bool Cpu::check_interrupts() {
    // FIQ before IRQ; PSTATE.F is DAIF bit 6, PSTATE.I bit 7.
    if (int_lines & ~daif & 0x40)
        take_exception(ExceptionKind::fiq, 0, 0, pc);
    else if (int_lines & ~daif & 0x80)
        take_exception(ExceptionKind::irq, 0, 0, pc);
    else
        return false;
    return true;
}

StopReason Cpu::run(uint64_t max_instructions) {
    // The budget is in cycles (events()), so a guest stuck in a faulting loop still exhausts it;
    // instructions_executed() counts retired instructions only.
    const uint64_t start = events();
    end_ = start + max_instructions;
    TB* prev = nullptr;
    if (breakpoint_hit && is_breakpoint(pc)) {  // resume: step over the breakpoint once
        breakpoint_hit = false;
        exec_uncached(true);
    }
    breakpoint_hit = false;
    for (;;) {
        if (stop_requested_) {
            stop_requested_ = false;
            exit_req = false;
            return StopReason::stop_request;
        }
        exit_req = false;
        if (halted_wfi || halted_wfe) {
            bool wake = int_lines || (halted_wfe && event_register);
            if (!wake) return halted_wfi ? StopReason::wfi : StopReason::wfe;
            if (halted_wfe) event_register = false;
            halted_wfi = halted_wfe = false;
        }
        if (int_lines && check_interrupts()) prev = nullptr;
        if (events() - start >= max_instructions) return StopReason::budget;
        if (jit_flush_) [[unlikely]] {  // no block is running: drop them all with their host code
            tbs_.invalidate_all();
            jit_->reset();
            jit_flush_ = false;
            ++stats_.host_flushes;
            prev = nullptr;
        }

        if (cont_pc_ == pc && continue_block()) {
            prev = nullptr;
            continue;
        }
        TB* tb = nullptr;
        if (prev && prev->valid && exit_slot >= 0 && chaining_) {
            if (prev->link_epoch != map_epoch) {  // links to other pages made under an older mapping
                TbCache::unlink_other_pages(prev);
                prev->link_epoch = map_epoch;
            }
            tb = prev->link[exit_slot];
            if (tb) ++stats_.chained;
            if (!tb) {
                tb = get_tb();
                if (tb) TbCache::chain(prev, exit_slot, tb);
            }
        } else {
            tb = get_tb();
        }
        tbs_.reap();
        if (!tb) {  // instruction fetch raised an exception
            prev = nullptr;
            continue;
        }
        partial = -1;
        exit_slot = -1;
        cur_tb_ = tb;
        if (hooks_.tb_exec) [[unlikely]]
            hooks_.tb_exec(*this, *tb);
        if (jit_ && !tb->host_tried) jit_compile(tb);
        if (tb->n_insns > end_ - events()) [[unlikely]] {
            run_part(tb, 0);
            prev = nullptr;
            continue;
        }
        ++stats_.blocks;
        if (tb->host) {
            // Bounded so that an unlinked host exit's budget test always fails (TB::kUnlinkedFits);
            // a run past the bound returns here and enters again.
            host_budget = int64_t(std::min<uint64_t>(end_ - events(), uint64_t(1) << 30));
            const uint64_t chained_before = host_chained;
            const int resume = jit_->enter(this, tb->host);
            stats_.blocks += host_chained - chained_before;
            stats_.chained += host_chained - chained_before;
            stats_.host_runs += 1 + host_chained - chained_before;
            tb = cur_tb_ = const_cast<TB*>(static_cast<const TB*>(host_tb));  // the last one run
            if (resume >= 0) {  // the interpreter continues the block
                ++stats_.host_side_exits;
                interpret(tb->ops.data() + resume);
            }
        } else {
            tb = interpret_chained(tb);
        }
        icount += partial < 0 ? tb->n_insns : unsigned(partial);
        prev = tb;
        if (breakpoint_hit) [[unlikely]]
            return StopReason::breakpoint;
    }
}

// The interpreter's block-to-block path: while a block leaves through a linked slot and the run
// loop has nothing to do (no stop, invalidation, WFI/WFE or breakpoint request, no deliverable
// interrupt, budget left for the next block), its successor runs straight away. Returns the last
// block run, whose instructions the caller retires.
TB* Cpu::interpret_chained(TB* tb) {
    for (;;) {
        interpret(tb->ops.data());
        if (exit_slot < 0 || !chaining_ || exit_req || interrupt_deliverable() || jit_) return tb;
        TB* nx = tb->link[exit_slot];
        if (!nx || (tb->link_epoch != map_epoch && !TbCache::same_page(nx->pc, tb->pc)) ||
            !fits_budget(tb->n_insns, nx))
            return tb;
        icount += tb->n_insns;
        ++stats_.blocks;
        ++stats_.chained;
        exit_slot = -1;
        cur_tb_ = tb = nx;
    }
}

// Instructions `from` onwards of a block, as many as the budget leaves (the budget ends inside
// it, or a run ended inside it and the next run continues there): its ops from the first of
// instruction `from` up to the first of the one the budget ends before, where it then ends. So run()
// returns at the same instruction count whatever blocks were translated before (a restored
// checkpoint's core has none), and the next run continues in the same block rather than
// translating one that starts where a budget happened to end.
void Cpu::run_part(const TB* tb, unsigned from) {
    const unsigned to = unsigned(std::min<uint64_t>(tb->n_insns, from + (end_ - events())));
    const Op* op = tb->ops.data();
    while (op->idx < from) ++op;  // an SP alignment check comes before its instruction's op
    partial = -1;
    exit_slot = -1;
    cur_tb_ = const_cast<TB*>(tb);
    ++stats_.parts;
    while (op && op->idx < to) op = op->fn(*this, op);
    cont_pc_ = kNoContinuation;
    if (op) {  // stopped before instruction `to` (the closing goto when to == n_insns)
        pc = op->pc;
        exit_slot = -1;
        icount += to - from;
        if (to < tb->n_insns) {
            cont_pc_ = pc;
            cont_tb_pc_ = tb->pc;
            cont_idx_ = to;
        }
        return;
    }
    icount += (partial < 0 ? tb->n_insns : unsigned(partial)) - from;
}

// The block a budget ended inside of, if it is still the one at pc (same code, mapping and state).
bool Cpu::continue_block() {
    cont_pc_ = kNoContinuation;
    uint64_t pa;
    if (il || !fetch_probe(pc, pa)) return false;
    const TB* tb = checked_tb(tbs_.lookup(cont_tb_pc_, pa - 4ull * cont_idx_, state_key()));
    if (!tb || cont_idx_ >= tb->n_insns) return false;
    run_part(tb, cont_idx_);
    return true;
}

const void* Cpu::host_indirect_successor(Cpu* c) {
    const TB* cur = static_cast<const TB*>(c->host_tb);
    ++c->stats_.indirect_misses;
    if (c->exit_req || c->interrupt_deliverable() || c->events() + cur->n_insns >= c->end_ || (c->pc & 3))
        return nullptr;
    uint64_t pa;
    if (!c->fetch_probe(c->pc, pa)) return nullptr;
    const TB* nx = c->tbs_.lookup(c->pc, pa, c->state_key());
    if (!nx || c->tbs_.suspect(nx) || !nx->host || !c->fits_budget(cur->n_insns, nx)) return nullptr;
    c->icount += cur->n_insns;
    c->host_budget -= cur->n_insns;
    ++c->host_chained;
    c->indirect[(c->pc >> 2) & (kIndirectSize - 1)] =
        IndirectEntry{c->pc, c->map_epoch, nx->host, nx->n_insns, uint32_t(nx->key)};
    return nx->host;
}

uint64_t Cpu::host_code_bytes() const {
    return jit_ ? jit_->buffer().used() : 0;
}

void Cpu::jit_compile(TB* tb) {
    tb->host_tried = true;
    jit_->compile(*tb, chaining_);
    if (jit_->full()) jit_flush_ = true;
    if (!tb->host) return;
    // Links made before the block had host code: its own exits, and the exits linked to it.
    for (int s = 0; s < 2; ++s) TbCache::patch_host_exit(tb, s);
    for (TbLink* l = tb->incoming; l; l = l->next)
        TbCache::patch_host_exit(l->from, int(l - l->from->link_in.data()));
    ++stats_.host_blocks;
    if (hooks_.host_compiled) [[unlikely]]
        hooks_.host_compiled(*this, *tb);
}

StopReason Cpu::step_one() {
    breakpoint_hit = false;
    exec_uncached(true);
    if (halted_wfi) return StopReason::wfi;
    if (halted_wfe) return StopReason::wfe;
    return StopReason::budget;
}

// Executes one instruction from a throw-away block (debugger step, stepping over a breakpoint).
void Cpu::exec_uncached(bool ignore_breakpoints) {
    exit_req = false;
    if (illegal_state_check()) return;
    if (pc & 3) {
        take_exception(ExceptionKind::sync, (ec::pc_align << 26) | (1u << 25), pc, pc);
        return;
    }
    uint64_t pa;
    if (!fetch_translate(pc, pa)) return;
    std::unique_ptr<TB> tb(translate_tb(pc, pa, 1, ignore_breakpoints));
    if (!tb) return;
    cur_tb_ = tb.get();
    partial = -1;
    exit_slot = -1;
    interpret(tb->ops.data());
    icount += partial < 0 ? tb->n_insns : unsigned(partial);
    tbs_.reap();
}

bool Cpu::is_breakpoint(uint64_t addr) const {
    return std::find(breakpoints_.begin(), breakpoints_.end(), addr) != breakpoints_.end();
}

void Cpu::add_breakpoint(uint64_t addr) {
    if (!is_breakpoint(addr)) breakpoints_.push_back(addr);
    if (mmu_on())
        invalidate_all();  // addr is virtual
    else
        invalidate_code(addr, addr);
}

void Cpu::remove_breakpoint(uint64_t addr) {
    std::erase(breakpoints_, addr);
    if (mmu_on())
        invalidate_all();
    else
        invalidate_code(addr, addr);
}

bool Cpu::illegal_state_check() {
    if (!il) return false;
    take_exception(ExceptionKind::sync, (ec::illegal_state << 26) | (1u << 25), 0, pc);
    return true;
}

TB* Cpu::get_tb() {
    if (il) [[unlikely]] {
        illegal_state_check();
        return nullptr;
    }
    // PC alignment fault (D1.10.5): checked when an instruction is fetched from a misaligned PC.
    if (pc & 3) [[unlikely]] {
        take_exception(ExceptionKind::sync, (ec::pc_align << 26) | (1u << 25), pc, pc);
        return nullptr;
    }
    uint64_t key = state_key(), pa;
    if (!fetch_probe(pc, pa) && !fetch_translate(pc, pa)) return nullptr;
    ++stats_.lookups;
    if (TB* tb = checked_tb(tbs_.lookup(pc, pa, key))) return tb;
    TB* tb = translate_tb(pc, pa, 64);
    if (!tb) return nullptr;
    tb->link_epoch = map_epoch;
    ++stats_.translations;
    if (hooks_.tb_translated) [[unlikely]]
        hooks_.tb_translated(*this, *tb);
    if (!tbs_.page_has_code(tb->pa >> 12))  // a new code page: no core may keep a write pointer to it
        for (Cpu* c : tracker_->cpus()) c->flush_tlbs();
    return tbs_.insert(std::unique_ptr<TB>(tb));
}

void Cpu::flush_tlbs() {
    // Host-pointer caches only; the software TLB (swtlb_) is flushed by TLBI and reset. Only the
    // entries filled since the last flush can be valid.
    for (unsigned i = 0; i < n_filled_; ++i) {
        const unsigned f = filled_[i];
        (f < kHostTlbSize ? rtlb[f] : wtlb[f - kHostTlbSize]) = HostTlbEntry{};
    }
    n_filled_ = 0;
}

void Cpu::invalidate_all() {
    ++stats_.flushes;
    tbs_.invalidate_all();
    exit_req = true;
}

// IC IALLU(IS) (D7.5.9): a block whose guest words are unchanged would translate the same, so every
// block is kept, to be compared with memory before it is entered again (checked_tb). Stores by the
// cores already dropped the blocks they overwrote; this catches code written by other agents.
void Cpu::ic_invalidate_all_cores() {
    for (Cpu* c : tracker_->cpus()) {
        ++c->stats_.ic_invalidations;
        c->tbs_.suspect_all();
        c->exit_req = true;
    }
}

TB* Cpu::checked_tb(TB* tb) {
    if (!tb || !tbs_.suspect(tb)) return tb;
    const uint8_t* host = mem_.host_page(tb->pa & ~0xfffull, false);
    bool same = host != nullptr;
    for (const Op& op : tb->ops) {  // every op of instruction idx carries its word
        if (!same) break;
        if (op.idx >= tb->n_insns) continue;
        uint32_t word;
        std::memcpy(&word, host + (tb->pa & 0xfff) + 4u * op.idx, 4);
        same = word == op.insn;
    }
    if (same) {
        tbs_.clear_suspect(tb);
        ++stats_.revalidated;
        return tb;
    }
    tbs_.invalidate_bytes(tb->pa, 4 * tb->n_words());
    return nullptr;
}

void Cpu::invalidate_code(uint64_t lo, uint64_t hi) {
    for (uint64_t p = lo >> 12; p <= (hi >> 12); ++p) {
        const uint64_t from = std::max(lo, p << 12), to = std::min(hi, (p << 12) | 0xfff);
        if (tbs_.invalidate_bytes(from, unsigned(to - from + 1))) exit_req = true;
    }
}

void Cpu::invalidate_host_pages(uint64_t, uint64_t) {
    flush_tlbs();
}

bool Cpu::access_slow(uint64_t va, void* data, unsigned size, AccessKind k) {
    ++stats_.slow_accesses;
    // One single-copy access of at most 8 bytes, in two parts if it crosses a page.
    auto unit = [this, k](uint64_t a, uint8_t* d, unsigned n, bool misaligned) {
        const unsigned room = 0x1000 - unsigned(a & 0xfff);
        if (n <= room) return access_page(a, d, n, k.write, k.unpriv, misaligned);
        return access_page(a, d, room, k.write, k.unpriv, misaligned) &&
               access_page(a + room, d + room, n - room, k.write, k.unpriv, misaligned);
    };
    auto* bytes = static_cast<uint8_t*>(data);
    const unsigned elem = k.elem ? k.elem : size;  // a power of two
    if (elem == size && size <= 8)                 // every integer access
        return unit(va, bytes, size, (va & (size - 1)) != 0);
    const unsigned chunk = elem > 8 ? 8 : elem;
    for (unsigned off = 0; off < size; off += chunk) {
        // A 16-byte element is checked for its alignment on its first half (Mem[] with size 16).
        const unsigned align = (off & (elem - 1)) == 0 ? elem : chunk;
        if (!unit(va + off, bytes + off, chunk, ((va + off) & (align - 1)) != 0)) return false;
    }
    return true;
}

bool Cpu::access_page(uint64_t va, void* data, unsigned size, bool write, bool unpriv, bool misaligned) {
    uint64_t pa;
    // LDTR/STTR at EL1 use EL0 permissions (no PAN) and fill entries of their own (kUnprivTag).
    const SwTlbEntry* entry = nullptr;
    if (unsigned fsc = translate(va, write ? Access::write : Access::read, pa, unpriv ? 0 : el, &entry)) {
        fault_addr = va;
        fault_fsc = uint8_t(fsc & 0x3F);
        return false;
    }
    // An unaligned access to Device memory (MAIR attribute 0b0000xxxx, or any data access with the
    // MMU off) is an Alignment fault, found after the translation (AArch64.FirstStageTranslate).
    // Device pages never enter the host caches, so that every access to them comes here; with the
    // MMU off the translator's checking load/store variants catch unaligned accesses first.
    const bool device = entry && (entry->attr & 0xF0) == 0;
    if (misaligned && (device || !mmu_on())) {
        fault_addr = va;
        fault_fsc = 0x21;
        return false;
    }
    // A store into a page that holds translated code (on any core) always comes here, never
    // through the host caches: it invalidates the blocks whose bytes it overwrites ((cross-)
    // modifying code: running blocks may be stale) and nothing else.
    const uint64_t page = pa >> 12;
    bool code = false;
    if (write) {
        if (monitor_->active) monitor_->store(pa, size);
        if (tracker_->maybe_code(page))
            for (Cpu* c : tracker_->cpus()) {
                if (c->tbs_.invalidate_bytes(pa, size)) c->exit_req = true;
                code = code || c->tbs_.page_has_code(page);
            }
    }
    if (uint8_t* host = mem_.host_page(pa & ~0xfffull, write)) {
        if (!code && !device) {
            const unsigned idx = unsigned(va >> 12) & (kHostTlbSize - 1);
            HostTlbEntry& e = (write ? wtlb : rtlb)[idx];
            if (e.tag == ~0ull) filled_[n_filled_++] = uint16_t(write ? kHostTlbSize + idx : idx);
            e.tag = (va >> 12) | host_tag_bits(unpriv);
            e.host = host;
            e.ppage = pa >> 12;
        }
        if (write)
            std::memcpy(host + (pa & 0xfff), data, size);
        else
            std::memcpy(data, host + (pa & 0xfff), size);
        return true;
    }
    bool ok = write ? mem_.write(pa, data, size) : mem_.read(pa, data, size);
    if (!ok) {
        fault_addr = va;
        fault_external = true;
        fault_fsc = 0x10;  // synchronous external abort
    }
    return ok;
}

void Cpu::excl_mark(uint64_t va) {
    uint64_t pa;
    if (translate(va, Access::read, pa)) monitor_->mark(cfg_.core_id, pa);
}

// AArch64.ExclusiveMonitorsPass: the local monitor is checked first (no reservation: fail, no
// abort); then the store's translation, whose fault is taken (a store-exclusive to a read-only
// copy-on-write page must fault so that the OS can make it writable); then the address.
// Returns true when the store must be performed (or attempted, to raise its abort).
bool Cpu::excl_check(uint64_t va, unsigned size) {
    if (!monitor_->reserved(cfg_.core_id)) return false;
    uint64_t pa;
    if (translate(va, Access::write, pa, el) != 0) return true;  // the store raises the abort
    return monitor_->holds(cfg_.core_id, pa, size);
}

}  // namespace vp::iss
