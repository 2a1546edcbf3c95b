#include "platform/cpu_trace.h"

#include <capstone/capstone.h>
#include <fmt/format.h>

#include <mutex>

#include "core/trace.h"
#include "iss/frontend/decoder.h"

namespace vp {

namespace {

class Disassembler {
public:
    Disassembler() {
        if (cs_open(CS_ARCH_ARM64, CS_MODE_LITTLE_ENDIAN, &handle_) != CS_ERR_OK) handle_ = 0;
    }
    ~Disassembler() {
        if (handle_) cs_close(&handle_);
    }
    std::string text(uint32_t insn, uint64_t pc) {
        std::lock_guard lock(mutex_);
        if (!handle_) return "(no disassembler)";
        uint8_t bytes[4] = {uint8_t(insn), uint8_t(insn >> 8), uint8_t(insn >> 16), uint8_t(insn >> 24)};
        cs_insn* out = nullptr;
        size_t n = cs_disasm(handle_, bytes, 4, pc, 1, &out);
        std::string s;
        if (n == 0) {
            s = fmt::format(".inst 0x{:08x}", insn);
        } else {
            s = out[0].mnemonic;
            if (out[0].op_str[0]) s += fmt::format(" {}", out[0].op_str);
            cs_free(out, n);
        }
        return s;
    }

private:
    csh handle_ = 0;
    std::mutex mutex_;
};

Disassembler& disassembler() {
    static Disassembler d;
    return d;
}

bool tb_in_filter(const iss::TB& tb) {
    return trace::dfilter_allows(tb.pc, tb.pc + 4 * uint64_t(tb.n_insns ? tb.n_insns : 1) - 1);
}

void log_in_asm(const iss::Cpu& cpu, const iss::TB& tb) {
    std::string out = fmt::format("----------------\nIN: cpu{} EL{}\n", cpu.core_id(), tb.key & 3);
    uint64_t last = ~0ull;
    for (const iss::Op& op : tb.ops) {
        if (op.pc == last || op.idx >= tb.n_insns) continue;  // inserted checks; the block-end goto
        last = op.pc;
        if (op.fn == iss::builtin_op_fn(iss::BuiltinOp::breakpoint)) {
            out += fmt::format("0x{:016x}:  (debugger breakpoint)\n", op.pc);
            continue;
        }
        out += fmt::format("0x{:016x}:  {:08x}      {}\n", op.pc, op.insn, disassemble_a64(op.insn, op.pc));
    }
    trace::write_line(out);
}

std::string reg_name(uint8_t slot) {
    if (slot == iss::Cpu::kSP) return "sp";
    if (slot == iss::Cpu::kSink) return "zr(w)";
    if (slot == iss::Cpu::kZR) return "zr";
    return fmt::format("{}", slot);
}

void log_out_asm(const iss::Cpu& cpu, const iss::TB& tb) {
    std::string out = fmt::format("OUT: cpu{} [tb 0x{:016x} pa 0x{:x}, {} insns, {} ops]\n", cpu.core_id(),
                                  tb.pc, tb.pa, tb.n_insns, tb.ops.size());
    const iss::Decoder& dec = iss::Decoder::instance();
    for (const iss::Op& op : tb.ops) {
        std::string name;
        if (const char* b = iss::builtin_op_name(op.fn)) {
            name = b;
        } else if (const iss::DecodeRow* row = dec.decode(op.insn)) {
            name = row->name;
        } else {
            name = "?";
        }
        std::string args = fmt::format("d={} n={} m={} a={}", reg_name(op.d), reg_name(op.n), reg_name(op.m),
                                       reg_name(op.a));
        if (op.imm) args += fmt::format(" imm=0x{:x}", op.imm);
        if (op.imm2) args += fmt::format(" imm2=0x{:x}", op.imm2);
        if (op.f0 || op.f1 || op.f2 || op.f3)
            args += fmt::format(" f={},{},{},{}", op.f0, op.f1, op.f2, op.f3);
        out += fmt::format("  {:>4} 0x{:016x}  {:<22} {}\n", op.idx, op.pc, name, args);
    }
    trace::write_line(out);
}

// The x86-64 tier's code for a block, disassembled by capstone's x86 mode (-d out_asm, JIT).
void log_host_asm(const iss::Cpu& cpu, const iss::TB& tb) {
    static std::mutex mutex;
    static csh handle = [] {
        csh h = 0;
        return cs_open(CS_ARCH_X86, CS_MODE_64, &h) == CS_ERR_OK ? h : csh(0);
    }();
    std::string out = fmt::format("OUT: cpu{} [tb 0x{:016x} host code at {}, {} bytes]\n", cpu.core_id(),
                                  tb.pc, reinterpret_cast<const void*>(tb.host), tb.host_size);
    std::lock_guard lock(mutex);
    const auto* code = reinterpret_cast<const uint8_t*>(tb.host);
    cs_insn* insn = nullptr;
    const size_t n =
        handle ? cs_disasm(handle, code, tb.host_size, reinterpret_cast<uint64_t>(code), 0, &insn) : 0;
    for (size_t i = 0; i < n; ++i)
        out += fmt::format("  0x{:x}:  {} {}\n", insn[i].address, insn[i].mnemonic, insn[i].op_str);
    if (n) cs_free(insn, n);
    if (!handle) out += "  (no x86 disassembler)\n";
    trace::write_line(out);
}

void log_exec(const iss::Cpu& cpu, const iss::TB& tb) {
    trace::write_line(
        fmt::format("Trace cpu{}: 0x{:016x} [EL{}, {} insns]", cpu.core_id(), tb.pc, tb.key & 3, tb.n_insns));
}

void log_cpu(const iss::Cpu& cpu) {
    std::string out;
    for (unsigned i = 0; i < 31; ++i)
        out += fmt::format("{}X{:02}={:016x}", i % 4 ? " " : (i ? "\n" : ""), i, cpu.xreg(i));
    const uint32_t nz = cpu.nzcv;
    out += fmt::format(" SP={:016x}\nPC={:016x} PSTATE={:08x} {}{}{}{} EL{}{} DAIF={:x}{}\n", cpu.sp(),
                       cpu.pc, cpu.pstate(), nz & (1u << 31) ? 'N' : '-', nz & (1u << 30) ? 'Z' : '-',
                       nz & (1u << 29) ? 'C' : '-', nz & (1u << 28) ? 'V' : '-', cpu.el,
                       cpu.spsel ? "h" : "t", (cpu.daif >> 6) & 0xF, cpu.il ? " IL" : "");
    if (cpu.fp_enabled()) {
        for (unsigned i = 0; i < 32; ++i)
            out += fmt::format("{}V{:02}={:016x}:{:016x}", i % 2 ? " " : (i ? "\n" : ""), i, cpu.v[i][1],
                               cpu.v[i][0]);
        out += fmt::format("\nFPCR={:08x} FPSR={:08x}\n", cpu.fpcr, cpu.fpsr);
    }
    trace::write_line(fmt::format("cpu{}:\n{}", cpu.core_id(), out));
}

const char* ec_name(unsigned ec) {
    switch (ec) {
        case 0x00: return "unknown/undefined";
        case 0x01: return "wfi/wfe";
        case 0x07: return "fp/simd access";
        case 0x0E: return "illegal state";
        case 0x15: return "svc";
        case 0x16: return "hvc";
        case 0x17: return "smc";
        case 0x18: return "msr/mrs/sys";
        case 0x20: return "instruction abort (lower EL)";
        case 0x21: return "instruction abort";
        case 0x22: return "pc alignment";
        case 0x24: return "data abort (lower EL)";
        case 0x25: return "data abort";
        case 0x26: return "sp alignment";
        case 0x3C: return "brk";
        default: return "?";
    }
}

void log_exception(const iss::Cpu& cpu, iss::ExceptionKind kind, uint32_t esr, uint64_t far,
                   unsigned from_el) {
    static const char* const kinds[] = {"sync", "irq", "fiq", "serror"};
    const uint64_t elr = cpu.read_sysreg(iss::SysReg::ELR_EL1);
    std::string what = kinds[unsigned(kind) & 3];
    if (kind == iss::ExceptionKind::sync) {
        unsigned ec = esr >> 26;
        what += fmt::format(" EC=0x{:02x} ({}) ESR=0x{:08x}", ec, ec_name(ec), esr);
        if (ec == 0x20 || ec == 0x21 || ec == 0x22 || ec == 0x24 || ec == 0x25)
            what += fmt::format(" FAR=0x{:x}", far);
    }
    trace::write_line(fmt::format("int: cpu{} {} ELR=0x{:x} SPSR=0x{:x} EL{} -> EL{} vector 0x{:x}",
                                  cpu.core_id(), what, elr, cpu.read_sysreg(iss::SysReg::SPSR_EL1), from_el,
                                  cpu.el, cpu.pc));
}

void log_eret(const iss::Cpu& cpu, unsigned from_el) {
    trace::write_line(fmt::format("int: cpu{} eret EL{} -> EL{} pc=0x{:x} SPSR=0x{:x}{}", cpu.core_id(),
                                  from_el, cpu.el, cpu.pc, cpu.read_sysreg(iss::SysReg::SPSR_EL1),
                                  cpu.il ? " (illegal return)" : ""));
}

const char* fault_name(unsigned fsc) {
    switch (fsc & 0x3C) {
        case 0x00: return "address size fault";
        case 0x04: return "translation fault";
        case 0x08: return "access flag fault";
        case 0x0C: return "permission fault";
        case 0x10: return "external abort";
        case 0x14: return "external abort on walk";
        default: return "fault";
    }
}

void log_mmu(const iss::Cpu& cpu, const iss::MmuTrace& t) {
    if (!trace::dfilter_allows(t.va, t.va)) return;
    if (t.fsc) {
        trace::write_line(fmt::format("mmu: cpu{} {} va=0x{:x}: {} level {} (FSC 0x{:02x})", cpu.core_id(),
                                      t.access, t.va, fault_name(t.fsc), t.fsc & 3, t.fsc));
        return;
    }
    auto perm = [&](uint8_t r, uint8_t w, uint8_t x) {
        return fmt::format("{}{}{}", t.perm & r ? 'r' : '-', t.perm & w ? 'w' : '-', t.perm & x ? 'x' : '-');
    };
    const char* size = t.shift == 12   ? "4K page"
                       : t.shift == 21 ? "2M block"
                       : t.shift == 30 ? "1G block"
                                       : "block";
    trace::write_line(fmt::format("mmu: cpu{} {} va=0x{:x} -> pa=0x{:x} ({}, attr=0x{:02x}, el1 {} el0 {})",
                                  cpu.core_id(), t.access, t.va, t.pa, size, t.attr, perm(1, 2, 4),
                                  perm(8, 16, 32)));
}

}  // namespace

std::string disassemble_a64(uint32_t insn, uint64_t pc) {
    return disassembler().text(insn, pc);
}

void install_cpu_trace_hooks(iss::CpuHooks& hooks) {
    const bool in = trace::in_asm.on(), out = trace::out_asm.on();
    if (in || out)
        hooks.tb_translated = [in, out](const iss::Cpu& cpu, const iss::TB& tb) {
            if (!tb_in_filter(tb)) return;
            if (in) log_in_asm(cpu, tb);
            if (out) log_out_asm(cpu, tb);
        };
    if (out)
        hooks.host_compiled = [](const iss::Cpu& cpu, const iss::TB& tb) {
            if (tb_in_filter(tb)) log_host_asm(cpu, tb);
        };
    const bool ex = trace::exec.on(), regs = trace::cpu.on();
    if (ex || regs)
        hooks.tb_exec = [ex, regs](const iss::Cpu& cpu, const iss::TB& tb) {
            if (!tb_in_filter(tb)) return;
            if (regs) log_cpu(cpu);
            if (ex) log_exec(cpu, tb);
        };
    if (trace::interrupts.on()) {
        hooks.exception_taken = log_exception;
        hooks.exception_return = log_eret;
    }
    if (trace::mmu.on()) hooks.mmu_walk = log_mmu;
    if (trace::nochain.on()) hooks.no_chain = true;
}

}  // namespace vp
