#pragma once
#include <cstdint>
#include <cstring>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "iss/core/code_tracker.h"
#include "iss/core/cpu_models.h"
#include "iss/core/cpu_state.h"
#include "iss/core/exclusive_monitor.h"
#include "iss/core/generic_timer.h"
#include "iss/core/memory_if.h"
#include "iss/core/op.h"
#include "iss/core/tb.h"

namespace vp::iss {

namespace x64 {
class BlockCompiler;
}

enum class StopReason { budget, stop_request, wfi, wfe, breakpoint };

// Exception type; selects the vector offset within a vector group (ARM ARM D1.10.2).
enum class ExceptionKind : unsigned { sync = 0, irq = 1, fiq = 2, serror = 3 };

// ESR_ELx.EC values used by the core (ARM ARM D17.2.37).
namespace ec {
inline constexpr unsigned unknown = 0x00, wfx = 0x01, illegal_state = 0x0E, svc = 0x15, hvc = 0x16,
                          smc = 0x17, sysreg = 0x18, iabort_lower = 0x20, iabort_same = 0x21, pc_align = 0x22,
                          dabort_lower = 0x24, dabort_same = 0x25, sp_align = 0x26, brk = 0x3C,
                          fp_access = 0x07;
}

struct SysRegInfo {
    const char* name;
    uint32_t enc;  // op0:op1:CRn:CRm:op2 packed as in the MRS encoding bits 20:5
    enum Access : uint8_t { RW0, RO0, R0W1, RW1, RO1, WO1, TMR } access;
    bool special;
};
const SysRegInfo& sysreg_info(SysReg r);
// Looks up an encoding (op0<<14 | op1<<11 | CRn<<7 | CRm<<3 | op2); returns false if unknown.
bool find_sysreg(uint32_t enc, SysReg& out);

// Writable bits of FPCR (ARMv8.0 without FP16 or trapped exceptions: AHP, DN, FZ, RMode) and FPSR
// (QC and the cumulative exception flags; NZCV there is AArch32-only and RES0 here).
inline constexpr uint32_t kFpcrMask = 0x07C00000u, kFpsrMask = 0x0800009Fu;

// TLB maintenance operations (ARM ARM C5.5): by VA (last level or all), by ASID, all at EL1.
enum class TlbiKind : uint8_t { vmalle1, vae1, vale1, vaae1, vaale1, aside1 };

// One stage 1 translation or fault, for the `mmu` trace (CpuHooks::mmu_walk).
struct MmuTrace {
    uint64_t va = 0, pa = 0;  // pa: when fsc == 0
    unsigned fsc = 0;         // 0 = translated, else the fault status code (type | level)
    unsigned shift = 12;      // page or block size (log2) when translated
    uint8_t perm = 0;         // Cpu::kR1 kW1 kX1 kR0 kW0 kX0
    uint8_t attr = 0;         // MAIR attribute byte
    char access = 'r';        // 'r', 'w' or 'x' (fetch)
};

struct CpuHooks {
    // HVC (kind 0x16) / SMC (kind 0x17) offered to the host first; true = handled, no exception.
    std::function<bool(class Cpu&, unsigned kind, uint16_t imm)> hypercall;
    // The count of the core's own generic timer (CpuConfig::timer unset); the instruction count
    // when this is unset too.
    std::function<uint64_t()> counter;
    // Log sink of the `unimp` trace flag (unallocated/unimplemented encodings, unknown sysregs).
    std::function<void(const std::string&)> unimp;
    // SEV: the platform broadcasts the event to the other cores (Cpu::send_event).
    std::function<void(class Cpu&)> sev;

