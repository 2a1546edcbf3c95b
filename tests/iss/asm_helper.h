#pragma once
// Assembles A64 source with the cross binutils (an independent encoder) into 32-bit words.
#include <unistd.h>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

namespace vp::iss::test {

inline bool have_cross_as() {
    return std::system(
               "command -v aarch64-linux-gnu-as >/dev/null 2>&1 && "
               "command -v aarch64-linux-gnu-objcopy >/dev/null 2>&1") == 0;
}

inline std::vector<uint32_t> assemble(const std::string& src) {
    char dir[] = "/tmp/vp_iss_asmXXXXXX";
    if (!mkdtemp(dir)) return {};
    std::string d = dir;
    std::ofstream(d + "/a.s") << ".text\n" << src << "\n";
    std::string cmd = "aarch64-linux-gnu-as -o " + d + "/a.o " + d +
                      "/a.s && aarch64-linux-gnu-objcopy -O binary -j .text " + d + "/a.o " + d + "/a.bin";
    std::vector<uint32_t> words;
    if (std::system(cmd.c_str()) == 0) {
        std::ifstream in(d + "/a.bin", std::ios::binary);
        uint32_t w;
        while (in.read(reinterpret_cast<char*>(&w), 4)) words.push_back(w);
    }
    std::system(("rm -rf " + d).c_str());
    return words;
}

}  // namespace vp::iss::test
