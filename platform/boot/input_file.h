// A file the boot loader takes from the user (kernel, initrd, DTB), opened so that its size is
// known before any byte is read: a regular file is mapped read-only (the host reads only the
// pages the loader touches, so a huge or sparse file costs nothing until it is accepted); a
// pipe or character device is read, but never beyond the limit the caller gives.
#pragma once
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace vp::boot {

class InputFile {
public:
    // Opens `path`. Throws vp::Error naming the path when it does not exist, is a directory,
    // cannot be read, or (a pipe or device) delivers more than `stream_limit` bytes;
    // `limit_text` says in the message what that limit is ("the 64 MiB of RAM").
    static InputFile open(const std::string& path, uint64_t stream_limit, const std::string& limit_text);

    InputFile(InputFile&& other) noexcept;
    InputFile& operator=(InputFile&& other) noexcept;
    InputFile(const InputFile&) = delete;
    InputFile& operator=(const InputFile&) = delete;
    ~InputFile();

    std::span<const uint8_t> bytes() const { return {data_, size_}; }
    uint64_t size() const { return size_; }
    const std::string& path() const { return path_; }

private:
    InputFile() = default;
    std::string path_;
    const uint8_t* data_ = nullptr;
    uint64_t size_ = 0;
    void* mapping_ = nullptr;     // munmap on destruction when set
    std::vector<uint8_t> owned_;  // contents read from a pipe or device
};

// "5 GiB", "64 MiB", "4097 bytes": a size for messages.
std::string size_text(uint64_t bytes);

}  // namespace vp::boot
