// A user's own sc_main on libvp: build the machine a YAML file describes (including a model
// this program registers itself), add an initiator of its own, run it.
#include <tlm_utils/simple_initiator_socket.h>
#include <iostream>
#include <systemc>

#include "platform/platform.h"

// A scripted traffic generator standing in for a DMA engine or a testbench.
struct TrafficGenerator : sc_core::sc_module {
    tlm_utils::simple_initiator_socket<TrafficGenerator> socket{"socket"};
    SC_HAS_PROCESS(TrafficGenerator);
    explicit TrafficGenerator(const sc_core::sc_module_name& n) : sc_module(n) { SC_THREAD(run); }

    bool access(tlm::tlm_command cmd, uint64_t addr, uint32_t& value) {
        tlm::tlm_generic_payload gp;
        gp.set_command(cmd);
        gp.set_address(addr);
        gp.set_data_ptr(reinterpret_cast<unsigned char*>(&value));
        gp.set_data_length(4);
        gp.set_streaming_width(4);
        gp.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
        sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
        socket->b_transport(gp, delay);
        wait(delay);
        return gp.is_response_ok();
    }

    void run() {
        for (uint32_t v : {0xcafe0001u, 0xcafe0002u, 0xcafe0003u})
            access(tlm::TLM_WRITE_COMMAND, 0x0a000000, v);
        uint32_t count = 0, ram = 0x12345678, back = 0;
        access(tlm::TLM_READ_COMMAND, 0x0a000004, count);
        access(tlm::TLM_WRITE_COMMAND, 0x40000000, ram);
        access(tlm::TLM_READ_COMMAND, 0x40000000, back);
        std::cout << "mailbox saw " << count << " writes; RAM read back 0x" << std::hex << back << std::dec
                  << "\n";
        sc_core::sc_stop();
    }
};

int sc_main(int argc, char** argv) {
    std::string yaml = argc > 1 ? argv[1] : "machine.yaml";
    try {
        vp::Platform platform("machine", vp::load_topology(yaml));
        TrafficGenerator gen("gen");
        gen.socket.bind(platform.router().targ);
        sc_core::sc_start();
    } catch (const vp::Error& e) {
        std::cerr << "error: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
