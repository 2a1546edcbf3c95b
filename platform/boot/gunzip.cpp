#include "platform/boot/gunzip.h"

#include <zlib.h>

#include <algorithm>
#include <functional>
#include <memory>

#include "platform/boot/input_file.h"
#include "core/error.h"

namespace vp::boot {

namespace {

// Inflates the first gzip member of `in`, handing the output to `sink` chunk by chunk.
// Returns false when the sink asked to stop, true at the end of the member.
bool inflate_into(std::span<const uint8_t> in, const std::string& path,
                  const std::function<bool(const uint8_t*, size_t)>& sink) {
    z_stream zs{};
    // 16 + MAX_WBITS: a gzip wrapper around a deflate stream with up to a 32 KiB window.
    if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK) throw Error("'" + path + "': zlib initialisation failed");
    struct End {
        z_stream& zs;
        ~End() { inflateEnd(&zs); }
    } end{zs};
    constexpr size_t kBuf = 1u << 16;
    auto buf = std::make_unique_for_overwrite<uint8_t[]>(kBuf);
    size_t fed = 0;
    for (;;) {
        if (zs.avail_in == 0 && fed < in.size()) {
            // avail_in is 32 bits wide: feed inputs over 4 GiB in pieces.
            size_t piece = std::min<size_t>(in.size() - fed, size_t(1) << 30);
            zs.next_in = const_cast<Bytef*>(in.data() + fed);
            zs.avail_in = static_cast<uInt>(piece);
            fed += piece;
        }
        zs.next_out = buf.get();
        zs.avail_out = static_cast<uInt>(kBuf);
        int rc = inflate(&zs, Z_NO_FLUSH);
        if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR)
            throw Error("'" + path + "': corrupt gzip data" +
                        (zs.msg ? std::string(" (") + zs.msg + ")" : ""));
        size_t produced = kBuf - zs.avail_out;
        if (produced && !sink(buf.get(), produced)) return false;
        if (rc == Z_STREAM_END) return true;
        // All input consumed, room left for output, and still not at the end: the file is cut short.
        if (zs.avail_in == 0 && fed == in.size() && zs.avail_out != 0)
            throw Error("'" + path + "': truncated gzip data");
    }
}

}  // namespace

bool is_gzip(std::span<const uint8_t> data) {
    return data.size() >= 2 && data[0] == 0x1f && data[1] == 0x8b;
}

std::vector<uint8_t> gunzip_head(std::span<const uint8_t> data, size_t n, const std::string& path) {
    std::vector<uint8_t> out;
    if (n == 0) return out;
    inflate_into(data, path, [&](const uint8_t* p, size_t len) {
        out.insert(out.end(), p, p + std::min(len, n - out.size()));
        return out.size() < n;
    });
    return out;
}

std::vector<uint8_t> gunzip(std::span<const uint8_t> data, uint64_t limit, const std::string& path,
                            const std::string& limit_text) {
    uint64_t total = 0;
    bool ended = inflate_into(data, path, [&](const uint8_t*, size_t len) {
        total += len;
        return total <= limit;
    });
    if (!ended)
        throw Error("'" + path + "': the gzip data inflates to more than " + size_text(limit) +
                    ", larger than " + limit_text);
    std::vector<uint8_t> out;
    out.reserve(total);
    inflate_into(data, path, [&](const uint8_t* p, size_t len) {
        out.insert(out.end(), p, p + len);
        return true;
    });
    return out;
}

}  // namespace vp::boot
