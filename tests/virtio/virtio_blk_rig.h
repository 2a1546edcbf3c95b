// The virtio-blk test rig: an image file made by the test (a pattern of bytes), the device's
// configuration, and a driver that sends one §5.2.6 request at a time.
#pragma once
#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <string>

#include "virtio/virtio_test_util.h"

namespace virtio_test {

constexpr uint64_t kImageBytes = 64 * 1024;  // 128 sectors

inline std::string pattern(size_t n, unsigned seed) {
    std::string s(n, '\0');
    for (size_t i = 0; i < n; ++i) s[i] = static_cast<char>((i * 7 + seed * 13 + i / 512) & 0xFF);
    return s;
}

struct Image {
    std::string path;
    Image() {
        char tmpl[] = "/tmp/vp-virtio-blk-XXXXXX";
        const int fd = mkstemp(tmpl);
        EXPECT_GE(fd, 0);
        const std::string data = pattern(kImageBytes, 1);
        EXPECT_EQ(write(fd, data.data(), data.size()), static_cast<ssize_t>(data.size()));
        close(fd);
        path = tmpl;
    }
    ~Image() { unlink(path.c_str()); }
    std::string contents() const {
        std::ifstream f(path, std::ios::binary);
        return std::string(std::istreambuf_iterator<char>(f), {});
    }
};

inline vp::DeviceConfig blk_config(const std::string& image, bool readonly = false, bool snapshot = false,
                                   const std::string& serial = "", const std::string& format = "") {
    vp::DeviceConfig c = transport_config("vda", "virtio_blk");
    const vp::SourceLoc loc{"test.yaml", 3, 5};
    c.props.set("image", {image, loc, vp::PropType::path});
    c.props.set("readonly", {readonly ? "true" : "false", loc, vp::PropType::boolean});
    c.props.set("snapshot", {snapshot ? "true" : "false", loc, vp::PropType::boolean});
    if (!serial.empty()) c.props.set("serial", {serial, loc, vp::PropType::string});
    if (!format.empty()) c.props.set("format", {format, loc, vp::PropType::string});
    return c;
}

struct BlkRig : Rig {
    explicit BlkRig(const vp::DeviceConfig& c) : Rig(make_from_registry(c)) {}
    // One of several (Rig's prefix constructor).
    BlkRig(const vp::DeviceConfig& c, const std::string& prefix)
        : Rig(make_from_registry(c, (prefix + "virtio").c_str()), prefix) {}

    struct Reply {
        uint8_t status;
        std::string data;
        uint32_t used_len;
    };
    // §5.2.6 struct virtio_blk_req: header (type, reserved, sector), data, status byte.
    Reply request(uint32_t type, uint64_t sector, const std::string& out, uint32_t in_len,
                  bool indirect = false) {
        const uint64_t hdr = kData, out_at = kData + 0x100, in_at = kData + 0x8000 + 0x10000,
                       status = kData + 0x80;
        put<uint32_t>(hdr, type);
        put<uint32_t>(hdr + 4, 0);
        put<uint64_t>(hdr + 8, sector);
        put<uint8_t>(status, 0xEE);
        put_bytes(out_at, out.data(), out.size());
        std::vector<Buf> bufs{{hdr, 16, false}};
        if (!out.empty()) bufs.push_back({out_at, static_cast<uint32_t>(out.size()), false});
        if (in_len) bufs.push_back({in_at, in_len, true});
        bufs.push_back({status, 1, true});
        const uint16_t before = used_idx();
        const uint16_t head = indirect ? indirect_chain(kRam + 0x5000, bufs) : chain(bufs);
        make_available(head);
        EXPECT_EQ(used_idx(), before + 1) << "the request was not completed";
        EXPECT_EQ(used_id(before), head);
        return {get<uint8_t>(status), get_bytes(in_at, in_len), used_len(before)};
    }
};

}  // namespace virtio_test
