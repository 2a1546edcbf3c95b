// A device tree blob the user gives instead of the generated one (boot.dtb, -dtb), checked
// with libfdt's own validation before anything else reads it. Works on a byte buffer alone.
#pragma once
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace vp::boot {

// booting.rst: the device tree blob must not exceed 2 megabytes.
constexpr uint64_t kMaxDtbBytes = 2u << 20;

// The blob (its header's totalsize bytes) once its size, header (fdt_check_header), totalsize
// against the file size, format version (17) and structure (fdt_check_full) are checked. Throws vp::Error
// naming `path` and what is wrong.
std::vector<uint8_t> checked_dtb(std::span<const uint8_t> data, const std::string& path);

}  // namespace vp::boot
