// A GICv2 with a test initiator on each region, register accesses issued as a given core
// (vp::CpuIdExtension) and an IrqRecorder on every core's outputs (line 2c = nIRQ of core c,
// 2c + 1 = nFIQ). Build inside a TEST body; the constructor finishes elaboration.
#pragma once
#include <string>

#include "models/gic/gicv2.h"
#include "core/cpu_id_extension.h"
#include "support/test_initiator.h"

namespace vp::test {

// GICv2 offsets used by the tests, written out from IHI 0048B Tables 4-1 and 4-2.
namespace reg {
constexpr uint64_t D_CTLR = 0x000, D_TYPER = 0x004, D_IIDR = 0x008, D_IGROUPR = 0x080;
constexpr uint64_t D_ISENABLER = 0x100, D_ICENABLER = 0x180, D_ISPENDR = 0x200, D_ICPENDR = 0x280;
constexpr uint64_t D_ISACTIVER = 0x300, D_ICACTIVER = 0x380, D_IPRIORITYR = 0x400;
constexpr uint64_t D_ITARGETSR = 0x800, D_ICFGR = 0xC00, D_SGIR = 0xF00;
constexpr uint64_t D_CPENDSGIR = 0xF10, D_SPENDSGIR = 0xF20, D_PIDR2 = 0xFE8;
constexpr uint64_t C_CTLR = 0x00, C_PMR = 0x04, C_BPR = 0x08, C_IAR = 0x0C, C_EOIR = 0x10;
constexpr uint64_t C_RPR = 0x14, C_HPPIR = 0x18, C_ABPR = 0x1C, C_IIDR = 0xFC, C_DIR = 0x1000;
}  // namespace reg

inline DeviceConfig gic_config(unsigned cpus, unsigned irqs = 288) {
    DeviceConfig c;
    c.name = "gic";
    c.model = "gicv2";
    c.regions = {{"dist", 0x08000000, 0x10000}, {"cpu", 0x08010000, 0x10000}};
    c.props.set("num_cpus", {std::to_string(cpus), {}, PropType::integer});
    c.props.set("num_irqs", {std::to_string(irqs), {}, PropType::integer});
    return c;
}

struct GicBench {
    Gicv2 gic;
    TestInitiator dist{"dist_init"};
    TestInitiator cpu{"cpu_init"};
    IrqRecorder rec;

    explicit GicBench(unsigned cpus, unsigned irqs = 288) : gic("gic", gic_config(cpus, irqs)) {
        dist.socket.bind(gic.target_socket(0));
        cpu.socket.bind(gic.target_socket(1));
        for (unsigned c = 0; c < cpus; ++c) {
            gic.irq_out(c).bind(rec, 2 * c);
            gic.fiq_out(c).bind(rec, 2 * c + 1);
        }
        sc_core::sc_start(sc_core::SC_ZERO_TIME);
    }

    static uint32_t access(TestInitiator& init, tlm::tlm_command cmd, uint64_t addr, uint32_t value,
                           unsigned core, unsigned len) {
        tlm::tlm_generic_payload gp;
        gp.set_command(cmd);
        gp.set_address(addr);
        gp.set_data_ptr(reinterpret_cast<unsigned char*>(&value));
        gp.set_data_length(len);
        gp.set_streaming_width(len);
        gp.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
        gp.set_extension(new CpuIdExtension(core));  // deleted with the payload
        sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
        init.socket->b_transport(gp, delay);
        if (gp.get_response_status() != tlm::TLM_OK_RESPONSE) throw std::runtime_error("GIC access failed");
        return len == 4 ? value : value & ((1u << (8 * len)) - 1);
    }
    uint32_t rd_d(uint64_t off, unsigned core = 0, unsigned len = 4) {
        return access(dist, tlm::TLM_READ_COMMAND, off, 0, core, len);
    }
    void wr_d(uint64_t off, uint32_t v, unsigned core = 0, unsigned len = 4) {
        access(dist, tlm::TLM_WRITE_COMMAND, off, v, core, len);
    }
    uint32_t rd_c(uint64_t off, unsigned core = 0) {
        return access(cpu, tlm::TLM_READ_COMMAND, off, 0, core, 4);
    }
    void wr_c(uint64_t off, uint32_t v, unsigned core = 0) {
        access(cpu, tlm::TLM_WRITE_COMMAND, off, v, core, 4);
    }

    // Distributor forwarding Group 0 and `core`'s interface signalling it, all priorities.
    void enable_all(unsigned core = 0) {
        wr_d(reg::D_CTLR, 1);
        wr_c(reg::C_CTLR, 1, core);
        wr_c(reg::C_PMR, 0xff, core);
    }
    void enable_irq(unsigned id, unsigned core = 0) {
        wr_d(reg::D_ISENABLER + 4 * (id / 32), 1u << (id % 32), core);
    }
    void set_pending(unsigned id, unsigned core = 0) {
        wr_d(reg::D_ISPENDR + 4 * (id / 32), 1u << (id % 32), core);
    }
    void set_priority(unsigned id, uint8_t prio, unsigned core = 0) {
        wr_d(reg::D_IPRIORITYR + id, prio, core, 1);
    }
    bool bit(uint64_t base, unsigned id, unsigned core = 0) {
        return rd_d(base + 4 * (id / 32), core) >> (id % 32) & 1;
    }
    bool irq_line(unsigned core) const { return rec.level(2 * core); }
    bool fiq_line(unsigned core) const { return rec.level(2 * core + 1); }
};

}  // namespace vp::test
