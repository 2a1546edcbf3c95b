// A reader of Value Change Dump files (IEEE 1364-2005, 18.2): the timescale, the variables by
// hierarchical name (scope.scope.name), and each variable's value changes in file order.
#pragma once
#include <cstdint>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace vp::test {

struct VcdChange {
    uint64_t time;      // in the file's timescale units
    std::string value;  // "0", "1", or the binary digits of a vector without the 'b'
};

struct Vcd {
    std::string timescale;                                  // as written, e.g. "1ps"
    std::map<std::string, std::string> code_of;             // hierarchical name -> identifier code
    std::map<std::string, std::vector<VcdChange>> changes;  // identifier code -> its changes
    std::vector<uint64_t> times;                            // every #time in the file

    // The changes of the variable whose hierarchical name ends in ".name"; throws if none.
    const std::vector<VcdChange>& of(const std::string& name) const {
        for (const auto& [full, code] : code_of)
            if (full.size() > name.size() &&
                full.compare(full.size() - name.size(), name.size(), name) == 0 &&
                full[full.size() - name.size() - 1] == '.') {
                static const std::vector<VcdChange> none;
                auto it = changes.find(code);
                return it == changes.end() ? none : it->second;
            }
        throw std::runtime_error("no variable " + name + " in the VCD");
    }
};

inline uint64_t vcd_binary(const std::string& digits) {
    uint64_t v = 0;
    for (char c : digits) v = v << 1 | (c == '1');
    return v;
}

inline Vcd read_vcd(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot open " + path);
    Vcd vcd;
    std::vector<std::string> scopes;
    std::string word;
    uint64_t now = 0;
    auto skip_to_end = [&] {
        while (in >> word && word != "$end") {
        }
    };
    while (in >> word) {
        if (word == "$timescale") {
            while (in >> word && word != "$end") vcd.timescale += word;
        } else if (word == "$scope") {
            std::string kind, name;
            in >> kind >> name;
            scopes.push_back(name);
            skip_to_end();
        } else if (word == "$upscope") {
            scopes.pop_back();
            skip_to_end();
        } else if (word == "$var") {
            std::string type, width, code, name;
            in >> type >> width >> code >> name;
            std::string full;
            for (const std::string& s : scopes) full += s + ".";
            vcd.code_of.emplace(full + name, code);
            skip_to_end();
        } else if (word == "$dumpvars" || word == "$end") {
        } else if (word[0] == '$') {
            skip_to_end();
        } else if (word[0] == '#') {
            now = std::stoull(word.substr(1));
            vcd.times.push_back(now);
        } else if (word[0] == 'b' || word[0] == 'B') {
            std::string code;
            in >> code;
            vcd.changes[code].push_back({now, word.substr(1)});
        } else {
            vcd.changes[word.substr(1)].push_back({now, word.substr(0, 1)});
        }
    }
    return vcd;
}

}  // namespace vp::test
