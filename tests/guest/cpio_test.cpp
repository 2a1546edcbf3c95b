// Tests of the initramfs writer (tools/guest/initramfs.h, vp_mkinitramfs).
// Expected values come from the newc format definition (cpio(5) "New ASCII Format" and the
// kernel's Documentation/driver-api/early-userspace/buffer-format.rst): a 110-byte header of
// the magic "070701" and 13 eight-digit hex fields (ino, mode, uid, gid, nlink, mtime,
// filesize, devmajor, devminor, rdevmajor, rdevminor, namesize incl. NUL, check), the name,
// padding to a multiple of 4, the data, padding to a multiple of 4; the archive ends with an
// entry named "TRAILER!!!". Mode bits are the POSIX ones (S_IFDIR 040000, S_IFREG 0100000,
// S_IFLNK 0120000, S_IFCHR 020000).
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zlib.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <string>
#include <vector>

#include "initramfs.h"
#include "support/oracle.h"

namespace fs = std::filesystem;

namespace {

// ---- an independent newc reader ------------------------------------------------------------
struct Entry {
    uint32_t ino, mode, uid, gid, nlink, mtime, filesize, devmajor, devminor, rdevmajor, rdevminor, namesize,
        check;
    size_t header_offset;
    size_t data_offset;
    std::string name, data;
};

uint32_t hex8(const std::string& s, size_t at) {
    uint32_t v = 0;
    for (size_t i = 0; i < 8; ++i) {
        const char c = s.at(at + i);
        v <<= 4;
        if (c >= '0' && c <= '9')
            v |= static_cast<uint32_t>(c - '0');
        else if (c >= 'A' && c <= 'F')
            v |= static_cast<uint32_t>(c - 'A' + 10);
        else if (c >= 'a' && c <= 'f')
            v |= static_cast<uint32_t>(c - 'a' + 10);
        else
            ADD_FAILURE() << "non-hex digit '" << c << "' at offset " << at + i;
    }
    return v;
}

size_t round4(size_t n) {
    return (n + 3) & ~size_t{3};
}

// Parses the archive; fails the test on malformed structure. The trailer is the last element.
std::vector<Entry> parse_newc(const std::string& a) {
    std::vector<Entry> out;
    size_t pos = 0;
    while (true) {
        EXPECT_EQ(pos % 4, 0u) << "header not 4-byte aligned";
        if (pos + 110 > a.size()) {
            ADD_FAILURE() << "archive truncated before a header at " << pos << " (no trailer?)";
            return out;
        }
        EXPECT_EQ(a.substr(pos, 6), "070701") << "bad magic at " << pos;
        Entry e{};
        uint32_t* f[] = {&e.ino,       &e.mode,     &e.uid,      &e.gid,      &e.nlink,
                         &e.mtime,     &e.filesize, &e.devmajor, &e.devminor, &e.rdevmajor,
                         &e.rdevminor, &e.namesize, &e.check};
        for (size_t i = 0; i < 13; ++i) *f[i] = hex8(a, pos + 6 + 8 * i);
        e.header_offset = pos;
        EXPECT_GE(e.namesize, 2u);
        e.name = a.substr(pos + 110, e.namesize - 1);
        EXPECT_EQ(a.at(pos + 110 + e.namesize - 1), '\0') << "name not NUL-terminated: " << e.name;
        for (size_t i = pos + 110 + e.namesize; i < round4(pos + 110 + e.namesize); ++i)
            EXPECT_EQ(a.at(i), '\0') << "non-zero name padding in " << e.name;
        e.data_offset = round4(pos + 110 + e.namesize);
        EXPECT_LE(e.data_offset + e.filesize, a.size());
        e.data = a.substr(e.data_offset, e.filesize);
        for (size_t i = e.data_offset + e.filesize; i < round4(e.data_offset + e.filesize) && i < a.size();
             ++i)
            EXPECT_EQ(a.at(i), '\0') << "non-zero data padding in " << e.name;
        pos = round4(e.data_offset + e.filesize);
        out.push_back(e);
        if (e.name == "TRAILER!!!") break;
    }
    for (size_t i = pos; i < a.size(); ++i) EXPECT_EQ(a[i], '\0') << "data after the trailer";
    return out;
}

std::string gunzip(const std::string& gz) {
    EXPECT_GE(gz.size(), 18u);
    z_stream zs{};
    EXPECT_EQ(inflateInit2(&zs, 16 + 15), Z_OK);  // gzip wrapper only
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(gz.data()));
    zs.avail_in = static_cast<uInt>(gz.size());
    std::string out;
    char buf[65536];
    int rc = Z_OK;
    while (rc == Z_OK) {
        zs.next_out = reinterpret_cast<Bytef*>(buf);
        zs.avail_out = sizeof buf;
        rc = inflate(&zs, Z_NO_FLUSH);
        out.append(buf, sizeof buf - zs.avail_out);
    }
    EXPECT_EQ(rc, Z_STREAM_END) << "gzip stream does not end cleanly";
    EXPECT_EQ(zs.avail_in, 0u) << "bytes after the gzip member";
    inflateEnd(&zs);
    return out;
}

