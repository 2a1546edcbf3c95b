// Guest code -> translation block: decode each word once, let the row's translate function
// fill the op, stop at a block-ending instruction, 64 instructions or the page end.
#include <cstdio>
#include <cstring>

#include "iss/core/cpu.h"
#include "iss/frontend/builder.h"
#include "iss/frontend/decoder.h"

namespace vp::iss {

OpFn undefined_op();

namespace {
const Op* op_goto(Cpu& c, const Op* o) {
    return c.exit_to(o->imm, 0);
}

// SP alignment check (ARM ARM D1.8.2): with SCTLR_EL1.SA (EL1) / SA0 (EL0) set, a load or store
// whose base register is SP must find SP 16-byte aligned. Inserted before such accesses only when
// enabled; SCTLR_EL1 writes retranslate everything.
const Op* op_sp_align(Cpu& c, const Op* o) {
    if (c.x[Cpu::kSP] & 15) [[unlikely]]
        return c.raise(o, ec::sp_align, 0);
    return next(c, o);
}

// CPACR_EL1.FPEN traps an FP/SIMD instruction that decoded validly (ARM ARM D1.11.5,
// CheckFPAdvSIMDEnabled64): EC 0x07, ISS CV = 1 and COND = 0b1110 for A64 instructions.
const Op* op_fp_trap(Cpu& c, const Op* o) {
    return c.raise(o, ec::fp_access, (1u << 24) | (0xEu << 20));
}

const Op* op_breakpoint(Cpu& c, const Op* o) {
    c.breakpoint_hit = true;
    c.exit_req = true;
    c.partial = o->idx;
    return c.exit_to(o->pc, -1);
}
}  // namespace

bool is_fpsimd_section(const char* section) {
    return std::strncmp(section, "fp_", 3) == 0 || std::strncmp(section, "simd", 4) == 0 ||
           std::strncmp(section, "ldst_simd", 9) == 0;
}

OpFn fp_trap_op() {
    return op_fp_trap;
}

OpFn builtin_op_fn(BuiltinOp which) {
    switch (which) {
        case BuiltinOp::goto_next: return op_goto;
        case BuiltinOp::sp_align: return op_sp_align;
        case BuiltinOp::fp_trap: return op_fp_trap;
        case BuiltinOp::breakpoint: return op_breakpoint;
        case BuiltinOp::undefined: return undefined_op();
    }
    return nullptr;
}

const char* builtin_op_name(OpFn fn) {
    if (fn == op_goto) return "goto (block end)";
    if (fn == op_sp_align) return "sp_align_check";
    if (fn == op_fp_trap) return "fp_trap (CPACR_EL1.FPEN)";
    if (fn == op_breakpoint) return "debugger_breakpoint";
    if (fn == undefined_op()) return "undefined";
    return nullptr;
}

// `pa` is the physical address of `start` (the caller translated the fetch).
TB* Cpu::translate_tb(uint64_t start, uint64_t pa, unsigned max_insns, bool ignore_breakpoints) {
    uint8_t* host = mem_.host_page(pa & ~0xfffull, false);
    if (!host) {  // instruction abort, IFSC 0x10 synchronous external abort (D17.2.37)
        take_exception(ExceptionKind::sync,
                       ((el == 0 ? ec::iabort_lower : ec::iabort_same) << 26) | (1u << 25) | 0x10, start,
                       start);
        return nullptr;
    }
    const Decoder& dec = Decoder::instance();
    auto* tb = new TB;
    tb->pc = start;
    tb->pa = pa;
    tb->key = state_key();
    tb->ops.reserve(16);
    Fields f;
    const uint64_t sctlr = sr[size_t(SysReg::SCTLR_EL1)];
    const bool sp_check = (sctlr >> (el == 0 ? 4 : 3)) & 1;  // SA0 / SA
    uint64_t addr = start;
    bool ended = false;
    for (unsigned i = 0; i < max_insns && !ended; ++i, addr += 4) {
        if (i && (addr & 0xfff) == 0) break;
        if (!breakpoints_.empty() && !ignore_breakpoints && is_breakpoint(addr)) {
            if (i) break;  // the breakpoint starts its own block
            Op op;
            op.fn = op_breakpoint;
            op.pc = addr;
            tb->ops.push_back(op);
            ended = true;
            break;
        }
        uint32_t insn;
        std::memcpy(&insn, host + (pa & 0xfff) + (addr - start), 4);
        Op op;
        op.pc = addr;
        op.idx = uint16_t(i);
        op.insn = insn;
        Builder b{*this, op};
        const DecodeRow* row = dec.decode(insn);
        bool ok = false;
        if (row) {
            b.row = row;
            dec.extract(*row, insn, f);
            f.pc = addr;
            ok = row->translate(b, f);
        }
        if (!ok) {
            op = Op{};
            op.pc = addr;
            op.idx = uint16_t(i);
            op.insn = insn;
            op.fn = undefined_op();
            b.end = true;
            if (hooks_.unimp) {
                char buf[96];
                std::snprintf(buf, sizeof buf, "pc=0x%llx insn=0x%08x %s: ", (unsigned long long)addr, insn,
                              row ? row->name : "no table row");
                hooks_.unimp(buf +
                             (b.why.empty() ? std::string("unallocated or unimplemented encoding") : b.why));
            }
        }
        if (ok && !fp_enabled() && is_fpsimd_section(row->section)) {
            op.fn = op_fp_trap;
            b.end = true;
        }
        if (ok && op.n == kSP && sp_check && std::strncmp(row->section, "ldst", 4) == 0) {
            Op check;
            check.fn = op_sp_align;
            check.pc = addr;
            check.idx = uint16_t(i);
            check.insn = insn;
            tb->ops.push_back(check);
        }
        tb->ops.push_back(op);
        ++tb->n_insns;
        ended = b.end;
    }
    if (!ended) {
        Op op;
        op.fn = op_goto;
        op.imm = addr;
        op.pc = addr;
        op.idx = uint16_t(tb->n_insns);
        tb->ops.push_back(op);
    }
    return tb;
}

}  // namespace vp::iss