    // Tracing (the platform's -d flags). Unset unless a flag asks; tested only when a block is
    // translated, dispatched by the run loop, an exception is taken or a table walk runs.
    std::function<void(const class Cpu&, const TB&)> tb_translated;  // each new block
    std::function<void(const class Cpu&, const TB&)> host_compiled;  // its host code (TB::host, host_size)
    // Each block executed, before it runs (registers as they are at its entry). Setting it
    // disables chaining, so that every block passes the run loop.
    std::function<void(const class Cpu&, const TB&)> tb_exec;
    // After exception entry (pc = vector, ELR/SPSR written); esr/far as the exception gave them.
    std::function<void(const class Cpu&, ExceptionKind, uint32_t esr, uint64_t far, unsigned from_el)>
        exception_taken;
    std::function<void(const class Cpu&, unsigned from_el)> exception_return;  // after ERET
    std::function<void(const class Cpu&, const MmuTrace&)> mmu_walk;           // walks and faults
    bool no_chain = false;                                                     // never chain blocks
};

// Optional architecture features; the ID registers advertise exactly these.
struct CpuFeatures {
    bool lse = false;  // FEAT_LSE atomics (CAS/LD<op>/SWP); Cortex-A57 has none: UNDEFINED unless set
};

struct CpuConfig {
    unsigned core_id = 0;
    const CpuModel* model = &default_cpu_model();  // identification and cache registers
    ExclusiveMonitor* monitor = nullptr;           // shared by all cores; a private one is used if null
    CodeTracker* code_tracker = nullptr;           // shared by all cores; a private one is used if null
    CpuTimer* timer = nullptr;                     // the generic timer; a private CountingTimer if null
    CpuFeatures features{};
    unsigned exception_cycles = 0;  // an exception entry's and an ERET's cost; 0: the model's
    // Execution tier: the interpreter (the reference), or host code for the blocks the x86-64
    // tier compiles (the interpreter runs the others).
    enum class Engine : uint8_t { interp, jit } engine = Engine::interp;
    uint64_t code_buffer = 64ull << 20;  // the x86-64 tier's host-code bytes (rounded up to 64 KiB)
};

// The core: CpuState (what translated code addresses by offset) plus the hooks, the TB cache, the
// software TLB and the run loop.
class Cpu : public CpuState {
public:
    Cpu(MemoryInterface& mem, CpuConfig cfg = {}, CpuHooks hooks = {});
    ~Cpu();
    Cpu(const Cpu&) = delete;
    Cpu& operator=(const Cpu&) = delete;

    void reset(uint64_t pc);
    StopReason run(uint64_t max_instructions);
    StopReason step_one();
    void request_stop() {
        stop_requested_ = true;
        exit_req = true;
    }
    // For checkpoints: a stop request the next run() will answer before executing anything.
    bool stop_pending() const { return stop_requested_; }
    void set_stop_pending(bool pending) {
        stop_requested_ = pending;
        exit_req = pending;
    }
    void interrupt_pending(bool irq, bool fiq) { int_lines = (irq ? 0x80u : 0) | (fiq ? 0x40u : 0); }
    uint64_t instructions_executed() const { return icount; }
    // Simulated cycles: one per retired instruction, plus exception entries and returns.
    uint64_t cycles() const { return icount + stall_cycles; }
    // Host (debugger) breakpoints: run() returns StopReason::breakpoint before executing the
    // instruction at such an address; the next run() executes it and continues.
    void add_breakpoint(uint64_t addr);
    void remove_breakpoint(uint64_t addr);
    void send_event() { event_register = true; }

    // Register access for the wrapper, debuggers and tests.
    uint64_t xreg(unsigned i) const { return i < 31 ? x[i] : 0; }
    void set_xreg(unsigned i, uint64_t v) {
        if (i < 31) x[i] = v;
    }
    uint64_t sp() const { return x[kSP]; }
    void set_sp(uint64_t v) { x[kSP] = v; }
    // SPSR-format view of PSTATE.
    uint32_t pstate() const { return nzcv | (il ? 1u << 20 : 0) | daif | (el << 2) | (el ? spsel : 0); }
    void set_pstate(uint32_t spsr);

