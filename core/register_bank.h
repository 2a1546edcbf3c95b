// A device's memory-mapped registers, declared as a table after its datasheet, and the TLM-2.0
// target behaviour every device shares: access sizes, alignment, byte lanes, the response to a
// bad access, gaps, read-only and write-only registers, tracing by register name and debug
// reads without side effects. A model declares its registers and writes the callbacks for
// the bits that do something; the bank does the rest.
//
//   regs_(fmt::format("pl011 '{}'", config_.name), log_level(), policy, {
//       {.name = "UARTCR", .offset = 0x30, .reset = 0x300, .writable = 0xFF87, .storage = cr_,
//        .write = [this] { write_cr(); }},
//       {.name = "UARTICR", .offset = 0x44, .mode = RegMode::wo, .write = [this](uint64_t v) { ... }},
//   })
//
// Reads: `read` if the register has one, else its storage, else `reset` (a constant, e.g. an ID
// register). Writes: the `writable` bits of the bytes written go to storage, then `write` is
// called with the value as written (bytes outside the access are zero; RegAccess::lanes says
// which bits it covers). A register without storage and without `write` ignores writes.
//
// Every access is traced by register name under `-d dev` or the device's own `log` level
// (debug); every refused access is logged under `-d guest_errors` (warn) with the declared
// response: RAZ/WI (TLM_OK_RESPONSE, reads return zero) or a TLM error status.
// A bank never grants DMI and adds no latency (the router's read_latency/write_latency do).
#pragma once
#include <tlm_utils/simple_target_socket.h>

#include <array>
#include <bit>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <string>
#include <type_traits>
#include <vector>

#include <systemc>
#include <tlm>

#include "core/trace.h"

namespace vp {

static_assert(std::endian::native == std::endian::little, "register banks assume a little-endian host");

// What a register callback is told about the access it serves.
struct RegAccess {
    const tlm::tlm_generic_payload& gp;  // the transaction (extensions name the initiator's core)
    sc_core::sc_time now;                // when it happens: sc_time_stamp() + the annotated delay
    unsigned index;                      // the element of an array register, 0 for a single one
    uint64_t lanes;                      // the register bits the access covers (its byte lanes)
    bool debug;                          // transport_dbg: a peek that must change nothing
};

namespace reg_detail {
template <class F>
concept ReadsAccess = std::is_invocable_r_v<uint64_t, F&, const RegAccess&>;
template <class F>
concept ReadsPlain = std::is_invocable_r_v<uint64_t, F&> && !ReadsAccess<F>;
template <class F>
concept WritesAccess = std::is_invocable_v<F&, const RegAccess&, uint64_t>;
template <class F>
concept WritesValue = std::is_invocable_v<F&, uint64_t> && !WritesAccess<F>;
template <class F>
concept WritesNothing = std::is_invocable_v<F&>;
template <class T>
concept Unsigned = std::is_unsigned_v<T> && !std::is_same_v<T, bool>;
}  // namespace reg_detail

// A read callback: uint64_t(const RegAccess&), or uint64_t() when the access does not matter.
class RegRead {
public:
    RegRead() = default;
    template <reg_detail::ReadsAccess F>
    RegRead(F f) : fn_(std::move(f)) {}
    template <reg_detail::ReadsPlain F>
    RegRead(F f) : fn_([f = std::move(f)](const RegAccess&) mutable -> uint64_t { return f(); }) {}
    explicit operator bool() const { return static_cast<bool>(fn_); }
    uint64_t operator()(const RegAccess& a) const { return fn_(a); }

private:
    std::function<uint64_t(const RegAccess&)> fn_;
};

// A write callback: void(const RegAccess&, uint64_t value), void(uint64_t value) or void().
class RegWrite {
public:
    RegWrite() = default;
    template <reg_detail::WritesAccess F>
    RegWrite(F f) : fn_(std::move(f)) {}
    template <reg_detail::WritesValue F>
    RegWrite(F f) : fn_([f = std::move(f)](const RegAccess&, uint64_t v) mutable { f(v); }) {}
    template <reg_detail::WritesNothing F>
    RegWrite(F f) : fn_([f = std::move(f)](const RegAccess&, uint64_t) mutable { f(); }) {}
    explicit operator bool() const { return static_cast<bool>(fn_); }
    void operator()(const RegAccess& a, uint64_t value) const { fn_(a, value); }

private:
    std::function<void(const RegAccess&, uint64_t)> fn_;
};

enum class RegMode : uint8_t { rw, ro, wo };

// Where a register keeps its value: a member of the model (an unsigned integer, or an array of
// them for an array register), so the model's code reads it as a plain variable.
class RegStorage {
public:
    RegStorage() = default;
    template <reg_detail::Unsigned T>
    RegStorage(T& value) : ptr_(&value), bytes_(sizeof(T)), count_(1) {}
    template <reg_detail::Unsigned T, size_t N>
    RegStorage(T (&values)[N]) : ptr_(values), bytes_(sizeof(T)), count_(N) {}
    template <reg_detail::Unsigned T, size_t N>
    RegStorage(std::array<T, N>& values) : ptr_(values.data()), bytes_(sizeof(T)), count_(N) {}

