#include "core/register_bank.h"

#include <algorithm>
#include <cstring>

#include <fmt/format.h>

#include "core/error.h"

namespace vp {

namespace {

uint64_t width_mask(unsigned bytes) {
    return bytes >= 8 ? ~0ull : (1ull << (8 * bytes)) - 1;
}

}  // namespace

// ---- RegStorage --------------------------------------------------------------------------

uint64_t RegStorage::get(unsigned index) const {
    switch (bytes_) {
        case 1: return static_cast<const uint8_t*>(ptr_)[index];
        case 2: return static_cast<const uint16_t*>(ptr_)[index];
        case 4: return static_cast<const uint32_t*>(ptr_)[index];
        default: return static_cast<const uint64_t*>(ptr_)[index];
    }
}

void RegStorage::set(unsigned index, uint64_t value) const {
    switch (bytes_) {
        case 1: static_cast<uint8_t*>(ptr_)[index] = static_cast<uint8_t>(value); break;
        case 2: static_cast<uint16_t*>(ptr_)[index] = static_cast<uint16_t>(value); break;
        case 4: static_cast<uint32_t*>(ptr_)[index] = static_cast<uint32_t>(value); break;
        default: static_cast<uint64_t*>(ptr_)[index] = value; break;
    }
}

// ---- Construction --------------------------------------------------------------------------

RegisterBank::RegisterBank(std::string who, trace::LogLevel log_level, BankPolicy policy,
                           std::vector<Register> regs)
    : who_(std::move(who)), log_level_(log_level), policy_(policy), regs_(std::move(regs)) {
    check_and_index();
}

void RegisterBank::check_and_index() {
    auto fail = [&](const Register& r, const std::string& what) {
        throw Error(
            fmt::format("{}: register {} at {:#x}: {}", who_, r.name ? r.name : "(unnamed)", r.offset, what));
    };
    for (uint32_t i = 0; i < regs_.size(); ++i) {
        Register& r = regs_[i];
        if (!r.name || !*r.name) fail(r, "has no name");
        if (r.width != 1 && r.width != 2 && r.width != 4 && r.width != 8)
            fail(r, fmt::format("width {} bytes (1, 2, 4 or 8)", r.width));
        if (r.count == 0) fail(r, "an array of 0 elements");
        if (r.stride == 0) r.stride = r.width;
        if (r.offset % r.width != 0) fail(r, fmt::format("not aligned to its width of {} bytes", r.width));
        if (r.stride < r.width)
            fail(r, fmt::format("stride {} is less than its width {}", r.stride, r.width));
        if (r.stride % r.width != 0)
            fail(r, fmt::format("stride {} leaves elements misaligned (width {})", r.stride, r.width));
        const uint64_t last = r.offset + uint64_t{r.count - 1} * r.stride;
        if (last < r.offset || last > policy_.size || r.width > policy_.size - last)
            fail(r, fmt::format("extends beyond the {:#x}-byte register block", policy_.size));
        if ((r.reset & ~width_mask(r.width)) != 0)
            fail(r, fmt::format("reset value {:#x} does not fit {} bytes", r.reset, r.width));
        if (r.storage && r.storage.bytes() < r.width)
            fail(r, fmt::format("storage of {} bytes for a {}-byte register", r.storage.bytes(), r.width));
        if (r.storage && r.storage.count() != r.count)
            fail(r, fmt::format("storage for {} elements, the register has {}", r.storage.count(), r.count));
        if (r.mode == RegMode::ro && r.write) fail(r, "read-only with a write callback");
        if (r.mode == RegMode::wo && (r.read || r.peek)) fail(r, "write-only with a read callback");
        for (uint32_t e = 0; e < r.count; ++e) slots_.push_back({r.offset + uint64_t{e} * r.stride, i, e});
    }
    std::sort(slots_.begin(), slots_.end(), [](const Slot& a, const Slot& b) { return a.offset < b.offset; });
    for (size_t k = 0; k + 1 < slots_.size(); ++k) {
        const Slot& a = slots_[k];
        const Slot& b = slots_[k + 1];
        if (a.offset + regs_[a.reg].width > b.offset)
            throw Error(fmt::format("{}: registers {} at {:#x} and {} at {:#x} overlap", who_,
                                    element_name(regs_[a.reg], a.index), a.offset,
                                    element_name(regs_[b.reg], b.index), b.offset));
    }
}

void RegisterBank::serve(tlm_utils::simple_target_socket<RegisterBank>& socket) {
    socket.register_b_transport(this, &RegisterBank::b_transport);
    socket.register_transport_dbg(this, &RegisterBank::transport_dbg);
}

void RegisterBank::reset() {
    for (const Register& r : regs_)
        if (r.storage)
            for (unsigned e = 0; e < r.count; ++e) r.storage.set(e, r.reset);
}

// ---- Lookup and names ------------------------------------------------------------------------

const RegisterBank::Slot* RegisterBank::first_slot_after(uint64_t addr) const {
    auto it = std::upper_bound(slots_.begin(), slots_.end(), addr,
                               [](uint64_t a, const Slot& s) { return a < s.offset; });
    return it == slots_.end() ? nullptr : &*it;
}

const RegisterBank::Slot* RegisterBank::slot_at(uint64_t addr) const {
    auto it = std::upper_bound(slots_.begin(), slots_.end(), addr,
                               [](uint64_t a, const Slot& s) { return a < s.offset; });
    if (it == slots_.begin()) return nullptr;
    const Slot& s = *std::prev(it);
    return addr - s.offset < regs_[s.reg].width ? &s : nullptr;
}

std::string RegisterBank::element_name(const Register& r, unsigned index) const {
    return r.count > 1 ? fmt::format("{}{}", r.name, index) : std::string(r.name);
}

std::string RegisterBank::describe(const tlm::tlm_generic_payload& gp) const {
    std::string who = initiator ? initiator(gp) + " " : std::string();
    const unsigned len = gp.get_data_length();
    if (gp.is_write() && gp.get_data_ptr() && len <= 8) {
        uint64_t v = 0;
        std::memcpy(&v, gp.get_data_ptr(), len);
        return fmt::format("{}write of {} bytes ({:#x}) at {:#x}", who, len, v, gp.get_address());
    }
    return fmt::format("{}{} of {} bytes at {:#x}", who, gp.is_write() ? "write" : "read", len,
                       gp.get_address());
}

void RegisterBank::refuse(tlm::tlm_generic_payload& gp, tlm::tlm_response_status response,
                          const std::string& why) {
    gp.set_response_status(response);
    if (log_on(trace::guest_errors, trace::LogLevel::warn))
        trace::write_line(fmt::format("{}: {}: {} ({})", who_, describe(gp), why,
                                      response != raz_wi ? gp.get_response_string()
                                      : gp.is_read()     ? "RAZ/WI: reads as zero"
                                                         : "RAZ/WI: ignored"));
    if (response == raz_wi && gp.is_read() && gp.get_data_ptr())
        std::memset(gp.get_data_ptr(), 0, gp.get_data_length());
}

// ---- Accesses ------------------------------------------------------------------------------

void RegisterBank::trace_access(const tlm::tlm_generic_payload& gp, const Register& r, const RegAccess& a,
                                const char* what, const char* arrow, uint64_t value) const {
    std::string lanes = a.lanes == width_mask(r.width) ? "" : fmt::format(" (lanes {:#x})", a.lanes);
    trace::write_line(fmt::format("{}: {}{} {} {} {:#x}{}", who_, initiator ? initiator(gp) + " " : "", what,
                                  element_name(r, a.index), arrow, value, lanes));
}

uint64_t RegisterBank::read_value(const Register& r, const RegAccess& a) const {
    uint64_t v;
    if (r.read)
        v = r.read(a);
    else if (r.storage)
        v = r.storage.get(a.index);
    else
        v = r.reset;
    return v & width_mask(r.width);
}

void RegisterBank::b_transport(tlm::tlm_generic_payload& gp, sc_core::sc_time& delay) {
    gp.set_dmi_allowed(false);
    if (gp.get_command() == tlm::TLM_IGNORE_COMMAND) {
        gp.set_response_status(tlm::TLM_OK_RESPONSE);
        return;
    }
    const bool is_read = gp.is_read();
    const uint64_t addr = gp.get_address();
    const unsigned len = gp.get_data_length();
    const unsigned char* be = gp.get_byte_enable_ptr();
    const unsigned be_len = gp.get_byte_enable_length();
    if (be && !policy_.byte_enables)
        return refuse(gp, tlm::TLM_BYTE_ENABLE_ERROR_RESPONSE, "byte enables are not supported");
    if (gp.get_streaming_width() < len) return refuse(gp, tlm::TLM_BURST_ERROR_RESPONSE, "streaming access");
    if (len > 8 || !(policy_.sizes >> len & 1) || !gp.get_data_ptr())
        return refuse(gp, policy_.bad_size, "access size not supported");
    if (policy_.aligned && addr % len != 0) return refuse(gp, policy_.misaligned, "not aligned to its size");
    if (addr >= policy_.size || len > policy_.size - addr)
        return refuse(gp, policy_.outside, fmt::format("beyond the {:#x}-byte register block", policy_.size));

    const sc_core::sc_time now = sc_core::sc_time_stamp() + delay;
    if (before_access) before_access(gp, now);

    const Slot* s = slot_at(addr);
    if (!s) {
        const Slot* next = first_slot_after(addr);
        if (next && next->offset - addr < len) {
            const Register& n = regs_[next->reg];
            return refuse(gp, len > n.width ? policy_.bad_size : policy_.misaligned,
                          "partly covers " + element_name(n, next->index));
        }
        return refuse(gp, policy_.gap, "no register");
    }
    const Register& r = regs_[s->reg];
    if (len > r.width)
        return refuse(gp, policy_.bad_size,
                      fmt::format("wider than {} ({} bytes)", element_name(r, s->index), r.width));
    if (addr + len > s->offset + r.width)
        return refuse(gp, policy_.misaligned, "crosses the end of " + element_name(r, s->index));
    if (len < r.width && !r.sub_word && !policy_.sub_word)
        return refuse(
            gp, policy_.bad_size,
            fmt::format("{} is accessed as a whole ({} bytes)", element_name(r, s->index), r.width));
    if (is_read && r.mode == RegMode::wo)
        return refuse(gp, policy_.read_of_write_only, element_name(r, s->index) + " is write-only");
    if (!is_read && r.mode == RegMode::ro)
        return refuse(gp, policy_.write_to_read_only, element_name(r, s->index) + " is read-only");

    const unsigned shift = static_cast<unsigned>(addr - s->offset) * 8;
    uint64_t bytes = width_mask(len);  // the bytes of the payload taking part, as bits
    if (be && be_len) {
        bytes = 0;
        for (unsigned i = 0; i < len; ++i)
            if (be[i % be_len] == TLM_BYTE_ENABLED) bytes |= 0xffull << (8 * i);
    }
    const RegAccess a{gp, now, s->index, bytes << shift, false};
    unsigned char* data = gp.get_data_ptr();
    if (is_read) {
        const uint64_t v = read_value(r, a);
        if (log_on(trace::dev, trace::LogLevel::debug)) trace_access(gp, r, a, "read", "->", v);
        const uint64_t out = v >> shift;
        if (bytes == width_mask(len)) {
            std::memcpy(data, &out, len);
        } else {
            for (unsigned i = 0; i < len; ++i)
                if (bytes >> (8 * i) & 1) data[i] = static_cast<unsigned char>(out >> (8 * i));
        }
    } else {
        uint64_t v = 0;
        std::memcpy(&v, data, len);
        v = (v & bytes) << shift;
        if (log_on(trace::dev, trace::LogLevel::debug)) trace_access(gp, r, a, "write", "<-", v);
        if (r.storage) {
            const uint64_t m = r.writable & a.lanes;
            r.storage.set(s->index, (r.storage.get(s->index) & ~m) | (v & m));
        }
        if (r.write) r.write(a, v);
        if (after_write) after_write(gp);
    }
    gp.set_response_status(tlm::TLM_OK_RESPONSE);
}

unsigned RegisterBank::transport_dbg(tlm::tlm_generic_payload& gp) {
    unsigned char* data = gp.get_data_ptr();
    const uint64_t addr = gp.get_address();
    if (!gp.is_read() || !data || addr >= policy_.size) return 0;  // debug writes are not served
    const uint64_t end = addr + std::min<uint64_t>(gp.get_data_length(), policy_.size - addr);
    const sc_core::sc_time now = sc_core::sc_time_stamp();
    for (uint64_t pos = addr; pos < end;) {
        const Slot* s = slot_at(pos);
        if (!s) {
            const Slot* next = first_slot_after(pos);
            const uint64_t stop = next ? std::min(next->offset, end) : end;
            std::memset(data + (pos - addr), 0, stop - pos);
            pos = stop;
            continue;
        }
        const Register& r = regs_[s->reg];
        const uint64_t stop = std::min(s->offset + r.width, end);
        const unsigned shift = static_cast<unsigned>(pos - s->offset) * 8;
        uint64_t v = 0;
        if (r.mode != RegMode::wo) {
            const RegAccess a{gp, now, s->index, width_mask(static_cast<unsigned>(stop - pos)) << shift,
                              true};
            v = r.peek ? r.peek(a) & width_mask(r.width) : read_value(r, a);
        }
        v >>= shift;
        std::memcpy(data + (pos - addr), &v, stop - pos);
        pos = stop;
    }
    return static_cast<unsigned>(end - addr);
}

}  // namespace vp