    uint64_t read_sysreg(SysReg r) const;
    // Whether read_sysreg(r) is sr[r] in every state (no computed or elsewhere-held value).
    static bool sysreg_read_is_stored(SysReg r);
    void write_sysreg(SysReg r, uint64_t v);

    // Exception entry to EL1 (ARM ARM D1.10). `ret` is the preferred return address.
    void take_exception(ExceptionKind kind, uint32_t esr, uint64_t far, uint64_t ret);
    void exception_return();  // ERET

    // TLBI <kind> with operand Xt; `broadcast` (the IS forms) applies it to every core sharing this
    // core's CodeTracker (the Inner Shareable domain).
    void tlbi(TlbiKind kind, uint64_t xt, bool broadcast);
    // Data-cache maintenance by VA (C5.3): translates `va` for the current EL (write permission for
    // DC IVAC, read otherwise); on a fault sets fault_addr/fault_fsc and returns false.
    bool check_cache_op(uint64_t va, bool write);
    // Debugger view of the current translation regime: walks the tables for `va` without touching
    // the TLB or raising anything (permissions ignored). False if the VA does not translate.
    bool debug_translate(uint64_t va, uint64_t& pa);
    // IC IVAU: drops the translated code of the physical page holding `va` on every core sharing the
    // CodeTracker. A translation fault sets fault_addr/fault_fsc and returns false.
    bool invalidate_icache_va(uint64_t va);
    // AT S1E{0,1}{R,W}: translates `va` with EL0 or EL1 permissions and writes PAR_EL1 (D17.2.96).
    void address_translate(uint64_t va, bool el0, bool write);
    void invalidate_all();                           // this core: translation-state changes
    void ic_invalidate_all_cores();                  // IC IALLU(IS): each block's words checked again
    void invalidate_code(uint64_t lo, uint64_t hi);  // external writers (DMA, loaders)
    void invalidate_host_pages(uint64_t lo, uint64_t hi);
    void log_unimp(const std::string& msg) const {
        if (hooks_.unimp) hooks_.unimp(msg);
    }
    const CpuHooks& hooks() const { return hooks_; }
    unsigned core_id() const { return cfg_.core_id; }
    const CpuFeatures& features() const { return cfg_.features; }
    size_t tb_count() const { return tbs_.size(); }
    uint64_t host_code_bytes() const;  // the x86-64 tier's code buffer in use (0: interpreter)
    struct Stats {
        uint64_t blocks = 0;           // blocks executed
        uint64_t chained = 0;          // successor found through a chain link (no lookup)
        uint64_t translations = 0;     // blocks translated
        uint64_t host_blocks = 0;      // blocks compiled to host code (engine = jit)
        uint64_t host_runs = 0;        // blocks run in host code (engine = jit), chained ones included
        uint64_t host_side_exits = 0;  // host blocks that handed the rest to the interpreter
        uint64_t indirect_misses = 0;  // BR/BLR/RET exits the inline indirect-branch cache missed
        uint64_t parts = 0;  // blocks run in part by the interpreter where a budget ends (not in `blocks`)
        uint64_t host_flushes = 0;      // the code buffer was full: every block dropped
        uint64_t exceptions = 0;        // exceptions taken
        uint64_t lookups = 0;           // TB cache lookups (hits = lookups - translations)
        uint64_t flushes = 0;           // whole TB cache flushes (translation-state changes)
        uint64_t ic_invalidations = 0;  // IC IALLU(IS) received: every block checked again
        uint64_t revalidated = 0;       // blocks kept after one, their guest words unchanged
        uint64_t slow_accesses = 0;     // data accesses that missed the host caches (access_slow)
        uint64_t irqs = 0, fiqs = 0;
        uint64_t sync_by_ec[64] = {};  // synchronous exceptions by ESR.EC
    };
    const Stats& stats() const { return stats_; }

