#include "platform/boot/dtb_file.h"

#include <fmt/format.h>
#include <libfdt.h>

#include "platform/boot/input_file.h"
#include "core/error.h"

namespace vp::boot {

namespace {

[[noreturn]] void fail(const std::string& path, const std::string& what) {
    throw Error("device tree '" + path + "': " + what);
}

}  // namespace

std::vector<uint8_t> checked_dtb(std::span<const uint8_t> data, const std::string& path) {
    if (data.size() < sizeof(fdt_header))
        fail(path, fmt::format("{} bytes, shorter than a flattened device tree header ({} bytes)",
                               data.size(), sizeof(fdt_header)));
    if (data.size() > kMaxDtbBytes)
        fail(path, fmt::format("{} bytes, larger than the {} booting.rst allows", data.size(),
                               size_text(kMaxDtbBytes)));
    const void* fdt = data.data();
    if (fdt_magic(fdt) != FDT_MAGIC)
        fail(path, fmt::format("not a flattened device tree (magic {:#010x}, expected {:#010x})",
                               fdt_magic(fdt), static_cast<uint32_t>(FDT_MAGIC)));
    // Devicetree Specification 5.2: version 17. Older layouts have no size_dt_struct, and
    // libfdt 1.6's fdt_check_full cannot bound their structure block.
    if (fdt_version(fdt) < 17)
        fail(path, fmt::format("format version {} is older than 17, the Devicetree Specification's",
                               fdt_version(fdt)));
    if (int err = fdt_check_header(fdt); err != 0)
        fail(path, fmt::format("bad header: {}", fdt_strerror(err)));
    const uint64_t total = fdt_totalsize(fdt);
    if (total > data.size())
        fail(path, fmt::format("header totalsize {} is larger than the file ({} bytes): truncated", total,
                               data.size()));
    if (int err = fdt_check_full(fdt, total); err != 0)
        fail(path, fmt::format("malformed structure: {}", fdt_strerror(err)));
    return {data.begin(), data.begin() + static_cast<std::ptrdiff_t>(total)};
}

}  // namespace vp::boot
