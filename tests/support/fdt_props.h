// Reading device-tree blobs in tests: a node's properties by name, big-endian cells, and the path
// a phandle names (phandles differ between vp's tree and QEMU's; the nodes they name must not).
#pragma once
#include <gtest/gtest.h>
#include <libfdt.h>

#include <cstdint>
#include <fstream>
#include <iterator>
#include <map>
#include <string>
#include <vector>

namespace vp::test {

// Every property of the node at `path` (name -> raw bytes); empty, with a test failure, when
// there is no such node.
inline std::map<std::string, std::string> fdt_properties(const std::vector<uint8_t>& blob, const char* path) {
    std::map<std::string, std::string> out;
    const void* fdt = blob.data();
    int node = fdt_path_offset(fdt, path);
    EXPECT_GE(node, 0) << path;
    if (node < 0) return out;
    int off;
    fdt_for_each_property_offset(off, fdt, node) {
        const char* name = nullptr;
        int len = 0;
        const void* v = fdt_getprop_by_offset(fdt, off, &name, &len);
        out[name] = std::string(static_cast<const char*>(v), static_cast<size_t>(len));
    }
    return out;
}

// Cell `i` of a property's value.
inline uint32_t fdt_cell(const std::string& prop, unsigned i) {
    return fdt32_to_cpu(reinterpret_cast<const fdt32_t*>(prop.data())[i]);
}

// The path of the node whose phandle is `phandle`.
inline std::string fdt_phandle_path(const std::vector<uint8_t>& blob, uint32_t phandle) {
    int node = fdt_node_offset_by_phandle(blob.data(), phandle);
    if (node < 0) return "<no node with phandle " + std::to_string(phandle) + ">";
    char path[256];
    if (fdt_get_path(blob.data(), node, path, sizeof path) != 0) return "<no path>";
    return path;
}

// QEMU's own tree for `-M virt -cpu cortex-a57 -smp 2 -m 4G` (dumpdtb), or empty on failure.
inline std::vector<uint8_t> qemu_virt_dtb(const std::string& file) {
    const std::string cmd = "qemu-system-aarch64 -M virt,dumpdtb=" + file +
                            " -cpu cortex-a57 -smp 2 -m 4G -nographic -nic none </dev/null >/dev/null 2>&1";
    if (std::system(cmd.c_str()) != 0) return {};
    std::ifstream f(file, std::ios::binary);
    std::vector<uint8_t> blob((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
    std::remove(file.c_str());
    return blob;
}

}  // namespace vp::test