    // CPACR_EL1.FPEN (D17.2.30): 0b11 = no trap, 0bx1 at EL1 only = EL0 trapped, else both trapped.
    bool fp_enabled() const {
        const unsigned fpen = unsigned(sr[size_t(SysReg::CPACR_EL1)] >> 20) & 3;
        return el == 0 ? fpen == 3 : (fpen & 1) != 0;
    }

    // ---- memory: one inline fast path (host_ptr) and one out-of-line slow path (access_slow) ----
    // ARM ARM B2.5: unaligned accesses to Normal memory are allowed; alignment rules are applied by
    // aligned() before the access and, for Device pages with the MMU on, in the slow path.
    struct AccessKind {
        bool write = false;
        bool unpriv = false;  // LDTR/STTR: at EL1 checked with EL0 permissions (no PAN)
        // Single-copy atomic size (B2.2.1), 0 = the whole access: the alignment an access needs on
        // Device memory, and the unit of a slow access (16-byte elements as two 8-byte halves).
        uint8_t elem = 0;
    };
    // The fast path: a host pointer for `size` bytes at `va` when the page is in the host cache
    // (tag compare), the access stays in the page and, for a store, the page cannot hold an
    // exclusive reservation; nullptr: the access goes to access_slow().
    // LDTR/STTR at EL1 (C6.2.134: EL0 permissions) look for entries tagged kUnprivTag, filled only
    // after an EL0 permission check, so that neither kind of access uses the other's permission.
    // At EL0 they are ordinary accesses. Linux's copy_{to,from}_user and clear_user are LDTR/STTR.
    static constexpr uint64_t kUnprivTag = 1ull << 62;
    uint64_t host_tag_bits(bool unpriv) const { return unpriv && el != 0 ? kUnprivTag : 0; }
    template <bool WRITE>
    [[gnu::always_inline]] uint8_t* host_ptr(uint64_t va, unsigned size, uint64_t tag_bits = 0) const {
        const HostTlbEntry& e = (WRITE ? wtlb : rtlb)[(va >> 12) & (kHostTlbSize - 1)];
        if (e.tag != ((va >> 12) | tag_bits) || (va & 0xfff) > 0x1000 - size) return nullptr;
        if (WRITE && ((*excl_page_bits >> (e.ppage & 63)) & 1)) return nullptr;
        return e.host + (va & 0xfff);
    }
    // `size` bytes at `va` to/from `data`: the fast path, else the slow path. False on a fault
    // (fault_addr/fault_fsc set for data_abort()). The hot load/store ops test host_ptr() and on a
    // miss continue in an out-of-line instance of themselves that calls access_slow(), so that
    // their fast path needs no stack frame (sem::mem_access).
    [[gnu::always_inline]] bool access(uint64_t va, void* data, unsigned size, AccessKind k) {
        const uint64_t tag_bits = host_tag_bits(k.unpriv);
        if (uint8_t* p = k.write ? host_ptr<true>(va, size, tag_bits) : host_ptr<false>(va, size, tag_bits))
            [[likely]] {
            if (k.write)
                std::memcpy(p, data, size);
            else
                std::memcpy(data, p, size);
            return true;
        }
        return access_slow(va, data, size, k);
    }
    // Everything but a host-cache hit: translation and permission faults, page crossings (one access
    // per page), Device memory, code pages (stores invalidate the translations they overlap), the
    // exclusive monitor, bus errors. Fills the host caches for plain, non-code pages.
    [[gnu::noinline]] bool access_slow(uint64_t va, void* data, unsigned size, AccessKind k);
    template <class T>
    bool load(uint64_t va, T& v, AccessKind k = {}) {
        return access(va, &v, sizeof(T), {false, k.unpriv, k.elem});
    }
    template <class T>
    bool store(uint64_t va, T v, AccessKind k = {}) {
        return access(va, &v, sizeof(T), {true, k.unpriv, k.elem});
    }

