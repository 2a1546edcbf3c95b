// Oracles are the independent references the tests are checked against: the aarch64 binutils and
// gcc, qemu-system-aarch64, gdb-multiarch, dtc, script(1), GNU cpio, the Verilated RTL and the
// Debian guest. A test whose oracle is missing fails and names the Debian package that provides
// it. VP_ALLOW_MISSING_ORACLES=1 in the environment (an explicit opt-out for a machine without
// network access; CI never sets it) turns the failure into a skip, and tools/test.sh reports every
// skipped test (and fails on any skip without the opt-out).
#pragma once
#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>
#include <string>

namespace vp::test {

inline bool missing_oracles_allowed() {
    const char* v = std::getenv("VP_ALLOW_MISSING_ORACLES");
    return v && std::strcmp(v, "1") == 0;
}

// True when `program` is on PATH.
inline bool have_program(const std::string& program) {
    return std::system(("command -v '" + program + "' >/dev/null 2>&1").c_str()) == 0;
}

}  // namespace vp::test

// In a TEST body: unless `available`, ends the test with a failure
// that names `what` and its Debian `package`, or with a skip under VP_ALLOW_MISSING_ORACLES=1.
#define VP_REQUIRE_ORACLE(available, what, package)                                                        \
    do {                                                                                                   \
        if (!(available)) {                                                                                \
            if (::vp::test::missing_oracles_allowed())                                                     \
                GTEST_SKIP() << (what) << " is missing (Debian package " << (package)                      \
                             << "); skipped because VP_ALLOW_MISSING_ORACLES=1";                           \
            GTEST_FAIL() << (what) << " is missing: install the Debian package " << (package)              \
                         << " (tools/install-deps.sh), or set VP_ALLOW_MISSING_ORACLES=1 to skip instead"; \
        }                                                                                                  \
    } while (0)
