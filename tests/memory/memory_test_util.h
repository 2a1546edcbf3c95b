// Helpers shared by the RAM and ROM tests: device configurations and temporary files.
#pragma once
#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

#include "core/device_config.h"

namespace vp::test {

inline DeviceConfig memory_config(const std::string& model, uint64_t base, uint64_t size,
                                  std::initializer_list<std::pair<std::string, std::string>> props = {}) {
    DeviceConfig c;
    c.name = model + "0";
    c.model = model;
    c.regions.push_back({"mem", base, size});
    for (const auto& [k, v] : props) c.props.set(k, {v, SourceLoc{"<test>", 0, 0}, PropType::string});
    return c;
}

// A file with the given bytes, removed when the object goes.
struct TempFile {
    std::string path;
    explicit TempFile(const std::vector<uint8_t>& bytes, const std::string& tag = "data") {
        path = (std::filesystem::temp_directory_path() /
                ("vp_mem_" + tag + "_" + std::to_string(getpid()) + ".bin"))
                   .string();
        std::ofstream out(path, std::ios::binary);
        out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    }
    ~TempFile() { std::filesystem::remove(path); }
    std::string text() const {
        std::ifstream in(path);
        return std::string(std::istreambuf_iterator<char>(in), {});
    }
};

}  // namespace vp::test
