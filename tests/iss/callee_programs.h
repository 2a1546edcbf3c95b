#pragma once
// Guest programs that call a callee 1000 times and change it after the 500th call, for the tests of
// how host code finds a successor (test_jit_links.cpp: direct branches; test_jit_indirect.cpp:
// BLR/RET). Each returns x0: 500 * 1 + 500 * 100 when the last 500 calls ran the changed callee.
#include <string>

#include "machine.h"
#include "page_tables.h"

namespace vp::iss::test {

// The callee's first instruction is rewritten after 500 calls (B2.2.5: the store takes effect for
// instructions fetched after it). `call` reaches label f from the loop, `ret` returns to label back.
inline uint64_t run_rewritten_callee(const std::string& call, const std::string& ret) {
    Machine m({}, jit_config(), true);
    const auto add100 = assemble("add x0, x0, #100\n");
    EXPECT_TRUE(add100.size() == 1 && m.load("movz x3, #1000\n adr x9, f\n"
                                             "loop: " +
                                             call +
                                             "\n"
                                             "back: subs x3, x3, #1\n b.eq done\n cmp x3, #500\n b.ne loop\n"
                                             "str w5, [x9]\n b loop\n"
                                             "done: wfi\n"
                                             "f: add x0, x0, #1\n " +
                                             ret + "\n"));
    if (add100.size() != 1) return 0;
    m.cpu.set_xreg(0, 0);
    m.cpu.set_xreg(5, add100[0]);
    EXPECT_EQ(m.cpu.run(100'000), StopReason::wfi);
    EXPECT_GT(m.cpu.stats().host_runs, 4000u);  // the calls ran as host code
    return m.cpu.xreg(0);
}

}  // namespace vp::iss::test
