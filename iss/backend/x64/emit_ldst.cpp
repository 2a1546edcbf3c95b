// Inline x86-64 forms of the single-register integer loads and stores (ARM ARM C4.1.88): the
// address as iss/semantics/ldst_addr.h computes it, the host-pointer cache's tag compare and
// in-page check (Cpu::host_ptr), then one host access. Anything else (a miss, a page crossing, a
// misaligned access where the block checks alignment, a store to a page that may hold an exclusive
// reservation) side-exits to the interpreter's op, which performs the access whole.
#include <string_view>

#include "iss/backend/x64/emit.h"

namespace vp::iss::x64 {
namespace {

using namespace Xbyak::util;

enum Mode { OFF, PRE, POST, REG };
// KIND: 0 store, 1 load (zero-extend), 2 load sign-extended to 64 bits, 3 sign-extended to 32.
struct Single {
    const char* row;
    unsigned kind;
    Mode mode;
    int size;  // log2 bytes, or -1: bits 31:30
};
constexpr Single kSingles[] = {
    {"STUR", 0, OFF, -1},         {"LDUR", 1, OFF, -1},         {"LDURS_x", 2, OFF, -1},
    {"LDURSW", 2, OFF, 2},        {"LDURS_w", 3, OFF, -1},      {"STR_post", 0, POST, -1},
    {"LDR_post", 1, POST, -1},    {"LDRS_x_post", 2, POST, -1}, {"LDRSW_post", 2, POST, 2},
    {"LDRS_w_post", 3, POST, -1}, {"STR_pre", 0, PRE, -1},      {"LDR_pre", 1, PRE, -1},
    {"LDRS_x_pre", 2, PRE, -1},   {"LDRSW_pre", 2, PRE, 2},     {"LDRS_w_pre", 3, PRE, -1},
    {"STR_reg", 0, REG, -1},      {"LDR_reg", 1, REG, -1},      {"LDRS_x_reg", 2, REG, -1},
    {"LDRSW_reg", 2, REG, 2},     {"LDRS_w_reg", 3, REG, -1},   {"STR_uimm", 0, OFF, -1},
    {"LDR_uimm", 1, OFF, -1},     {"LDRS_x_uimm", 2, OFF, -1},  {"LDRSW_uimm", 2, OFF, 2},
    {"LDRS_w_uimm", 3, OFF, -1},
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

bool single(Emitter& e, const Op& op, const Single& s) {
    auto& g = e.g;
    const unsigned size = s.size < 0 ? op.insn >> 30 : unsigned(s.size), bytes = 1u << size;
    Xbyak::Label& miss = e.side_exit(op.idx);
    // rax: the address.
    g.mov(rax, e.x(op.n));
    if (s.mode == REG) {
        index_operand(e, op);
        g.add(rax, rcx);
    } else if (s.mode != POST && op.imm) {
        g.add(rax, int32_t(op.imm));  // imm9 or imm12 << size: within int32
    }
    if (e.align_checked && bytes > 1) {
        g.test(al, bytes - 1);
        g.jnz(miss, Xbyak::CodeGenerator::T_NEAR);
    }
    // rsi: the host-cache entry; rdx: the VA's page number; ecx: the offset in the page.
    const size_t tlb = s.kind == 0 ? offsetof(CpuState, wtlb) : offsetof(CpuState, rtlb);
    g.mov(rdx, rax);
    g.shr(rdx, 12);
    g.movzx(esi, dl);  // (va >> 12) & (kHostTlbSize - 1)
    static_assert(CpuState::kHostTlbSize == 256 && sizeof(HostTlbEntry) == 32);
    g.shl(esi, 5);
    g.lea(rsi, g.ptr[e.state + rsi + tlb]);
    g.cmp(rdx, g.qword[rsi + offsetof(HostTlbEntry, tag)]);
    g.jne(miss, Xbyak::CodeGenerator::T_NEAR);
    g.mov(ecx, eax);
    g.and_(ecx, 0xfff);
    g.cmp(ecx, 0x1000 - bytes);
    g.ja(miss, Xbyak::CodeGenerator::T_NEAR);
    if (s.kind == 0) {  // a store needs its physical page's bit clear in *excl_page_bits
        g.mov(rdx, g.qword[e.state + offsetof(CpuState, excl_page_bits)]);
        g.mov(rdx, g.qword[rdx]);
        g.mov(r8, g.qword[rsi + offsetof(HostTlbEntry, ppage)]);
        g.bt(rdx, r8);  // bit (ppage & 63)
        g.jc(miss, Xbyak::CodeGenerator::T_NEAR);
    }
    g.mov(r8, g.qword[rsi + offsetof(HostTlbEntry, host)]);
    g.add(r8, rcx);
    if (s.kind == 0) {
        g.mov(rdx, e.x(op.a));
        switch (size) {
            case 0: g.mov(g.byte[r8], dl); break;
            case 1: g.mov(g.word[r8], dx); break;
            case 2: g.mov(g.dword[r8], edx); break;
            default: g.mov(g.qword[r8], rdx); break;
        }
    } else {
        switch (size) {
            case 0:
                s.kind == 2   ? g.movsx(rdx, g.byte[r8])
                : s.kind == 3 ? g.movsx(edx, g.byte[r8])
                              : g.movzx(edx, g.byte[r8]);
                break;
            case 1:
                s.kind == 2   ? g.movsx(rdx, g.word[r8])
                : s.kind == 3 ? g.movsx(edx, g.word[r8])
                              : g.movzx(edx, g.word[r8]);
                break;
            case 2: s.kind == 2 ? g.movsxd(rdx, g.dword[r8]) : g.mov(edx, g.dword[r8]); break;
            default: g.mov(rdx, g.qword[r8]); break;
        }
        g.mov(e.x(op.d), rdx);
    }
    if (s.mode == PRE) g.mov(e.x(op.n), rax);
    if (s.mode == POST) {
        if (op.imm) g.add(rax, int32_t(op.imm));
        g.mov(e.x(op.n), rax);
    }
    return true;
}

}  // namespace

Emitted emit_ldst(Emitter& e, const DecodeRow& row, const Op& op) {
    const std::string_view name = row.name;
    for (const Single& s : kSingles)
        if (name == s.row) return single(e, op, s) ? Emitted::op : Emitted::none;
    return Emitted::none;
}

}  // namespace vp::iss::x64
