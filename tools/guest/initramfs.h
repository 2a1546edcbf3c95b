// Initramfs builder: a cpio "newc" archive (the format the Linux kernel unpacks as its
// initramfs, Documentation/driver-api/early-userspace/buffer-format.rst), optionally
// gzip-compressed, described by a small spec in the style of the kernel's gen_init_cpio:
//
//   # comment
//   dir   <name> <mode> [<uid> <gid>]
//   file  <name> <hostpath> <mode> [<uid> <gid>]
//   slink <name> <target> [<mode> [<uid> <gid>]]
//   nod   <name> <mode> [<uid> <gid>] <c|b> <major> <minor>
//   pipe  <name> <mode> [<uid> <gid>]
//   sock  <name> <mode> [<uid> <gid>]
//   tree  <name> <hostdir>      every file, directory and symlink under hostdir, placed under
//                               name (host permissions kept, owner root)
//
// Modes are octal. Names are absolute paths inside the archive; missing parent directories
// are added (0755, root) before their first child. A later definition of a name replaces the
// earlier one in place (so `dir /bin 0700` after an implicit /bin sets its mode).
#pragma once

#include <cstdint>
#include <iosfwd>
#include <stdexcept>
#include <string>
#include <vector>

namespace vp::guest {

struct SpecError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

struct CpioEntry {
    std::string name;   // archive path without the leading '/', e.g. "bin/busybox"
    uint32_t mode = 0;  // file type bits (S_IFDIR, ...) | permission bits
    uint32_t uid = 0;
    uint32_t gid = 0;
    uint32_t rdev_major = 0;
    uint32_t rdev_minor = 0;
    std::string data;  // file contents, or the symlink target
};

// newc header field layout (all fields 8 ASCII hex digits after the 6-byte magic).
inline constexpr const char* kNewcMagic = "070701";
inline constexpr size_t kNewcHeaderSize = 110;
inline constexpr const char* kTrailerName = "TRAILER!!!";

class InitramfsBuilder {
public:
    // Parses one spec line (empty lines and '#' comments are ignored). `where` names the line
    // in error messages.
    void add_spec_line(const std::string& line, const std::string& where = "spec");
    void add_spec(std::istream& in, const std::string& source_name);

    void add_dir(const std::string& name, uint32_t perm, uint32_t uid = 0, uint32_t gid = 0);
    void add_file(const std::string& name, std::string contents, uint32_t perm, uint32_t uid = 0,
                  uint32_t gid = 0);
    void add_host_file(const std::string& name, const std::string& host_path, uint32_t perm, uint32_t uid = 0,
                       uint32_t gid = 0);
    void add_symlink(const std::string& name, const std::string& target, uint32_t perm = 0777,
                     uint32_t uid = 0, uint32_t gid = 0);
    void add_node(const std::string& name, uint32_t perm, char type, uint32_t major, uint32_t minor,
                  uint32_t uid = 0, uint32_t gid = 0);
    void add_special(const std::string& name, uint32_t type_bits, uint32_t perm, uint32_t uid = 0,
                     uint32_t gid = 0);
    void add_tree(const std::string& name, const std::string& host_dir);

    // Modification time written into every header (default 0, for reproducible archives).
    void set_mtime(uint32_t mtime) { mtime_ = mtime; }

    const std::vector<CpioEntry>& entries() const { return entries_; }

    // The uncompressed newc archive, ending with the TRAILER!!! entry.
    std::string cpio() const;
    // cpio() compressed as a gzip member (zlib, level 9, header mtime 0).
    std::string cpio_gz() const;

private:
    void add_entry(CpioEntry e);
    void ensure_parents(const std::string& name);

    std::vector<CpioEntry> entries_;
    uint32_t mtime_ = 0;
};

// Normalises an archive name: strips leading '/', collapses "//" and "/./", rejects "..".
std::string normalize_name(const std::string& name);

// gzip-compresses `data` (a single gzip member).
std::string gzip_compress(const std::string& data, int level = 9);

}  // namespace vp::guest
