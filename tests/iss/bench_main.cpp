// Runs the bare-metal workload on the ISS and reports guest instructions, host time and MIPS.
//   iss_bench workload.bin [--iters N] [--check] [--mmu]
// --check also runs the workload natively and compares the checksum; --mmu runs it with the stage 1
// MMU on (identity map of the 8 MiB RAM with 4 KiB pages).
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <iterator>
#include <vector>

#include "flat_memory.h"
#include "iss/core/cpu.h"

namespace native {
#include "workload/workload.c"
}

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s workload.bin [--iters N] [--check]\n", argv[0]);
        return 2;
    }
    bool check = false, mmu = false;
    uint32_t iters = 0;
    for (int i = 2; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--check"))
            check = true;
        else if (!std::strcmp(argv[i], "--mmu"))
            mmu = true;
        else if (!std::strcmp(argv[i], "--iters") && i + 1 < argc)
            iters = uint32_t(std::atoi(argv[++i]));
    }
    if (!iters) iters = check ? 3 : 60;
    std::ifstream in(argv[1], std::ios::binary);
    std::vector<char> bin((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (bin.empty()) {
        std::fprintf(stderr, "cannot read %s\n", argv[1]);
        return 2;
    }
    constexpr uint64_t kLoad = 0x80000;
    vp::iss::test::FlatMemory mem(0, 8 << 20);
    std::memcpy(mem.ptr(kLoad), bin.data(), bin.size());
    std::memcpy(mem.ptr(0x1000), &iters, 4);
    vp::iss::Cpu cpu(mem);
    cpu.reset(kLoad);
    if (mmu) {
        // Level 1 table at 7 MiB, one level 2 table, four level 3 tables (descriptors: ARM ARM D5.3).
        constexpr uint64_t kL1 = 0x700000, kL2 = 0x701000, kL3 = 0x702000;
        auto put64 = [&](uint64_t pa, uint64_t v) { std::memcpy(mem.ptr(pa), &v, 8); };
        put64(kL1, kL2 | 3);
        for (uint64_t t = 0; t < 4; ++t) put64(kL2 + 8 * t, (kL3 + t * 0x1000) | 3);
        for (uint64_t p = 0; p < 2048; ++p) put64(kL3 + 8 * p, (p << 12) | 3 | (1u << 10) | (3u << 8));
        cpu.write_sysreg(vp::iss::SysReg::MAIR_EL1, 0xFF);
        cpu.write_sysreg(vp::iss::SysReg::TCR_EL1,
                         25 | (25u << 16) | (1u << 23) | (2ull << 30) | (4ull << 32));
        cpu.write_sysreg(vp::iss::SysReg::TTBR0_EL1, kL1);
        cpu.write_sysreg(vp::iss::SysReg::SCTLR_EL1, cpu.read_sysreg(vp::iss::SysReg::SCTLR_EL1) | 1);
    }
    auto t0 = std::chrono::steady_clock::now();
    std::clock_t c0 = std::clock();
    vp::iss::StopReason r;
    int rounds = 0;
    do r = cpu.run(100'000'000);
    while (r == vp::iss::StopReason::budget && ++rounds < 100);
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    double cpu_secs = double(std::clock() - c0) / CLOCKS_PER_SEC;
    uint64_t n = cpu.instructions_executed();
    uint64_t result;
    std::memcpy(&result, mem.ptr(0x1008), 8);
    std::printf(
        "guest instructions: %llu\nhost seconds: %.3f (cpu %.3f)\nMIPS: %.1f (per cpu-second %.1f)\n"
        "TBs: %zu\nchecksum: 0x%016llx\n",
        (unsigned long long)n, secs, cpu_secs, n / secs / 1e6, n / cpu_secs / 1e6, cpu.tb_count(),
        (unsigned long long)result);
    const auto& st = cpu.stats();
    std::printf("blocks: %llu (%.1f instructions/block), chained: %.1f%%, translations: %llu\n",
                (unsigned long long)st.blocks, double(n) / double(st.blocks),
                100.0 * double(st.chained) / double(st.blocks), (unsigned long long)st.translations);
    if (r != vp::iss::StopReason::wfi) {
        std::printf("FAIL: stopped with reason %d at pc 0x%llx\n", int(r), (unsigned long long)cpu.pc);
        return 1;
    }
    if (check) {
        uint64_t expect = native::workload(iters);
        if (expect != result) {
            std::printf("FAIL: native checksum 0x%016llx\n", (unsigned long long)expect);
            return 1;
        }
        std::printf("checksum matches the native run\n");
    }
    return 0;
}