    // Alignment checked before an access (B2.5.2, AArch64.CheckAlignment):
    // - none: Normal memory with SCTLR_EL1.A = 0 (the op variants picked while !align_checked());
    // - state: the op variants picked while align_checked(): SCTLR_EL1.A = 1, or the MMU is off and
    //   every data access is Device-nGnRnE (D8.2.10), where an address beyond the PA range is an
    //   Address size fault first (AArch64.TranslateAddressS1Off) unless SCTLR_EL1.A faulted;
    // - natural: exclusives, load-acquire/store-release and atomics, in every translation state.
    // True when the access may proceed, else fault_addr/fault_fsc are set for data_abort().
    enum class AlignRule : uint8_t { none, state, natural };
    template <AlignRule R>
    bool aligned(uint64_t va, unsigned size) {
        if constexpr (R == AlignRule::none)
            return true;
        else if (!(va & (size - 1))) [[likely]]
            return true;
        return alignment_fault(va, R == AlignRule::state);
    }
    static constexpr AlignRule align_rule(bool checked) {
        return checked ? AlignRule::state : AlignRule::none;
    }
    // Sets the fault of a misaligned access (DFSC 0x21, or 0x00 as above) and returns false.
    [[gnu::noinline]] bool alignment_fault(uint64_t va, bool state_rule);

    // Exclusive monitor helpers (ARM ARM B2.9); addresses are physical.
    void excl_mark(uint64_t va);
    bool excl_check(uint64_t va, unsigned size);
    void excl_clear() {
        if (monitor_->reserved(cfg_.core_id)) monitor_->clear(cfg_.core_id);
    }

    // Block exits used by the semantic functions: they set pc and the exit slot (0 taken, 1
    // fall-through, -1 not chainable) and return nullptr, the end of the block. A semantic function
    // performs one op and returns; what runs next (the following op, a linked or looked-up block,
    // an interrupt) is decided by its caller: the run loop for the interpreter, the host code for
    // the x86-64 tier.
    const Op* exit_to(uint64_t target, int slot) {
        pc = target;
        exit_slot = slot;
        return nullptr;
    }
    // The x86-64 tier's indirect exits (x64::emit_indirect): the block in host_tb ended at pc
    // through an exit that is not chained. Returns the host code of the block at pc, having retired
    // the ending block, when the run loop has nothing to do first (no stop request, invalidation or
    // deliverable interrupt, budget left for the block) and the fetch needs no walk (MMU off, or a
    // software-TLB hit with execute permission) and finds a compiled block; else nullptr.
    static const void* host_indirect_successor(Cpu* c);
    // Synchronous exception raised by `op`; the instruction does not retire (except SVC/HVC/SMC,
    // whose preferred return is the next instruction: pass retired = true). The block ends; the
    // next one starts at the vector.
    const Op* raise(const Op* op, uint32_t ec_value, uint32_t iss, uint64_t far = 0, bool retired = false);
    const Op* undefined(const Op* op);
    const Op* data_abort(const Op* op, bool write);
    // Data accesses need natural alignment in the current translation state: with SCTLR_EL1.M = 0
    // they are Device-nGnRnE (ARM ARM D8.2.10), with SCTLR_EL1.A = 1 every access is checked
    // (AArch64.CheckAlignment). Part of the TB key: the translator picks checking ops only then.
    bool align_checked() const {
        const uint64_t sctlr = sr[size_t(SysReg::SCTLR_EL1)];
        return !(sctlr & 1) || (sctlr & 2);
    }
    // DC ZVA to any Device memory is an Alignment fault (ARM ARM C5.3.21); false also when `va`
    // does not translate (the stores then raise that fault).
    bool zva_to_device(uint64_t va);
    // End the block after `op` retired (stop request, self-modifying store, ...).
    const Op* exit_after(const Op* op) {
        partial = op->idx + 1;
        return exit_to(op->pc + 4, -1);
    }

