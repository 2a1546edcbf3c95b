// The system interconnect: a TLM-2.0 (loosely-timed, blocking) router built from an address map.
//
// Initiators (CPUs, DMA engines, test initiators) bind to `targ`, as many as needed; each
// mapped target region is bound to `init` by map(). A transaction is decoded by its global
// address, rebased to the target's local address (address - base) and forwarded; the
// original address is restored in the payload before returning, as the TLM-2.0 base
// protocol requires of interconnects. DMI ranges travel back translated to global addresses
// and clipped to the mapped region; DMI invalidations from a target are translated and sent
// to every initiator. Unmapped accesses answer TLM_ADDRESS_ERROR_RESPONSE (trace::guest_errors).
//
// read_debug/write_debug work from construction on (a loader may place images before
// sc_start); socket transport needs the initiators' ports bound, i.e. elaboration complete.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <tlm_utils/multi_passthrough_initiator_socket.h>
#include <tlm_utils/multi_passthrough_target_socket.h>
#include <systemc>
#include <tlm>

namespace vp {

class Router : public sc_core::sc_module {
public:
    // One mapped region: global [base, base + size) forwarded to init[target] at offset 0.
    struct Mapping {
        uint64_t base = 0;
        uint64_t size = 0;
        std::string name;
        unsigned target = 0;                               // index of the binding on `init`
        uint64_t transactions = 0;                         // b_transport calls routed here
        uint64_t debug_accesses = 0;                       // transport_dbg calls routed here
        uint64_t dmi_requests = 0;                         // get_direct_mem_ptr calls routed here
        sc_core::sc_time read_latency, write_latency;      // bus/target latency added per access
        uint64_t last() const { return base + size - 1; }  // inclusive; base + size may be 2^64
        bool contains(uint64_t addr) const { return addr >= base && addr - base < size; }
    };

    // Zero-or-more bound: a router without initiators or without targets still elaborates.
    tlm_utils::multi_passthrough_target_socket<Router, 32, tlm::tlm_base_protocol_types, 0,
                                               sc_core::SC_ZERO_OR_MORE_BOUND>
        targ{"targ"};
    tlm_utils::multi_passthrough_initiator_socket<Router, 32, tlm::tlm_base_protocol_types, 0,
                                                  sc_core::SC_ZERO_OR_MORE_BOUND>
        init{"init"};

    explicit Router(const sc_core::sc_module_name& name);

    // Maps global [base, base + size) to `target` (binds it to `init`). Call during
    // construction/elaboration. Throws vp::Error for a zero size, a region wrapping past
    // 2^64, or an overlap with an existing region (the message names both regions).
    // `read_latency`/`write_latency` are added to each routed access's annotated delay and to
    // the DMI latencies granted for the region (a target's timing annotation, see ModelInfo).
    void map(uint64_t base, uint64_t size, tlm::tlm_target_socket<>& target, const std::string& name,
             sc_core::sc_time read_latency = sc_core::SC_ZERO_TIME,
             sc_core::sc_time write_latency = sc_core::SC_ZERO_TIME);

    // The region containing `addr`, or nullptr. The pointer is valid until the next map().
    const Mapping* find(uint64_t addr) const;
    // All regions, sorted by base address.
    const std::vector<Mapping>& mappings() const { return map_; }
    // Accesses that hit no region (b_transport, debug and DMI requests alike).
    uint64_t unmapped_accesses() const { return unmapped_; }

    // Debug accesses for loaders and debuggers: loop transport_dbg over consecutive regions.
    // True when every byte was transferred; false at the first unmapped address or short
    // answer (the bytes before it have been transferred).
    bool write_debug(uint64_t addr, const void* data, size_t len);
    bool read_debug(uint64_t addr, void* data, size_t len);

private:
    static constexpr size_t npos = ~size_t{0};

    void b_transport(int id, tlm::tlm_generic_payload& gp, sc_core::sc_time& delay);
    unsigned transport_dbg(int id, tlm::tlm_generic_payload& gp);
    bool get_direct_mem_ptr(int id, tlm::tlm_generic_payload& gp, tlm::tlm_dmi& dmi);
    void invalidate_direct_mem_ptr(int target, sc_dt::uint64 start, sc_dt::uint64 end);
    void end_of_elaboration() override;
    tlm::tlm_fw_transport_if<>* fw(unsigned target);  // the interface of init[target]

    struct Hole {
        uint64_t lo = 1, hi = 0;  // empty
    };
    size_t decode(uint64_t addr) const;           // index into map_, or npos
    Hole hole_around(uint64_t addr) const;        // the unmapped range holding addr (decode() missed)
    size_t decode(int initiator, uint64_t addr);  // same, through the initiator's last-hit cache
    unsigned debug_chunk(tlm::tlm_command cmd, uint64_t addr, uint8_t* data, unsigned len);
    void unmapped(const char* what, int initiator, const tlm::tlm_generic_payload& gp);

    std::vector<Mapping> map_;                               // sorted by base, disjoint
    std::vector<size_t> region_of_target_;                   // init binding index -> index into map_
    std::vector<tlm::tlm_target_socket<>*> target_sockets_;  // by init binding index
    bool connected_ = false;                                 // end_of_elaboration reached: init[] usable
    std::vector<size_t> last_hit_;                           // per initiator: index into map_ of its last hit
    std::vector<Hole> last_hole_;  // per initiator: the unmapped range of its last miss
    uint64_t unmapped_ = 0;
};

}  // namespace vp
