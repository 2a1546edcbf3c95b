#include "core/page_image.h"

#include <zlib.h>

#include <algorithm>
#include <cstring>

#include <fmt/format.h>

namespace vp {

namespace {

bool all_zero(std::span<const uint8_t> page) {
    static const uint8_t zero[page_image_page] = {};
    return std::memcmp(page.data(), zero, page.size()) == 0;
}

std::span<const uint8_t> page_of(std::span<const uint8_t> memory, uint64_t index) {
    uint64_t start = index * page_image_page;
    return memory.subspan(start, std::min<uint64_t>(page_image_page, memory.size() - start));
}

// Deflates the concatenation of `pages` of `memory` (Z_BEST_SPEED: saving is on the user's clock).
std::vector<uint8_t> deflate_pages(std::span<const uint8_t> memory, const std::vector<uint64_t>& pages) {
    z_stream z{};
    if (deflateInit(&z, Z_BEST_SPEED) != Z_OK) throw CheckpointError("checkpoint: zlib deflateInit failed");
    std::vector<uint8_t> out;
    uint8_t chunk[1 << 16];
    auto drain = [&](int flush) {
        do {
            z.next_out = chunk;
            z.avail_out = sizeof chunk;
            deflate(&z, flush);
            out.insert(out.end(), chunk, chunk + (sizeof chunk - z.avail_out));
        } while (z.avail_out == 0);
    };
    for (uint64_t index : pages) {
        auto page = page_of(memory, index);
        z.next_in = const_cast<Bytef*>(page.data());
        z.avail_in = static_cast<uInt>(page.size());
        drain(Z_NO_FLUSH);
    }
    drain(Z_FINISH);
    deflateEnd(&z);
    return out;
}

}  // namespace

void save_page_image(StateWriter& out, std::span<const uint8_t> memory) {
    std::vector<uint64_t> pages;
    uint64_t count = (memory.size() + page_image_page - 1) / page_image_page;
    for (uint64_t i = 0; i < count; ++i)
        if (!all_zero(page_of(memory, i))) pages.push_back(i);
    out.u64(memory.size());
    out.u64(pages.size());
    for (uint64_t index : pages) out.u64(index);
    out.bytes(deflate_pages(memory, pages));
}

void load_page_image(StateReader& in, std::span<uint8_t> memory) {
    uint64_t size = in.u64();
    if (size != memory.size())
        in.bad(fmt::format("memory of {} bytes saved, this one has {}", size, memory.size()));
    uint64_t page_count = (size + page_image_page - 1) / page_image_page;
    uint64_t n = in.u64();
    if (n > page_count) in.bad(fmt::format("{} pages saved of a memory of {}", n, page_count));
    std::vector<uint64_t> pages(n);
    for (auto& index : pages) {
        index = in.u64();
        if (index >= page_count || (&index != pages.data() && index <= (&index)[-1]))
            in.bad(fmt::format("page index {} out of order or beyond the memory", index));
    }
    std::vector<uint8_t> packed = in.bytes();
    if (packed.size() > UINT32_MAX) in.bad("a memory image over 4 GiB compressed");

    z_stream z{};
    if (inflateInit(&z) != Z_OK) in.bad("zlib inflateInit failed");
    z.next_in = packed.data();
    z.avail_in = static_cast<uInt>(packed.size());
    int status = Z_OK;
    uint64_t next = 0;  // the next page index to fill or clear
    for (uint64_t index : pages) {
        for (; next < index; ++next) {
            auto page = memory.subspan(next * page_image_page, page_of(memory, next).size());
            if (!all_zero(page)) std::memset(page.data(), 0, page.size());
        }
        auto page = memory.subspan(index * page_image_page, page_of(memory, index).size());
        z.next_out = page.data();
        z.avail_out = static_cast<uInt>(page.size());
        while (z.avail_out != 0 && status == Z_OK) status = inflate(&z, Z_NO_FLUSH);
        if (z.avail_out != 0) {
            inflateEnd(&z);
            in.bad(fmt::format("memory image ends inside page {}", index));
        }
        next = index + 1;
    }
    if (status == Z_OK) {
        uint8_t probe;
        z.next_out = &probe;
        z.avail_out = 1;
        status = inflate(&z, Z_FINISH);
    }
    inflateEnd(&z);
    if (status != Z_STREAM_END) in.bad("memory image is longer than its pages or malformed");
    for (; next < page_count; ++next) {
        auto page = memory.subspan(next * page_image_page, page_of(memory, next).size());
        if (!all_zero(page)) std::memset(page.data(), 0, page.size());
    }
}

}  // namespace vp