std::string read_file(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

void write_file(const fs::path& p, const std::string& s) {
    std::ofstream out(p, std::ios::binary);
    out << s;
}

int run(const std::string& cmd) {
    const int rc = std::system(cmd.c_str());
    return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

std::map<std::string, Entry> by_name(const std::vector<Entry>& v) {
    std::map<std::string, Entry> m;
    for (const auto& e : v) m[e.name] = e;
    return m;
}

struct TempDir {
    fs::path path;
    TempDir() {
        std::string tmpl = (fs::temp_directory_path() / "vp_cpio_test.XXXXXX").string();
        path = ::mkdtemp(tmpl.data());
    }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(path, ec);
    }
};

}  // namespace

// The exact header bytes of one regular file, field by field.
TEST(GuestCpio, HeaderFieldsOfOneFile) {
    vp::guest::InitramfsBuilder b;
    b.add_file("/a", "xyz", 0644, 1000, 100);
    const std::string a = b.cpio();
    // "a\0" -> namesize 2; 110 + 2 = 112 (aligned); data 3 bytes padded to 4; then trailer.
    const std::string expected_header = std::string("070701") +
                                        "00000001"   // ino
                                        "000081A4"   // mode 0100644
                                        "000003E8"   // uid 1000
                                        "00000064"   // gid 100
                                        "00000001"   // nlink
                                        "00000000"   // mtime
                                        "00000003"   // filesize
                                        "00000000"   // devmajor
                                        "00000000"   // devminor
                                        "00000000"   // rdevmajor
                                        "00000000"   // rdevminor
                                        "00000002"   // namesize
                                        "00000000";  // check
    ASSERT_GE(a.size(), 116u);
    EXPECT_EQ(a.substr(0, 110), expected_header);
    EXPECT_EQ(a.substr(110, 2), std::string("a\0", 2));
    EXPECT_EQ(a.substr(112, 4), std::string("xyz\0", 4));
    // Trailer: namesize 11 ("TRAILER!!!\0"), 110 + 11 = 121 -> padded to 124.
    EXPECT_EQ(a.substr(116, 6), "070701");
    EXPECT_EQ(a.substr(116 + 94, 8), "0000000B");
    EXPECT_EQ(a.substr(116 + 110, 11), std::string("TRAILER!!!\0", 11));
    EXPECT_EQ(a.size(), 116u + 124u);
}

// Every header and every data block starts on a 4-byte boundary for all name/data lengths.
TEST(GuestCpio, AlignmentForAllNameAndDataLengths) {
    vp::guest::InitramfsBuilder b;
    std::map<std::string, std::string> want;
    for (int nl = 1; nl <= 9; ++nl)
        for (int dl = 0; dl <= 5; ++dl) {
            std::string name = "/" + std::string(static_cast<size_t>(nl), static_cast<char>('a' + dl));
            std::string data(static_cast<size_t>(dl), static_cast<char>('0' + nl));
            b.add_file(name, data, 0600);
            want[name.substr(1)] = data;
        }
    const auto entries = parse_newc(b.cpio());
    ASSERT_FALSE(entries.empty());
    EXPECT_EQ(entries.back().name, "TRAILER!!!");
    EXPECT_EQ(entries.size(), want.size() + 1);
    for (const auto& e : entries) {
        EXPECT_EQ(e.header_offset % 4, 0u) << e.name;
        EXPECT_EQ(e.data_offset % 4, 0u) << e.name;
        if (e.name != "TRAILER!!!") {
            EXPECT_EQ(e.data, want.at(e.name)) << e.name;
        }
    }
}

