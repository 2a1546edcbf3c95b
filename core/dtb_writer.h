// Writes a flattened device tree in one pass (libfdt's sequential-write API).
// Models emit their own node through Device::write_dtb(); phandles are handed out by name
// so a node can refer to another (the interrupt controller, a clock) before it is written.
#pragma once
#include <cstdint>
#include <initializer_list>
#include <map>
#include <string>
#include <vector>

#include "core/device_config.h"

namespace vp {

class DtbWriter {
public:
    DtbWriter();
    void begin_node(const std::string& name);
    void end_node();
    void prop_empty(const char* name);
    void prop_u32(const char* name, uint32_t v);
    void prop_u64(const char* name, uint64_t v);
    void prop_cells(const char* name, const std::vector<uint32_t>& cells);
    void prop_string(const char* name, const std::string& v);
    void prop_strings(const char* name, std::initializer_list<std::string> v);
    void prop_strings(const char* name, const std::vector<std::string>& v);
    void prop_bytes(const char* name, const void* data, size_t size);
    // "reg" for the root's #address-cells = #size-cells = 2.
    void prop_reg(const std::vector<RegionConfig>& regions);
    // "interrupts" for a GICv2 parent (3 cells: type, number, flags) from GIC INTIDs.
    // flags: 4 = level high, 1 = rising edge; PPIs get the CPU mask of all cores.
    void prop_gic_interrupts(const std::vector<unsigned>& intids, uint32_t flags = 4);

    // Phandle for a named object ("intc", "apb_pclk"): the same number every call.
    uint32_t phandle(const std::string& key);
    // Set by the generator: number of cores, for PPI CPU masks.
    void set_cpu_count(unsigned n) { cpu_count_ = n; }
    unsigned cpu_count() const { return cpu_count_; }

    std::vector<uint8_t> finish();

private:
    void check(int err, const char* what);
    std::vector<uint8_t> buf_;
    std::map<std::string, uint32_t> phandles_;
    unsigned cpu_count_ = 1;
    bool finished_ = false;
};

// Node name "name@unit-address" for the first region.
std::string dtb_node_name(const std::string& name, const std::vector<RegionConfig>& regions);

}  // namespace vp
