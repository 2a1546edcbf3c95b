#include "initramfs.h"

#include <sys/stat.h>
#include <zlib.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>

namespace vp::guest {

namespace fs = std::filesystem;

namespace {

constexpr uint32_t kTypeDir = S_IFDIR;
constexpr uint32_t kTypeReg = S_IFREG;
constexpr uint32_t kTypeLnk = S_IFLNK;
constexpr uint32_t kTypeChr = S_IFCHR;
constexpr uint32_t kTypeBlk = S_IFBLK;
constexpr uint32_t kTypeFifo = S_IFIFO;
constexpr uint32_t kTypeSock = S_IFSOCK;
constexpr uint32_t kPermMask = 07777;

uint32_t parse_number(const std::string& text, int base, const std::string& what, const std::string& where) {
    if (text.empty()) throw SpecError(where + ": missing " + what);
    size_t used = 0;
    unsigned long value = 0;
    try {
        value = std::stoul(text, &used, base);
    } catch (const std::exception&) {
        used = 0;
    }
    if (used != text.size() || value > 0xffffffffUL)
        throw SpecError(where + ": bad " + what + " '" + text + "'");
    return static_cast<uint32_t>(value);
}

uint32_t parse_mode(const std::string& text, const std::string& where) {
    uint32_t mode = parse_number(text, 8, "mode", where);
    if (mode & ~kPermMask) throw SpecError(where + ": mode '" + text + "' has bits beyond 07777");
    return mode;
}

void put_hex8(std::string& out, uint32_t value) {
    char buf[9];
    std::snprintf(buf, sizeof buf, "%08X", value);
    out.append(buf, 8);
}

void pad4(std::string& out) {
    while (out.size() % 4 != 0) out.push_back('\0');
}

std::string read_host_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw SpecError("cannot read host file '" + path + "'");
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

}  // namespace

std::string normalize_name(const std::string& name) {
    std::vector<std::string> parts;
    std::string part;
    std::istringstream in(name);
    while (std::getline(in, part, '/')) {
        if (part.empty() || part == ".") continue;
        if (part == "..") throw SpecError("archive name '" + name + "' contains '..'");
        parts.push_back(part);
    }
    std::string out;
    for (const auto& p : parts) {
        if (!out.empty()) out += '/';
        out += p;
    }
    if (out.empty()) throw SpecError("archive name '" + name + "' names the root");
    return out;
}

void InitramfsBuilder::ensure_parents(const std::string& name) {
    size_t pos = 0;
    while ((pos = name.find('/', pos)) != std::string::npos) {
        std::string parent = name.substr(0, pos);
        bool present = std::any_of(entries_.begin(), entries_.end(),
                                   [&](const CpioEntry& e) { return e.name == parent; });
        if (!present) entries_.push_back(CpioEntry{parent, kTypeDir | 0755, 0, 0, 0, 0, {}});
        ++pos;
    }
}

void InitramfsBuilder::add_entry(CpioEntry e) {
    e.name = normalize_name(e.name);
    ensure_parents(e.name);
    auto it =
        std::find_if(entries_.begin(), entries_.end(), [&](const CpioEntry& x) { return x.name == e.name; });
    if (it == entries_.end()) {
        entries_.push_back(std::move(e));
        return;
    }
    *it = std::move(e);  // a later definition replaces an earlier one, in place
}

void InitramfsBuilder::add_dir(const std::string& name, uint32_t perm, uint32_t uid, uint32_t gid) {
    add_entry(CpioEntry{name, kTypeDir | (perm & kPermMask), uid, gid, 0, 0, {}});
}

void InitramfsBuilder::add_file(const std::string& name, std::string contents, uint32_t perm, uint32_t uid,
                                uint32_t gid) {
    add_entry(CpioEntry{name, kTypeReg | (perm & kPermMask), uid, gid, 0, 0, std::move(contents)});
}

void InitramfsBuilder::add_host_file(const std::string& name, const std::string& host_path, uint32_t perm,
                                     uint32_t uid, uint32_t gid) {
    add_file(name, read_host_file(host_path), perm, uid, gid);
}

void InitramfsBuilder::add_symlink(const std::string& name, const std::string& target, uint32_t perm,
                                   uint32_t uid, uint32_t gid) {
    if (target.empty()) throw SpecError("symlink '" + name + "' has an empty target");
    add_entry(CpioEntry{name, kTypeLnk | (perm & kPermMask), uid, gid, 0, 0, target});
}

void InitramfsBuilder::add_node(const std::string& name, uint32_t perm, char type, uint32_t major,
                                uint32_t minor, uint32_t uid, uint32_t gid) {
    uint32_t bits = 0;
    if (type == 'c')
        bits = kTypeChr;
    else if (type == 'b')
        bits = kTypeBlk;
    else
        throw SpecError("device node '" + name + "': type must be 'c' or 'b'");
    add_entry(CpioEntry{name, bits | (perm & kPermMask), uid, gid, major, minor, {}});
}

void InitramfsBuilder::add_special(const std::string& name, uint32_t type_bits, uint32_t perm, uint32_t uid,
                                   uint32_t gid) {
    add_entry(CpioEntry{name, type_bits | (perm & kPermMask), uid, gid, 0, 0, {}});
}

void InitramfsBuilder::add_tree(const std::string& name, const std::string& host_dir) {
    std::error_code ec;
    if (!fs::is_directory(host_dir, ec)) throw SpecError("tree: '" + host_dir + "' is not a directory");
    // Sorted walk, so that the archive does not depend on directory order.
    std::vector<fs::path> paths;
    for (auto it = fs::recursive_directory_iterator(host_dir, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec))
        paths.push_back(it->path());
    if (ec) throw SpecError("tree: cannot walk '" + host_dir + "': " + ec.message());
    std::sort(paths.begin(), paths.end());
    const std::string base = name == "/" || name.empty() ? std::string() : normalize_name(name) + "/";
    for (const auto& p : paths) {
        const std::string rel = p.lexically_relative(host_dir).generic_string();  // no symlink resolution
        const std::string dest = base + rel;
        struct stat st {};
        if (::lstat(p.c_str(), &st) != 0) throw SpecError("tree: cannot stat '" + p.string() + "'");
        const uint32_t perm = st.st_mode & kPermMask;
        if (S_ISDIR(st.st_mode))
            add_dir(dest, perm);
        else if (S_ISREG(st.st_mode))
            add_host_file(dest, p.string(), perm);
        else if (S_ISLNK(st.st_mode))
            add_symlink(dest, fs::read_symlink(p).string());
        else
            throw SpecError("tree: '" + p.string() + "' is neither a file, a directory nor a symlink");
    }
}

void InitramfsBuilder::add_spec_line(const std::string& line, const std::string& where) {
    std::istringstream in(line);
    std::vector<std::string> tok;
    for (std::string t; in >> t;) {
        if (t[0] == '#') break;
        tok.push_back(t);
    }
    if (tok.empty()) return;
    const std::string& kind = tok[0];
    const size_t n = tok.size();
    auto ids = [&](size_t at, uint32_t& uid, uint32_t& gid) {
        uid = parse_number(tok[at], 10, "uid", where);
        gid = parse_number(tok[at + 1], 10, "gid", where);
    };
    uint32_t uid = 0, gid = 0;
    if (kind == "dir" || kind == "pipe" || kind == "sock") {
        if (n != 3 && n != 5)
            throw SpecError(where + ": expected '" + kind + " <name> <mode> [<uid> <gid>]'");
        if (n == 5) ids(3, uid, gid);
        const uint32_t mode = parse_mode(tok[2], where);
        if (kind == "dir")
            add_dir(tok[1], mode, uid, gid);
        else
            add_special(tok[1], kind == "pipe" ? kTypeFifo : kTypeSock, mode, uid, gid);
    } else if (kind == "file") {
        if (n != 4 && n != 6)
            throw SpecError(where + ": expected 'file <name> <hostpath> <mode> [<uid> <gid>]'");
        if (n == 6) ids(4, uid, gid);
        const uint32_t mode = parse_mode(tok[3], where);
        try {
            add_host_file(tok[1], tok[2], mode, uid, gid);
        } catch (const SpecError& e) {
            throw SpecError(where + ": " + e.what());
        }
    } else if (kind == "slink") {
        if (n != 3 && n != 4 && n != 6)
            throw SpecError(where + ": expected 'slink <name> <target> [<mode> [<uid> <gid>]]'");
        const uint32_t mode = n >= 4 ? parse_mode(tok[3], where) : 0777;
        if (n == 6) ids(4, uid, gid);
        add_symlink(tok[1], tok[2], mode, uid, gid);
    } else if (kind == "nod") {
        if (n != 6 && n != 8)
            throw SpecError(where + ": expected 'nod <name> <mode> [<uid> <gid>] <c|b> <major> <minor>'");
        const size_t t = n == 8 ? 5 : 3;
        if (n == 8) ids(3, uid, gid);
        if (tok[t].size() != 1) throw SpecError(where + ": device type must be 'c' or 'b'");
        add_node(tok[1], parse_mode(tok[2], where), tok[t][0], parse_number(tok[t + 1], 10, "major", where),
                 parse_number(tok[t + 2], 10, "minor", where), uid, gid);
    } else if (kind == "tree") {
        if (n != 3) throw SpecError(where + ": expected 'tree <name> <hostdir>'");
        try {
            add_tree(tok[1], tok[2]);
        } catch (const SpecError& e) {
            throw SpecError(where + ": " + e.what());
        }
    } else {
        throw SpecError(where + ": unknown entry type '" + kind + "'");
    }
}

void InitramfsBuilder::add_spec(std::istream& in, const std::string& source_name) {
    std::string line;
    for (int number = 1; std::getline(in, line); ++number)
        add_spec_line(line, source_name + ":" + std::to_string(number));
}

std::string InitramfsBuilder::cpio() const {
    std::string out;
    uint32_t ino = 1;
    auto header = [&](const std::string& name, uint32_t mode, uint32_t uid, uint32_t gid, uint32_t nlink,
                      uint32_t mtime, uint32_t size, uint32_t rmaj, uint32_t rmin, uint32_t inode) {
        out += kNewcMagic;
        put_hex8(out, inode);
        put_hex8(out, mode);
        put_hex8(out, uid);
        put_hex8(out, gid);
        put_hex8(out, nlink);
        put_hex8(out, mtime);
        put_hex8(out, size);
        put_hex8(out, 0);  // devmajor
        put_hex8(out, 0);  // devminor
        put_hex8(out, rmaj);
        put_hex8(out, rmin);
        put_hex8(out, static_cast<uint32_t>(name.size() + 1));
        put_hex8(out, 0);  // check (only for the "070702" crc format)
        out += name;
        out.push_back('\0');
        pad4(out);
    };
    for (const auto& e : entries_) {
        const bool dir = (e.mode & S_IFMT) == kTypeDir;
        const bool has_data = (e.mode & S_IFMT) == kTypeReg || (e.mode & S_IFMT) == kTypeLnk;
        if (e.data.size() > 0xffffffffUL) throw SpecError("entry '" + e.name + "' is larger than 4 GiB");
        header(e.name, e.mode, e.uid, e.gid, dir ? 2 : 1, mtime_,
               has_data ? static_cast<uint32_t>(e.data.size()) : 0, e.rdev_major, e.rdev_minor, ino++);
        if (has_data) {
            out += e.data;
            pad4(out);
        }
    }
    header(kTrailerName, 0, 0, 0, 1, 0, 0, 0, 0, 0);
    return out;
}

std::string gzip_compress(const std::string& data, int level) {
    z_stream zs{};
    // windowBits 15 + 16: a gzip wrapper with a default header (mtime 0, no name).
    if (deflateInit2(&zs, level, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) != Z_OK)
        throw std::runtime_error("zlib deflateInit2 failed");
    std::string out;
    out.resize(deflateBound(&zs, static_cast<uLong>(data.size())) + 64);
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    zs.avail_in = static_cast<uInt>(data.size());
    zs.next_out = reinterpret_cast<Bytef*>(out.data());
    zs.avail_out = static_cast<uInt>(out.size());
    const int rc = deflate(&zs, Z_FINISH);
    const size_t produced = zs.total_out;
    deflateEnd(&zs);
    if (rc != Z_STREAM_END) throw std::runtime_error("zlib deflate failed");
    out.resize(produced);
    return out;
}

std::string InitramfsBuilder::cpio_gz() const {
    return gzip_compress(cpio());
}

}  // namespace vp::guest
