#include "core/dtb_writer.h"

#include <fmt/format.h>
#include <libfdt.h>

#include "core/error.h"

namespace vp {

DtbWriter::DtbWriter() : buf_(1 << 20) {
    check(fdt_create(buf_.data(), static_cast<int>(buf_.size())), "create");
    check(fdt_finish_reservemap(buf_.data()), "reserve map");
    check(fdt_begin_node(buf_.data(), ""), "root node");
}

void DtbWriter::check(int err, const char* what) {
    if (err < 0) throw Error(fmt::format("device tree: {} failed: {}", what, fdt_strerror(err)));
}

void DtbWriter::begin_node(const std::string& name) {
    check(fdt_begin_node(buf_.data(), name.c_str()), "begin node");
}
void DtbWriter::end_node() {
    check(fdt_end_node(buf_.data()), "end node");
}
void DtbWriter::prop_empty(const char* name) {
    check(fdt_property(buf_.data(), name, nullptr, 0), name);
}
void DtbWriter::prop_u32(const char* name, uint32_t v) {
    check(fdt_property_u32(buf_.data(), name, v), name);
}
void DtbWriter::prop_u64(const char* name, uint64_t v) {
    check(fdt_property_u64(buf_.data(), name, v), name);
}

void DtbWriter::prop_cells(const char* name, const std::vector<uint32_t>& cells) {
    std::vector<fdt32_t> be;
    be.reserve(cells.size());
    for (uint32_t c : cells) be.push_back(cpu_to_fdt32(c));
    check(fdt_property(buf_.data(), name, be.data(), static_cast<int>(be.size() * sizeof(fdt32_t))), name);
}

void DtbWriter::prop_string(const char* name, const std::string& v) {
    check(fdt_property_string(buf_.data(), name, v.c_str()), name);
}

void DtbWriter::prop_strings(const char* name, const std::vector<std::string>& v) {
    std::string joined;
    for (const auto& s : v) {
        joined += s;
        joined.push_back('\0');
    }
    check(fdt_property(buf_.data(), name, joined.data(), static_cast<int>(joined.size())), name);
}

void DtbWriter::prop_strings(const char* name, std::initializer_list<std::string> v) {
    prop_strings(name, std::vector<std::string>(v));
}

void DtbWriter::prop_bytes(const char* name, const void* data, size_t size) {
    check(fdt_property(buf_.data(), name, data, static_cast<int>(size)), name);
}

void DtbWriter::prop_reg(const std::vector<RegionConfig>& regions) {
    std::vector<uint32_t> cells;
    for (const auto& r : regions) {
        cells.push_back(static_cast<uint32_t>(r.base >> 32));
        cells.push_back(static_cast<uint32_t>(r.base));
        cells.push_back(static_cast<uint32_t>(r.size >> 32));
        cells.push_back(static_cast<uint32_t>(r.size));
    }
    prop_cells("reg", cells);
}

void DtbWriter::prop_gic_interrupts(const std::vector<unsigned>& intids, uint32_t flags) {
    // Binding arm,gic: cell 1 is 0 for SPI, 1 for PPI; PPIs carry a CPU mask in flags[15:8].
    std::vector<uint32_t> cells;
    for (unsigned id : intids) {
        if (id >= 32) {
            cells.insert(cells.end(), {0u, id - 32, flags});
        } else {
            uint32_t mask = ((1u << cpu_count_) - 1) & 0xff;
            cells.insert(cells.end(), {1u, id - 16, flags | (mask << 8)});
        }
    }
    prop_cells("interrupts", cells);
}

uint32_t DtbWriter::phandle(const std::string& key) {
    auto [it, inserted] = phandles_.emplace(key, static_cast<uint32_t>(phandles_.size() + 1));
    return it->second;
}

std::vector<uint8_t> DtbWriter::finish() {
    if (!finished_) {
        check(fdt_end_node(buf_.data()), "end root");
        check(fdt_finish(buf_.data()), "finish");
        check(fdt_pack(buf_.data()), "pack");
        buf_.resize(fdt_totalsize(buf_.data()));
        finished_ = true;
    }
    return buf_;
}

std::string dtb_node_name(const std::string& name, const std::vector<RegionConfig>& regions) {
    if (regions.empty()) return name;
    return fmt::format("{}@{:x}", name, regions.front().base);
}

}  // namespace vp
