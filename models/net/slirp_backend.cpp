#include "models/net/slirp_backend.h"

#include <arpa/inet.h>

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "core/error.h"
#include "core/trace.h"
#include "models/net/hostfwd.h"

namespace vp::net {

namespace {

in_addr ip(const char* text) {
    in_addr a{};
    inet_pton(AF_INET, text, &a);
    return a;
}

int64_t now_ns() {
    return static_cast<int64_t>(sc_core::sc_time_stamp().to_seconds() * 1e9);
}

// slirp_pollfds_fill / slirp_pollfds_poll translate between their flags and poll(2)'s.
int add_poll(int fd, int events, void* opaque) {
    auto& fds = *static_cast<std::vector<pollfd>*>(opaque);
    short e = 0;
    if (events & SLIRP_POLL_IN) e |= POLLIN;
    if (events & SLIRP_POLL_OUT) e |= POLLOUT;
    if (events & SLIRP_POLL_PRI) e |= POLLPRI;
    fds.push_back({fd, e, 0});
    return static_cast<int>(fds.size() - 1);
}

int get_revents(int idx, void* opaque) {
    auto& fds = *static_cast<std::vector<pollfd>*>(opaque);
    if (idx < 0 || static_cast<size_t>(idx) >= fds.size()) return 0;
    const short r = fds[static_cast<size_t>(idx)].revents;
    int out = 0;
    if (r & POLLIN) out |= SLIRP_POLL_IN;
    if (r & POLLOUT) out |= SLIRP_POLL_OUT;
    if (r & POLLPRI) out |= SLIRP_POLL_PRI;
    if (r & POLLERR) out |= SLIRP_POLL_ERR;
    if (r & POLLHUP) out |= SLIRP_POLL_HUP;
    return out;
}

}  // namespace

SlirpBackend::SlirpBackend(const sc_core::sc_module_name& name, const NetBackendConfig& config)
    : sc_core::sc_module(name), owner_(config.owner) {
    // QEMU's user-network defaults (its -netdev user options net, host, dhcpstart, dns).
    SlirpConfig cfg{};
    cfg.version = 1;
    cfg.in_enabled = true;
    cfg.vnetwork = ip("10.0.2.0");
    cfg.vnetmask = ip("255.255.255.0");
    cfg.vhost = ip("10.0.2.2");
    cfg.vdhcp_start = ip("10.0.2.15");
    cfg.vnameserver = ip("10.0.2.3");
    cfg.in6_enabled = false;
    cfg.if_mtu = cfg.if_mru = config.mtu;

    callbacks_.send_packet = cb_send_packet;
    callbacks_.guest_error = cb_guest_error;
    callbacks_.clock_get_ns = cb_clock_ns;
    callbacks_.timer_new = cb_timer_new;
    callbacks_.timer_free = cb_timer_free;
    callbacks_.timer_mod = cb_timer_mod;
    callbacks_.register_poll_fd = cb_register_fd;
    callbacks_.unregister_poll_fd = cb_unregister_fd;
    callbacks_.notify = cb_notify;

    slirp_.reset(slirp_new(&cfg, &callbacks_, this));
    if (!slirp_) throw Error(fmt::format("'{}': netdev user: libslirp could not start", owner_));
    for (const std::string& rule : config.hostfwd) {
        const HostForward f = parse_hostfwd(rule, cfg.vdhcp_start);
        if (slirp_add_hostfwd(slirp_.get(), f.udp, f.host_addr, f.host_port, f.guest_addr, f.guest_port) <
            0) {
            const int err = errno;
            throw Error(fmt::format("'{}': hostfwd '{}': cannot listen on host port {}: {}", owner_, rule,
                                    f.host_port, std::strerror(err)));
        }
    }
    SC_HAS_PROCESS(SlirpBackend);
    SC_METHOD(poll_method);  // runs at time 0, then at the interval it chooses
}

SlirpBackend::~SlirpBackend() = default;

void SlirpBackend::send(const uint8_t* frame, size_t len) {
    active_ = true;
    slirp_input(slirp_.get(), frame, static_cast<int>(len));
    poll_host();
    soon_.notify(sc_core::sc_time(kPollMinUs, sc_core::SC_US));
}

bool SlirpBackend::poll_host(uint32_t* timeout_ms) {
    uint32_t timeout = static_cast<uint32_t>(kPollMaxUs / 1000);
    fds_.clear();
    slirp_pollfds_fill(slirp_.get(), &timeout, add_poll, &fds_);
    int n = fds_.empty() ? 0 : ::poll(fds_.data(), fds_.size(), 0);
    if (n < 0 && errno == EINTR) n = 0;
    slirp_pollfds_poll(slirp_.get(), n < 0, get_revents, &fds_);
    if (timeout_ms) *timeout_ms = timeout;
    return n > 0;
}

void SlirpBackend::run_timers() {
    const int64_t now_ms = now_ns() / 1'000'000;
    for (Timer& t : timers_) {
        if (t.expire_ms >= 0 && t.expire_ms <= now_ms) {
            t.expire_ms = -1;
            t.cb(t.opaque);
        }
    }
}

void SlirpBackend::save_state(StateWriter& out) const {
    std::vector<uint8_t> state;
    slirp_state_save(
        slirp_.get(),
        [](const void* buf, size_t len, void* opaque) -> ssize_t {
            auto& v = *static_cast<std::vector<uint8_t>*>(opaque);
            v.insert(v.end(), static_cast<const uint8_t*>(buf), static_cast<const uint8_t*>(buf) + len);
            return static_cast<ssize_t>(len);
        },
        &state);
    out.u32(static_cast<uint32_t>(slirp_state_version()));
    out.bytes(state);
}

void SlirpBackend::load_state(StateReader& in) {
    const uint32_t version = in.u32();
    const std::vector<uint8_t> state = in.bytes();
    if (version > static_cast<uint32_t>(slirp_state_version()))
        in.bad(fmt::format("'{}': libslirp state version {}, this libslirp reads up to {}", owner_, version,
                           slirp_state_version()));
    struct Cursor {
        const std::vector<uint8_t>& data;
        size_t pos = 0;
    } cursor{state};
    const int r = slirp_state_load(
        slirp_.get(), static_cast<int>(version),
        [](void* buf, size_t len, void* opaque) -> ssize_t {
            auto& c = *static_cast<Cursor*>(opaque);
            const size_t n = std::min(len, c.data.size() - c.pos);
            std::memcpy(buf, c.data.data() + c.pos, n);
            c.pos += n;
            return static_cast<ssize_t>(n);
        },
        &cursor);
    if (r < 0 || cursor.pos != state.size())
        in.bad(fmt::format("'{}': libslirp refused its saved state ({})", owner_,
                           r < 0 ? std::strerror(-r) : "bytes left over"));
    trace::write_line(fmt::format(
        "vp: '{}': netdev user restored: the guest's DHCP lease is kept, hostfwd listens as the topology "
        "says; connections to the host were not saved (a TCP connection open at the checkpoint is reset)",
        owner_));
}

void SlirpBackend::poll_method() {
    run_timers();
    uint32_t timeout_ms = 0;
    const bool event = poll_host(&timeout_ms);
    interval_us_ = event || active_ ? kPollMinUs : std::min(interval_us_ * 2, kPollMaxUs);
    active_ = false;
    double next_us = std::min(interval_us_, 1000.0 * timeout_ms);
    const double now_us = now_ns() / 1000.0;
    for (const Timer& t : timers_)
        if (t.expire_ms >= 0) next_us = std::min(next_us, 1000.0 * static_cast<double>(t.expire_ms) - now_us);
    next_trigger(sc_core::sc_time(std::max(next_us, kPollMinUs), sc_core::SC_US), soon_);
}

ssize_t SlirpBackend::cb_send_packet(const void* buf, size_t len, void* opaque) {
    auto* self = static_cast<SlirpBackend*>(opaque);
    self->active_ = true;
    self->deliver(static_cast<const uint8_t*>(buf), len);
    return static_cast<ssize_t>(len);
}

void SlirpBackend::cb_guest_error(const char* msg, void* opaque) {
    VP_TRACE(trace::guest_errors, "'{}': netdev user: {}", static_cast<SlirpBackend*>(opaque)->owner_, msg);
}

int64_t SlirpBackend::cb_clock_ns(void*) {
    return now_ns();
}

void* SlirpBackend::cb_timer_new(void (*cb)(void*), void* cb_opaque, void* opaque) {
    auto* self = static_cast<SlirpBackend*>(opaque);
    self->timers_.push_back(Timer{cb, cb_opaque});
    return &self->timers_.back();
}

void SlirpBackend::cb_timer_free(void* timer, void* opaque) {
    static_cast<SlirpBackend*>(opaque)->timers_.remove_if([timer](const Timer& t) { return &t == timer; });
}

void SlirpBackend::cb_timer_mod(void* timer, int64_t expire_ms, void*) {
    static_cast<Timer*>(timer)->expire_ms = expire_ms;
}

void SlirpBackend::cb_register_fd(int, void*) {}  // every poll asks libslirp for its sockets anew

void SlirpBackend::cb_unregister_fd(int, void*) {}

void SlirpBackend::cb_notify(void* opaque) {
    static_cast<SlirpBackend*>(opaque)->active_ = true;
}

}  // namespace vp::net
