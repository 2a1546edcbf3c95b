#include "models/virtio/virtio_console.h"

#include <fmt/format.h>

#include <algorithm>

#include "core/error.h"
#include "models/virtio/virtio_mmio.h"

namespace vp::virtio {

const std::vector<PropertySpec>& VirtioConsole::properties() {
    static const std::vector<PropertySpec> props = {
        {.name = "backend",
         .type = PropType::string,
         .default_value = "null",
         .doc = "character backend: stdio, null, file:PATH, tcp:[HOST]:PORT[,server][,nowait]",
         .host_side = true},
    };
    return props;
}

VirtioConsole::VirtioConsole(const DeviceConfig& config) {
    try {
        backend_ = make_char_backend(config.props.get_string("backend"), (config.name + "_backend").c_str());
    } catch (const ConfigError&) {
        throw;
    } catch (const Error& e) {
        throw ConfigError(config.props.at("backend").loc, config.name + ".backend", e.what());
    }
    backend_->attach({[this] { return rx_room(); }, [this](uint8_t c) { receive(c); }});
}

void VirtioConsole::start(uint64_t, DeviceQueues& queues) {
    queues_ = &queues;
    backend_->ready();
}

void VirtioConsole::reset() {
    queues_ = nullptr;
    have_rx_ = false;
}

// Room for input: the held receive chain, else the next one the driver made available.
size_t VirtioConsole::rx_room() {
    if (!queues_) return 0;
    if (!have_rx_) {
        if (!queues_->queue_ready(kReceive) || queues_->pop(kReceive, rx_) != Virtqueue::Pop::chain) return 0;
        have_rx_ = true;
    }
    return static_cast<size_t>(std::min<uint64_t>(rx_.writable_bytes, 1));
}

void VirtioConsole::receive(uint8_t byte) {
    if (!queues_ || !have_rx_) return;
    have_rx_ = false;
    if (!scatter(queues_->memory(), rx_, 0, &byte, 1)) {
        queues_->fail("virtio-console: receive buffer not in memory");
        return;
    }
    queues_->complete(kReceive, rx_.head, 1);
}

void VirtioConsole::save_state(StateWriter& out) const {
    out.boolean(have_rx_);
    if (have_rx_) save_chain(out, rx_);
}

void VirtioConsole::load_state(StateReader& in, DeviceQueues* queues) {
    have_rx_ = in.boolean();
    rx_ = have_rx_ ? load_chain(in) : Chain{};
    if (have_rx_ && !queues) in.bad("a receive buffer held before DRIVER_OK");
    queues_ = queues;
    if (queues_) backend_->ready();
}

void VirtioConsole::notify(unsigned q, DeviceQueues& queues) {
    if (q == kReceive) {  // new receive buffers: input the backend held can go now
        backend_->ready();
        return;
    }
    Chain c;
    while (queues.pop(kTransmit, c) == Virtqueue::Pop::chain) {
        buffer_.resize(static_cast<size_t>(std::min<uint64_t>(c.readable_bytes, 1 << 20)));
        if (!gather(queues.memory(), c, 0, buffer_.data(), buffer_.size())) {
            queues.fail("virtio-console: transmit buffer not in memory");
            return;
        }
        backend_->send(buffer_.data(), buffer_.size());
        queues.complete(kTransmit, c.head, 0);
    }
}

static ModelRegistrar registrar{VirtioMmio::model(
    "virtio_console",
    "virtio console (virtio 1.2 §5.3, hvc0) on a character backend, on a virtio-mmio transport",
    VirtioConsole::properties(), [](const DeviceConfig& c) { return std::make_unique<VirtioConsole>(c); })};

}  // namespace vp::virtio
