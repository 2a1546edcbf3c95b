#pragma once
// The architectural and run state of one core that translated code addresses by offset from a
// `CpuState*`: a standard-layout struct (offsetof is defined on it), holding no pointer-to-hook or
// container. `Cpu` derives from it and keeps everything else (hooks, TB cache, software TLB).
#include <cstddef>
#include <cstdint>
#include <type_traits>

namespace vp::iss {

enum class SysReg : uint16_t {
#define SYSREG(name, op0, op1, crn, crm, op2, acc, special) name,
#include "iss/core/sysreg_table.inc"
#undef SYSREG
    count_
};

// One entry of the host-pointer caches: the VA page `tag` of the current translation regime, EL
// and ASID maps to the host page `host` (plain memory) at physical page `ppage` (for the
// exclusive-monitor filter of stores). 32 bytes, so that an index is a shift.
struct alignas(32) HostTlbEntry {
    uint64_t tag = ~0ull;  // VA >> 12; ~0 = empty
    uint8_t* host = nullptr;
    uint64_t ppage = 0;
};

// One entry of the x86-64 tier's indirect-branch cache (x64::emit_indirect looks BR/BLR/RET targets
// up in it inline): the compiled block at virtual `pc`, found under mapping epoch `epoch` for
// translation state `key`. TbCache::retire empties the entry of a block it retires.
struct alignas(32) IndirectEntry {
    uint64_t pc = 1;  // not 4-aligned: empty
    uint64_t epoch = 0;
    const void* host = nullptr;
    uint32_t n_insns = 0;
    uint32_t key = 0;
};

struct CpuState {
    // Register-file slots: operands are pre-mapped at decode time so that register 31 needs no
    // run-time test: reads of XZR use slot 31 (always 0), writes to XZR go to kSink.
    static constexpr unsigned kZR = 31, kSP = 32, kSink = 33;
    static constexpr unsigned kHostTlbSize = 256;    // entries per host-pointer cache (direct-mapped)
    static constexpr unsigned kIndirectSize = 4096;  // indirect-branch cache entries (by pc >> 2)

    uint64_t x[34] = {};
    uint64_t pc = 0;
    uint32_t nzcv = 0;       // PSTATE.NZCV in bits 31:28
    uint32_t daif = 0;       // PSTATE.{D,A,I,F} in bits 9:6
    uint32_t int_lines = 0;  // the IRQ (bit 7) and FIQ (bit 6) inputs, high or low (ISR_EL1 layout)
    unsigned el = 1;         // PSTATE.EL (0 or 1)
    unsigned spsel = 1;      // PSTATE.SP
    bool il = false;         // PSTATE.IL (illegal execution state)
    uint64_t sp_el[2] = {};  // banked stack pointers; the live one is x[kSP]
    uint64_t sr[size_t(SysReg::count_)] = {};
    // SIMD&FP registers V0-V31 (little-endian: v[i][0] holds bits 63:0, the B/H/S/D views are its
    // low bytes) and the FP control/status registers (masked by kFpcrMask/kFpsrMask).
    alignas(16) uint64_t v[32][2] = {};
    uint32_t fpcr = 0, fpsr = 0;

    // Block exit: chaining slot of the exit taken (-1 = not chainable) and the instructions
    // retired when the block ended early (-1 = all).
    int exit_slot = -1;
    int partial = -1;
    // Ask the running block to end after the current instruction and return to the run loop (stop
    // requests, invalidation, WFI/WFE, breakpoints, an illegal return): nothing is chained then.
    bool exit_req = false;
    bool halted_wfi = false, halted_wfe = false;
    bool event_register = false;  // WFE/SEV event register (ARM ARM D1.6.1)
    bool breakpoint_hit = false;

    uint64_t icount = 0;  // instructions retired
    // Simulated cycles beyond one per retired instruction: exception entries and returns
    // (CpuModel::exception_cycles). icount + stall_cycles is the core's cycle count.
    uint64_t stall_cycles = 0;
    uint64_t map_epoch = 0;  // bumped by every translation change (TLBI, TTBR, TCR): links made
                             // under an older epoch are not followed

    // The x86-64 tier's chaining between host blocks (x64::BlockCompiler): the cycles left before
    // run() must return (set by the run loop), the block running (each block stores its TB), and
    // how many blocks were entered from another block's host code (a link or the jump cache).
    int64_t host_budget = 0;
    const void* host_tb = nullptr;
    uint64_t host_chained = 0;
    int64_t host_loop_base = 0;  // a looping block's budget as of its last sync (x64::loop_sync)

    // Host-pointer caches (read, write) indexed by VA page mod kHostTlbSize. Pages holding
    // translated code or Device memory never enter them; a store also needs its physical page's
    // bit clear in *excl_page_bits (ExclusiveMonitor::page_bits: may hold a reservation).
    const uint64_t* excl_page_bits = nullptr;
    HostTlbEntry rtlb[kHostTlbSize];
    HostTlbEntry wtlb[kHostTlbSize];
    IndirectEntry indirect[kIndirectSize];
};

static_assert(std::is_standard_layout_v<CpuState>, "translated code addresses CpuState by offset");

}  // namespace vp::iss