    // An IRQ/FIQ line is high and not masked by PSTATE.DAIF (DAIF changes end the block).
    bool interrupt_deliverable() const { return int_lines & ~daif & 0xC0; }

    uint64_t fault_addr = 0;  // VA of the last failed access
    bool fault_external = false;
    uint8_t fault_fsc = 0x10;  // DFSC/IFSC of the last failed access (D17.2.37)

private:
    friend class Translator;
    enum class Access { read, write, fetch };
    // One cached stage 1 translation (mmu.cpp). Block mappings are cached per 4 KiB page but keep
    // their block base/size so TLBI by VA removes every page of the block.
    struct SwTlbEntry {
        uint64_t vbase = ~0ull;  // VA[55:0] of the mapping, aligned to 1 << shift
        uint64_t pbase = 0;
        uint16_t asid = 0;
        uint8_t shift = 12;
        uint8_t perm = 0;  // kR1 kW1 kX1 kR0 kW0 kX0
        bool global = false;
        uint8_t attr = 0;  // MAIR attribute byte (for PAR_EL1)
        uint8_t sh = 0;
    };
    static constexpr uint8_t kR1 = 1, kW1 = 2, kX1 = 4, kR0 = 8, kW0 = 16, kX0 = 32;
    static constexpr unsigned kSwTlbSize = 1024;
    // VA -> PA for an access at EL `at_el`; returns 0 on success, else 0x100 | the fault status code
    // (FSC in bits 5:0). Fills
    // `pa` (and `entry` when the MMU is on).
    unsigned translate(uint64_t va, Access acc, uint64_t& pa, unsigned at_el,
                       const SwTlbEntry** entry = nullptr);
    bool translate(uint64_t va, Access acc, uint64_t& pa) { return translate(va, acc, pa, el) == 0; }
    // SCTLR_EL1.M = 0 (AArch64.TranslateAddressS1Off): the PA is the VA, but VA bits [top:44] must
    // be zero, else an Address size fault at level 0 (top = 55 with TCR_EL1.TBIx, else 63).
    unsigned translate_s1_off(uint64_t va, uint64_t& pa) const {
        const uint64_t tcr = sr[size_t(SysReg::TCR_EL1)];
        const bool tbi = (va >> 55) & 1 ? (tcr >> 38) & 1 : (tcr >> 37) & 1;
        const uint64_t checked = tbi ? va & 0x00FFFFFFFFFFFFFFull : va;
        if (checked >> kPaBits) return 0x100;  // fault | FSC 0b000000
        pa = checked;
        return 0;
    }
    static constexpr unsigned kPaBits = 44;  // ID_AA64MMFR0_EL1.PARange = 0b0100
    // The software TLB entry that translates `va` for the current ASID, or nullptr (no walk).
    const SwTlbEntry* swtlb_hit(uint64_t va) const;
    // Instruction fetch translation without side effects: MMU off, or a software TLB hit with
    // execute permission; false means "ask fetch_translate" (walk, fault).
    bool fetch_probe(uint64_t va, uint64_t& pa) const {
        if (!mmu_on()) return translate_s1_off(va, pa) == 0;
        const SwTlbEntry* e = swtlb_hit(va);
        if (!e || !(e->perm & (el ? kX1 : kX0))) return false;
        pa = e->pbase | (va & ((1ull << e->shift) - 1));
        return true;
    }
    unsigned walk(uint64_t va, SwTlbEntry& out);
    void trace_walk(uint64_t va, Access acc, unsigned fsc, const SwTlbEntry& e) const;  // mmu trace
    bool mmu_on() const { return sr[size_t(SysReg::SCTLR_EL1)] & 1; }
    uint16_t current_asid() const { return asid_; }
    uint16_t asid_from_registers() const;  // TTBR0/TTBR1 (TCR_EL1.A1) ASID, 8 or 16 bits (TCR_EL1.AS)
    void translation_changed();            // TTBR/TCR writes, TLBI: drop host caches and chain links
    [[gnu::noinline]] bool access_page(uint64_t va, void* data, unsigned size, bool write, bool unpriv,
                                       bool misaligned);  // one page
    // Translation state: the EL, whether FP/SIMD instructions trap (translated into the trap) and
    // whether data accesses are alignment-checked (checking load/store variants).
    uint64_t state_key() const { return el | (fp_enabled() ? 4u : 0u) | (align_checked() ? 8u : 0u); }
    TB* get_tb();
    TB* checked_tb(TB* tb);  // tb, or nullptr when it is suspect and its guest words changed (dropped)
    // Runs a block's ops from `op` until one ends the block.
    [[gnu::always_inline]] void interpret(const Op* op) {
        while (op) op = op->fn(*this, op);
    }
    TB* interpret_chained(TB* tb);
    void run_part(const TB* tb, unsigned from);
    bool continue_block();
    static constexpr uint64_t kNoContinuation = 1;  // no instruction address (not 4-aligned)
    uint64_t cont_pc_ = kNoContinuation;            // where the last run ended inside a block, and which
    uint64_t cont_tb_pc_ = 0;
    unsigned cont_idx_ = 0;
    // Whether the block `next` may follow the running one, which retires `retiring` instructions,
    // within run()'s budget: a block never runs past the budget (run_part runs the part
    // that fits), so a run ends at the same count whatever blocks exist.
    bool fits_budget(uint64_t retiring, const TB* next) const {
        const uint64_t after = events() + retiring;
        return after < end_ && next->n_insns <= end_ - after;
    }
    TB* translate_tb(uint64_t pc, uint64_t pa, unsigned max_insns, bool ignore_breakpoints = false);
    bool fetch_translate(uint64_t pc, uint64_t& pa);  // instruction abort on a fault
    bool is_breakpoint(uint64_t addr) const;
    void exec_uncached(bool ignore_breakpoints);
    bool check_interrupts();
    bool illegal_state_check();
    void switch_sp(unsigned new_el, unsigned new_spsel);
    [[gnu::noinline]] void trace_exception(ExceptionKind kind, uint32_t esr, uint64_t far,
                                           unsigned from_el) const;
    [[gnu::noinline]] void trace_return(unsigned from_el) const;
    void flush_tlbs();
    // Budget unit of run(): cycles, so a guest stuck in a loop of exceptions that retire nothing
    // still exhausts it.
    uint64_t events() const { return cycles(); }
    void init_id_registers();

