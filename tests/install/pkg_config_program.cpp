// A program on an installed vp, built with `pkg-config --cflags --libs vp` (tests/install):
// includes every installed header (installed_headers.h, written by test_install.sh from the
// installed tree), builds the installed machine given as argv[1] and names its console.
#include "installed_headers.h"

#include <iostream>

int sc_main(int argc, char** argv) {
    if (argc != 2) {
        std::cerr << "usage: pkg_config_program TOPOLOGY.yaml\n";
        return 2;
    }
    try {
        vp::Platform platform("machine",
                              vp::load_topology(argv[1], {{"devices.uart0.backend", "null", "test"}}));
        vp::Device* console = platform.stdout_device();
        std::cout << "console: " << (console ? console->config().name : "none") << "\n";
    } catch (const vp::Error& e) {
        std::cerr << "error: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
