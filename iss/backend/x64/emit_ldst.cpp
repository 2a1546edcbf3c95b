// Inline x86-64 forms of the single-register and pair integer loads and stores (ARM ARM C4.1.88): the
// address as iss/semantics/ldst_addr.h computes it, the host-pointer cache's tag compare and
// in-page check (Cpu::host_ptr), then one host access. Anything else (a miss, a page crossing, a
// misaligned access where the block checks alignment, a store to a page that may hold an exclusive
// reservation) calls the op's semantic function from a slow path, which performs the access whole.
#include <string_view>

#include "iss/backend/x64/emit.h"
#include "iss/core/cpu.h"

namespace vp::iss::x64 {
namespace {

using namespace Xbyak::util;

enum Mode { OFF, PRE, POST, REG };
// KIND: 0 store, 1 load (zero-extend), 2 load sign-extended to 64 bits, 3 sign-extended to 32.
struct Single {
    const char* row;
    unsigned kind;
    Mode mode;
    int size;             // log2 bytes, or -1: bits 31:30
    bool unpriv = false;  // LDTR/STTR: EL0 permissions at EL1 (Cpu::host_tag_bits)
};
constexpr Single kSingles[] = {
    {"STUR", 0, OFF, -1},          {"LDUR", 1, OFF, -1},         {"LDURS_x", 2, OFF, -1},
    {"LDURSW", 2, OFF, 2},         {"LDURS_w", 3, OFF, -1},      {"STR_post", 0, POST, -1},
    {"LDR_post", 1, POST, -1},     {"LDRS_x_post", 2, POST, -1}, {"LDRSW_post", 2, POST, 2},
    {"LDRS_w_post", 3, POST, -1},  {"STR_pre", 0, PRE, -1},      {"LDR_pre", 1, PRE, -1},
    {"LDRS_x_pre", 2, PRE, -1},    {"LDRSW_pre", 2, PRE, 2},     {"LDRS_w_pre", 3, PRE, -1},
    {"STR_reg", 0, REG, -1},       {"LDR_reg", 1, REG, -1},      {"LDRS_x_reg", 2, REG, -1},
    {"LDRSW_reg", 2, REG, 2},      {"LDRS_w_reg", 3, REG, -1},   {"STR_uimm", 0, OFF, -1},
    {"LDR_uimm", 1, OFF, -1},      {"LDRS_x_uimm", 2, OFF, -1},  {"LDRSW_uimm", 2, OFF, 2},
    {"LDRS_w_uimm", 3, OFF, -1},   {"STTR", 0, OFF, -1, true},   {"LDTR", 1, OFF, -1, true},
    {"LDTRS_x", 2, OFF, -1, true}, {"LDTRSW", 2, OFF, 2, true},  {"LDTRS_w", 3, OFF, -1, true},
};

// ExtendReg of the index register into rcx: option 2 UXTW, 3 LSL/UXTX, 6 SXTW, 7 SXTX (the
// translator accepts only these), then LSL by `shift`.
void index_operand(Emitter& e, const Op& op) {
    auto& g = e.g;
    const unsigned option = op.f1, shift = op.f0;
    if (option == 2)
        g.mov(ecx, e.w(op.m));
    else if (option == 6)
        g.movsxd(rcx, e.w(op.m));
    else
        g.mov(rcx, e.x(op.m));
    if (shift) g.shl(rcx, shift);
}

// rax: the access's address (ldst_address); r8: its host pointer, when the host-pointer cache
// holds the page, the `bytes` stay in it, the address is aligned to `align` where the block checks
// alignment and, for a store, the page cannot hold an exclusive reservation (Cpu::host_ptr);
// otherwise a jump to the op's slow path. `unpriv` (LDTR/STTR) at EL1 needs an entry filled after
// an EL0 permission check (tag bit Cpu::kUnprivTag). Clobbers rcx, rdx, rsi.
void host_address(Emitter& e, const Op& op, Mode mode, bool store, unsigned bytes, unsigned align,
                  bool unpriv = false) {
    auto& g = e.g;
    Xbyak::Label& miss = e.slow_path(op);
    g.mov(rax, e.x(op.n));
    if (mode == REG) {
        index_operand(e, op);
        g.add(rax, rcx);
    } else if (mode != POST && op.imm) {
        g.add(rax, int32_t(op.imm));  // imm9, imm7 or imm12 scaled: within int32
    }
    if (e.align_checked && align > 1) {
        g.test(al, align - 1);
        g.jnz(miss, Xbyak::CodeGenerator::T_NEAR);
    }
    // rsi: the host-cache entry; rdx: the VA's page number; ecx: the offset in the page.
    const size_t tlb = store ? offsetof(CpuState, wtlb) : offsetof(CpuState, rtlb);
    g.mov(rdx, rax);
    g.shr(rdx, 12);
    g.movzx(esi, dl);  // (va >> 12) & (kHostTlbSize - 1)
    static_assert(CpuState::kHostTlbSize == 256 && sizeof(HostTlbEntry) == 32);
    if (unpriv && (e.tb->key & 3) != 0) {  // the block's EL (Cpu::state_key)
        static_assert(Cpu::kUnprivTag == 1ull << 62);
        g.bts(rdx, 62);
    }
    g.shl(esi, 5);
    g.lea(rsi, g.ptr[e.state + rsi + tlb]);
    g.cmp(rdx, g.qword[rsi + offsetof(HostTlbEntry, tag)]);
    g.jne(miss, Xbyak::CodeGenerator::T_NEAR);
    g.mov(ecx, eax);
    g.and_(ecx, 0xfff);
    // A single byte, or an access aligned to its size (checked above), cannot cross the page.
    if (bytes > 1 && !(e.align_checked && align >= bytes)) {
        g.cmp(ecx, 0x1000 - bytes);
        g.ja(miss, Xbyak::CodeGenerator::T_NEAR);
    }
    if (store) {  // a store needs its physical page's bit clear in *excl_page_bits
        g.mov(rdx, g.qword[e.state + offsetof(CpuState, excl_page_bits)]);
        g.mov(rdx, g.qword[rdx]);
        g.mov(r8, g.qword[rsi + offsetof(HostTlbEntry, ppage)]);
        g.bt(rdx, r8);  // bit (ppage & 63)
        g.jc(miss, Xbyak::CodeGenerator::T_NEAR);
    }
    g.mov(r8, g.qword[rsi + offsetof(HostTlbEntry, host)]);
    g.add(r8, rcx);
}

// PRE writes the address back, POST the base plus the offset (ldst_writeback); rax: the address.
void writeback(Emitter& e, const Op& op, Mode mode) {
    auto& g = e.g;
    if (mode == PRE) g.mov(e.xw(op.n), rax);
    if (mode == POST) {
        if (op.imm) g.add(rax, int32_t(op.imm));
        g.mov(e.xw(op.n), rax);
    }
}

// x[slot]'s low `size` (log2) bytes to [r8 + disp].
void store_reg(Emitter& e, unsigned slot, unsigned size, int disp) {
    auto& g = e.g;
    g.mov(rdx, e.x(slot));
    switch (size) {
        case 0: g.mov(g.byte[r8 + disp], dl); break;
        case 1: g.mov(g.word[r8 + disp], dx); break;
        case 2: g.mov(g.dword[r8 + disp], edx); break;
        default: g.mov(g.qword[r8 + disp], rdx); break;
    }
}

// [r8 + disp], `size` (log2) bytes extended as KIND says, to x[slot].
void load_reg(Emitter& e, unsigned slot, unsigned size, unsigned kind, int disp) {
    auto& g = e.g;
    const auto m8 = g.byte[r8 + disp], m16 = g.word[r8 + disp], m32 = g.dword[r8 + disp];
    switch (size) {
        case 0: kind == 2 ? g.movsx(rdx, m8) : kind == 3 ? g.movsx(edx, m8) : g.movzx(edx, m8); break;
        case 1: kind == 2 ? g.movsx(rdx, m16) : kind == 3 ? g.movsx(edx, m16) : g.movzx(edx, m16); break;
        case 2: kind == 2 ? g.movsxd(rdx, m32) : g.mov(edx, m32); break;
        default: g.mov(rdx, g.qword[r8 + disp]); break;
    }
    g.mov(e.xw(slot), rdx);
}

bool single(Emitter& e, const Op& op, const Single& s) {
    const unsigned size = s.size < 0 ? op.insn >> 30 : unsigned(s.size), bytes = 1u << size;
    host_address(e, op, s.mode, s.kind == 0, bytes, bytes, s.unpriv);
    if (s.kind == 0)
        store_reg(e, op.a, size, 0);
    else
        load_reg(e, op.d, size, s.kind, 0);
    writeback(e, op, s.mode);
    return true;
}

// LDP/STP/LDPSW (op_pair): both registers in one access of twice the register size, each register
// its own single-copy access (so the alignment is the register's); loads write Rt, then Rt2.
struct Pair {
    const char* row;
    unsigned kind;  // 0 store, 1 load, 2 LDPSW
    Mode mode;
};
constexpr Pair kPairs[] = {
    {"STP_post", 0, POST},   {"LDP_post", 1, POST}, {"STP_off", 0, OFF},
    {"LDP_off", 1, OFF},     {"STP_pre", 0, PRE},   {"LDP_pre", 1, PRE},
    {"LDPSW_post", 2, POST}, {"LDPSW_off", 2, OFF}, {"LDPSW_pre", 2, PRE},
};

bool pair(Emitter& e, const Op& op, const Pair& p) {
    const unsigned size = p.kind != 2 && (op.insn >> 31) ? 3 : 2, bytes = 1u << size;
    host_address(e, op, p.mode, p.kind == 0, 2 * bytes, bytes);
    if (p.kind == 0) {
        store_reg(e, op.a, size, 0);
        store_reg(e, op.m, size, int(bytes));
    } else {
        const unsigned kind = p.kind == 2 ? 2 : 1;
        load_reg(e, op.d, size, kind, 0);
        load_reg(e, op.f0, size, kind, int(bytes));
    }
    writeback(e, op, p.mode);
    return true;
}

}  // namespace

Emitted emit_ldst(Emitter& e, const DecodeRow& row, const Op& op) {
    const std::string_view name = row.name;
    for (const Single& s : kSingles)
        if (name == s.row) return single(e, op, s) ? Emitted::op : Emitted::none;
    for (const Pair& p : kPairs)
        if (name == p.row) return pair(e, op, p) ? Emitted::op : Emitted::none;
    return Emitted::none;
}

}  // namespace vp::iss::x64
