// gzip (RFC 1952) decompression of a kernel with a size limit. The inflated size is measured
// first through a small scratch buffer, so a stream that inflates past the limit (a
// "gzip bomb") is refused without ever holding its output.
#pragma once
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace vp::boot {

// The gzip magic (1f 8b) at the start.
bool is_gzip(std::span<const uint8_t> data);

// The first `n` inflated bytes (fewer when the stream is shorter). Throws vp::Error naming
// `path` on corrupt data.
std::vector<uint8_t> gunzip_head(std::span<const uint8_t> data, size_t n, const std::string& path);

// The whole first gzip member inflated. Throws vp::Error naming `path` on corrupt or
// truncated data, or when the output would exceed `limit` bytes (`limit_text` says what
// the limit is, e.g. "the 64 MiB of RAM after the kernel's base").
std::vector<uint8_t> gunzip(std::span<const uint8_t> data, uint64_t limit, const std::string& path,
                            const std::string& limit_text);

}  // namespace vp::boot
