// The host-code buffer of the x86-64 tier: one memory file mapped twice, a writable view the
// emitter fills and an executable view the CPU runs, so no page is ever writable and executable
// at the same address (W^X). Space is handed out bump-pointer style; when it is exhausted the
// owner drops every translation and calls reset().
#pragma once
#include <cstddef>
#include <cstdint>

namespace vp::iss::x64 {

class CodeBuffer {
public:
    static constexpr size_t kDefaultSize = size_t(64) << 20;

    explicit CodeBuffer(size_t size = kDefaultSize);  // throws std::runtime_error when mapping fails
    ~CodeBuffer();
    CodeBuffer(const CodeBuffer&) = delete;
    CodeBuffer& operator=(const CodeBuffer&) = delete;

    size_t capacity() const { return size_; }
    size_t used() const { return used_; }
    size_t room() const { return size_ - used_; }

    // Start of the unused space, in the writable view; commit(n) takes n bytes of it.
    uint8_t* write_cursor() { return write_ + used_; }
    void commit(size_t n) { used_ += (n + 15) & ~size_t(15); }
    void reset() { used_ = 0; }

    // The same byte in the other view. Relative jumps between blocks are computed on exec addresses.
    const uint8_t* exec_of(const uint8_t* w) const { return exec_ + (w - write_); }
    uint8_t* write_of(const uint8_t* x) { return write_ + (x - exec_); }
    bool contains_exec(const void* p) const {
        auto* b = static_cast<const uint8_t*>(p);
        return b >= exec_ && b < exec_ + size_;
    }

private:
    size_t size_;
    size_t used_ = 0;
    uint8_t* write_ = nullptr;
    const uint8_t* exec_ = nullptr;
};

}  // namespace vp::iss::x64
