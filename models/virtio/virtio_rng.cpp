#include "models/virtio/virtio_rng.h"

#include <sys/random.h>

#include <fmt/format.h>

#include <algorithm>
#include <cstring>

#include "core/error.h"
#include "models/virtio/virtio_mmio.h"

namespace vp::virtio {

const std::vector<PropertySpec>& VirtioRng::properties() {
    static const std::vector<PropertySpec> props = {
        {"source", PropType::string, "seeded", "seeded (deterministic, from `seed`) or host (getrandom)"},
        {"seed", PropType::integer, "0", "the seed of the deterministic source"},
    };
    return props;
}

VirtioRng::VirtioRng(const DeviceConfig& config) {
    const std::string source = config.props.get_string("source");
    if (source != "seeded" && source != "host")
        throw ConfigError(config.props.at("source").loc, config.name + ".source",
                          fmt::format("'{}': expected seeded or host", source));
    host_ = source == "host";
    state_ = config.props.get_u64("seed");
}

// splitmix64 (Steele, Lea, Flood 2014): a full-period 64-bit generator, enough for a guest's pool.
void VirtioRng::fill(uint8_t* p, size_t n) {
    if (host_) {
        while (n > 0) {
            const ssize_t got = ::getrandom(p, n, 0);
            if (got <= 0) continue;  // EINTR
            p += got, n -= static_cast<size_t>(got);
        }
        return;
    }
    while (n > 0) {
        uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        z ^= z >> 31;
        const size_t k = std::min<size_t>(n, 8);
        std::memcpy(p, &z, k);
        p += k, n -= k;
    }
}

void VirtioRng::notify(unsigned q, DeviceQueues& queues) {
    Chain c;
    while (queues.pop(q, c) == Virtqueue::Pop::chain) {
        const size_t n = static_cast<size_t>(std::min<uint64_t>(c.writable_bytes, 64 * 1024));
        buffer_.resize(n);
        fill(buffer_.data(), n);
        if (!scatter(queues.memory(), c, 0, buffer_.data(), n)) {
            queues.fail("virtio-rng: buffer not in memory");
            return;
        }
        queues.complete(q, c.head, static_cast<uint32_t>(n));
    }
}

static ModelRegistrar registrar{VirtioMmio::model(
    "virtio_rng",
    "virtio entropy device (virtio 1.2 §5.4), seeded or from the host, on a virtio-mmio transport",
    VirtioRng::properties(), [](const DeviceConfig& c) { return std::make_unique<VirtioRng>(c); })};

}  // namespace vp::virtio
