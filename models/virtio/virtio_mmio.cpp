#include "models/virtio/virtio_mmio.h"

#include <fmt/format.h>

#include <cstring>

#include "core/error.h"

namespace vp {

using namespace virtio_mmio;
using virtio::bit;

namespace {

// §4.2.2: the driver uses 32-bit aligned accesses for the registers below 0x100; other accesses,
// gaps and wrong-direction accesses read as zero and are ignored (logged), as a driver cannot rely
// on them.
BankPolicy control_policy() {
    return {.sizes = BankPolicy::sizes_of({4}), .size = Config};
}

}  // namespace

VirtioMmio::VirtioMmio(const sc_core::sc_module_name& name, const DeviceConfig& config,
                       std::unique_ptr<virtio::VirtioDevice> device)
    : Device(name, config),
      device_(std::move(device)),
      regs_(fmt::format("virtio-mmio '{}'", config.name), log_level(), control_policy(), registers()) {
    if (device_ && device_->num_queues() > kMaxQueues)
        throw Error(fmt::format("virtio-mmio '{}': {} queues, at most {}", config.name, device_->num_queues(),
                                kMaxQueues));
    for (const RegionConfig& r : config_.regions) dma_.exclude(r.base, r.size);
    socket.register_b_transport(this, &VirtioMmio::b_transport);
    socket.register_transport_dbg(this, &VirtioMmio::transport_dbg);
    reset();
}

VirtioMmio::~VirtioMmio() = default;

std::vector<Register> VirtioMmio::registers() {
    using M = RegMode;
    auto address_half = [this](uint32_t(Queue::*field)[2], unsigned half) {
        return [this, field, half](uint64_t v) {
            if (Queue* q = selected()) (q->*field)[half] = static_cast<uint32_t>(v);
        };
    };
    return {
        {.name = "MagicValue", .offset = MagicValue, .mode = M::ro, .reset = kMagic},
        {.name = "Version", .offset = Version, .mode = M::ro, .reset = kVersion},
        {.name = "DeviceID",
         .offset = DeviceID,
         .mode = M::ro,
         .read = [this] { return uint64_t(device_ ? device_->device_id() : 0); }},
        {.name = "VendorID", .offset = VendorID, .mode = M::ro, .reset = kVendor},
        {.name = "DeviceFeatures",
         .offset = DeviceFeatures,
         .mode = M::ro,
         .read =
             [this] {
                 return device_features_sel_ < 2
                            ? (offered_features() >> (32 * device_features_sel_)) & 0xFFFFFFFF
                            : 0;
             }},
        {.name = "DeviceFeaturesSel",
         .offset = DeviceFeaturesSel,
         .mode = M::wo,
         .storage = device_features_sel_},
        {.name = "DriverFeatures",
         .offset = DriverFeatures,
         .mode = M::wo,
         .write =
             [this](uint64_t v) {
                 if (driver_features_sel_ >= 2 || (status_ & kFeaturesOk)) return;
                 const unsigned shift = 32 * driver_features_sel_;
                 driver_features_ = (driver_features_ & ~(0xFFFFFFFFull << shift)) | (v << shift);
             }},
        {.name = "DriverFeaturesSel",
         .offset = DriverFeaturesSel,
         .mode = M::wo,
         .storage = driver_features_sel_},
        {.name = "QueueSel", .offset = QueueSel, .mode = M::wo, .storage = queue_sel_},
        {.name = "QueueNumMax",
         .offset = QueueNumMax,
         .mode = M::ro,
         .read = [this] { return uint64_t(selected() ? device_->queue_max(queue_sel_) : 0); }},
        {.name = "QueueNum",
         .offset = QueueNum,
         .mode = M::wo,
         .write =
             [this](uint64_t v) {
                 if (Queue* q = selected()) q->num = static_cast<uint32_t>(v);
             }},
        {.name = "QueueReady",
         .offset = QueueReady,
         .read = [this] { return uint64_t(selected() ? selected()->ready : 0); },
         .write = [this](uint64_t v) { write_queue_ready(static_cast<uint32_t>(v)); }},
        {.name = "QueueNotify",
         .offset = QueueNotify,
         .mode = M::wo,
         .write = [this](uint64_t v) { write_notify(static_cast<uint32_t>(v)); }},
        {.name = "InterruptStatus", .offset = InterruptStatus, .mode = M::ro, .storage = interrupt_status_},
        {.name = "InterruptACK",
         .offset = InterruptACK,
         .mode = M::wo,
         .write =
             [this](uint64_t v) {
                 interrupt_status_ &= ~static_cast<uint32_t>(v);
                 update_irq();
             }},
        {.name = "Status",
         .offset = Status,
         .read = [this] { return uint64_t(status_); },
         .write = [this](uint64_t v) { write_status(static_cast<uint32_t>(v)); }},
        {.name = "QueueDescLow",
         .offset = QueueDescLow,
         .mode = M::wo,
         .write = address_half(&Queue::desc, 0)},
        {.name = "QueueDescHigh",
         .offset = QueueDescHigh,
         .mode = M::wo,
         .write = address_half(&Queue::desc, 1)},
        {.name = "QueueDriverLow",
         .offset = QueueDriverLow,
         .mode = M::wo,
         .write = address_half(&Queue::driver, 0)},
        {.name = "QueueDriverHigh",
         .offset = QueueDriverHigh,
         .mode = M::wo,
         .write = address_half(&Queue::driver, 1)},
        {.name = "QueueDeviceLow",
         .offset = QueueDeviceLow,
         .mode = M::wo,
         .write = address_half(&Queue::device, 0)},
        {.name = "QueueDeviceHigh",
         .offset = QueueDeviceHigh,
         .mode = M::wo,
         .write = address_half(&Queue::device, 1)},
        {.name = "SHMSel", .offset = SHMSel, .mode = M::wo, .storage = shm_sel_},
        // §4.2.2: a region that does not exist reads length ~0 (SHMLenLow and SHMLenHigh all ones).
        {.name = "SHMLenLow", .offset = SHMLenLow, .mode = M::ro, .reset = 0xFFFFFFFF},
        {.name = "SHMLenHigh", .offset = SHMLenHigh, .mode = M::ro, .reset = 0xFFFFFFFF},
        {.name = "SHMBaseLow", .offset = SHMBaseLow, .mode = M::ro, .reset = 0xFFFFFFFF},
        {.name = "SHMBaseHigh", .offset = SHMBaseHigh, .mode = M::ro, .reset = 0xFFFFFFFF},
        // The configuration space never changes behind the driver's back: generation 0.
        {.name = "ConfigGeneration", .offset = ConfigGeneration, .mode = M::ro, .reset = 0},
    };
}

ModelInfo VirtioMmio::model(std::string name, std::string doc, std::vector<PropertySpec> props,
                            std::function<std::unique_ptr<virtio::VirtioDevice>(const DeviceConfig&)> make,
                            std::string refusal) {
    auto specs = props;
    return ModelInfo{
        .name = std::move(name),
        .doc = std::move(doc),
        .regions = {{"regs", 0, kRegionSize}},
        .irqs = {"irq"},
        .props = std::move(props),
        .roles = {},
        .create = [specs, make](const sc_core::sc_module_name& n,
                                const DeviceConfig& c) -> std::unique_ptr<Device> {
            DeviceConfig cfg = c;
            apply_defaults(specs, cfg.props);
            return std::make_unique<VirtioMmio>(n, cfg, make ? make(cfg) : nullptr);
        },
        .checkpoint = refusal.empty() ? CheckpointSupport::saved : CheckpointSupport::refused,
        .checkpoint_refusal = refusal,
    };
}

void VirtioMmio::save_state(StateWriter& out) const {
    for (uint32_t v :
         {device_features_sel_, driver_features_sel_, queue_sel_, shm_sel_, interrupt_status_, status_})
        out.u32(v);
    out.u64(driver_features_);
    for (const Queue& q : queues_)
        for (uint32_t v :
             {q.num, q.ready, q.desc[0], q.desc[1], q.driver[0], q.driver[1], q.device[0], q.device[1]})
            out.u32(v);
    for (const Queue& q : queues_) q.vq.save(out);
    if (device_) device_->save_state(out);
}

void VirtioMmio::load_state(StateReader& in) {
    for (uint32_t* v :
         {&device_features_sel_, &driver_features_sel_, &queue_sel_, &shm_sel_, &interrupt_status_, &status_})
        *v = in.u32();
    driver_features_ = in.u64();
    for (Queue& q : queues_)
        for (uint32_t* v : {&q.num, &q.ready, &q.desc[0], &q.desc[1], &q.driver[0], &q.driver[1],
                            &q.device[0], &q.device[1]})
            *v = in.u32();
    for (Queue& q : queues_) q.vq.load(in);
    if (device_) device_->load_state(in, (status_ & kDriverOk) ? this : nullptr);
    in.expect_end();
    update_irq();
}

TargetSocket& VirtioMmio::target_socket(unsigned index) {
    if (index != 0)
        throw Error(fmt::format("virtio-mmio '{}' has one region, not {}", config_.name, index + 1));
    return socket;
}

// QEMU virt's node: compatible "virtio,mmio", reg, an edge-triggered SPI, dma-coherent.
void VirtioMmio::write_dtb(DtbWriter& dtb) const {
    dtb.begin_node(dtb_node_name("virtio_mmio", config_.regions));
    dtb.prop_empty("dma-coherent");
    if (!config_.interrupts.empty()) dtb.prop_gic_interrupts(config_.interrupts, 1);
    dtb.prop_reg(config_.regions);
    dtb.prop_string("compatible", "virtio,mmio");
    dtb.end_node();
}

void VirtioMmio::b_transport(tlm::tlm_generic_payload& gp, sc_core::sc_time& delay) {
    if (serving_) {
        regs_.refuse(gp, tlm::TLM_ADDRESS_ERROR_RESPONSE,
                     "the device's own bus-master access to its registers (a descriptor points at them)");
        return;
    }
    if (gp.get_address() >= Config) {
        config_access(gp);
        return;
    }
    regs_.b_transport(gp, delay);
}

unsigned VirtioMmio::transport_dbg(tlm::tlm_generic_payload& gp) {
    if (gp.get_address() < Config) return regs_.transport_dbg(gp);
    if (!gp.is_read()) return 0;
    const auto& cfg = device_ ? device_->config() : std::vector<uint8_t>{};
    const uint64_t off = gp.get_address() - Config;
    unsigned n = 0;
    for (; n < gp.get_data_length(); ++n) gp.get_data_ptr()[n] = off + n < cfg.size() ? cfg[off + n] : 0;
    return n;
}

// §4.2.2 configuration space: any access width the device's layout allows; bytes beyond the
// device's configuration read as zero and ignore writes.
void VirtioMmio::config_access(tlm::tlm_generic_payload& gp) {
    const uint64_t off = gp.get_address() - Config;
    const unsigned len = gp.get_data_length();
    if (gp.get_byte_enable_ptr() || gp.get_streaming_width() != len || len > 8 ||
        off + len > kRegionSize - Config) {
        regs_.refuse(gp, tlm::TLM_BURST_ERROR_RESPONSE,
                     "configuration access of a size the device does not take");
        return;
    }
    static const std::vector<uint8_t> none;
    const auto& cfg = device_ ? device_->config() : none;
    uint8_t* data = gp.get_data_ptr();
    if (gp.is_read()) {
        for (unsigned i = 0; i < len; ++i) data[i] = off + i < cfg.size() ? cfg[off + i] : 0;
    } else if (device_ && off + len <= cfg.size()) {
        device_->write_config(off, data, len);
    } else {
        VP_DEV_LOG(warn, trace::guest_errors,
                   "virtio-mmio '{}': write beyond the configuration space at {:#x}", config_.name,
                   Config + off);
    }
    VP_DEV_LOG(debug, trace::dev, "virtio-mmio '{}': config {} {:#x} len {}", config_.name,
               gp.is_read() ? "read" : "write", off, len);
    gp.set_response_status(tlm::TLM_OK_RESPONSE);
}

VirtioMmio::Queue* VirtioMmio::selected() {
    if (!device_ || queue_sel_ >= device_->num_queues()) return nullptr;
    return &queues_[queue_sel_];
}

uint64_t VirtioMmio::offered_features() const {
    if (!device_) return 0;
    return device_->features() | bit(virtio::kFeatureVersion1) | bit(virtio::kFeatureIndirectDesc) |
           bit(virtio::kFeatureEventIdx);
}

void VirtioMmio::write_status(uint32_t v) {
    if (v == 0) {
        reset();
        return;
    }
    const uint32_t old = status_;
    status_ = (v & ~kNeedsReset) | (old & kNeedsReset);
    if ((v & kFeaturesOk) && !(old & kFeaturesOk)) {
        // §2.2 / §4.2.3.1: accept only features offered, and only with VIRTIO_F_VERSION_1.
        if ((driver_features_ & ~offered_features()) || !(driver_features_ & bit(virtio::kFeatureVersion1))) {
            VP_DEV_LOG(warn, trace::guest_errors,
                       "virtio-mmio '{}': FEATURES_OK refused for features {:#x} (offered {:#x})",
                       config_.name, driver_features_, offered_features());
            status_ &= ~kFeaturesOk;
        }
    }
    if ((v & kDriverOk) && !(old & kDriverOk) && device_ && !serving_) {
        serving_ = true;
        device_->start(driver_features_, *this);
        serving_ = false;
    }
}

void VirtioMmio::write_queue_ready(uint32_t v) {
    Queue* q = selected();
    if (!q) return;
    if (!(v & 1)) {
        q->ready = 0;
        return;
    }
    if (q->ready) return;
    const uint32_t max = device_->queue_max(queue_sel_);
    if (q->num == 0 || q->num > max) {
        fail(fmt::format("queue {}: QueueReady with QueueNum {} (QueueNumMax {})", queue_sel_, q->num, max));
        return;
    }
    auto addr = [](const uint32_t(&w)[2]) { return uint64_t(w[0]) | uint64_t(w[1]) << 32; };
    q->vq.configure({.size = static_cast<uint16_t>(q->num),
                     .desc = addr(q->desc),
                     .driver = addr(q->driver),
                     .device = addr(q->device),
                     .event_idx = (driver_features_ & bit(virtio::kFeatureEventIdx)) != 0});
    q->ready = 1;
}

void VirtioMmio::write_notify(uint32_t q) {
    if (!device_ || q >= device_->num_queues()) {
        VP_DEV_LOG(warn, trace::guest_errors,
                   "virtio-mmio '{}': notification for queue {}, which does not exist", config_.name, q);
        return;
    }
    if (!(status_ & kDriverOk) || (status_ & kNeedsReset) || !queues_[q].ready) {
        VP_DEV_LOG(warn, trace::guest_errors,
                   "virtio-mmio '{}': notification for queue {} ignored (status {:#x}, queue ready {})",
                   config_.name, q, status_, queues_[q].ready);
        return;
    }
    pending_ |= 1u << q;
    if (serving_) return;
    serving_ = true;
    while (pending_ && !(status_ & kNeedsReset)) {
        const unsigned next = static_cast<unsigned>(__builtin_ctz(pending_));
        pending_ &= ~(1u << next);
        device_->notify(next, *this);
    }
    pending_ = 0;
    serving_ = false;
}

void VirtioMmio::reset() {
    if (device_) device_->reset();
    regs_.reset();
    for (Queue& q : queues_) q = Queue{};
    device_features_sel_ = driver_features_sel_ = queue_sel_ = shm_sel_ = 0;
    driver_features_ = 0;
    status_ = 0;
    interrupt_status_ = 0;
    update_irq();
}

void VirtioMmio::update_irq() {
    irq.set(interrupt_status_ != 0);
}

virtio::Virtqueue::Pop VirtioMmio::pop(unsigned q, virtio::Chain& out) {
    if (!queue_ready(q)) return virtio::Virtqueue::Pop::empty;
    std::string error;
    const auto r = queues_[q].vq.pop(dma_, out, error);
    if (r == virtio::Virtqueue::Pop::error) fail(fmt::format("queue {}: {}", q, error));
    return r;
}

void VirtioMmio::complete(unsigned q, uint16_t head, uint32_t written) {
    if (!queue_ready(q)) return;
    std::string error;
    virtio::Virtqueue& vq = queues_[q].vq;
    if (!vq.push(dma_, head, written, error)) {
        fail(fmt::format("queue {}: {}", q, error));
        return;
    }
    const bool wanted = vq.needs_interrupt(dma_, error);
    if (!error.empty()) {
        fail(fmt::format("queue {}: {}", q, error));
        return;
    }
    if (wanted) {
        interrupt_status_ |= kUsedBuffer;
        update_irq();
    }
}

void VirtioMmio::fail(const std::string& why) {
    VP_DEV_LOG(warn, trace::guest_errors, "virtio-mmio '{}': {}: DEVICE_NEEDS_RESET", config_.name, why);
    if (status_ & kNeedsReset) return;
    status_ |= kNeedsReset;
    // §2.1.2: a device that sets DEVICE_NEEDS_RESET after DRIVER_OK sends a configuration change.
    if (status_ & kDriverOk) {
        interrupt_status_ |= kConfigChange;
        update_irq();
    }
}

bool VirtioMmio::queue_ready(unsigned q) const {
    return device_ && q < device_->num_queues() && queues_[q].ready && (status_ & kDriverOk) &&
           !(status_ & kNeedsReset);
}

static ModelRegistrar registrar{VirtioMmio::model(
    "virtio_mmio", "virtio-mmio transport (virtio 1.2 §4.2, version 2) with no device: DeviceID 0", {},
    nullptr)};

}  // namespace vp
