#include "models/net/net_backend.h"

#include <fmt/format.h>

#include "core/error.h"
#include "models/net/slirp_backend.h"

namespace vp::net {

namespace {

// `none`: frames from the guest are dropped, nothing arrives (QEMU's -nic none, or a NIC
// without a -netdev). A run with it stays deterministic.
class NullBackend : public NetBackend {
public:
    void send(const uint8_t*, size_t) override {}
    std::string describe() const override { return "none"; }
};

}  // namespace

std::unique_ptr<NetBackend> make_net_backend(const NetBackendConfig& config) {
    if (config.kind == "none") {
        if (!config.hostfwd.empty())
            throw Error(fmt::format("'{}': hostfwd needs netdev user, not none", config.owner));
        return std::make_unique<NullBackend>();
    }
    if (config.kind == "user")
        return std::make_unique<SlirpBackend>((config.owner + "_netdev").c_str(), config);
    throw Error(fmt::format("netdev '{}': vp has user (libslirp) and none", config.kind));
}

}  // namespace vp::net