    MemoryInterface& mem_;
    CpuConfig cfg_;
    std::unique_ptr<x64::BlockCompiler> jit_;  // engine = jit
    bool jit_flush_ = false;                   // its code buffer is full: drop every block
    void jit_compile(TB* tb);
    unsigned exception_cycles_;  // >= 1
    CpuHooks hooks_;
    ExclusiveMonitor own_monitor_;
    ExclusiveMonitor* monitor_;
    CodeTracker own_tracker_;
    CodeTracker* tracker_;
    CountingTimer own_timer_;
    CpuTimer* timer_;
    TbCache tbs_;
    // Host-cache entries filled since the last flush (index into rtlb, + kHostTlbSize for wtlb), so
    // that a flush (every exception-level change with the MMU on) clears only those.
    uint16_t filled_[2 * kHostTlbSize];
    unsigned n_filled_ = 0;
    SwTlbEntry swtlb_[kSwTlbSize];
    bool stop_requested_ = false;
    std::vector<uint64_t> breakpoints_;
    Stats stats_;
    TB* cur_tb_ = nullptr;  // block being executed
    uint16_t asid_ = 0;     // current ASID, kept by translation_changed()
    uint64_t end_ = 0;      // events() count at which run() must return
    bool chaining_ = true;  // false with CpuHooks::no_chain or tb_exec: every block via run()
};

}  // namespace vp::iss
