#include "core/checkpoint_file.h"

#include <zlib.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>

#include <fmt/format.h>

namespace vp {

namespace {

// "\r\n" and the 0x1a after it catch a file mangled by a text-mode transfer.
constexpr uint8_t magic[8] = {'V', 'P', 'C', 'K', '\r', '\n', 0x1a, '\n'};

uint32_t crc_of(std::span<const uint8_t> data, uLong crc = crc32(0L, Z_NULL, 0)) {
    size_t done = 0;
    while (done < data.size()) {
        auto n = static_cast<uInt>(std::min<size_t>(data.size() - done, 1u << 30));
        crc = crc32(crc, data.data() + done, n);
        done += n;
    }
    return static_cast<uint32_t>(crc);
}

// Over the name and the data, so that a corrupted name is caught too.
uint32_t section_crc(const CheckpointSection& s) {
    return crc_of(s.data, crc_of({reinterpret_cast<const uint8_t*>(s.name.data()), s.name.size()}));
}

// A refusal already naming the path, as against a short read inside the file.
struct Refusal : CheckpointError {
    using CheckpointError::CheckpointError;
};

[[noreturn]] void refuse(const std::string& path, const std::string& why) {
    throw Refusal(fmt::format("checkpoint '{}': {}", path, why));
}

}  // namespace

const CheckpointSection* Checkpoint::find(const std::string& name) const {
    for (const auto& s : sections)
        if (s.name == name) return &s;
    return nullptr;
}

const char* vp_version() {
    return VP_VERSION_STRING;
}

std::string topology_digest(const std::string& canonical_topology) {
    uint64_t h = 0xcbf29ce484222325ull;
    for (unsigned char c : canonical_topology) h = (h ^ c) * 0x100000001b3ull;
    return fmt::format("{:016x}", h);
}

std::vector<uint8_t> encode_checkpoint(const Checkpoint& ckpt) {
    StateWriter w;
    for (uint8_t b : magic) w.u8(b);
    w.u32(ckpt.format);
    w.string(ckpt.vp_version);
    w.string(ckpt.topology_digest);
    w.u64(ckpt.resolution_ps);
    w.u64(ckpt.sim_time);
    w.u32(static_cast<uint32_t>(ckpt.sections.size()));
    w.u32(crc_of(w.data()));
    for (const auto& s : ckpt.sections) {
        w.string(s.name);
        w.u32(section_crc(s));
        w.bytes(s.data);
    }
    return w.take();
}

Checkpoint decode_checkpoint(std::span<const uint8_t> file, const std::string& path,
                             const std::string& expected_digest) {
    if (file.size() < sizeof magic || std::memcmp(file.data(), magic, sizeof magic) != 0)
        refuse(path, "not a vp checkpoint (no checkpoint magic at its start)");
    Checkpoint ckpt;
    try {
        StateReader r("header", file.subspan(sizeof magic));
        ckpt.format = r.u32();
        if (ckpt.format > checkpoint_format_version)
            refuse(path, fmt::format("format version {} is newer than this vp ({}) reads (up to {})",
                                     ckpt.format, vp_version(), checkpoint_format_version));
        if (ckpt.format < checkpoint_format_version)
            refuse(path, fmt::format("format version {} is older than this vp ({}) reads ({}); save the "
                                     "checkpoint again with this vp",
                                     ckpt.format, vp_version(), checkpoint_format_version));
        ckpt.vp_version = r.string();
        ckpt.topology_digest = r.string();
        ckpt.resolution_ps = r.u64();
        ckpt.sim_time = r.u64();
        uint32_t count = r.u32();
        size_t header_end = file.size() - (r.remaining());
        uint32_t header_crc = r.u32();
        if (header_crc != crc_of(file.first(header_end)))
            refuse(path, "its header is corrupted (CRC-32 mismatch)");
        if (ckpt.topology_digest != expected_digest)
            refuse(path, fmt::format("saved from another machine (topology digest {}, this one is {})",
                                     ckpt.topology_digest, expected_digest));
        for (uint32_t i = 0; i < count; ++i) {
            CheckpointSection s;
            s.name = r.string();
            uint32_t crc = r.u32();
            s.data = r.bytes();
            if (crc != section_crc(s))
                refuse(path, fmt::format("section '{}' is corrupted (CRC-32 mismatch)", s.name));
            ckpt.sections.push_back(std::move(s));
        }
        if (!r.at_end()) refuse(path, fmt::format("{} bytes after its last section", r.remaining()));
    } catch (const Refusal&) {
        throw;
    } catch (const CheckpointError& e) {
        refuse(path, fmt::format("truncated or corrupted ({})", e.what()));
    }
    return ckpt;
}

void write_checkpoint_file(const std::string& path, const Checkpoint& ckpt) {
    auto bytes = encode_checkpoint(ckpt);
    std::string tmp = path + ".tmp";
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
        out.flush();
        if (!out) {
            int err = errno;
            std::remove(tmp.c_str());
            refuse(path, fmt::format("cannot write {}: {}", tmp, std::strerror(err)));
        }
    }
    if (std::rename(tmp.c_str(), path.c_str()) != 0) {
        int err = errno;
        std::remove(tmp.c_str());
        refuse(path, fmt::format("cannot rename {} to it: {}", tmp, std::strerror(err)));
    }
}

Checkpoint read_checkpoint_file(const std::string& path, const std::string& expected_digest) {
    std::ifstream in(path, std::ios::binary);
    if (!in) refuse(path, fmt::format("cannot open: {}", std::strerror(errno)));
    std::vector<uint8_t> bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    if (in.bad()) refuse(path, "read error");
    return decode_checkpoint(bytes, path, expected_digest);
}

}  // namespace vp
