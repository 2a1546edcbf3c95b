// A Verilated block's state as bytes, for checkpoints: Verilator's --savable serialization
// (operator<< / operator>> on the model, verilated_save.h) into and out of memory instead of a
// file. Included by the source vp_add_rtl_model() generates.
#pragma once
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <span>
#include <vector>

#include <verilated_save.h>

namespace vp {

class RtlStateSaver final : public VerilatedSerialize {
public:
    RtlStateSaver() { m_isOpen = true; }
    ~RtlStateSaver() override { m_isOpen = false; }
    void flush() override {
        bytes.insert(bytes.end(), m_bufp, m_cp);
        m_cp = m_bufp;
    }
    std::vector<uint8_t> bytes;
};

class RtlStateLoader final : public VerilatedDeserialize {
public:
    explicit RtlStateLoader(std::span<const uint8_t> in) : in_(in) {
        m_isOpen = true;
        m_endp = m_bufp;
    }
    ~RtlStateLoader() override { m_isOpen = false; }
    // Moves what is left to the buffer's start and appends the next bytes of the input.
    void fill() override {
        const size_t left = static_cast<size_t>(m_endp - m_cp);
        std::memmove(m_bufp, m_cp, left);
        m_cp = m_bufp;
        m_endp = m_bufp + left;
        const size_t n = std::min(in_.size() - pos_, bufferSize() - left);
        std::memcpy(m_endp, in_.data() + pos_, n);
        pos_ += n;
        m_endp += n;
    }
    bool consumed_all() const { return pos_ == in_.size() && m_cp == m_endp; }

private:
    std::span<const uint8_t> in_;
    size_t pos_ = 0;
};

}  // namespace vp