// The command-line tool on a spec with every entry kind; read back with the test's own reader.
TEST(GuestCpio, ToolWritesGzipNewcFromSpec) {
    TempDir t;
    write_file(t.path / "hello.txt", "hello, guest\n");
    write_file(t.path / "init", "#!/bin/sh\necho hi\n");
    write_file(t.path / "spec",
               "# test spec\n"
               "dir /proc 0755\n"
               "dir /tmp 1777\n"
               "file /bin/busybox " +
                   (t.path / "hello.txt").string() +
                   " 0755\n"
                   "slink /bin/sh busybox\n"
                   "nod /dev/console 0600 c 5 1\n"
                   "nod /dev/vda 0660 0 6 b 254 0\n"
                   "file /init " +
                   (t.path / "init").string() +
                   " 0755\n"
                   "pipe /run/fifo 0644\n");
    const std::string out = (t.path / "out.cpio.gz").string();
    ASSERT_EQ(run(std::string(VP_MKINITRAMFS_PATH) + " -o " + out + " " + (t.path / "spec").string()), 0);
    const std::string gz = read_file(out);
    ASSERT_GE(gz.size(), 3u);
    EXPECT_EQ(static_cast<unsigned char>(gz[0]), 0x1f);  // gzip magic (RFC 1952)
    EXPECT_EQ(static_cast<unsigned char>(gz[1]), 0x8b);
    EXPECT_EQ(static_cast<unsigned char>(gz[2]), 8);  // deflate
    const auto entries = parse_newc(gunzip(gz));
    ASSERT_FALSE(entries.empty());
    EXPECT_EQ(entries.back().name, "TRAILER!!!");
    const auto m = by_name(entries);

    EXPECT_EQ(m.at("proc").mode, 040755u);
    EXPECT_EQ(m.at("proc").filesize, 0u);
    EXPECT_EQ(m.at("tmp").mode, 041777u);
    EXPECT_EQ(m.at("bin").mode, 040755u);  // implicit parent
    EXPECT_EQ(m.at("bin/busybox").mode, 0100755u);
    EXPECT_EQ(m.at("bin/busybox").data, "hello, guest\n");
    EXPECT_EQ(m.at("bin/busybox").nlink, 1u);
    EXPECT_EQ(m.at("bin/sh").mode, 0120777u);
    EXPECT_EQ(m.at("bin/sh").data, "busybox");  // symlink target, no NUL
    EXPECT_EQ(m.at("dev/console").mode, 020600u);
    EXPECT_EQ(m.at("dev/console").rdevmajor, 5u);
    EXPECT_EQ(m.at("dev/console").rdevminor, 1u);
    EXPECT_EQ(m.at("dev/vda").mode, 060660u);
    EXPECT_EQ(m.at("dev/vda").gid, 6u);
    EXPECT_EQ(m.at("dev/vda").rdevmajor, 254u);
    EXPECT_EQ(m.at("init").mode, 0100755u);
    EXPECT_EQ(m.at("init").data, "#!/bin/sh\necho hi\n");
    EXPECT_EQ(m.at("run/fifo").mode, 010644u);

    // Parents come before children; inode numbers are distinct.
    std::map<std::string, size_t> index;
    std::map<uint32_t, std::string> inos;
    for (size_t i = 0; i < entries.size(); ++i) {
        index[entries[i].name] = i;
        if (entries[i].name == "TRAILER!!!") continue;
        EXPECT_TRUE(inos.emplace(entries[i].ino, entries[i].name).second)
            << "duplicate inode " << entries[i].ino;
    }
    for (const auto& e : entries) {
        const auto slash = e.name.rfind('/');
        if (slash == std::string::npos || e.name == "TRAILER!!!") continue;
        const std::string parent = e.name.substr(0, slash);
        ASSERT_TRUE(index.count(parent)) << "missing parent " << parent;
        EXPECT_LT(index[parent], index[e.name]) << parent << " after " << e.name;
    }
}

TEST(GuestCpio, ReproducibleOutput) {
    TempDir t;
    write_file(t.path / "f", "data");
    const std::string spec = (t.path / "spec").string();
    write_file(spec, "file /f " + (t.path / "f").string() + " 0644\nslink /l f\n");
    const std::string tool = VP_MKINITRAMFS_PATH;
    ASSERT_EQ(run(tool + " -o " + (t.path / "1").string() + " " + spec), 0);
    ASSERT_EQ(run(tool + " -o " + (t.path / "2").string() + " " + spec), 0);
    EXPECT_EQ(read_file(t.path / "1"), read_file(t.path / "2"));
}

TEST(GuestCpio, TreeAddsHostDirectory) {
    TempDir t;
    fs::create_directories(t.path / "x/bin");
    write_file(t.path / "x/bin/test", "ELF?");
    fs::permissions(t.path / "x/bin/test", fs::perms(0750));
    fs::create_symlink("test", t.path / "x/bin/alias");
    vp::guest::InitramfsBuilder b;
    b.add_spec_line("tree /opt " + (t.path / "x").string());
    const auto m = by_name(parse_newc(b.cpio()));
    EXPECT_EQ(m.at("opt").mode & 0170000u, 040000u);
    EXPECT_EQ(m.at("opt/bin").mode & 0170000u, 040000u);
    EXPECT_EQ(m.at("opt/bin/test").mode, 0100750u);
    EXPECT_EQ(m.at("opt/bin/test").data, "ELF?");
    EXPECT_EQ(m.at("opt/bin/alias").mode & 0170000u, 0120000u);
    EXPECT_EQ(m.at("opt/bin/alias").data, "test");
}

