// vp_mkinitramfs: writes a gzip-compressed cpio "newc" initramfs from a gen_init_cpio-like
// spec (see initramfs.h for the spec format).
//
//   vp_mkinitramfs -o OUT [--no-gzip] [--mtime N] [-e 'LINE']... [SPEC...]
//
// SPEC files are read in order ('-' is standard input); each -e adds one spec line after them.
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "initramfs.h"

namespace {

void usage(std::FILE* to) {
    std::fputs(
        "usage: vp_mkinitramfs -o OUT [--no-gzip] [--mtime N] [-e 'SPEC LINE']... [SPEC_FILE|-]...\n"
        "spec lines (modes octal, names absolute inside the archive):\n"
        "  dir   <name> <mode> [<uid> <gid>]\n"
        "  file  <name> <hostpath> <mode> [<uid> <gid>]\n"
        "  slink <name> <target> [<mode> [<uid> <gid>]]\n"
        "  nod   <name> <mode> [<uid> <gid>] <c|b> <major> <minor>\n"
        "  pipe  <name> <mode> [<uid> <gid>]\n"
        "  sock  <name> <mode> [<uid> <gid>]\n"
        "  tree  <name> <hostdir>\n",
        to);
}

}  // namespace

int main(int argc, char** argv) {
    std::string out_path;
    bool gzip = true;
    std::vector<std::string> specs, lines;
    uint32_t mtime = 0;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto value = [&](const char* opt) -> std::string {
            if (i + 1 >= argc) {
                std::fprintf(stderr, "vp_mkinitramfs: %s needs a value\n", opt);
                std::exit(2);
            }
            return argv[++i];
        };
        if (a == "-o" || a == "--output")
            out_path = value("-o");
        else if (a == "-e")
            lines.push_back(value("-e"));
        else if (a == "--no-gzip")
            gzip = false;
        else if (a == "--mtime")
            mtime = static_cast<uint32_t>(std::stoul(value("--mtime")));
        else if (a == "-h" || a == "--help") {
            usage(stdout);
            return 0;
        } else if (a.size() > 1 && a[0] == '-') {
            std::fprintf(stderr, "vp_mkinitramfs: unknown option '%s'\n", a.c_str());
            usage(stderr);
            return 2;
        } else
            specs.push_back(a);
    }
    if (out_path.empty() || (specs.empty() && lines.empty())) {
        usage(stderr);
        return 2;
    }
    try {
        vp::guest::InitramfsBuilder builder;
        builder.set_mtime(mtime);
        for (const auto& s : specs) {
            if (s == "-") {
                builder.add_spec(std::cin, "<stdin>");
                continue;
            }
            std::ifstream in(s);
            if (!in) throw vp::guest::SpecError("cannot open spec file '" + s + "'");
            builder.add_spec(in, s);
        }
        for (size_t i = 0; i < lines.size(); ++i)
            builder.add_spec_line(lines[i], "-e #" + std::to_string(i + 1));
        const std::string data = gzip ? builder.cpio_gz() : builder.cpio();
        std::ofstream out(out_path, std::ios::binary | std::ios::trunc);
        if (!out || !out.write(data.data(), static_cast<std::streamsize>(data.size())) || !out.flush())
            throw std::runtime_error("cannot write '" + out_path + "'");
    } catch (const std::exception& e) {
        std::fprintf(stderr, "vp_mkinitramfs: %s\n", e.what());
        return 1;
    }
    return 0;
}
