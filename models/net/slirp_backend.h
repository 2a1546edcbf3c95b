// The `user` network backend: QEMU's user-mode networking through libslirp. The guest network
// is 10.0.2.0/24: the gateway and the host's services at 10.0.2.2 (its 127.0.0.1 included),
// DNS at 10.0.2.3 (forwarded to the host's resolver), DHCP giving the guest 10.0.2.15, as QEMU's
// `-netdev user` does; hostfwd rules (hostfwd.h) let host clients reach guest servers.
//
// Time and polling. libslirp's clock is simulated time (its TCP timers talk to the guest, which
// lives in simulated time). Host sockets are polled without blocking (poll(2) with timeout 0) on
// the simulation thread: after every frame the guest sends, and from a SystemC method at an
// interval of simulated time that starts at kPollMin and doubles while nothing happens, up to
// kPollMax (and never past libslirp's own next timer), so that an idle guest under --realtime
// costs a thousand polls of a few microseconds a second, not a spinning core. (A 10 ms ceiling
// made tools/bench/net.sh's download 10-20 % slower: host data that arrives while the guest idles
// waits for the next poll.) Host input therefore arrives at a
// simulated time that depends on wall-clock timing: a run with this backend is not deterministic.
//
// Checkpoints: libslirp's own state (slirp_state_save, with slirp_state_version): in libslirp
// 4.7 that is the IP identification counter, the DHCP lease table (16 clients' MAC and
// allocation) and the sockets of guestfwd rules (vp has none). Its TCP and UDP sockets to the
// host and its ARP table are not in it: a restored guest keeps its address and lease, libslirp
// asks for the guest's MAC again (ARP) when it next sends, hostfwd listeners are the topology's
// (made by the constructor), and a TCP connection open at the checkpoint is gone: the guest's
// next segment on it is answered with a reset. Loading says so once in the log.
#pragma once
#include <poll.h>
#include <slirp/libslirp.h>

#include <cstdint>
#include <list>
#include <memory>
#include <string>
#include <vector>

#include <systemc>

#include "models/net/net_backend.h"

namespace vp::net {

class SlirpBackend : public sc_core::sc_module, public NetBackend {
public:
    static constexpr double kPollMinUs = 50, kPollMaxUs = 1000;

    SlirpBackend(const sc_core::sc_module_name& name, const NetBackendConfig& config);
    ~SlirpBackend() override;

    void send(const uint8_t* frame, size_t len) override;
    std::string describe() const override { return "user"; }
    void save_state(StateWriter& out) const override;
    void load_state(StateReader& in) override;

private:
    struct Timer {
        void (*cb)(void*);
        void* opaque;
        int64_t expire_ms = -1;  // -1: not armed
    };

    void poll_method();  // SC_METHOD: timers and host sockets, then the next interval
    // Polls the host sockets (timeout 0) and runs libslirp's protocol timers; true when a socket
    // had an event. `timeout_ms` (if given) gets libslirp's wish for the next poll.
    bool poll_host(uint32_t* timeout_ms = nullptr);
    void run_timers();

    // libslirp callbacks (opaque = this).
    static ssize_t cb_send_packet(const void* buf, size_t len, void* opaque);
    static void cb_guest_error(const char* msg, void* opaque);
    static int64_t cb_clock_ns(void* opaque);
    static void* cb_timer_new(void (*cb)(void*), void* cb_opaque, void* opaque);
    static void cb_timer_free(void* timer, void* opaque);
    static void cb_timer_mod(void* timer, int64_t expire_ms, void* opaque);
    static void cb_register_fd(int fd, void* opaque);
    static void cb_unregister_fd(int fd, void* opaque);
    static void cb_notify(void* opaque);

    std::string owner_;
    SlirpCb callbacks_{};  // libslirp keeps a pointer to it
    // Cleaned up however the object ends, a constructor that throws on a bad hostfwd included.
    std::unique_ptr<Slirp, void (*)(Slirp*)> slirp_{nullptr, slirp_cleanup};
    std::vector<pollfd> fds_;
    std::list<Timer> timers_;
    double interval_us_ = kPollMinUs;
    bool active_ = false;     // a frame passed or slirp asked for a poll since the last one
    sc_core::sc_event soon_;  // a poll kPollMinUs from now, ahead of the interval (after a send)
};

}  // namespace vp::net
