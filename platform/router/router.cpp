#include "platform/router/router.h"

#include <algorithm>

#include "core/error.h"
#include "core/trace.h"

namespace vp {

namespace {

const char* command_name(tlm::tlm_command cmd) {
    switch (cmd) {
        case tlm::TLM_READ_COMMAND: return "read";
        case tlm::TLM_WRITE_COMMAND: return "write";
        default: return "ignore";
    }
}

// Bytes of the address range a transaction touches: a streaming burst stays within its width.
uint64_t address_span(const tlm::tlm_generic_payload& gp) {
    unsigned len = gp.get_data_length();
    unsigned width = gp.get_streaming_width();
    return (width != 0 && width < len) ? width : len;
}

}  // namespace

Router::Router(const sc_core::sc_module_name& name) : sc_core::sc_module(name) {
    targ.register_b_transport(this, &Router::b_transport);
    targ.register_transport_dbg(this, &Router::transport_dbg);
    targ.register_get_direct_mem_ptr(this, &Router::get_direct_mem_ptr);
    init.register_invalidate_direct_mem_ptr(this, &Router::invalidate_direct_mem_ptr);
}

void Router::map(uint64_t base, uint64_t size, tlm::tlm_target_socket<>& target, const std::string& name,
                 sc_core::sc_time read_latency, sc_core::sc_time write_latency) {
    auto where = [](const std::string& n, uint64_t b, uint64_t s) {
        return fmt::format("'{}' [{:#x}, {:#x}]", n, b, b + (s - 1));
    };
    if (size == 0)
        throw Error(fmt::format("router '{}': region '{}' at {:#x} has size zero", basename(), name, base));
    if (size - 1 > ~uint64_t{0} - base)
        throw Error(
            fmt::format("router '{}': region '{}' at {:#x} size {:#x} extends past the 64-bit address space",
                        basename(), name, base, size));
    for (const Mapping& m : map_) {
        if (base <= m.last() && m.base <= base + (size - 1))
            throw Error(fmt::format("router '{}': region {} overlaps region {}", basename(),
                                    where(name, base, size), where(m.name, m.base, m.size)));
    }

    init.bind(target);
    target_sockets_.push_back(&target);
    Mapping m;
    m.base = base;
    m.size = size;
    m.name = name;
    m.read_latency = read_latency;
    m.write_latency = write_latency;
    m.target = static_cast<unsigned>(region_of_target_.size());
    auto pos = std::upper_bound(map_.begin(), map_.end(), base,
                                [](uint64_t b, const Mapping& r) { return b < r.base; });
    map_.insert(pos, std::move(m));

    region_of_target_.assign(map_.size(), npos);
    for (size_t i = 0; i < map_.size(); ++i) region_of_target_[map_[i].target] = i;
    std::fill(last_hit_.begin(), last_hit_.end(), npos);
    std::fill(last_hole_.begin(), last_hole_.end(), Hole{});
}

void Router::end_of_elaboration() {
    last_hit_.assign(targ.size(), npos);
    last_hole_.assign(targ.size(), Hole{});
    connected_ = true;
}

tlm::tlm_fw_transport_if<>* Router::fw(unsigned target) {
    if (connected_) return init[static_cast<int>(target)];
    // Before the end of elaboration `init` has not resolved its bindings yet; a loader placing
    // images then reaches the target through the interface its socket exports.
    auto* ifp = dynamic_cast<tlm::tlm_fw_transport_if<>*>(target_sockets_[target]->get_interface());
    if (!ifp)
        throw Error(fmt::format("router '{}': target '{}' is not connected yet (access before elaboration)",
                                basename(), map_[region_of_target_[target]].name));
    return ifp;
}

size_t Router::decode(uint64_t addr) const {
    // The last region whose base is <= addr, if it contains addr.
    auto it = std::upper_bound(map_.begin(), map_.end(), addr,
                               [](uint64_t a, const Mapping& r) { return a < r.base; });
    if (it == map_.begin()) return npos;
    --it;
    return it->contains(addr) ? static_cast<size_t>(it - map_.begin()) : npos;
}

size_t Router::decode(int initiator, uint64_t addr) {
    auto id = static_cast<size_t>(initiator);
    if (id >= last_hit_.size()) return decode(addr);
    size_t hit = last_hit_[id];
    if (hit != npos && map_[hit].contains(addr)) return hit;
    // A guest retrying an access to a hole (a bus-error loop) finds it again without a search.
    if (const Hole& h = last_hole_[id]; addr >= h.lo && addr <= h.hi) return npos;
    hit = decode(addr);
    if (hit == npos)
        last_hole_[id] = hole_around(addr);
    else
        last_hit_[id] = hit;
    return hit;
}

Router::Hole Router::hole_around(uint64_t addr) const {
    auto next = std::upper_bound(map_.begin(), map_.end(), addr,
                                 [](uint64_t a, const Mapping& r) { return a < r.base; });
    Hole h{0, next == map_.end() ? ~uint64_t{0} : next->base - 1};
    if (next != map_.begin()) h.lo = std::prev(next)->last() + 1;
    return h;
}

const Router::Mapping* Router::find(uint64_t addr) const {
    size_t i = decode(addr);
    return i == npos ? nullptr : &map_[i];
}

void Router::unmapped(const char* what, int initiator, const tlm::tlm_generic_payload& gp) {
    ++unmapped_;
    VP_TRACE(trace::guest_errors, "router '{}': {} {} of {} bytes at {:#x} (initiator {})", basename(), what,
             command_name(gp.get_command()), gp.get_data_length(), gp.get_address(), initiator);
}

void Router::b_transport(int id, tlm::tlm_generic_payload& gp, sc_core::sc_time& delay) {
    const uint64_t addr = gp.get_address();
    size_t r = decode(id, addr);
    if (r == npos) {
        unmapped("unmapped", id, gp);
        gp.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
        return;
    }
    Mapping& m = map_[r];
    uint64_t span = address_span(gp);
    if (span != 0 && span - 1 > m.last() - addr) {
        unmapped(fmt::format("crossing the end of '{}':", m.name).c_str(), id, gp);
        gp.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
        return;
    }
    ++m.transactions;
    VP_TRACE(trace::tlm, "router '{}': initiator {} {} {:#x} size {} -> {} +{:#x}", basename(), id,
             command_name(gp.get_command()), addr, gp.get_data_length(), m.name, addr - m.base);
    if (gp.is_read()) delay += m.read_latency;
    if (gp.is_write()) delay += m.write_latency;
    gp.set_address(addr - m.base);
    fw(m.target)->b_transport(gp, delay);
    gp.set_address(addr);
}

unsigned Router::transport_dbg(int id, tlm::tlm_generic_payload& gp) {
    const uint64_t addr = gp.get_address();
    size_t r = decode(id, addr);
    if (r == npos) {
        ++unmapped_;
        return 0;
    }
    Mapping& m = map_[r];
    ++m.debug_accesses;
    const unsigned len = gp.get_data_length();
    const unsigned width = gp.get_streaming_width();
    const uint64_t avail = m.size - (addr - m.base);
    const unsigned n = static_cast<unsigned>(std::min<uint64_t>(len, avail));  // truncate to the region
    gp.set_address(addr - m.base);
    gp.set_data_length(n);
    gp.set_streaming_width(n);
    unsigned done = fw(m.target)->transport_dbg(gp);
    gp.set_address(addr);
    gp.set_data_length(len);
    gp.set_streaming_width(width);
    return done;
}

bool Router::get_direct_mem_ptr(int id, tlm::tlm_generic_payload& gp, tlm::tlm_dmi& dmi) {
    const uint64_t addr = gp.get_address();
    size_t r = decode(id, addr);
    if (r == npos) {
        // Deny, for the whole gap between the neighbouring regions.
        ++unmapped_;
        auto next = std::upper_bound(map_.begin(), map_.end(), addr,
                                     [](uint64_t a, const Mapping& m) { return a < m.base; });
        dmi.init();
        dmi.set_start_address(next == map_.begin() ? 0 : std::prev(next)->last() + 1);
        dmi.set_end_address(next == map_.end() ? ~uint64_t{0} : next->base - 1);
        return false;
    }
    Mapping& m = map_[r];
    ++m.dmi_requests;
    gp.set_address(addr - m.base);
    bool granted = fw(m.target)->get_direct_mem_ptr(gp, dmi);
    gp.set_address(addr);

    // Local range -> global, clipped to the region. The pointer belongs to the start address,
    // which clipping never moves (local start >= 0); a start beyond the region is a target bug.
    uint64_t start = dmi.get_start_address();
    uint64_t end = std::min<uint64_t>(dmi.get_end_address(), m.size - 1);
    if (start > end || start > addr - m.base || end < addr - m.base) {
        dmi.init();
        dmi.set_start_address(addr);
        dmi.set_end_address(addr);
        return false;
    }
    dmi.set_start_address(m.base + start);
    dmi.set_end_address(m.base + end);
    dmi.set_read_latency(dmi.get_read_latency() + m.read_latency);
    dmi.set_write_latency(dmi.get_write_latency() + m.write_latency);
    return granted;
}

void Router::invalidate_direct_mem_ptr(int target, sc_dt::uint64 start, sc_dt::uint64 end) {
    size_t r = static_cast<size_t>(target) < region_of_target_.size() ? region_of_target_[target] : npos;
    if (r == npos) return;
    const Mapping& m = map_[r];
    if (start > end || start > m.size - 1) return;  // nothing of this region is affected
    const uint64_t gstart = m.base + start;
    const uint64_t gend = m.base + std::min<uint64_t>(end, m.size - 1);
    VP_TRACE(trace::tlm, "router '{}': DMI invalidate [{:#x}, {:#x}] from {}", basename(), gstart, gend,
             m.name);
    for (unsigned i = 0; i < targ.size(); ++i)
        targ[static_cast<int>(i)]->invalidate_direct_mem_ptr(gstart, gend);
}

unsigned Router::debug_chunk(tlm::tlm_command cmd, uint64_t addr, uint8_t* data, unsigned len) {
    tlm::tlm_generic_payload gp;
    gp.set_command(cmd);
    gp.set_address(addr);
    gp.set_data_ptr(data);
    gp.set_data_length(len);
    gp.set_streaming_width(len);
    return transport_dbg(-1, gp);
}

bool Router::write_debug(uint64_t addr, const void* data, size_t len) {
    // The target only reads the buffer of a write; the payload's pointer is not const.
    auto* p = static_cast<uint8_t*>(const_cast<void*>(data));
    while (len != 0) {
        unsigned chunk = static_cast<unsigned>(std::min<size_t>(len, 1u << 30));
        unsigned n = debug_chunk(tlm::TLM_WRITE_COMMAND, addr, p, chunk);
        if (n == 0) return false;
        addr += n;
        p += n;
        len -= n;
    }
    return true;
}

bool Router::read_debug(uint64_t addr, void* data, size_t len) {
    auto* p = static_cast<uint8_t*>(data);
    while (len != 0) {
        unsigned chunk = static_cast<unsigned>(std::min<size_t>(len, 1u << 30));
        unsigned n = debug_chunk(tlm::TLM_READ_COMMAND, addr, p, chunk);
        if (n == 0) return false;
        addr += n;
        p += n;
        len -= n;
    }
    return true;
}

}  // namespace vp