    explicit operator bool() const { return ptr_ != nullptr; }
    unsigned bytes() const { return bytes_; }
    unsigned count() const { return count_; }
    uint64_t get(unsigned index) const;
    void set(unsigned index, uint64_t value) const;

private:
    void* ptr_ = nullptr;
    unsigned bytes_ = 0;
    unsigned count_ = 0;
};

// One register, or an array of `count` registers `stride` bytes apart (NAMEn, n = 0..count-1).
struct Register {
    const char* name;
    uint64_t offset;
    unsigned width = 4;   // bytes: 1, 2, 4 or 8; the offset and the stride are multiples of it
    unsigned count = 1;   // elements of an array
    uint64_t stride = 0;  // bytes from one element to the next; 0: the width
    RegMode mode = RegMode::rw;
    uint64_t reset = 0;         // storage out of reset; without storage and `read`: the value read
    uint64_t writable = ~0ull;  // the storage bits a write changes
    bool sub_word = false;      // accesses narrower than the width are allowed (byte lanes)
    RegStorage storage{};
    RegRead read{};    // the value read, instead of storage or `reset`
    RegWrite write{};  // after storage is updated (or instead, without storage)
    RegRead peek{};    // for a register whose read has side effects (a FIFO pop, an acknowledge):
                       // what a debugger reads instead; debug reads never call `read` then
};

// The response to a refused access: raz_wi, or a TLM error status.
inline constexpr tlm::tlm_response_status raz_wi = tlm::TLM_OK_RESPONSE;

// Bank-wide access rules, after the device's datasheet (and its bus: APB, AXI, ...).
struct BankPolicy {
    // Access sizes in bytes that the bank accepts at all: bit n set = n bytes (sizes_of).
    uint32_t sizes = 1u << 4;
    bool aligned = true;        // accesses at a multiple of their size (else: anywhere in a register)
    bool sub_word = false;      // every register takes accesses narrower than its width
    bool byte_enables = false;  // byte enables honoured (else TLM_BYTE_ENABLE_ERROR_RESPONSE)
    uint64_t size = ~0ull;      // the block's extent; registers must lie within it
    tlm::tlm_response_status bad_size = raz_wi;    // a size not accepted, or wider than the register
                                                   // or narrower without `sub_word`
    tlm::tlm_response_status misaligned = raz_wi;  // not at a multiple of its size / across registers
    tlm::tlm_response_status gap = raz_wi;         // no register at the address
    tlm::tlm_response_status read_of_write_only = raz_wi;
    tlm::tlm_response_status write_to_read_only = raz_wi;
    tlm::tlm_response_status outside = tlm::TLM_ADDRESS_ERROR_RESPONSE;  // beyond `size`

    static constexpr uint32_t sizes_of(std::initializer_list<unsigned> bytes) {
        uint32_t s = 0;
        for (unsigned b : bytes) s |= 1u << b;
        return s;
    }
};

class RegisterBank {
public:
    // `who` names the device in log lines and errors ("pl011 'uart0'"); `log_level` is the
    // device's own (Device::log_level()). Throws vp::Error for a register that is misaligned,
    // overlaps another, lies beyond policy.size or whose storage does not fit it.
    RegisterBank(std::string who, trace::LogLevel log_level, BankPolicy policy, std::vector<Register> regs);

    // The TLM target: bind a socket to the bank (serve), or call these from the model's own.
    void b_transport(tlm::tlm_generic_payload& gp, sc_core::sc_time& delay);
    unsigned transport_dbg(tlm::tlm_generic_payload& gp);  // reads only; no side effects
    void serve(tlm_utils::simple_target_socket<RegisterBank>& socket);

    void reset();  // every register with storage takes its reset value

    // Answers `gp` as refused with `response`, logged under guest_errors with `why` (for checks
    // only the model can make, e.g. an access from a core a banked register has no copy for).
    void refuse(tlm::tlm_generic_payload& gp, tlm::tlm_response_status response, const std::string& why);

    // Optional hooks. before_access: every timed access of an accepted size within the block,
    // before its register is looked up (lazily evaluated state catches up to `now`).
    // after_write: after a write reached a register (outputs recomputed once per access).
    // initiator: names the initiator in log lines (e.g. "core 1" for banked registers).
    std::function<void(const tlm::tlm_generic_payload&, sc_core::sc_time now)> before_access;
    std::function<void(const tlm::tlm_generic_payload&)> after_write;
    std::function<std::string(const tlm::tlm_generic_payload&)> initiator;

    const std::string& who() const { return who_; }
    const std::vector<Register>& registers() const { return regs_; }

private:
    struct Slot {  // one register element, sorted by offset
        uint64_t offset;
        uint32_t reg;
        uint32_t index;
    };
    void check_and_index();
    const Slot* slot_at(uint64_t addr) const;
    const Slot* first_slot_after(uint64_t addr) const;
    uint64_t read_value(const Register& r, const RegAccess& a) const;
    std::string element_name(const Register& r, unsigned index) const;
    std::string describe(const tlm::tlm_generic_payload& gp) const;
    void trace_access(const tlm::tlm_generic_payload& gp, const Register& r, const RegAccess& a,
                      const char* what, const char* arrow, uint64_t value) const;
    bool log_on(const TraceFlag& flag, trace::LogLevel level) const {
        return flag.on() || level <= log_level_;
    }

    std::string who_;
    trace::LogLevel log_level_;
    BankPolicy policy_;
    std::vector<Register> regs_;
    std::vector<Slot> slots_;
};

}  // namespace vp
