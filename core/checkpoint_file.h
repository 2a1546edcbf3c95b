// The checkpoint file: a header (magic, format version, the vp that wrote it, the topology's
// digest, the time resolution and the simulated time of the checkpoint, its own CRC-32) and
// named sections, each with its length and CRC-32. Reading checks all of it before it returns,
// so a checkpoint from another topology, a newer format, or a truncated or corrupted file is
// refused with a CheckpointError naming the path, before any model's state is loaded.
#pragma once
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "core/state_stream.h"

namespace vp {

// 2: virtio_mmio sections carry the queues and the device's state.
inline constexpr uint32_t checkpoint_format_version = 2;

struct CheckpointSection {
    std::string name;  // "cpu0", "device uart0", ...
    std::vector<uint8_t> data;
};

struct Checkpoint {
    uint32_t format = checkpoint_format_version;
    std::string vp_version;
    std::string topology_digest;
    uint64_t resolution_ps = 1;  // the SystemC time resolution its times count in
    uint64_t sim_time = 0;       // in resolution units
    std::vector<CheckpointSection> sections;

    const CheckpointSection* find(const std::string& name) const;
};

// The version string of this vp (the project version).
const char* vp_version();

// The digest naming a machine: of the canonical text of its validated topology, without the keys
// that do not change the machine. FNV-1a 64 in hex: it tells topologies apart, it is no signature.
std::string topology_digest(const std::string& canonical_topology);

std::vector<uint8_t> encode_checkpoint(const Checkpoint& ckpt);
// `path` names the file in errors; `expected_digest` is the restoring machine's.
Checkpoint decode_checkpoint(std::span<const uint8_t> file, const std::string& path,
                             const std::string& expected_digest);

// Written to PATH.tmp and renamed, so a failed save never leaves a half-written PATH.
void write_checkpoint_file(const std::string& path, const Checkpoint& ckpt);
Checkpoint read_checkpoint_file(const std::string& path, const std::string& expected_digest);

}  // namespace vp
