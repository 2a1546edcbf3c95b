// The x86-64 tier's code buffer: code written through the writable view runs from the executable
// view, and no mapping of it is ever both writable and executable (W^X).
#include <gtest/gtest.h>
#include <xbyak/xbyak.h>

#include <fstream>
#include <sstream>
#include <string>

#include "iss/backend/x64/code_buffer.h"

using vp::iss::x64::CodeBuffer;

namespace {

// Permissions ("rw-p", "r-xs", ...) of the mapping that holds `addr`, from /proc/self/maps.
std::string perms_of(const void* addr) {
    std::ifstream maps("/proc/self/maps");
    std::string line;
    const auto a = reinterpret_cast<uintptr_t>(addr);
    while (std::getline(maps, line)) {
        uintptr_t lo, hi;
        char dash;
        std::string perms;
        std::istringstream in(line);
        in >> std::hex >> lo >> dash >> hi >> perms;
        if (a >= lo && a < hi) return perms;
    }
    return {};
}

}  // namespace

TEST(X64CodeBuffer, CodeWrittenThroughOneViewRunsFromTheOther) {
    CodeBuffer buf(1 << 20);
    uint8_t* w = buf.write_cursor();
    Xbyak::CodeGenerator gen(4096, w);
    gen.lea(gen.rax, gen.ptr[gen.rdi + gen.rsi * 2 + 7]);  // System V: args in rdi, rsi
    gen.ret();
    buf.commit(gen.getSize());
    auto fn = reinterpret_cast<long (*)(long, long)>(const_cast<uint8_t*>(buf.exec_of(w)));
    EXPECT_EQ(fn(100, 20), 147);
    EXPECT_GE(buf.used(), gen.getSize());
    EXPECT_EQ(buf.used() % 16, 0u);  // blocks start 16-byte aligned
}

TEST(X64CodeBuffer, NoViewIsWritableAndExecutable) {
    CodeBuffer buf(1 << 20);
    const std::string w = perms_of(buf.write_cursor());
    const std::string x = perms_of(buf.exec_of(buf.write_cursor()));
    ASSERT_EQ(w.size(), 4u) << "writable view not found in /proc/self/maps";
    ASSERT_EQ(x.size(), 4u) << "executable view not found in /proc/self/maps";
    EXPECT_EQ(w.substr(0, 3), "rw-");
    EXPECT_EQ(x.substr(0, 3), "r-x");
}

TEST(X64CodeBuffer, ResetReusesTheSpace) {
    CodeBuffer buf(1 << 16);
    EXPECT_EQ(buf.capacity(), 1u << 16);
    uint8_t* first = buf.write_cursor();
    buf.commit(100);
    EXPECT_EQ(buf.used(), 112u);
    EXPECT_EQ(buf.room(), (1u << 16) - 112u);
    buf.reset();
    EXPECT_EQ(buf.write_cursor(), first);
    EXPECT_TRUE(buf.contains_exec(buf.exec_of(first)));
    EXPECT_FALSE(buf.contains_exec(first));
}
