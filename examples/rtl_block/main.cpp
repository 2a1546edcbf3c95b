// A team's test bench on libvp: build the machine of a YAML file (with the RTL block
// acme.scratch, which CMakeLists.txt Verilates and registers), drive the block's registers
// through the platform's bus, print what it answers.
#include <tlm_utils/simple_initiator_socket.h>
#include <cstdio>
#include <iostream>
#include <systemc>

#include "platform/platform.h"

struct Bench : sc_core::sc_module {
    tlm_utils::simple_initiator_socket<Bench> socket{"socket"};
    SC_HAS_PROCESS(Bench);
    explicit Bench(const sc_core::sc_module_name& n) : sc_module(n) { SC_THREAD(run); }

    const char* access(tlm::tlm_command cmd, uint64_t addr, uint32_t& value, unsigned len = 4) {
        tlm::tlm_generic_payload gp;
        gp.set_command(cmd);
        gp.set_address(addr);
        gp.set_data_ptr(reinterpret_cast<unsigned char*>(&value));
        gp.set_data_length(len);
        gp.set_streaming_width(len);
        gp.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
        sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
        socket->b_transport(gp, delay);
        wait(delay);
        return gp.is_response_ok() ? "ok" : "error";
    }

    void run() {
        const uint64_t base = 0x0a000000;
        uint32_t id = 0, scratch = 0x12345678, back = 0, byte = 0xab, irq = 1, bad = 0;
        access(tlm::TLM_READ_COMMAND, base + 0x8, id);
        access(tlm::TLM_WRITE_COMMAND, base + 0x0, scratch);
        access(tlm::TLM_WRITE_COMMAND, base + 0x1, byte, 1);
        access(tlm::TLM_READ_COMMAND, base + 0x0, back);
        access(tlm::TLM_WRITE_COMMAND, base + 0x4, irq);
        irq = 0;
        access(tlm::TLM_READ_COMMAND, base + 0x4, irq);
        const char* st = access(tlm::TLM_READ_COMMAND, base + 0x10, bad);
        std::printf("ID 0x%08x SCRATCH 0x%08x IRQ %u; offset 0x10: %s; at %s\n", id, back, irq, st,
                    sc_core::sc_time_stamp().to_string().c_str());
        sc_core::sc_stop();
    }
};

int sc_main(int argc, char** argv) {
    std::string yaml = argc > 1 ? argv[1] : "machine.yaml";
    try {
        vp::Platform platform("machine", vp::load_topology(yaml));
        Bench bench("bench");
        bench.socket.bind(platform.router().targ);
        sc_core::sc_start();
    } catch (const vp::Error& e) {
        std::cerr << "error: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