TEST(GuestCpio, SpecErrorsAreReported) {
    vp::guest::InitramfsBuilder b;
    EXPECT_THROW(b.add_spec_line("frob /x 0755"), vp::guest::SpecError);
    EXPECT_THROW(b.add_spec_line("dir /x 0999"), vp::guest::SpecError);
    EXPECT_THROW(b.add_spec_line("dir /x"), vp::guest::SpecError);
    EXPECT_THROW(b.add_spec_line("dir /a/../b 0755"), vp::guest::SpecError);
    EXPECT_THROW(b.add_spec_line("nod /dev/x 0600 q 1 1"), vp::guest::SpecError);
    EXPECT_THROW(b.add_spec_line("file /x /nonexistent/vp/file 0644"), vp::guest::SpecError);
    EXPECT_NO_THROW(b.add_spec_line("   # only a comment"));
    EXPECT_NO_THROW(b.add_spec_line(""));
    // The tool exits non-zero on a bad spec.
    TempDir t;
    write_file(t.path / "spec", "dir /x 0755\nbogus line\n");
    EXPECT_NE(run(std::string(VP_MKINITRAMFS_PATH) + " -o " + (t.path / "o").string() + " " +
                  (t.path / "spec").string() + " 2>/dev/null"),
              0);
}

// GNU cpio as a second, external reader: listing (names, types, device numbers) and extraction.
TEST(GuestCpio, HostCpioListsAndExtracts) {
    VP_REQUIRE_ORACLE(vp::test::have_program("cpio"), "GNU cpio", "cpio");
    TempDir t;
    write_file(t.path / "payload", "payload bytes\n");
    vp::guest::InitramfsBuilder b;
    b.add_spec_line("dir /etc 0755");
    b.add_spec_line("file /etc/motd " + (t.path / "payload").string() + " 0640");
    b.add_spec_line("slink /etc/link motd");
    b.add_spec_line("nod /dev/console 0600 c 5 1");
    write_file(t.path / "a.cpio", b.cpio());

    ASSERT_EQ(run("cd " + t.path.string() + " && cpio -t --quiet < a.cpio > list.txt 2>err.txt"), 0)
        << read_file(t.path / "err.txt");
    EXPECT_EQ(read_file(t.path / "list.txt"), "etc\netc/motd\netc/link\ndev\ndev/console\n");
    ASSERT_EQ(run("cd " + t.path.string() + " && cpio -tv --quiet < a.cpio > vlist.txt 2>/dev/null"), 0);
    const std::string v = read_file(t.path / "vlist.txt");
    EXPECT_NE(v.find("crw-------"), std::string::npos) << v;
    EXPECT_NE(v.find("5,"), std::string::npos) << v;
    EXPECT_NE(v.find("lrwxrwxrwx"), std::string::npos) << v;
    EXPECT_NE(v.find("etc/link -> motd"), std::string::npos) << v;

    // Extract everything but the device node (creating one needs privileges).
    fs::create_directories(t.path / "x");
    ASSERT_EQ(run("cd " + (t.path / "x").string() +
                  " && cpio -id --quiet --no-absolute-filenames -f 'dev/console' < ../a.cpio 2>../err.txt"),
              0)
        << read_file(t.path / "err.txt");
    EXPECT_EQ(read_file(t.path / "x/etc/motd"), "payload bytes\n");
    EXPECT_EQ(fs::status(t.path / "x/etc/motd").permissions() & fs::perms::all, fs::perms(0640));
    EXPECT_TRUE(fs::is_symlink(t.path / "x/etc/link"));
    EXPECT_EQ(fs::read_symlink(t.path / "x/etc/link"), "motd");
    EXPECT_FALSE(fs::exists(t.path / "x/dev/console"));
}

// gzip output of the tool is understood by the host's gzip + cpio too.
TEST(GuestCpio, HostGzipAndCpioReadToolOutput) {
    VP_REQUIRE_ORACLE(vp::test::have_program("cpio"), "GNU cpio", "cpio");
    TempDir t;
    write_file(t.path / "f", std::string(100000, 'z'));
    const std::string out = (t.path / "o.cpio.gz").string();
    ASSERT_EQ(run(std::string(VP_MKINITRAMFS_PATH) + " -o " + out + " -e 'file /big " +
                  (t.path / "f").string() + " 0644' -e 'slink /bin/sh busybox'"),
              0);
    ASSERT_EQ(run("gzip -t " + out), 0);
    ASSERT_EQ(run("gzip -dc " + out + " | cpio -t --quiet > " + (t.path / "l").string() + " 2>/dev/null"), 0);
    EXPECT_EQ(read_file(t.path / "l"), "big\nbin\nbin/sh\n");
}
