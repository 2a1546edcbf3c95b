// Network backends: where a NIC's Ethernet frames go to and come from. A backend is owned by one
// model (the "front end", e.g. a virtio-net device) and is a plain frame endpoint: the model
// hands it each frame the guest sends, and it hands the model each frame for the guest through
// the front end's receive(). Both directions run on the simulation thread; a backend never
// blocks the simulation (frames the model cannot place wait in the model, see virtio_net.h).
#pragma once
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/state_stream.h"

namespace vp::net {

class NetBackend {
public:
    // The owning model's side: one whole Ethernet frame (no FCS) for the guest.
    using Receive = std::function<void(const uint8_t* frame, size_t len)>;

    virtual ~NetBackend() = default;
    void attach(Receive receive) { receive_ = std::move(receive); }
    // One whole Ethernet frame from the guest (no FCS). Simulation thread.
    virtual void send(const uint8_t* frame, size_t len) = 0;
    // "user", "none": for messages and, in a checkpoint, which backend's state follows.
    virtual std::string describe() const = 0;

    // Checkpoints (docs/ARCHITECTURE.md): what of the backend a restored run gets back. `none`
    // has nothing; `user` saves libslirp's own state (slirp_backend.h says what that holds).
    virtual void save_state(StateWriter& out) const { (void)out; }
    virtual void load_state(StateReader& in) { (void)in; }

protected:
    void deliver(const uint8_t* frame, size_t len) {
        if (receive_) receive_(frame, len);
    }

private:
    Receive receive_;
};

// What a topology asks of a backend (the virtio-net device's properties).
struct NetBackendConfig {
    std::string owner;                 // the device's name: the backend's module name and messages
    std::string kind;                  // "user" (libslirp) or "none" (frames dropped, nothing arrives)
    std::vector<std::string> hostfwd;  // user: [tcp|udp]:[HOSTADDR]:HOSTPORT-[GUESTADDR]:GUESTPORT
    unsigned mtu = 1500;               // the largest IP packet either side sends
};

// Throws vp::Error naming the kind or the hostfwd rule when it is malformed or cannot be set up
// (a host port in use). Backends with SystemC processes: create them during elaboration.
std::unique_ptr<NetBackend> make_net_backend(const NetBackendConfig& config);

}  // namespace vp::net
